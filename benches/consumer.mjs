// The Worker's queue consumer, as it spends CPU per delivered event: worker/src/deliver.js
// itself (deliverBatch on batches of 25, the Worker's max_batch_size), in Node with the
// package the Worker imports (pkg/workerd.js is served by pkg/node.js: same code, the
// .wasm loaded from its file), since local workerd freezes its clocks. Loops is a `fetch`
// that answers 200 at once, the ledger a stub that answers at once, pacing off: the
// figure is the process's CPU time (user + system) per delivered event, without any wait
// on Loops.
//   node benches/consumer.mjs [PKGDIR]
import { register } from 'node:module'
import { read } from './lib.mjs'

const pkg = new URL(`${(process.argv[2] ?? new URL('../pkg', import.meta.url).pathname).replace(/\/$/, '')}/node.js`, 'file:///').href
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, next) {
    if (s.endsWith('pkg/workerd.js')) return { url: ${JSON.stringify(pkg)}, shortCircuit: true }
    // The ledger's Durable Object class (stubbed here): a stand-in base class.
    if (s === 'cloudflare:workers') return { url: 'data:text/javascript,export class DurableObject {}', shortCircuit: true }
    return next(s, c)
  }`)}`
)

export async function measureConsumer({ batches = 40 } = {}) {
  const { deliverBatch } = await import('../worker/src/deliver.js')
  const log = console.log
  const events = ['identify-1kb.json', 'track-1kb.json'].map((f) => JSON.parse(read(f)))
  let sent = 0
  globalThis.fetch = async () => {
    sent += 1
    return new Response('{"success":true,"id":"x"}', { status: 200, headers: { 'content-type': 'application/json' } })
  }
  const ledger = { contacts: async () => ({}), record: async () => {} }
  const env = { LOOPS_API_KEY: 'k', LOOPS_CONFIG: '{"rateLimit":false}', LEDGER: { idFromName: () => 'ledger', get: () => ledger } }
  let n = 0
  const batch = () => ({
    messages: Array.from({ length: 25 }, () => {
      const e = events[n % 2]
      n += 1
      return { id: `m${n}`, body: JSON.stringify({ ...e, messageId: `c-${n}`, userId: `user-${n}` }), attempts: 1, timestamp: new Date(), ack() {}, retry() { throw new Error('retried') } }
    })
  })
  console.log = () => {} // the Worker's structured log lines
  try {
    for (let i = 0; i < 10; i++) await deliverBatch(batch(), env) // warm-up
    sent = 0
    const samples = []
    for (let r = 0; r < 5; r++) {
      const before = sent
      const cpu = process.cpuUsage()
      for (let i = 0; i < batches / 5; i++) await deliverBatch(batch(), env)
      const used = process.cpuUsage(cpu)
      samples.push((used.user + used.system) / (sent - before))
    }
    return { usPerEvent: samples.sort((a, b) => a - b)[2], events: 25 * batches }
  } finally {
    console.log = log
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureConsumer()
  console.log(`consumer CPU per delivered event (1 KB identify / track, batches of 25, median of 5 rounds): ${r.usPerEvent.toFixed(1)} µs`)
}
