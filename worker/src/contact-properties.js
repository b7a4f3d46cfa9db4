// GET /contact-properties (admin): the account's contact properties, from Loops'
// GET /v1/contacts/properties?list=all with the Worker's key, so the playground can warn
// about types without the key ever sitting in a page. The key goes to Loops only: never
// into the answer or the logs.
import { log } from './log.js'
import { reply } from './reply.js'

const DEFAULT_BASE_URL = 'https://app.loops.so/api'
/** Well inside the 10 s a browser user waits; Loops answers this call in well under 1 s. */
const TIMEOUT_MS = 10_000

/** Loops' error text, with the key cut out should it ever be quoted back. */
function loopsMessage(text, key) {
  let message
  try {
    message = JSON.parse(text)?.message
  } catch {
    // Not JSON (an HTML error page): the status says enough.
  }
  if (typeof message !== 'string') return undefined
  return message.split(key).join('[redacted]').slice(0, 300)
}

/** `[{ key, label, type }]` as Loops sends it (200), or 502/503/504 with `{ error }`. */
export async function contactProperties(env) {
  const key = env.LOOPS_API_KEY
  if (!key) return reply(503, { error: 'The LOOPS_API_KEY secret is not set' })
  const base = (env.LOOPS_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '')
  let res
  try {
    res = await fetch(`${base}/v1/contacts/properties?list=all`, {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (e) {
    const timedOut = e?.name === 'TimeoutError'
    log('warn', 'contact properties: no answer from Loops', { timedOut })
    return reply(timedOut ? 504 : 502, { error: timedOut ? `Loops did not answer within ${TIMEOUT_MS / 1000} s` : 'Could not reach Loops' })
  }
  const text = await res.text()
  let list
  try {
    list = res.ok ? JSON.parse(text) : undefined
  } catch {
    // Handled below as a bad answer.
  }
  if (!res.ok || !Array.isArray(list)) {
    log('warn', 'contact properties: Loops refused', { status: res.status })
    const message = loopsMessage(text, key)
    const why = res.ok ? 'not a list of properties' : `HTTP ${res.status}${message ? `: ${message}` : ''}`
    return reply(502, { error: `Loops answered ${why}`, loopsStatus: res.status })
  }
  // Only the documented fields: nothing else Loops might add goes to the browser.
  const properties = list
    .filter((p) => p && typeof p === 'object' && typeof p.key === 'string')
    .map(({ key: name, label, type }) => ({ key: name, label, type }))
  return reply(200, properties, { 'cache-control': 'no-store' })
}
