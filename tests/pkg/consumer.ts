// Type-checked by tsc --noEmit inside a fresh project that installed the tarball.
import { Destination, transform, validateMapping, matches, actions, Mapping } from 'loops-destination'
import type { SendOutcome, BatchProgress, PreviewEntry, DestinationOptions } from 'loops-destination'
import { init, initSync } from 'loops-destination/slim'

const options: DestinationOptions = {
  apiKey: 'k',
  baseUrl: 'http://127.0.0.1:1/api',
  rateLimit: 10,
  retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 5000, seed: 1 },
  timeoutMs: 1000,
  subscriptions: [{ action: 'sendEvent', subscribe: 'type = "track"' }],
}
const dest = new Destination(options)
const preview: PreviewEntry[] = dest.preview({ type: 'track', event: 'x' })
const mapped: { [key: string]: unknown } = transform({ a: { '@path': '$.b' } }, { b: 1 })
const ok: boolean = matches('type = "track"', { type: 'track' }) && validateMapping({}).length === 0
const keys: string[] = actions().map((a) => a.key)
new Mapping({}).free()

async function run(): Promise<void> {
  const outcomes: SendOutcome[] = await dest.send({ type: 'track', event: 'x' })
  const fate: 'delivered' | 'already_delivered' | 'rejected' | 'failed' | 'misconfigured' = outcomes[0].outcome
  const all: SendOutcome[][] = await dest.sendBatch([{ type: 'track' }], {
    concurrency: 2,
    onProgress: (p: BatchProgress) => void p.done,
  })
  initSync({ module: new Uint8Array(0) })
  await init(new URL('https://example.com/x.wasm'))
  void [fate, all, preview, mapped, ok, keys]
}
void run
// @ts-expect-error: apiKey is required
new Destination({})
// @ts-expect-error: rateLimit is a number or false
new Destination({ apiKey: 'k', rateLimit: true })
