// @ts-check
// The Worker's settings, read from its environment once per isolate (the Destination
// is compiled once and reused by every request and every queue batch).
import { Destination, transformJson, validateMapping, validateTrigger } from 'loops-destination'

const KV_KEY = 'loops-config'
/** How long a KV-held config is trusted before it is read again (KV itself lags ~60 s). */
const KV_TTL_SECONDS = 60

let cached = null // { text, source, at, destination | error }

/** The Destination options from LOOPS_CONFIG (text or object) or the CONFIG KV namespace. */
async function configText(env) {
  if (env.CONFIG) {
    const fromKv = await env.CONFIG.get(KV_KEY)
    if (fromKv) return { text: fromKv, source: 'kv' }
  }
  const v = env.LOOPS_CONFIG
  const empty = v === undefined || v === null || v === '' || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)
  if (empty) return { text: '{}', source: 'default' }
  return { text: typeof v === 'string' ? v : JSON.stringify(v), source: 'var' }
}

const fail = (message, path) => Object.assign(new Error(message), { path })

/**
 * The Destination reports a bad trigger or mapping per event (as Segment does); the
 * Worker refuses them up front, so a broken config shows at once instead of filling
 * the dead letters.
 */
function checkSubscriptions(subscriptions) {
  if (!Array.isArray(subscriptions)) return
  subscriptions.forEach((s, i) => {
    if (s?.subscribe !== undefined) {
      const [first] = validateTrigger(s.subscribe)
      if (first) throw fail(`Invalid trigger: ${first.message}`, `/subscriptions/${i}/subscribe${first.path}`)
    }
    if (s?.mapping !== undefined) {
      const [first, ...rest] = validateMapping(s.mapping)
      if (first) throw fail(`Invalid mapping: ${first.message}${rest.length ? ` (and ${rest.length} more)` : ''}`, `/subscriptions/${i}/mapping${first.path}`)
    }
  })
}

function compile(text, env) {
  let options
  try {
    options = JSON.parse(text)
  } catch (e) {
    // V8's message quotes a piece of the text, which may be a secret pasted by mistake;
    // the package's parser says where without quoting.
    let where = ''
    try {
      transformJson('{}', text)
    } catch (ours) {
      where = `: ${ours.message}`
    }
    throw Object.assign(new Error(`LOOPS_CONFIG is not JSON${where}`), { path: '' })
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw Object.assign(new Error('LOOPS_CONFIG must be a JSON object (the options of new Destination(...) without apiKey)'), { path: '' })
  }
  if ('apiKey' in options) {
    throw Object.assign(new Error('LOOPS_CONFIG must not hold the API key: set the LOOPS_API_KEY secret'), { path: '/apiKey' })
  }
  checkSubscriptions(options.subscriptions)
  if (!env.LOOPS_API_KEY) throw Object.assign(new Error('The LOOPS_API_KEY secret is not set'), { path: '' })
  const full = {
    // Short retries in place; the queue retries for longer (RETRY_* and MAX_ATTEMPTS).
    retry: { attempts: 3, maxElapsedMs: 20_000 },
    ...options,
    apiKey: env.LOOPS_API_KEY,
  }
  if (env.LOOPS_BASE_URL) full.baseUrl = env.LOOPS_BASE_URL
  return new Destination(full)
}

/**
 * `{ destination, source, subscriptions }` or `{ error: { message, path, kind }, source }`.
 * An invalid config is remembered and reported on every call until it changes.
 */
export async function loadConfig(env) {
  const ttlMs = number(env.CONFIG_CACHE_SECONDS, KV_TTL_SECONDS) * 1000
  if (cached && (!env.CONFIG || Date.now() - cached.at < ttlMs)) return cached
  const { text, source } = await configText(env)
  if (cached && cached.text === text) {
    cached.at = Date.now()
    return cached
  }
  cached?.destination?.free?.()
  try {
    const destination = compile(text, env)
    const subscriptions = JSON.parse(text).subscriptions?.map((s) => s.action) ?? ['createOrUpdateContact', 'sendEvent']
    cached = { text, source, at: Date.now(), destination, subscriptions }
  } catch (e) {
    cached = { text, source, at: Date.now(), error: { message: e.message, path: e.path ?? '', kind: e.kind ?? 'config' } }
  }
  return cached
}

const number = (v, fallback) => {
  const n = Number(v)
  return v !== undefined && v !== '' && Number.isFinite(n) && n >= 0 ? n : fallback
}

/** Limits and retry settings from the variables. */
export function settings(env) {
  return {
    maxBodyBytes: number(env.MAX_BODY_BYTES, 16 * 1024 * 1024),
    maxAttempts: Math.max(1, number(env.MAX_ATTEMPTS, 13)),
    retryBaseSeconds: number(env.RETRY_BASE_SECONDS, 30),
    retryMaxSeconds: number(env.RETRY_MAX_SECONDS, 3600),
    pauseBaseSeconds: number(env.PAUSE_BASE_SECONDS, 300),
    pauseMaxSeconds: number(env.PAUSE_MAX_SECONDS, 43_200),
    maxEventAgeSeconds: number(env.MAX_EVENT_AGE_SECONDS, 86_400),
    queueRetentionSeconds: Math.max(10, number(env.QUEUE_RETENTION_SECONDS, 86_400)),
    sendConcurrency: Math.max(1, number(env.SEND_CONCURRENCY, 4)),
    deadLetterQueue: env.DEAD_LETTER_QUEUE || 'loops-dead-letters',
  }
}

/** For the webhook check; empty secrets count as unset. */
export function credentials(env) {
  return {
    sharedSecret: env.SEGMENT_SHARED_SECRET || undefined,
    token: env.SEGMENT_TOKEN || undefined,
    tokenAlways: env.SEGMENT_TOKEN_REQUIRED === 'always',
  }
}
