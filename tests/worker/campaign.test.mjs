// The fault campaign: over 2,000 events through the Worker in workerd, with the deployed
// queue settings (worker/wrangler.jsonc, read by wrangler), against the Loops simulator
// with team-scoped idempotency keys. Each phase injects one production fault, then
// checks every event against what Loops ended up with and against the dead letters:
// delivered once, or dead-lettered with its reason; never lost, never twice, never an
// older contact update over a newer one. Prints one CAMPAIGN line per phase.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { start, until } from './harness.mjs'

const SUBSCRIPTIONS = [
  { action: 'createOrUpdateContact', subscribe: 'type = "identify"' },
  { action: 'sendEvent', subscribe: 'type = "track" and event != "User Deleted"' },
  { action: 'sendTransactionalEmail', subscribe: 'type = "track" and event = "Ordered"', mapping: { transactionalId: 'tx-receipt', email: { '@path': '$.context.traits.email' } } },
  { action: 'deleteContact', subscribe: 'type = "track" and event = "User Deleted"' },
]
const T0 = Date.parse('2026-06-01T00:00:00Z')
const at = (ms) => new Date(T0 + ms).toISOString()

/** `n` events of phase `p`: identifies, tracks, and orders (event + transactional email). */
function events(p, n, { noEmail = 0 } = {}) {
  return Array.from({ length: n }, (_, i) => {
    const userId = `${p}-u${i}`
    const base = { userId, messageId: `${p}-m${i}`, timestamp: at(i) }
    if (i < noEmail) return { ...base, type: 'identify', traits: { firstName: `F${i}` } } // Loops: cannot create without email
    const email = `${userId}@example.com`
    if (i % 3 === 0) return { ...base, type: 'identify', traits: { email, firstName: `F${i}` } }
    return { ...base, type: 'track', event: i % 3 === 1 ? 'Played' : 'Ordered', properties: { n: i }, context: { traits: { email } } }
  })
}

/** What one event should leave in Loops: contact (userId, firstName) or 2xx per key. */
function expectations(e) {
  if (e.type === 'identify') return [{ contact: e.userId, firstName: e.traits.firstName }]
  if (e.event === 'User Deleted') return [{ deleted: e.userId }]
  const keys = [{ key: e.messageId, path: '/v1/events/send' }]
  if (e.event === 'Ordered') keys.push({ key: `${e.messageId}~transactional`, path: '/v1/transactional' })
  return keys
}

/** One row of the campaign table, from the simulator's state and log and the dead letters. */
async function tally(phase, sent, { sim, worker }, { stale = [] } = {}) {
  const state = await sim.state()
  const log = await sim.requests({ fields: 'path,route,status,headers' })
  const ok = new Map() // idempotency key → 2xx answers
  for (const e of log) {
    const key = e.headers?.['idempotency-key']
    if (key && e.status >= 200 && e.status < 300) ok.set(key, (ok.get(key) ?? 0) + 1)
  }
  const contacts = new Map(state.contacts.map((c) => [c.userId, c]))
  const { deadLetters } = await worker.deadLetters()
  const dead = new Map()
  for (const d of deadLetters) {
    let id = null
    try {
      id = JSON.parse(d.event)?.messageId ?? null
    } catch {}
    dead.set(id ?? `#${d.index}:${d.event}`, d)
  }
  const row = { phase, in: sent.length, deliveredOnce: 0, deadLettered: 0, reasons: {}, duplicates: 0, lost: 0, staleOverwrites: 0 }
  for (const e of sent) {
    const d = typeof e === 'object' && e?.messageId ? dead.get(e.messageId) : [...dead.values()].find((x) => x.event === JSON.stringify(e))
    if (d) {
      row.deadLettered += 1
      const reason = d.reason.replace(/\d+/g, 'N').slice(0, 80)
      row.reasons[reason] = (row.reasons[reason] ?? 0) + 1
      continue
    }
    let delivered = true
    for (const x of expectations(e)) {
      if (x.contact) {
        const c = contacts.get(x.contact)
        if (!c) delivered = false
      } else if (x.deleted) {
        if (contacts.has(x.deleted)) delivered = false
      } else {
        const n = ok.get(x.key) ?? 0
        if (n === 0) delivered = false
        if (n > 1) row.duplicates += n - 1
      }
    }
    if (delivered) row.deliveredOnce += 1
    else row.lost += 1
  }
  // Contacts whose newest identify is not what Loops shows, or deleted ones brought back.
  for (const { userId, firstName, deleted } of stale) {
    const c = contacts.get(userId)
    if (deleted ? c : c?.firstName !== firstName) row.staleOverwrites += 1
  }
  console.log(`CAMPAIGN ${JSON.stringify(row)}`)
  return row
}

/** Waits until every event of `sent` is delivered or dead-lettered. */
async function settle(ctx, phase, sent, ms = 60_000, extra) {
  let row
  await until(async () => {
    row = await tally(`${phase} (waiting)`, sent, ctx, extra)
    return row.lost === 0
  }, ms, `${phase}: every event delivered or dead-lettered`)
  return tally(phase, sent, ctx, extra)
}

const ledgerFailing = (worker, on) => fetch(`${worker.url}/__test/ledger-failing?on=${on ? 1 : 0}`).then((r) => r.json())
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

test('fault campaign: over 2,000 events, one production fault per phase; none lost, none twice, no stale overwrite', { timeout: 600_000 }, async (t) => {
  const ctx = await start(t, {
    scriptPath: fileURLToPath(new URL('./faulty-ledger.js', import.meta.url)),
    sim: { rateLimit: { limit: 200 }, idempotency: { scope: 'team' } },
    seed: { transactionalEmails: [{ id: 'tx-receipt', dataVariables: [] }] },
    // Retries go through the queue (its deployed max_retries, batch size and timeout); only
    // the delays are shortened so that the campaign takes seconds, not hours.
    config: { rateLimit: 200, retry: false, subscriptions: SUBSCRIPTIONS },
    // A retry waits longer than a consumer batch gathers (2 s), as in production (30 s).
    vars: { RETRY_BASE_SECONDS: '4', RETRY_MAX_SECONDS: '8', PAUSE_BASE_SECONDS: '1', PAUSE_MAX_SECONDS: '2', CONFIG_CACHE_SECONDS: '1', MAX_ATTEMPTS: '13' },
  })
  const { worker, sim, mf } = ctx
  const rows = []
  const post = async (body) => {
    const r = await worker.post(body)
    assert.equal(r.status, 202, JSON.stringify(r.json).slice(0, 300))
    return r.json
  }
  const postAll = async (list) => {
    for (let i = 0; i < list.length; i += 100) await post(list.slice(i, i + 100))
  }

  // 1. No fault: the baseline.
  const p1 = events('base', 500)
  await postAll(p1)
  rows.push(await settle(ctx, '1 baseline', p1))

  // 2. The ledger refuses writes (a storage outage, a quota): nothing is acked unrecorded.
  await ledgerFailing(worker, true)
  const p2 = events('ledger', 300, { noEmail: 10 })
  await postAll(p2)
  await sleep(4000)
  assert.equal((await tally('2 ledger failing (during)', p2, ctx)).deadLettered, 0, 'nothing recorded while the ledger fails')
  assert.ok((await worker.health()).isolate.ledgerWriteFailures > 0, 'health says the ledger refuses writes')
  await ledgerFailing(worker, false)
  rows.push(await settle(ctx, '2 ledger writes failing, then back', p2))

  // 3. Loops refuses the key (401) for a stretch: events wait, none dead-lettered.
  await sim.faults({ match: {}, action: { preset: 'http401' } })
  const p3 = events('key', 300)
  await postAll(p3)
  await until(async () => (await worker.health()).loops.keyRefused, 15_000, 'health says the key is refused')
  assert.equal((await worker.health()).ok, false)
  await sleep(3000)
  assert.equal((await tally('3 key refused (during)', p3, ctx)).deadLettered, 0)
  await sim.clearFaults()
  rows.push(await settle(ctx, '3 Loops key refused (401), then accepted', p3))
  assert.equal((await worker.health()).loops.keyRefused, null, 'cleared once Loops takes the key again')

  // 4. An invalid config deployed for a stretch (in KV), while events wait in the queue.
  await sim.faults({ match: {}, action: { preset: 'http503Text' } })
  const p4 = events('config', 200)
  await postAll(p4)
  const kv = await mf.getKVNamespace('CONFIG')
  await kv.put('loops-config', JSON.stringify({ subscriptions: [{ action: 'sendEvnt' }] }))
  await until(async () => (await worker.health()).config.error, 15_000, 'health shows the config error')
  await sim.clearFaults()
  await sleep(2500) // a batch that began before the config changed finishes with the old one
  const before4 = await tally('4 config invalid (seen)', p4, ctx)
  await sleep(3000)
  const during4 = await tally('4 config invalid (3 s later)', p4, ctx)
  assert.deepEqual([during4.deliveredOnce, during4.deadLettered], [before4.deliveredOnce, 0], 'nothing sent or dead-lettered while the config is invalid')
  await kv.delete('loops-config')
  rows.push(await settle(ctx, '4 invalid config, then fixed', p4))

  // 5. Loops down: 500s and dropped connections for a stretch.
  await sim.faults([{ match: { probability: 0.4 }, action: { preset: 'http500' } }, { match: { probability: 0.2 }, action: { preset: 'drop' } }])
  const p5 = events('down', 300)
  await postAll(p5)
  await sleep(4000)
  await sim.clearFaults()
  rows.push(await settle(ctx, '5 Loops down (500, drops), then back', p5))

  // 6. Mixed batches: bad and oversize elements among good ones.
  const p6 = []
  for (let b = 0; b < 3; b++) {
    const good = events(`mixed${b}`, 93)
    const bad = [5, {}, { userId: 'no-type' }, 'text', { type: 'track', messageId: 7 },
      { type: 'track', event: 'Big', userId: `big${b}a`, messageId: `big${b}a`, properties: { pad: 'x'.repeat(127_000) } },
      { type: 'track', event: 'Big', userId: `big${b}b`, messageId: `big${b}b`, properties: { pad: 'é'.repeat(64_000) } }]
    const batch = [...good.slice(0, 40), ...bad, ...good.slice(40)]
    const answer = await post(batch)
    assert.equal(answer.queued, 93)
    assert.deepEqual(answer.rejected.map((r) => r.index), [40, 41, 42, 43, 44, 45, 46])
    p6.push(...batch)
  }
  rows.push(await settle(ctx, '6 mixed batches (invalid, oversize)', p6))

  // 7. A retried identify overtaken by a newer one, and a stale update after a delete.
  // The older identify fails once; the newer one, posted at once, usually lands before the
  // older one's retry (which is then skipped), but the two may meet in one consumer batch
  // (then they go in time order): tried until the overtaking happened.
  const pairs = []
  let overtaken = 0
  for (let k = 0; k < 8 && overtaken === 0; k++) {
    const failedBefore = (await sim.requests({ path: '/v1/contacts/update', status: 500 })).length
    await sim.faults({ match: { path: '/v1/contacts/update', nth: [1] }, action: { preset: 'http500' } })
    const user = `order-a${k}`
    const older = { type: 'identify', userId: user, messageId: `${user}-1`, timestamp: at(1000), traits: { email: `${user}@example.com`, firstName: 'Old', subscribed: true } }
    const newer = { type: 'identify', userId: user, messageId: `${user}-2`, timestamp: at(2000), traits: { email: `${user}@example.com`, firstName: 'New', subscribed: false } }
    const staleBefore = (await worker.health()).counts.stale
    await post(older)
    await until(async () => (await sim.requests({ path: '/v1/contacts/update', status: 500 })).length === failedBefore + 1, 10_000, 'the older identify failed once')
    await sim.clearFaults()
    await post(newer)
    await until(async () => (await sim.state()).contacts.find((c) => c.userId === user)?.firstName === 'New', 10_000, 'the newer identify')
    await sleep(5000) // past the older one's retry
    overtaken += (await worker.health()).counts.stale - staleBefore
    pairs.push({ older, newer })
  }
  assert.equal(overtaken, 1, 'an older identify arrived after the newer one and was skipped')
  const staleBefore = (await worker.health()).counts.stale
  const created = { type: 'identify', userId: 'order-d', messageId: 'order-d1', timestamp: at(1000), traits: { email: 'd@example.com', firstName: 'D' } }
  const deleted = { type: 'track', event: 'User Deleted', userId: 'order-d', messageId: 'order-d2', timestamp: at(3000) }
  await post(created)
  await until(async () => (await sim.state()).contacts.some((c) => c.userId === 'order-d'), 10_000, 'contact d')
  await post(deleted)
  await until(async () => !(await sim.state()).contacts.some((c) => c.userId === 'order-d'), 10_000, 'contact d deleted')
  const lateUpdate = { ...created, messageId: 'order-d3', timestamp: at(2000) } // replayed from before the delete
  await post(lateUpdate)
  await until(async () => (await worker.health()).counts.stale > staleBefore, 20_000, 'the late update is skipped')
  const p7 = [...pairs.map((p) => p.newer), deleted]
  const stale = [...pairs.map((p) => ({ userId: p.newer.userId, firstName: 'New' })), { userId: 'order-d', deleted: true }]
  const row7 = await settle(ctx, '7 retried identify overtaken; update after delete', p7, 20_000, { stale })
  rows.push({ ...row7, in: 2 * pairs.length + 3, pairs: pairs.length, skippedStale: (await worker.health()).counts.stale - staleBefore + overtaken })
  for (const p of pairs) {
    const c = (await sim.state()).contacts.find((x) => x.userId === p.newer.userId)
    assert.deepEqual([c.firstName, c.subscribed], ['New', false], 'the older identify did not re-subscribe')
  }

  // 8. Loops rejects a stretch of events (400); two replays at once deliver each once.
  await sim.faults({ match: { path: '/v1/events/send' }, action: { respond: { status: 400, json: { success: false, message: 'Temporarily refused' } } } })
  const p8 = events('replay', 100).map((e) => (e.type === 'track' ? { ...e, event: 'Played' } : e))
  await postAll(p8)
  const tracks = p8.filter((e) => e.type === 'track')
  await until(async () => (await worker.deadLetters({ reason: 'Temporarily refused' })).count === tracks.length, 20_000, 'the rejected tracks dead-lettered')
  await sim.clearFaults()
  const dry = await worker.admin('POST', '/dead-letters/replay', { reason: 'Temporarily refused', dryRun: true })
  assert.equal(dry.json.wouldReplay.length, tracks.length)
  assert.equal((await worker.deadLetters({ reason: 'Temporarily refused' })).count, tracks.length, 'a dry run changes nothing')
  const [r1, r2] = await Promise.all([1, 2].map(() => worker.admin('POST', '/dead-letters/replay', { reason: 'Temporarily refused' })))
  assert.equal(r1.status, 200)
  assert.equal(r2.status, 200)
  const both = [...r1.json.keys, ...r2.json.keys]
  assert.equal(both.length, tracks.length, `replays ${r1.json.replayed} + ${r2.json.replayed}`)
  assert.equal(new Set(both).size, both.length, 'no dead letter replayed twice')
  rows.push(await settle(ctx, '8 rejected, then two replays at once', p8.filter((e) => e.type !== 'track').concat(tracks)))

  const total = rows.reduce((n, r) => n + r.in, 0)
  for (const r of rows) console.log(`CAMPAIGN TABLE ${JSON.stringify(r)}`)
  console.log(`CAMPAIGN total events in: ${total}`)
  assert.ok(total >= 2000, `${total} events`)
  for (const r of rows) {
    assert.equal(r.lost, 0, `${r.phase}: lost`)
    assert.equal(r.duplicates, 0, `${r.phase}: duplicates`)
    assert.equal(r.staleOverwrites, 0, `${r.phase}: stale overwrites`)
  }
  // What was dead-lettered, and why: only what can never go through.
  assert.deepEqual(rows[1].reasons, { 'createOrUpdateContact: rejected (HTTP N): userId not found and cannot create a n': 10 })
  for (const i of [0, 2, 3, 4, 7]) assert.equal(rows[i].deadLettered, 0, rows[i].phase)
  assert.equal(rows[5].deadLettered, 21)
})
