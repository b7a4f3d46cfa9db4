// @ts-check
// The admin /health's look at the Loops key: the package's `checkApiKey()` (Loops'
// `GET /v1/api-key`), made when an admin asks, never for anonymous probes, and at most once
// a minute per isolate (a dashboard polling /health must not spend the team's 10
// requests/s). With a valid config it goes through the delivery's own Destination, so it
// is paced with the sends. The key is never in the answer: `{ ok: true, team }` or
// `{ ok: false, status, reason }` with Loops' reason, plus when it was checked.
import { Destination } from 'loops-destination'

const TTL_MS = 60_000
const TIMEOUT_MS = 5_000

/** @type {{ key: string, baseUrl: string, at: number, result: import('loops-destination').ApiKeyCheck } | null} */
let last = null

/**
 * @param {Env} env
 * @param {Destination} [destination] the config's, when the config is valid
 * @returns {Promise<(import('loops-destination').ApiKeyCheck & { checkedAt: string }) | null>} null: no LOOPS_API_KEY
 */
export async function checkLoopsKey(env, destination) {
  const key = env.LOOPS_API_KEY
  if (!key) return null
  const baseUrl = env.LOOPS_BASE_URL ?? ''
  if (!last || last.key !== key || last.baseUrl !== baseUrl || Date.now() - last.at > TTL_MS) {
    let own = null
    /** @type {import('loops-destination').ApiKeyCheck} */
    let result
    try {
      // Without a valid config, a Destination of the key alone (a bad LOOPS_BASE_URL throws here).
      own = destination ? null : new Destination({ apiKey: key, ...(baseUrl ? { baseUrl } : {}), retry: false, timeoutMs: TIMEOUT_MS })
      result = await (destination ?? /** @type {Destination} */ (own)).checkApiKey()
    } catch (e) {
      result = { ok: false, reason: `the key could not be checked: ${e instanceof Error ? e.message : String(e)}` }
    } finally {
      own?.free()
    }
    last = { key, baseUrl, at: Date.now(), result }
  }
  return { ...last.result, checkedAt: new Date(last.at).toISOString() }
}
