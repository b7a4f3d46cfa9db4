// Accept latency and rate of POST /segment in local workerd (not a test): signed single
// events and 100-event batches (token + signature) over loopback, while the consumer
// delivers to the simulator (limit raised so the queue drains meanwhile). Bounded: at most
// --singles and --batches requests per phase and --seconds of wall time in all.
// benches/worker.mjs calls measureIngest for BENCHMARKS.md.
//   node tests/worker/load.mjs [--singles 500] [--batches 100] [--seconds 90] [--concurrency 1]
import { createHmac } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { startSimulator } from '../../loops-sim/server.mjs'
import { localWorker } from '../../worker/local.mjs'

const SECRET = 'load-secret'
const TOKEN = 'load-token'
const sign = (text) => createHmac('sha1', SECRET).update(text).digest('hex')

const event = (i) => ({
  type: i % 2 ? 'track' : 'identify', event: 'Played', userId: `u${i}`, messageId: `load-${i}`,
  traits: { email: `u${i}@example.com`, firstName: 'Load', plan: 'pro' },
  properties: { n: i, note: 'a typical small event' },
  context: { library: { name: 'analytics.js', version: '2.11.1' }, ip: '127.0.0.1', traits: { email: `u${i}@example.com` } },
  timestamp: new Date(0).toISOString(),
})

const single = (i) => {
  const t = JSON.stringify(event(i))
  return { body: t, signed: t, events: 1 }
}
const batch = (i) => {
  const list = Array.from({ length: 100 }, (_, j) => event(i * 100 + j))
  return { body: JSON.stringify(list), signed: JSON.stringify(list[0]), batch: true, events: 100 }
}

/**
 * `count` requests, `concurrency` in flight, until `deadline`: `{ requests, events, seconds,
 * eventsPerSecond, p50, p99, max, bytes }` (latencies in ms, from send to the whole 202 read).
 */
async function measure(url, label, { count, concurrency, deadline, first, makeBody }) {
  const ms = []
  let next = 0
  let events = 0
  const one = async () => {
    while (next < count && Date.now() < deadline) {
      const { body, signed, batch: isBatch, events: n } = makeBody(first + next++)
      const headers = { 'content-type': 'application/json', 'x-signature': sign(signed) }
      if (isBatch) headers.authorization = `Bearer ${TOKEN}`
      const t0 = performance.now()
      const res = await fetch(url, { method: 'POST', headers, body })
      await res.arrayBuffer()
      ms.push(performance.now() - t0)
      if (res.status !== 202) throw new Error(`${label}: HTTP ${res.status}`)
      events += n
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, one))
  const seconds = (performance.now() - t0) / 1000
  ms.sort((a, b) => a - b)
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]
  return { label, concurrency, requests: ms.length, events, seconds, eventsPerSecond: events / seconds, p50: q(0.5), p99: q(0.99), max: ms.at(-1), bytes: makeBody(0).body.length }
}

/**
 * Starts a simulator and the Worker, warms the isolate, then measures single events and
 * 100-event batches at each of `concurrencies`. Everything on 127.0.0.1.
 */
export async function measureIngest({ singles = 500, batches = 100, seconds = 90, concurrencies = [1] } = {}) {
  const deadline = Date.now() + seconds * 1000
  const sim = await startSimulator({ port: 0, config: { rateLimit: { limit: 1000 }, requestLogLimit: 1000 } })
  const mf = localWorker({
    vars: {
      LOOPS_API_KEY: 'test_key', LOOPS_BASE_URL: `${sim.url}/api`, SEGMENT_SHARED_SECRET: SECRET, SEGMENT_TOKEN: TOKEN,
      LOOPS_CONFIG: JSON.stringify({ rateLimit: 1000 }),
    },
  })
  try {
    const url = `${(await mf.ready).href}segment`
    // Warm the isolate (compile, first queue send) before measuring.
    for (let i = 0; i < 20; i++) {
      const t = JSON.stringify(event(1e7 + i))
      await (await fetch(url, { method: 'POST', headers: { 'x-signature': sign(t) }, body: t })).arrayBuffer()
    }
    const rows = []
    // Each phase has its own messageIds (a million apart), so nothing is a repeat.
    for (const [k, concurrency] of concurrencies.entries()) {
      rows.push(await measure(url, 'single event', { count: singles, concurrency, deadline, first: k * 1e6, makeBody: single }))
      rows.push(await measure(url, 'batch of 100', { count: batches, concurrency, deadline, first: (k * 1e6 + 5e5) / 100, makeBody: batch }))
    }
    return rows
  } finally {
    await mf.dispose()
    await sim.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { singles: { type: 'string', default: '500' }, batches: { type: 'string', default: '100' }, seconds: { type: 'string', default: '90' }, concurrency: { type: 'string', default: '1' } } })
  const rows = await measureIngest({ singles: Number(values.singles), batches: Number(values.batches), seconds: Number(values.seconds), concurrencies: [Number(values.concurrency)] })
  for (const r of rows) {
    console.log(`${r.label}: ${r.requests} requests (${r.concurrency} in flight), ${Math.round(r.eventsPerSecond)} events/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms, bytes/request ${r.bytes}`)
  }
}
