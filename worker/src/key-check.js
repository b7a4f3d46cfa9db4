// @ts-check
// The admin /health's look at the Loops key: the package's `checkApiKey()` (Loops'
// `GET /v1/api-key`), made when an admin asks, never for anonymous probes (which would
// spend the team's 10 requests/s), and never by the delivery path. The key is not in the
// answer: `{ ok: true, team }` or `{ ok: false, status, reason }` with Loops' reason.
import { Destination } from 'loops-destination'

const TIMEOUT_MS = 5_000

/**
 * @param {Env} env
 * @returns {Promise<import('loops-destination').ApiKeyCheck | null>} null: no LOOPS_API_KEY set
 */
export async function checkLoopsKey(env) {
  if (!env.LOOPS_API_KEY) return null
  const destination = new Destination({
    apiKey: env.LOOPS_API_KEY,
    ...(env.LOOPS_BASE_URL ? { baseUrl: env.LOOPS_BASE_URL } : {}),
    retry: false,
    timeoutMs: TIMEOUT_MS,
  })
  try {
    return await destination.checkApiKey()
  } finally {
    destination.free()
  }
}
