// The queue consumer: each message is one Segment event, sent through every matching
// subscription by the package's sender (paced to Loops' rate limit, shared by all
// sends of the isolate's Destination). Per message: ack when Loops has it, retry later
// what may still succeed, dead-letter what never will, with the reason.
import { loadConfig, settings } from './config.js'
import { log } from './log.js'
import { stats } from './stats.js'

/** Backoff for the queue's retries: doubling from `base`, capped, with jitter. */
export function retryDelaySeconds(attempts, { retryBaseSeconds: base, retryMaxSeconds: max }) {
  const full = Math.min(max, base * 2 ** Math.max(0, attempts - 1))
  return Math.round(full / 2 + (Math.random() * full) / 2)
}

/** Only ids leave in logs: the event's content stays out. */
function ids(text) {
  const m = /"messageId"\s*:\s*"((?:[^"\\]|\\.){0,100})"/.exec(text)
  const t = /"type"\s*:\s*"(\w{1,20})"/.exec(text)
  return { messageId: m?.[1], type: t?.[1] }
}

/** What to do with a message after its delivery: `ack`, `retry` or `dead`. */
export function verdict(outcomes) {
  if (outcomes.some((o) => o.outcome === 'failed')) return 'retry'
  if (outcomes.some((o) => o.outcome === 'rejected')) return 'dead'
  return 'ack'
}

const reasonOf = (outcomes) =>
  outcomes
    .filter((o) => o.outcome === 'failed' || o.outcome === 'rejected')
    .map((o) => `${o.action ?? 'event'}: ${o.outcome}${o.status ? ` (HTTP ${o.status})` : ''}${o.message ? `: ${o.message}` : ''}`)
    .join('; ')

async function deadLetter(env, msg, text, reason, outcomes) {
  await env.DEAD_LETTERS.send(
    { reason, attempts: msg.attempts, outcomes, event: text, messageId: ids(text).messageId ?? null, queuedAt: msg.timestamp, deadAt: new Date().toISOString() },
    { contentType: 'json' },
  )
  stats.deadLettered += 1
}

async function handle(msg, env, destination, s) {
  const text = typeof msg.body === 'string' ? msg.body : JSON.stringify(msg.body)
  const who = ids(text)
  let outcomes
  try {
    outcomes = JSON.parse(await destination.sendJson(text))
  } catch (e) {
    // Events were checked at the door, so a throw here is the runtime's: worth a retry.
    outcomes = [{ action: null, outcome: 'failed', attempts: 0, message: String(e?.message ?? e) }]
  }
  let what = verdict(outcomes)
  if (what === 'retry' && msg.attempts >= s.maxAttempts) what = 'exhausted'
  try {
    if (what === 'ack') {
      if (outcomes.length === 0) stats.notSubscribed += 1
      for (const o of outcomes) o.outcome === 'already_delivered' ? (stats.alreadyDelivered += 1) : (stats.delivered += 1)
      msg.ack()
    } else if (what === 'retry') {
      const delaySeconds = retryDelaySeconds(msg.attempts, s)
      stats.retried += 1
      msg.retry({ delaySeconds })
    } else {
      const reason = what === 'exhausted' ? `gave up after ${msg.attempts} deliveries: ${reasonOf(outcomes)}` : reasonOf(outcomes)
      await deadLetter(env, msg, text, reason, outcomes)
      msg.ack()
    }
  } catch (e) {
    // The dead-letter queue refused: keep the message rather than lose it.
    msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts, s) })
    log('error', 'dead-letter failed', { ...who, error: String(e?.message ?? e) })
    return
  }
  const msgText = what === 'ack' ? (outcomes.length ? 'delivered' : 'not subscribed') : what === 'retry' ? 'retry' : 'dead-lettered'
  log(what === 'ack' ? 'info' : 'warn', msgText, {
    ...who,
    attempts: msg.attempts,
    outcomes: outcomes.map((o) => ({ action: o.action, outcome: o.outcome, status: o.status, tries: o.attempts })),
  })
}

export async function deliverBatch(batch, env) {
  const s = settings(env)
  const config = await loadConfig(env)
  if (config.error) {
    // Nothing is lost while the operator fixes the config: everything waits in the queue.
    log('error', 'config invalid, delivery paused', { error: config.error.message, path: config.error.path, messages: batch.messages.length })
    for (const msg of batch.messages) msg.retry({ delaySeconds: retryDelaySeconds(1, s) })
    return
  }
  // A few at a time: they share one pacer, so this only overlaps the waits on Loops.
  const queue = [...batch.messages]
  const work = async () => {
    for (let msg; (msg = queue.shift()); ) await handle(msg, env, config.destination, s)
  }
  await Promise.all(Array.from({ length: Math.min(s.sendConcurrency, queue.length) }, work))
}
