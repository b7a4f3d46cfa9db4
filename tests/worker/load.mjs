// Accept latency of POST /segment in local workerd (not a test): signed single events
// and 100-event batches (token + signature), one request at a time over loopback, while
// the consumer delivers to the simulator (limit raised so the queue drains meanwhile).
// Bounded: at most --singles and --batches requests and --seconds of wall time.
//   node tests/worker/load.mjs [--singles 500] [--batches 100] [--seconds 90]
import { createHmac } from 'node:crypto'
import { parseArgs } from 'node:util'
import { startSimulator } from '../loops-sim/server.mjs'
import { localWorker } from '../../worker/local.mjs'

const { values } = parseArgs({ options: { singles: { type: 'string', default: '500' }, batches: { type: 'string', default: '100' }, seconds: { type: 'string', default: '90' } } })
const deadline = Date.now() + Number(values.seconds) * 1000
const SECRET = 'load-secret'
const TOKEN = 'load-token'
const sign = (text) => createHmac('sha1', SECRET).update(text).digest('hex')

const sim = await startSimulator({ port: 0, config: { rateLimit: { limit: 1000 }, requestLogLimit: 1000 } })
const mf = localWorker({
  vars: {
    LOOPS_API_KEY: 'test_key', LOOPS_BASE_URL: `${sim.url}/api`, SEGMENT_SHARED_SECRET: SECRET, SEGMENT_TOKEN: TOKEN,
    LOOPS_CONFIG: JSON.stringify({ rateLimit: 1000 }),
  },
})
const url = `${(await mf.ready).href}segment`

const event = (i) => ({
  type: i % 2 ? 'track' : 'identify', event: 'Played', userId: `u${i}`, messageId: `load-${i}`,
  traits: { email: `u${i}@example.com`, firstName: 'Load', plan: 'pro' },
  properties: { n: i, note: 'a typical small event' },
  context: { library: { name: 'analytics.js', version: '2.11.1' }, ip: '127.0.0.1', traits: { email: `u${i}@example.com` } },
  timestamp: new Date(0).toISOString(),
})

async function measure(label, count, makeBody) {
  const ms = []
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const { body, signed, batch } = makeBody(i)
    const headers = { 'content-type': 'application/json', 'x-signature': sign(signed) }
    if (batch) headers.authorization = `Bearer ${TOKEN}`
    const t0 = performance.now()
    const res = await fetch(url, { method: 'POST', headers, body })
    await res.arrayBuffer()
    ms.push(performance.now() - t0)
    if (res.status !== 202) throw new Error(`${label}: HTTP ${res.status}`)
  }
  ms.sort((a, b) => a - b)
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(2)
  console.log(`${label}: ${ms.length} requests, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${ms.at(-1).toFixed(2)} ms, bytes/request ${makeBody(0).body.length}`)
}

try {
  // Warm the isolate (compile, first queue send) before measuring.
  for (let i = 0; i < 20; i++) {
    const t = JSON.stringify(event(1e6 + i))
    await (await fetch(url, { method: 'POST', headers: { 'x-signature': sign(t) }, body: t })).arrayBuffer()
  }
  await measure('single event', Number(values.singles), (i) => {
    const t = JSON.stringify(event(i))
    return { body: t, signed: t }
  })
  await measure('batch of 100', Number(values.batches), (i) => {
    const list = Array.from({ length: 100 }, (_, j) => event(100_000 + i * 100 + j))
    return { body: JSON.stringify(list), signed: JSON.stringify(list[0]), batch: true }
  })
} finally {
  await mf.dispose()
  await sim.close()
}
