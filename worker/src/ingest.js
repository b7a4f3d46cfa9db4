// @ts-check
// POST /segment: check who is calling and what they sent, queue it, answer at once.
// Loops is never called here: Segment waits at most 10 s and retries only what we refuse
// with a 5xx, so the door answers fast and the queue consumer does the delivering.
// Whatever is answered 2xx ends in the queue or in the ledger's dead letters: a batch's
// bad elements go there with their index and reason, and so does what the queue refuses.
import { segmentWebhook } from 'loops-destination'
import { chunk } from './chunks.js'
import { credentials, loadConfig, settings } from './config.js'
import { ledgerOf } from './ledger.js'
import { deadLetterKey, ids } from './records.js'
import { log } from './log.js'
import { countLedgerFailure, stats } from './stats.js'
import { reply } from './reply.js'

/**
 * The body as text, or a refusal when it is longer than `max` bytes or not UTF-8.
 * @returns {Promise<{ text: string, status?: undefined, message?: undefined } | { status: 400 | 413, message?: string, text?: undefined }>}
 */
async function readBody(request, max) {
  const declared = Number(request.headers.get('content-length'))
  if (declared > max) return { status: 413 }
  if (!request.body) return { text: '' }
  const reader = request.body.getReader()
  const parts = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      await reader.cancel()
      return { status: 413 }
    }
    parts.push(value)
  }
  const bytes = new Uint8Array(total)
  let at = 0
  for (const p of parts) bytes.set(p, at), (at += p.byteLength)
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) }
  } catch {
    return { status: 400, message: 'The body is not UTF-8 text' }
  }
}

/** Dead letters for the door: rejected elements, and events the queue would not take. */
function doorRecords(rejected, unqueued, why) {
  const deadAt = new Date().toISOString()
  const record = (event, extra) => ({ key: deadLetterKey(ids(event).messageId), deadAt, source: 'door', messageId: ids(event).messageId ?? null, attempts: 0, event, ...extra })
  return [
    ...rejected.map((r) => record(r.event, { index: r.index, reason: `refused at the door (HTTP ${r.status}) at ${r.path || '/'}: ${r.message}`, replayable: false })),
    ...unqueued.map(({ event, index }) => record(event, { index, reason: `the queue refused it at the door: ${why}` })),
  ]
}

export async function ingest(request, env) {
  const s = settings(env)
  const body = await readBody(request, s.maxBodyBytes)
  if (body.status === 413) return reply(413, { error: `The body is over ${s.maxBodyBytes} bytes` })
  if (body.status) return reply(body.status, { error: body.message })

  const config = await loadConfig(env)
  if (config.error) {
    log('error', 'config invalid', { error: config.error.message, path: config.error.path, source: config.source })
    return reply(503, { error: "The Worker's configuration is invalid; GET /health (with the admin token) says why" })
  }

  const verdict = segmentWebhook(body.text, {
    ...credentials(env),
    signature: request.headers.get('x-signature') ?? undefined,
    authorization: request.headers.get('authorization') ?? undefined,
    maxAgeSeconds: s.maxEventAgeSeconds || undefined,
    now: Date.now(),
  })
  if (verdict.status) {
    log(verdict.status >= 500 ? 'error' : 'warn', 'refused', { status: verdict.status, error: verdict.message, path: verdict.path })
    return reply(verdict.status, { error: verdict.message, ...(verdict.path ? { path: verdict.path } : {}) })
  }

  const chunks = chunk(verdict.events)
  let queued = 0
  let refusedBy = null
  for (const c of chunks) {
    try {
      await env.EVENTS.sendBatch(c.map((body) => ({ body, contentType: 'text' })))
      queued += c.length
    } catch (e) {
      refusedBy = String(e?.message ?? e)
      break
    }
  }
  // Accepted events the queue did not take, with their positions in the batch.
  const accepted = verdict.events.length
  const unqueued = []
  if (refusedBy !== null) {
    const positions = []
    const bad = new Set(verdict.rejected.map((r) => r.index))
    for (let i = 0; positions.length < accepted; i++) if (!bad.has(i)) positions.push(i)
    for (let i = queued; i < accepted; i++) unqueued.push({ event: verdict.events[i], index: verdict.shape === 'batch' ? positions[i] : null })
  }
  if (refusedBy !== null && queued === 0 && verdict.rejected.length === 0) {
    // Nothing taken yet: Segment's retry is the cleanest way out.
    log('error', 'queue refused', { events: accepted, error: refusedBy })
    return reply(503, { error: 'The queue refused the events; retry later', queued: 0 })
  }
  const records = doorRecords(verdict.rejected, unqueued, refusedBy)
  if (records.length) {
    try {
      await ledgerOf(env).record({ deadLetters: records, counts: { deadLettered: records.length } })
    } catch (e) {
      // Neither the queue nor the ledger: Segment retries the whole request; what was
      // queued already goes again, which Loops absorbs (idempotency keys, contact order).
      countLedgerFailure()
      log('error', 'dead letters not stored at the door', { queued, deadLetters: records.length, error: String(e?.message ?? e) })
      return reply(503, { error: 'Could not keep the events that were not queued; retry later', queued })
    }
  }
  stats.eventsQueued += queued
  log('info', 'queued', { shape: verdict.shape, events: queued, chunks: chunks.length, rejected: verdict.rejected.length, unqueued: unqueued.length })
  return reply(202, {
    shape: verdict.shape,
    received: accepted + verdict.rejected.length,
    queued,
    ...(records.length ? { deadLettered: records.length } : {}),
    ...(verdict.rejected.length ? { rejected: verdict.rejected.map(({ index, status, message, path }) => ({ index, status, message, path })) } : {}),
  })
}
