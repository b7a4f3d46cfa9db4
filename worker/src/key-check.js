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
    const own = destination ? null : new Destination({ apiKey: key, ...(baseUrl ? { baseUrl } : {}), retry: false, timeoutMs: TIMEOUT_MS })
    try {
      const result = await (destination ?? /** @type {Destination} */ (own)).checkApiKey()
      last = { key, baseUrl, at: Date.now(), result }
    } finally {
      own?.free()
    }
  }
  return { ...last.result, checkedAt: new Date(last.at).toISOString() }
}
