// Type-checked by tsc --strict inside a fresh project that installed the tarball, once per
// resolution (nodenext; bundler with the workerd, browser condition). A team's own event
// types, as they would write them: interfaces with optional fields, no index signature.
import { Destination, transform, validateMapping, matches, explain, actions, Mapping, init, initSync } from 'loops-destination'
import type { SendOutcome, BatchProgress, PreviewEntry, DestinationOptions, SegmentEvent, BatchSummary, BatchOutcome, ApiKeyCheck } from 'loops-destination'
import * as slim from 'loops-destination/slim'

interface Traits { email?: string; firstName?: string; plan?: 'free' | 'pro'; seats?: number }
interface IdentifyCall { type: 'identify'; userId: string; anonymousId?: string | null; traits: Traits; messageId?: string; timestamp?: Date }
interface SignedUp {
  type: 'track'
  event: 'Signed Up'
  userId?: string
  messageId?: string
  properties: { plan: 'free' | 'pro'; referrer?: string }
  context?: { traits?: Traits; ip?: string }
}
type AppEvent = IdentifyCall | SignedUp

const events: AppEvent[] = [
  { type: 'identify', userId: 'u1', traits: { email: 'ada@example.com', seats: 3 }, timestamp: new Date(0) },
  { type: 'track', event: 'Signed Up', userId: 'u1', properties: { plan: 'pro' }, context: { traits: { email: 'ada@example.com' } } },
]

const options: DestinationOptions = {
  apiKey: 'k',
  baseUrl: 'http://127.0.0.1:1/api',
  rateLimit: 10,
  retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 5000, seed: 1 },
  timeoutMs: 1000,
  subscriptions: [{ action: 'sendEvent', subscribe: 'type = "track"' }],
}
const dest = new Destination(options)
const preview: PreviewEntry[] = dest.preview(events[0])
const asSegment: SegmentEvent = events[1]
const mapped: { [key: string]: unknown } = transform({ a: { '@path': '$.traits.email' } }, events[0])
const applied: { [key: string]: unknown } = new Mapping({ plan: { '@path': '$.properties.plan' } }).apply(events[1])
const ok: boolean = matches('type = "track"', events[1]) && validateMapping({}).length === 0
const why: string = explain('type = "identify"', asSegment)
const keys: string[] = actions().map((a) => a.key)

async function run(): Promise<void> {
  await init() // every entry has it: the same code in Node, Workers and browsers
  const outcomes: SendOutcome[] = await dest.send(events[1])
  const fate: SendOutcome['outcome'] = outcomes[0].outcome
  const all: SendOutcome[][] = await dest.sendBatch(events, {
    concurrency: 2,
    onProgress: (p: BatchProgress) => void p.done,
  })
  async function* stream(): AsyncGenerator<string> {
    yield '{"type":"track","event":"x"}'
  }
  const summary: BatchSummary = await dest.sendBatch(stream(), { onOutcome: (o: BatchOutcome) => void o.index })
  const key: ApiKeyCheck = await dest.checkApiKey()
  if (key.ok) void key.team
  else void key.reason
  void summary.stopped
  initSync({ module: new Uint8Array(0) })
  slim.initSync({ module: new Uint8Array(0) })
  await slim.init(new URL('https://example.com/x.wasm'))
  void [fate, all, preview, mapped, applied, ok, why, keys]
}
void run
// @ts-expect-error: apiKey is required
new Destination({})
// @ts-expect-error: rateLimit is a number or false
new Destination({ apiKey: 'k', rateLimit: true })
// @ts-expect-error: a Segment event has a type
dest.preview({ userId: 'u1' })
// @ts-expect-error: userId is text (or null)
dest.preview({ type: 'identify', userId: 42 })
// @ts-expect-error: the slim entry needs the .wasm
void slim.init()
