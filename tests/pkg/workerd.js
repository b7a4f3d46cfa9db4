// A Cloudflare Worker using the package's workerd entry (Miniflare does not resolve
// bare names, so the path is relative; wrangler would resolve 'loops-destination').
import * as pkg from './node_modules/loops-destination/workerd.js'
export default {
  async fetch(request, env) {
    await pkg.init() // ready on import: does nothing
    const dest = new pkg.Destination({ apiKey: 'test_key', baseUrl: env.SIM_URL + '/api', retry: { baseDelayMs: 1, seed: 3 } })
    const outcomes = await dest.sendBatch([
      { type: 'identify', userId: 'wd-u', traits: { email: 'workerd@example.com' } },
      { type: 'track', event: 'From workerd', userId: 'wd-u', messageId: 'workerd-1', context: { traits: { email: 'workerd@example.com' } } },
    ])
    return Response.json({ outcomes, hasWindow: typeof window !== 'undefined', exports: Object.keys(pkg) })
  },
}
