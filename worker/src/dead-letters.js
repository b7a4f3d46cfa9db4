// The dead-letter queue's consumer keeps each dead letter in KV, where GET /dead-letters
// lists them and POST /dead-letters/replay queues their events again. A message that
// reached the queue by the queue's own max_retries (no reason attached) is kept too.
import { log } from './log.js'
import { stats } from './stats.js'
import { reply } from './reply.js'
import { chunk } from './chunks.js'

const PREFIX = 'dead:'

export async function storeDeadLetters(batch, env) {
  for (const msg of batch.messages) {
    const record =
      msg.body && typeof msg.body === 'object' && 'reason' in msg.body
        ? msg.body
        : { reason: `the queue gave up after its max_retries`, attempts: msg.attempts, event: typeof msg.body === 'string' ? msg.body : JSON.stringify(msg.body), deadAt: new Date().toISOString() }
    if (!env.DEAD_LETTERS_KV) {
      // Without storage, leave it in the queue (retained up to its retention period).
      msg.retry({ delaySeconds: 3600 })
      continue
    }
    await env.DEAD_LETTERS_KV.put(`${PREFIX}${record.deadAt}:${msg.id}`, JSON.stringify(record))
    stats.deadLettersStored += 1
    log('warn', 'dead letter stored', { messageId: record.messageId ?? null, attempts: record.attempts })
    msg.ack()
  }
}

async function all(env) {
  const out = []
  let cursor
  do {
    const page = await env.DEAD_LETTERS_KV.list({ prefix: PREFIX, cursor })
    out.push(...page.keys.map((k) => k.name))
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  return out
}

/** GET /dead-letters: `{ count, deadLetters: [{ key, reason, attempts, messageId, event, … }] }`. */
export async function listDeadLetters(env, limit = 1000) {
  if (!env.DEAD_LETTERS_KV) return reply(404, { error: 'No DEAD_LETTERS_KV namespace bound' })
  const keys = await all(env)
  const deadLetters = []
  for (const key of keys.slice(0, limit)) deadLetters.push({ key, ...JSON.parse(await env.DEAD_LETTERS_KV.get(key)) })
  return reply(200, { count: keys.length, deadLetters })
}

/** POST /dead-letters/replay: queue every dead letter's event again, then forget it. */
export async function replayDeadLetters(env) {
  if (!env.DEAD_LETTERS_KV) return reply(404, { error: 'No DEAD_LETTERS_KV namespace bound' })
  const keys = await all(env)
  let replayed = 0
  for (const group of chunk(keys)) {
    const records = await Promise.all(group.map((k) => env.DEAD_LETTERS_KV.get(k)))
    const events = records.filter(Boolean).map((r) => JSON.parse(r).event)
    for (const c of chunk(events)) await env.EVENTS.sendBatch(c.map((body) => ({ body, contentType: 'text' })))
    await Promise.all(group.map((k) => env.DEAD_LETTERS_KV.delete(k)))
    replayed += events.length
  }
  log('info', 'dead letters replayed', { replayed })
  return reply(200, { replayed })
}

export async function countDeadLetters(env) {
  return env.DEAD_LETTERS_KV ? (await all(env)).length : null
}
