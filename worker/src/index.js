// The Segment → Loops Worker. Segment's Webhooks (Actions) destination posts events to
// POST /segment; they are checked, queued and answered at once (202), then delivered to
// Loops by the queue consumer at Loops' pace. Nothing is dropped: what Loops refuses,
// or what keeps failing, lands in the dead-letter queue with the reason.
import { credentials, loadConfig, settings } from './config.js'
import { ingest } from './ingest.js'
import { deliverBatch } from './deliver.js'
import { countDeadLetters, listDeadLetters, replayDeadLetters, storeDeadLetters } from './dead-letters.js'
import { contactProperties } from './contact-properties.js'
import { reply } from './reply.js'
import { stats } from './stats.js'
import { log } from './log.js'

/** Browsers (the playground's "send through my Worker") may call from ALLOWED_ORIGINS. */
function cors(request, env) {
  const origin = request.headers.get('origin')
  const allowed = (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (!origin || !(allowed.includes(origin) || allowed.includes('*'))) return {}
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': 'content-type, x-signature, authorization',
    'access-control-max-age': '600',
    vary: 'origin',
  }
}

/** Admin calls need the bearer token, compared in constant time. */
async function isAdmin(request, env) {
  const token = env.SEGMENT_TOKEN
  const given = (request.headers.get('authorization') ?? '').replace(/^bearer\s+/i, '').trim()
  if (!token || !given) return false
  const digest = async (s) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))
  return crypto.subtle.timingSafeEqual(await digest(given), await digest(token))
}

async function health(env) {
  const config = await loadConfig(env)
  const auth = credentials(env)
  const ok = !config.error && Boolean(auth.sharedSecret || auth.token)
  return reply(ok ? 200 : 503, {
    ok,
    config: config.error ? { source: config.source, error: config.error } : { source: config.source, subscriptions: config.subscriptions },
    auth: { sharedSecret: Boolean(auth.sharedSecret), token: Boolean(auth.token), tokenRequired: auth.tokenAlways ? 'always' : 'batches' },
    loops: { apiKey: Boolean(env.LOOPS_API_KEY), baseUrl: env.LOOPS_BASE_URL || 'https://app.loops.so/api' },
    counts: { ...stats, deadLettersKept: await countDeadLetters(env) },
  })
}

async function route(request, env) {
  const { pathname } = new URL(request.url)
  const method = request.method
  if (pathname === '/segment') {
    if (method === 'POST') return ingest(request, env)
    return reply(405, { error: 'Use POST' }, { allow: 'POST, OPTIONS' })
  }
  if (pathname === '/health') {
    if (method === 'GET') return health(env)
    return reply(405, { error: 'Use GET' }, { allow: 'GET' })
  }
  if (pathname === '/dead-letters' || pathname === '/dead-letters/replay') {
    if (!(await isAdmin(request, env))) return reply(401, { error: 'Authorization: Bearer <SEGMENT_TOKEN> required' })
    if (pathname === '/dead-letters' && method === 'GET') return listDeadLetters(env)
    if (pathname === '/dead-letters/replay' && method === 'POST') return replayDeadLetters(env)
    return reply(405, { error: 'Wrong method' }, { allow: pathname === '/dead-letters' ? 'GET' : 'POST' })
  }
  if (pathname === '/contact-properties') {
    if (!(await isAdmin(request, env))) return reply(401, { error: 'Authorization: Bearer <SEGMENT_TOKEN> required' })
    if (method === 'GET') return contactProperties(env)
    return reply(405, { error: 'Use GET' }, { allow: 'GET' })
  }
  if (pathname === '/' && method === 'GET') {
    return reply(200, { service: 'loops-destination', endpoints: ['POST /segment', 'GET /health', 'GET /dead-letters', 'POST /dead-letters/replay', 'GET /contact-properties'] })
  }
  return reply(404, { error: 'Not found' })
}

export default {
  async fetch(request, env) {
    const extra = cors(request, env)
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: extra })
    let response
    try {
      response = await route(request, env)
    } catch (e) {
      // Unexpected: 503 so that Segment retries rather than drops.
      log('error', 'unexpected', { error: String(e?.message ?? e) })
      response = reply(503, { error: 'Internal error; retry later' })
    }
    for (const [k, v] of Object.entries(extra)) response.headers.set(k, v)
    return response
  },

  async queue(batch, env) {
    if (batch.queue === settings(env).deadLetterQueue) return storeDeadLetters(batch, env)
    return deliverBatch(batch, env)
  },
}
