// @ts-check
// GET /contact-properties and GET /lists (admin): the account's contact properties and
// mailing lists, from Loops with the Worker's key, so the playground and the console can
// warn about types and offer list ids without the key ever sitting in a page. The key goes to Loops only: never
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

/**
 * GET `path` from Loops with the Worker's key: `{ list }` when Loops answers a JSON array,
 * else `{ response }` (502/503/504 with `{ error }`, the key never in it).
 */
async function loopsList(env, path, what) {
  const key = env.LOOPS_API_KEY
  if (!key) return { response: reply(503, { error: 'The LOOPS_API_KEY secret is not set' }) }
  const base = (env.LOOPS_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '')
  let res
  try {
    res = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      redirect: 'manual', // the key must not follow a redirect to another host
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (e) {
    const timedOut = e?.name === 'TimeoutError'
    log('warn', `${what}: no answer from Loops`, { timedOut })
    return { response: reply(timedOut ? 504 : 502, { error: timedOut ? `Loops did not answer within ${TIMEOUT_MS / 1000} s` : 'Could not reach Loops' }) }
  }
  const text = await res.text()
  let list
  try {
    list = res.ok ? JSON.parse(text) : undefined
  } catch {
    // Handled below as a bad answer.
  }
  if (!res.ok || !Array.isArray(list)) {
    log('warn', `${what}: Loops refused`, { status: res.status })
    const message = loopsMessage(text, key)
    const why = res.ok ? `not a list of ${what}` : `HTTP ${res.status}${message ? `: ${message}` : ''}`
    return { response: reply(502, { error: `Loops answered ${why}`, loopsStatus: res.status }) }
  }
  return { list: list.filter((x) => x && typeof x === 'object') }
}

/** `[{ key, label, type }]` as Loops sends it (200), or 502/503/504 with `{ error }`. */
export async function contactProperties(env) {
  const { list, response } = await loopsList(env, '/v1/contacts/properties?list=all', 'contact properties')
  if (response) return response
  // Only the documented fields: nothing else Loops might add goes to the browser.
  const properties = list.filter((p) => typeof p.key === 'string').map(({ key: name, label, type }) => ({ key: name, label, type }))
  return reply(200, properties, { 'cache-control': 'no-store' })
}

/** GET /lists (admin): the team's mailing lists, `[{ id, name, description, isPublic }]`, from Loops' GET /v1/lists. */
export async function mailingLists(env) {
  const { list, response } = await loopsList(env, '/v1/lists', 'mailing lists')
  if (response) return response
  const lists = list.filter((l) => typeof l.id === 'string').map(({ id, name, description, isPublic }) => ({ id, name, description: description ?? null, isPublic: isPublic ?? null }))
  return reply(200, lists, { 'cache-control': 'no-store' })
}
