// @ts-check
// The Segment → Loops Worker. Segment's Webhooks (Actions) destination posts events to
// POST /segment; they are checked, queued and answered at once (202), then delivered to
// Loops by the queue consumer at Loops' pace. Nothing is dropped: what Loops refuses,
// or what keeps failing, lands in the dead-letter queue with the reason.
import { credentials, loadConfig, settings } from './config.js'
import { ingest } from './ingest.js'
import { deliverBatch } from './deliver.js'
import { deleteDeadLetters, listDeadLetters, previewDeadLetter, replayDeadLetters, storeDeadLetters } from './dead-letters.js'
import { contactProperties, mailingLists } from './contact-properties.js'
import { ledgerOf } from './ledger.js'
import { checkLoopsKey } from './key-check.js'
import { reply } from './reply.js'
import { stats } from './stats.js'
import { log } from './log.js'

export { Ledger } from './ledger.js'

/**
 * Browsers (the playground's "send through my Worker") may call from ALLOWED_ORIGINS.
 * @returns {Record<string, string>}
 */
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

/**
 * Admin calls (dead letters, replay, contact properties, health details) need
 * ADMIN_TOKEN, compared in constant time. Not SEGMENT_TOKEN: that one sits in Segment's
 * mapping headers, readable by every member of the workspace.
 */
async function isAdmin(request, env) {
  const token = env.ADMIN_TOKEN
  const given = (request.headers.get('authorization') ?? '').replace(/^bearer\s+/i, '').trim()
  if (!token || !given) return false
  const digest = async (s) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))
  return crypto.subtle.timingSafeEqual(await digest(given), await digest(token))
}

const NEEDS_ADMIN = { error: 'Authorization: Bearer <ADMIN_TOKEN> required' }

/**
 * GET /health: `{ ok }` for anyone (a monitor's probe); with the admin token, why: the
 * config, which secrets are set, Loops' answer to the key, the ledger's counts (durable,
 * for the whole Worker) and this isolate's own counts.
 */
async function health(request, env) {
  const config = await loadConfig(env)
  const auth = credentials(env)
  let ledger = null
  let ledgerError = null
  try {
    ledger = await ledgerOf(env).status()
  } catch (e) {
    ledgerError = String(e?.message ?? e)
  }
  const keyRefused = ledger?.notes?.loopsKey ?? null
  const ok = !config.error && Boolean(auth.sharedSecret || auth.token) && Boolean(env.LOOPS_API_KEY) && !ledgerError && !keyRefused
  if (!(await isAdmin(request, env))) return reply(ok ? 200 : 503, { ok })
  return reply(ok ? 200 : 503, {
    ok,
    config: config.error ? { source: config.source, error: config.error } : { source: config.source, subscriptions: config.subscriptions },
    auth: { sharedSecret: Boolean(auth.sharedSecret), token: Boolean(auth.token), adminToken: true, tokenRequired: auth.tokenAlways ? 'always' : 'batches' },
    loops: { apiKey: Boolean(env.LOOPS_API_KEY), baseUrl: env.LOOPS_BASE_URL || 'https://app.loops.so/api', keyCheck: await checkLoopsKey(env, config.destination), keyRefused },
    ledger: ledgerError ? { error: ledgerError } : { deadLetters: ledger.deadLetters, contacts: ledger.contacts, notes: ledger.notes },
    counts: ledger ? { ...ledger.totals, deadLettersKept: ledger.deadLetters } : null,
    byHour: ledger?.byHour ?? null,
    isolate: stats,
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
    if (method === 'GET') return health(request, env)
    return reply(405, { error: 'Use GET' }, { allow: 'GET' })
  }
  const admin = ADMIN_ROUTES[pathname]
  if (admin) {
    if (!(await isAdmin(request, env))) return reply(401, NEEDS_ADMIN)
    const handler = admin[method]
    if (!handler) return reply(405, { error: 'Wrong method' }, { allow: Object.keys(admin).join(', ') })
    try {
      return await handler(request, env)
    } catch (e) {
      if (e instanceof SyntaxError || /^Say which|^The body must/.test(e?.message)) return reply(400, { error: String(e.message) })
      throw e
    }
  }
  if (pathname === '/' && method === 'GET') {
    return reply(200, { service: 'loops-destination', endpoints: ['POST /segment', 'GET /health', ...Object.entries(ADMIN_ROUTES).flatMap(([p, m]) => Object.keys(m).map((k) => `${k} ${p}`))] })
  }
  return reply(404, { error: 'Not found' })
}

/** Routes behind ADMIN_TOKEN: path → method → handler. */
const ADMIN_ROUTES = {
  '/dead-letters': { GET: listDeadLetters },
  '/dead-letters/replay': { POST: replayDeadLetters },
  '/dead-letters/delete': { POST: deleteDeadLetters },
  '/dead-letters/preview': { GET: previewDeadLetter },
  '/contact-properties': { GET: (_, env) => contactProperties(env) },
  '/lists': { GET: (_, env) => mailingLists(env) },
}

export default /** @satisfies {ExportedHandler<Env>} */ ({
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
})
