// A module Web Worker using the package (no import maps in workers: a relative path).
import { init, Destination } from './node_modules/loops-destination/browser.js'
self.onmessage = async (e) => {
  try {
    await init()
    const dest = new Destination({ apiKey: 'test_key', baseUrl: e.data + '/api', retry: { baseDelayMs: 1, seed: 2 } })
    self.postMessage(await dest.send({ type: 'track', event: 'From worker', userId: 'page-u', messageId: 'worker-1',
                                       context: { traits: { email: 'page@example.com' } } }))
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) })
  }
}
