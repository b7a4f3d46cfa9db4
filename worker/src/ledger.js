// @ts-check
// The ledger: one SQLite-backed Durable Object that keeps what must outlive an isolate.
// - per contact, the times of the newest update and delete delivered (the order rule
//   itself is the package's `contactOrder`; this only stores its state);
// - the dead letters: every event not delivered, with its reason, until replayed or
//   deleted (paging and filters are SQL; a replay claims rows in a transaction, so two
//   replays at once never queue one event twice);
// - counters by hour and notes (key refused, config invalid), for /health and the console.
// One object for the whole Worker: the consumer runs one batch at a time
// (max_concurrency 1), so this sees a few calls a second at most.
import { DurableObject } from 'cloudflare:workers'

/** A contact's state is kept this long after it was last seen: past any queue's retention. */
const CONTACT_DAYS = 15
/** A replay's claim on a row lapses after this long (a replay that died half way). */
const CLAIM_MS = 10 * 60_000
const HOUR = (ms) => new Date(ms).toISOString().slice(0, 13)

const SCHEMA = `
CREATE TABLE IF NOT EXISTS contacts (contact TEXT PRIMARY KEY, updated REAL, deleted REAL, seen REAL NOT NULL);
CREATE INDEX IF NOT EXISTS contacts_seen ON contacts (seen);
CREATE TABLE IF NOT EXISTS dead_letters (
  key TEXT PRIMARY KEY, dead_at TEXT NOT NULL, reason TEXT NOT NULL, action TEXT, source TEXT NOT NULL,
  message_id TEXT, attempts INTEGER, batch_index INTEGER, outcomes TEXT, event TEXT NOT NULL,
  queueable INTEGER NOT NULL, claimed_by TEXT, claimed_at REAL);
CREATE INDEX IF NOT EXISTS dead_letters_dead_at ON dead_letters (dead_at);
CREATE TABLE IF NOT EXISTS counts (hour TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hour, name));
CREATE TABLE IF NOT EXISTS notes (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`

/** A dead letter as the admin API shows it. */
const shown = (r) => ({
  key: r.key, deadAt: r.dead_at, reason: r.reason, action: r.action, source: r.source, messageId: r.message_id,
  attempts: r.attempts, index: r.batch_index, outcomes: r.outcomes ? JSON.parse(r.outcomes) : [], event: r.event,
  replayable: Boolean(r.queueable),
})

/** `WHERE` for a filter `{ keys?, reason?, action?, source?, since?, until? }`. */
function where(filter = {}) {
  const parts = []
  const args = []
  if (Array.isArray(filter.keys)) parts.push(`key IN (${filter.keys.map(() => '?').join(',') || 'NULL'})`), args.push(...filter.keys)
  if (filter.reason) parts.push(`instr(lower(reason), lower(?)) > 0`), args.push(String(filter.reason))
  if (filter.action) parts.push('action = ?'), args.push(String(filter.action))
  if (filter.source) parts.push('source = ?'), args.push(String(filter.source))
  if (filter.since) parts.push('dead_at >= ?'), args.push(String(filter.since))
  if (filter.until) parts.push('dead_at < ?'), args.push(String(filter.until))
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args }
}

export class Ledger extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec(SCHEMA)
  }

  /** `{ [contact]: { updated, deleted } }` for the contacts known. */
  contacts(keys) {
    const out = {}
    for (let i = 0; i < keys.length; i += 50) {
      const part = keys.slice(i, i + 50)
      const rows = this.sql.exec(`SELECT contact, updated, deleted FROM contacts WHERE contact IN (${part.map(() => '?').join(',')})`, ...part)
      for (const r of rows) out[r.contact] = { updated: r.updated, deleted: r.deleted }
    }
    return out
  }

  /**
   * What one delivery batch leaves behind, in one transaction: `contacts` `[{ contact,
   * updated, deleted }]`, `deadLetters` (records), `counts` `{ name: n }`, `notes`
   * `{ name: value | null }` (null clears).
   */
  record({ contacts = [], deadLetters = [], counts = {}, notes = {} } = {}) {
    const now = Date.now()
    this.ctx.storage.transactionSync(() => {
      for (const c of contacts) {
        this.sql.exec(
          'INSERT INTO contacts (contact, updated, deleted, seen) VALUES (?, ?, ?, ?) ON CONFLICT (contact) DO UPDATE SET updated = excluded.updated, deleted = excluded.deleted, seen = excluded.seen',
          c.contact, c.updated ?? null, c.deleted ?? null, now,
        )
      }
      for (const d of deadLetters) {
        this.sql.exec(
          'INSERT OR REPLACE INTO dead_letters (key, dead_at, reason, action, source, message_id, attempts, batch_index, outcomes, event, queueable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          d.key, d.deadAt, d.reason, d.action ?? null, d.source, d.messageId ?? null, d.attempts ?? null, d.index ?? null,
          d.outcomes ? JSON.stringify(d.outcomes) : null, d.event, d.replayable === false ? 0 : 1,
        )
      }
      const hour = HOUR(now)
      for (const [name, n] of Object.entries(counts)) {
        if (n) this.sql.exec('INSERT INTO counts (hour, name, n) VALUES (?, ?, ?) ON CONFLICT (hour, name) DO UPDATE SET n = n + excluded.n', hour, name, n)
      }
      for (const [name, value] of Object.entries(notes)) {
        if (value === null) this.sql.exec('DELETE FROM notes WHERE name = ?', name)
        else if (value !== undefined) this.sql.exec('INSERT OR REPLACE INTO notes (name, value) VALUES (?, ?)', name, JSON.stringify(value))
      }
    })
    this.#prune(now)
    return { deadLetters: deadLetters.length }
  }

  /** Forgets contacts not seen for CONTACT_DAYS (their events left every queue long ago). */
  #prune(now) {
    const last = this.sql.exec("SELECT value FROM notes WHERE name = 'prunedAt'").toArray()[0]
    if (last && now - JSON.parse(last.value) < 3_600_000) return
    this.sql.exec('DELETE FROM contacts WHERE seen < ?', now - CONTACT_DAYS * 86_400_000)
    this.sql.exec("INSERT OR REPLACE INTO notes (name, value) VALUES ('prunedAt', ?)", JSON.stringify(now))
  }

  /**
   * A page of dead letters, oldest first: `{ count, deadLetters, next }` (`next`: the cursor for the next page).
   * @param {{ limit?: number, cursor?: string, [filter: string]: unknown }} [options]
   */
  list({ limit = 50, cursor, ...filter } = {}) {
    const w = where(filter)
    const count = this.sql.exec(`SELECT count(*) AS n FROM dead_letters ${w.sql}`, ...w.args).one().n
    const page = where({ ...filter })
    const after = cursor ? `${page.sql ? `${page.sql} AND` : 'WHERE'} (dead_at, key) > (?, ?)` : page.sql
    const [at, key] = cursor ? String(cursor).split('|') : []
    const n = Math.max(1, Math.min(500, Number(limit) || 50))
    const rows = this.sql.exec(`SELECT * FROM dead_letters ${after} ORDER BY dead_at, key LIMIT ?`, ...page.args, ...(cursor ? [at, key] : []), n + 1).toArray()
    const more = rows.length > n
    const deadLetters = rows.slice(0, n).map(shown)
    return { count, deadLetters, next: more ? `${deadLetters[n - 1].deadAt}|${deadLetters[n - 1].key}` : null }
  }

  /**
   * Claims up to `limit` matching dead letters for replay `by` (rows another replay holds
   * are skipped) and returns them. `dryRun`: returns them without claiming.
   */
  claim({ by, limit = 1000, dryRun = false, ...filter }) {
    const now = Date.now()
    const w = where(filter)
    const free = `${w.sql ? `${w.sql} AND` : 'WHERE'} (claimed_by IS NULL OR claimed_at < ?)`
    const n = Math.max(1, Math.min(5000, Number(limit) || 1000))
    return this.ctx.storage.transactionSync(() => {
      const rows = this.sql.exec(`SELECT * FROM dead_letters ${free} ORDER BY dead_at, key LIMIT ?`, ...w.args, now - CLAIM_MS, n).toArray()
      if (!dryRun) for (const r of rows) this.sql.exec('UPDATE dead_letters SET claimed_by = ?, claimed_at = ? WHERE key = ?', by, now, r.key)
      return rows.map(shown)
    })
  }

  /** Ends replay `by`: `done` keys are deleted, the rest of its claims released. */
  release(by, done = []) {
    this.ctx.storage.transactionSync(() => {
      for (const key of done) this.sql.exec('DELETE FROM dead_letters WHERE key = ? AND claimed_by = ?', key, by)
      this.sql.exec('UPDATE dead_letters SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = ?', by)
    })
    return { released: done.length }
  }

  /** Deletes matching dead letters (`dryRun`: counts them): `{ deleted }`. */
  remove({ dryRun = false, all = false, ...filter } = {}) {
    const w = where(filter)
    if (!w.sql && !all) throw new Error('Say which dead letters to delete (keys or a filter); use { "all": true } for all of them')
    const n = this.sql.exec(`SELECT count(*) AS n FROM dead_letters ${w.sql}`, ...w.args).one().n
    if (!dryRun) this.sql.exec(`DELETE FROM dead_letters ${w.sql}`, ...w.args)
    return { deleted: n, dryRun }
  }

  /** Notes, dead-letter count, counts in total and by hour (the last `hours`). */
  status({ hours = 48 } = {}) {
    const notes = {}
    for (const r of this.sql.exec("SELECT name, value FROM notes WHERE name != 'prunedAt'")) notes[r.name] = JSON.parse(r.value)
    const totals = { delivered: 0, alreadyDelivered: 0, notSubscribed: 0, stale: 0, retried: 0, paused: 0, deadLettered: 0 }
    for (const r of this.sql.exec('SELECT name, sum(n) AS n FROM counts GROUP BY name')) totals[r.name] = r.n
    const byHour = {}
    for (const r of this.sql.exec('SELECT hour, name, n FROM counts WHERE hour >= ? ORDER BY hour', HOUR(Date.now() - hours * 3_600_000))) {
      ;(byHour[r.hour] ??= {})[r.name] = r.n
    }
    const deadLetters = this.sql.exec('SELECT count(*) AS n FROM dead_letters').one().n
    const contacts = this.sql.exec('SELECT count(*) AS n FROM contacts').one().n
    return { notes, totals, byHour, deadLetters, contacts }
  }
}

/** The one ledger of this Worker. */
export const ledgerOf = (env) => env.LEDGER.get(env.LEDGER.idFromName('ledger'))
