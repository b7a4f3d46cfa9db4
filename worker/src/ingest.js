// POST /segment: check who is calling and what they sent, queue it, answer at once.
// Loops is never called here: Segment waits at most 10 s and retries only what we refuse
// with a 5xx, so the door answers fast and the queue consumer does the delivering.
import { segmentWebhook } from '../../pkg/workerd.js'
import { chunk } from './chunks.js'
import { credentials, loadConfig, settings } from './config.js'
import { log } from './log.js'
import { stats } from './stats.js'
import { reply } from './reply.js'

/** The body as text, or a refusal when it is longer than `max` bytes or not UTF-8. */
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
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { status: 400, message: 'The body is not UTF-8 text' }
  }
}

export async function ingest(request, env) {
  const s = settings(env)
  const body = await readBody(request, s.maxBodyBytes)
  if (body.status === 413) return reply(413, { error: `The body is over ${s.maxBodyBytes} bytes` })
  if (body.status) return reply(body.status, { error: body.message })

  const config = await loadConfig(env)
  if (config.error) {
    log('error', 'config invalid', { error: config.error.message, path: config.error.path, source: config.source })
    return reply(503, { error: "The Worker's configuration is invalid; GET /health says why" })
  }

  const verdict = segmentWebhook(body.text, {
    ...credentials(env),
    signature: request.headers.get('x-signature') ?? undefined,
    authorization: request.headers.get('authorization') ?? undefined,
  })
  if (verdict.status) {
    log(verdict.status >= 500 ? 'error' : 'warn', 'refused', { status: verdict.status, error: verdict.message, path: verdict.path })
    return reply(verdict.status, { error: verdict.message, ...(verdict.path ? { path: verdict.path } : {}) })
  }

  const chunks = chunk(verdict.events)
  let queued = 0
  try {
    for (const c of chunks) {
      await env.EVENTS.sendBatch(c.map((body) => ({ body, contentType: 'text' })))
      queued += c.length
    }
  } catch (e) {
    // Segment retries the whole request; what was already queued is delivered twice at
    // most, which Loops absorbs (Idempotency-Key on events, upserts for contacts).
    stats.eventsQueued += queued
    log('error', 'queue refused', { queued, events: verdict.events.length, error: String(e?.message ?? e) })
    return reply(503, { error: 'The queue refused the events; retry later', queued })
  }
  stats.eventsQueued += queued
  log('info', 'queued', { shape: verdict.shape, events: queued, chunks: chunks.length })
  return reply(202, { shape: verdict.shape, received: verdict.events.length, queued })
}
