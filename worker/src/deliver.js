// @ts-check
// The queue consumer: each message is one Segment event, sent through every matching
// subscription by the package's sender (paced to Loops' rate limit, shared by all sends
// of the isolate's Destination). Per message: ack when Loops has it, retry later what
// may still succeed, wait while the key or the config is wrong, dead-letter (in the
// ledger, with the reason) what never will. Events of one contact go in their time
// order, one after the other; an update older than what Loops already has for that
// contact is skipped (the package's `contactOrder`). Nothing is acked before the
// ledger has recorded the batch.
import { contactOrder, retryDelayMs } from 'loops-destination'
import { loadConfig, settings } from './config.js'
import { ledgerOf } from './ledger.js'
import { deadLetterKey, ids } from './records.js'
import { log } from './log.js'
import { countLedgerFailure, stats } from './stats.js'

/**
 * Backoff for the queue's retries, in seconds: the sender's (the package's `retryDelayMs`,
 * full jitter under a cap doubling from `base` to `max`), at least the queue's 1 s.
 */
export function retryDelaySeconds(attempts, base, max) {
  const ms = retryDelayMs(Number.isInteger(attempts) && attempts >= 1 ? attempts : 1, { baseDelayMs: base * 1000, maxDelayMs: max * 1000 })
  return Math.max(1, Math.round(ms / 1000))
}

/** Whether a retry after `delaySeconds` would come later than the queue keeps the message (an hour, or a tenth, to spare). */
export function outlives(msg, delaySeconds, s) {
  const enqueued = msg.timestamp instanceof Date ? msg.timestamp.getTime() : Number(msg.timestamp)
  if (!Number.isFinite(enqueued)) return false
  const margin = Math.min(3600, s.queueRetentionSeconds / 10)
  return Date.now() + delaySeconds * 1000 - enqueued > (s.queueRetentionSeconds - margin) * 1000
}

/** What to do with a message after its delivery: `ack`, `retry`, `pause` or `dead`. */
export function verdict(outcomes) {
  if (outcomes.some((o) => o.outcome === 'misconfigured')) return 'pause'
  if (outcomes.some((o) => o.outcome === 'failed')) return 'retry'
  if (outcomes.some((o) => o.outcome === 'rejected')) return 'dead'
  return 'ack'
}

const reasonOf = (outcomes) =>
  outcomes
    .filter((o) => o.outcome !== 'delivered' && o.outcome !== 'already_delivered')
    .map((o) => `${o.action ?? 'event'}: ${o.outcome}${o.status ? ` (HTTP ${o.status})` : ''}${o.message ? `: ${o.message}` : ''}`)
    .join('; ')

/** The message's text and what it does to which contact (the package decides both). */
function planned(msg, destination) {
  const text = typeof msg.body === 'string' ? msg.body : JSON.stringify(msg.body)
  let plan = { contact: null, time: null, kind: null }
  try {
    plan = destination.planJson ? JSON.parse(destination.planJson(text)) : plan
  } catch {
    // Checked at the door; a plan that fails here has no contact to order by.
  }
  return { msg, text, plan, who: ids(text) }
}

/** Messages by contact, each contact's in time order (no contact: a group of its own). */
function byContact(items) {
  const groups = new Map()
  items.forEach((it, i) => {
    const key = it.plan.contact ?? `#${i}`
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(it)
  })
  for (const g of groups.values()) g.sort((a, b) => (a.plan.time ?? -Infinity) - (b.plan.time ?? -Infinity))
  return [...groups.values()]
}

export async function deliverBatch(batch, env) {
  const s = settings(env)
  const ledger = ledgerOf(env)
  const pause = (msg) => retryDelaySeconds(msg.attempts, s.pauseBaseSeconds, s.pauseMaxSeconds)
  const config = await loadConfig(env)
  if (config.error) {
    // Nothing is lost while the operator fixes the config: everything waits, slowly.
    log('error', 'config invalid, delivery paused', { error: config.error.message, path: config.error.path, messages: batch.messages.length })
    const reason = `the Worker's config is invalid: ${config.error.message}${config.error.path ? ` (at ${config.error.path})` : ''}`
    // Those that would outlive their retries or the queue's retention are kept instead.
    const last = batch.messages.filter((m) => m.attempts >= s.maxAttempts || outlives(m, pause(m), s))
    const deadLetters = last.map((m) => {
      const text = typeof m.body === 'string' ? m.body : JSON.stringify(m.body)
      const { messageId } = ids(text)
      return { key: deadLetterKey(messageId), deadAt: new Date().toISOString(), reason: `gave up after ${m.attempts} deliveries while paused: ${reason}`, source: 'delivery', messageId, attempts: m.attempts, event: text }
    })
    let kept = true
    await ledger
      .record({ deadLetters, counts: { paused: batch.messages.length - last.length, deadLettered: last.length }, notes: { config: { since: new Date().toISOString(), error: config.error.message, path: config.error.path } } })
      .catch(() => {
        kept = false
        countLedgerFailure()
      })
    for (const msg of batch.messages) {
      if (kept && last.includes(msg)) msg.ack()
      else msg.retry({ delaySeconds: pause(msg) })
    }
    return
  }
  const destination = config.destination
  const items = batch.messages.map((msg) => planned(msg, destination))
  const contacts = [...new Set(items.map((it) => it.plan.contact).filter(Boolean))]
  let states
  try {
    states = contacts.length ? await ledger.contacts(contacts) : {}
  } catch (e) {
    // Without the order state a stale update could overwrite a newer one: wait for it.
    log('error', 'ledger unavailable, delivery deferred', { error: String(e?.message ?? e), messages: items.length })
    for (const msg of batch.messages) msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts, s.retryBaseSeconds, s.retryMaxSeconds) })
    return
  }

  const decisions = new Map() // msg → { what, delaySeconds?, outcomes, reason? }
  const counts = { delivered: 0, alreadyDelivered: 0, notSubscribed: 0, stale: 0, retried: 0, paused: 0, deadLettered: 0 }
  const changed = new Map() // contact → { updated, deleted }
  const deadLetters = []
  let refused = /** @type {{ reason: string, status: number | null } | null} */ (null) // the first misconfigured outcome: Loops refuses the key or the URL is wrong

  const decide = (it, what, outcomes = [], reason) => {
    let delaySeconds
    if (what === 'retry' || what === 'pause') {
      delaySeconds = what === 'pause' ? pause(it.msg) : retryDelaySeconds(it.msg.attempts, s.retryBaseSeconds, s.retryMaxSeconds)
      const paused = what === 'pause' ? ' while paused' : ''
      if (it.msg.attempts >= s.maxAttempts) {
        what = 'dead'
        reason = `gave up after ${it.msg.attempts} deliveries${paused}: ${reason}`
      } else if (outlives(it.msg, delaySeconds, s)) {
        // The queue would delete it before the next try: keep it, replayable, instead.
        what = 'dead'
        reason = `gave up after ${it.msg.attempts} deliveries${paused}, before the queue's retention (QUEUE_RETENTION_SECONDS) runs out: ${reason}`
      }
    }
    decisions.set(it.msg, { what, outcomes, reason, delaySeconds })
    if (what === 'dead') {
      deadLetters.push({
        key: deadLetterKey(it.who.messageId), deadAt: new Date().toISOString(), reason, source: 'delivery',
        action: outcomes.find((o) => o.outcome !== 'delivered' && o.outcome !== 'already_delivered')?.action ?? null,
        messageId: it.who.messageId ?? null, attempts: it.msg.attempts, outcomes, event: it.text,
      })
      counts.deadLettered += 1
    } else if (what === 'retry') counts.retried += 1
    else if (what === 'pause') counts.paused += 1
  }

  const deliverGroup = async (group) => {
    for (let k = 0; k < group.length; k++) {
      const it = group[k]
      if (refused) {
        decide(it, 'pause', [], refused.reason)
        continue
      }
      const { contact, kind, time } = it.plan
      const state = contact ? changed.get(contact) ?? states[contact] ?? {} : {}
      if (contact && kind) {
        const order = contactOrder(kind, time, state.updated ?? null, state.deleted ?? null)
        if (order.stale) {
          counts.stale += 1
          decisions.set(it.msg, { what: 'ack', outcomes: [], stale: true })
          continue
        }
      }
      let outcomes
      try {
        outcomes = JSON.parse(await destination.sendJson(it.text))
      } catch (e) {
        // Events were checked at the door, so a throw here is the runtime's: worth a retry.
        outcomes = [{ action: null, outcome: 'failed', attempts: 0, message: String(e?.message ?? e) }]
      }
      const what = verdict(outcomes)
      if (what === 'pause') {
        refused = { reason: reasonOf(outcomes), status: outcomes.find((o) => o.outcome === 'misconfigured')?.status ?? null }
        decide(it, 'pause', outcomes, refused.reason)
      } else if (what === 'retry') {
        decide(it, 'retry', outcomes, reasonOf(outcomes))
        // The contact's later events wait behind this one, so they cannot overtake it.
        for (const later of group.slice(k + 1)) decide(later, 'retry', [], `waiting behind an earlier event of the same contact`)
        return
      } else if (what === 'dead') {
        decide(it, 'dead', outcomes, reasonOf(outcomes))
      } else {
        decisions.set(it.msg, { what: 'ack', outcomes })
        if (outcomes.length === 0) counts.notSubscribed += 1
        for (const o of outcomes) o.outcome === 'already_delivered' ? (counts.alreadyDelivered += 1) : (counts.delivered += 1)
        if (contact && kind) {
          const next = contactOrder(kind, time, state.updated ?? null, state.deleted ?? null)
          changed.set(contact, { updated: next.updated, deleted: next.deleted })
        }
      }
    }
  }

  // A few contacts at a time: they share one pacer, so this only overlaps the waits on Loops.
  const groups = byContact(items)
  const work = async () => {
    for (let g; (g = groups.shift()); ) await deliverGroup(g)
  }
  await Promise.all(Array.from({ length: Math.min(s.sendConcurrency, groups.length) }, work))

  const delivered = counts.delivered + counts.alreadyDelivered > 0
  const notes = {
    loopsKey: refused ? { since: new Date().toISOString(), status: refused.status, reason: refused.reason } : delivered ? null : undefined,
    config: null,
  }
  try {
    await ledger.record({ contacts: [...changed].map(([contact, st]) => ({ contact, ...st })), deadLetters, counts, notes })
  } catch (e) {
    // Nothing is acked unrecorded: dead letters would be lost, order state forgotten.
    // Redelivering what went through is harmless (idempotency keys, upserts in order).
    countLedgerFailure()
    log('error', 'ledger write failed, batch retried', { error: String(e?.message ?? e), messages: items.length })
    for (const msg of batch.messages) msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts, s.retryBaseSeconds, s.retryMaxSeconds) })
    return
  }
  for (const [k, v] of Object.entries(counts)) stats[k] = (stats[k] ?? 0) + v
  for (const it of items) {
    const d = decisions.get(it.msg)
    if (d.what === 'ack' || d.what === 'dead') it.msg.ack()
    else it.msg.retry({ delaySeconds: d.delaySeconds })
    const msgText = d.stale ? 'skipped: older than what Loops has for this contact' : d.what === 'ack' ? (d.outcomes.length ? 'delivered' : 'not subscribed') : d.what === 'dead' ? 'dead-lettered' : d.what === 'pause' ? 'paused' : 'retry'
    log(d.what === 'ack' ? 'info' : 'warn', msgText, {
      ...it.who,
      attempts: it.msg.attempts,
      outcomes: d.outcomes.map((o) => ({ action: o.action, outcome: o.outcome, status: o.status, tries: o.attempts })),
    })
  }
}
