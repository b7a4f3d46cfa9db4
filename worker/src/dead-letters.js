// @ts-check
// Dead letters: the dead-letter queue's consumer (what the queue itself gave up on goes
// into the ledger) and the admin routes to page through them, replay and delete them.
import { chunk } from './chunks.js'
import { ledgerOf } from './ledger.js'
import { deadLetterKey, ids } from './records.js'
import { retryDelaySeconds } from './deliver.js'
import { loadConfig } from './config.js'
import { log } from './log.js'
import { countLedgerFailure } from './stats.js'
import { reply } from './reply.js'

/**
 * The dead-letter queue's consumer. Only messages the loops-events queue gave up on
 * arrive here (the Worker records its own dead letters in the ledger directly). If the
 * ledger cannot take them, each waits with a growing delay, never dropped by a burst of
 * instant retries.
 */
export async function storeDeadLetters(batch, env) {
  const records = batch.messages.map((msg) => {
    const event = typeof msg.body === 'string' ? msg.body : JSON.stringify(msg.body)
    const { messageId } = ids(event)
    return {
      key: deadLetterKey(messageId), deadAt: new Date().toISOString(), source: 'queue', messageId, attempts: msg.attempts,
      reason: 'the queue gave up after its max_retries (the Worker could not record a reason)', event,
    }
  })
  try {
    await ledgerOf(env).record({ deadLetters: records, counts: { deadLettered: records.length } })
  } catch (e) {
    countLedgerFailure()
    log('error', 'dead letters not stored, kept in the queue', { messages: records.length, error: String(e?.message ?? e) })
    for (const msg of batch.messages) msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts, 60, 43_200) })
    return
  }
  for (const msg of batch.messages) msg.ack()
  log('warn', 'dead letters stored', { messages: records.length })
}

/** The filter of a request: query parameters for GET, the JSON body for POST. */
async function filterOf(request) {
  if (request.method === 'GET') {
    const q = new URL(request.url).searchParams
    /** @type {Record<string, string | string[] | null>} */
    const f = Object.fromEntries(['reason', 'action', 'source', 'since', 'until', 'cursor', 'limit'].filter((k) => q.has(k)).map((k) => [k, q.get(k)]))
    if (q.has('key')) f.keys = q.getAll('key')
    return f
  }
  const text = await request.text()
  if (!text.trim()) return {}
  const body = JSON.parse(text)
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('The body must be a JSON object: { keys?, reason?, action?, source?, since?, until?, limit?, dryRun? }')
  return body
}

/** GET /dead-letters: `{ count, deadLetters: [...], next }`, oldest first, 50 a page. */
export async function listDeadLetters(request, env) {
  return reply(200, await ledgerOf(env).list(await filterOf(request)))
}

/**
 * POST /dead-letters/replay: queues the matching dead letters' events again and deletes
 * them once queued. `{ dryRun: true }` lists what would go. Rows are claimed first, so two
 * replays at once never queue one event twice.
 */
export async function replayDeadLetters(request, env) {
  const filter = await filterOf(request)
  const ledger = ledgerOf(env)
  const by = crypto.randomUUID()
  const claimed = await ledger.claim({ ...filter, by })
  const replayable = claimed.filter((d) => d.replayable)
  const skipped = claimed.filter((d) => !d.replayable).map((d) => ({ key: d.key, reason: 'too large for a queue message' }))
  if (filter.dryRun) return reply(200, { dryRun: true, wouldReplay: replayable.map((d) => d.key), skipped })
  const done = []
  try {
    let at = 0
    for (const group of chunk(replayable.map((d) => d.event))) {
      await env.EVENTS.sendBatch(group.map((body) => ({ body, contentType: 'text' })))
      done.push(...replayable.slice(at, at + group.length).map((d) => d.key))
      at += group.length
    }
  } catch (e) {
    await ledger.release(by, done)
    log('error', 'replay stopped: the queue refused', { replayed: done.length, error: String(e?.message ?? e) })
    return reply(503, { error: 'The queue refused the events; the rest stay in the dead letters', replayed: done.length, keys: done })
  }
  await ledger.release(by, done)
  log('info', 'dead letters replayed', { replayed: done.length })
  return reply(200, { replayed: done.length, keys: done, skipped })
}

/** POST /dead-letters/delete: deletes the matching dead letters (`{ dryRun: true }` counts them). */
export async function deleteDeadLetters(request, env) {
  return reply(200, await ledgerOf(env).remove(await filterOf(request)))
}

/**
 * GET /dead-letters/preview?key=…: the dead letter and what the Worker's current config
 * would send for its event (the package's preview: the key redacted), so an operator sees
 * whether a replay would now go through.
 */
export async function previewDeadLetter(request, env) {
  const key = new URL(request.url).searchParams.get('key')
  if (!key) return reply(400, { error: 'Say which dead letter: ?key=…' })
  const [deadLetter] = (await ledgerOf(env).list({ keys: [key], limit: 1 })).deadLetters
  if (!deadLetter) return reply(404, { error: 'No such dead letter' })
  const config = await loadConfig(env)
  if (config.error) return reply(200, { deadLetter, preview: null, configError: config.error })
  let preview = null
  let error = null
  try {
    preview = JSON.parse(config.destination.previewJson(deadLetter.event))
  } catch (e) {
    error = { message: String(e?.message ?? e), path: e?.path ?? '' }
  }
  return reply(200, { deadLetter, preview, error })
}
