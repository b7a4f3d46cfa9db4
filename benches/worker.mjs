// The Worker in local workerd (Miniflare), on loopback only: how fast POST /segment accepts
// events (tests/worker/load.mjs), and what our module adds to start-up. scripts/bench.sh
// runs it after benches/run.mjs; it fills section 4 and the workerd row of BENCHMARKS.md
// (or appends its section if those are not there) and leaves the rest as run.mjs wrote it.
//   node benches/worker.mjs [--no-write]
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fmt, table } from './lib.mjs'
import { measureIngest } from '../tests/worker/load.mjs'
import { localWorker, ROOT, workerBundle } from '../worker/local.mjs'

const started = performance.now()
const ROUNDS = 11
const wasmBytes = readFileSync(new URL('../pkg/web/loops_destination_bg.wasm', import.meta.url)).length
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x) => x.toFixed(1)

/** Time from `new Miniflare` to ready, then the first answer to `path`. */
async function startOnce(scriptPath, path) {
  const vars = { LOOPS_API_KEY: 'test_key', LOOPS_BASE_URL: 'http://127.0.0.1:9/api', SEGMENT_TOKEN: 'bench', LOOPS_CONFIG: '{}' }
  // The stand-ins run as they are; the Worker as wrangler bundles it (made before the clock starts).
  const script = scriptPath.endsWith('worker/src/index.js') ? workerBundle(scriptPath) : scriptPath
  const t0 = performance.now()
  const mf = localWorker({ vars, scriptPath: script, bundle: false })
  try {
    const url = await mf.ready
    const t1 = performance.now()
    const res = await fetch(new URL(path, url))
    const body = await res.text()
    const t2 = performance.now()
    if (!res.ok && res.status !== 503) throw new Error(`${scriptPath} ${path}: HTTP ${res.status}`)
    return { ready: t1 - t0, first: t2 - t1, body }
  } finally {
    await mf.dispose()
  }
}

/** Fresh workerd processes, the three scripts interleaved so the machine's load hits all alike. */
async function startup() {
  const runs = { baseline: [], worker: [], probe: [] }
  for (let i = 0; i < ROUNDS; i++) {
    runs.baseline.push(await startOnce(`${ROOT}benches/workerd/baseline.js`, '/'))
    runs.worker.push(await startOnce(`${ROOT}worker/src/index.js`, '/health'))
    runs.probe.push(await startOnce(`${ROOT}benches/workerd/probe.js`, '/'))
  }
  const inside = runs.probe.map((r) => JSON.parse(r.body))
  const m = {
    baselineReady: median(runs.baseline.map((r) => r.ready)),
    workerReady: median(runs.worker.map((r) => r.ready)),
    baselineFirst: median(runs.baseline.map((r) => r.first)),
    workerFirst: median(runs.worker.map((r) => r.first)),
    initSync: median(inside.map((t) => t.initSyncMs)),
    firstDestination: median(inside.map((t) => t.firstDestinationMs)),
  }
  m.module = m.workerReady - m.baselineReady
  return m
}

const s = await startup()
const ingest = await measureIngest({ singles: 500, batches: 100, seconds: 120, concurrencies: [1, 8] })
const took = (performance.now() - started) / 1000

const ingestTable = table(
  ['POST /segment, local workerd', 'in flight', 'requests', 'accepted events/s', 'p50 ms', 'p99 ms', 'max ms', 'bytes/request'],
  ingest.map((r) => [r.label, r.concurrency, fmt(r.requests), fmt(r.eventsPerSecond), ms(r.p50), ms(r.p99), ms(r.max), fmt(r.bytes)]),
)
const startupTable = table(
  [`workerd start-up (median of ${ROUNDS} fresh workerd processes)`, 'ms'],
  [
    ['Miniflare ready, a Worker without wasm (same queues and KV)', ms(s.baselineReady)],
    ['Miniflare ready, our Worker', ms(s.workerReady)],
    ['**our package (difference): load and compile the .wasm and JS, run initSync**', `**${ms(s.module)}**`],
    ['inside the isolate: initSync (instantiate + start; whole ms, 0 = under 1)', String(s.initSync)],
    ['inside the isolate: first `new Destination` (default config, first calls into the wasm; whole ms)', String(s.firstDestination)],
    ['first answer after ready: baseline `GET /`', ms(s.baselineFirst)],
    ['first answer after ready: our `GET /health` (config compiled, KV listed)', ms(s.workerFirst)],
  ],
)
const section = `${ingestTable}

${startupTable}

How this was measured (\`node benches/worker.mjs\`, loopback only, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)} at the end):
- Ingest: \`measureIngest\` of \`tests/worker/load.mjs\`. Signed, typical small events (${ingest[0].bytes} bytes; the
  batches carry the token too), to the Worker in workerd while its queue consumer delivers to the Loops
  simulator on the same 2 cores. After 20 warm-up requests, 500 single events and 100 batches of 100,
  first one request at a time, then 8 in flight. Latency is from send until the whole 202 has been read.
  Accepted events/s is events over the wall time of the phase. "Accepted" means queued in Miniflare's
  local queue: a deployed Worker's queue send goes over the network and takes longer.
- Start-up: each sample is a fresh workerd process started through Miniflare. "Our package" is the
  ready time of the Worker minus that of a Worker with the same bindings and no wasm
  (\`benches/workerd/baseline.js\`). It holds Miniflare handing the .wasm (${fmt(wasmBytes)} bytes) and
  the JS to workerd, workerd compiling them when it loads the script, and the top level's \`initSync\`.
  The inside figures come from \`benches/workerd/probe.js\`, which times \`initSync\` and the first
  \`Destination\` with \`Date.now()\`. Local workerd advances \`Date.now()\` during
  top-level code, but only in whole milliseconds. \`performance.now()\` stays 0 there. The start-up
  figures move with the machine's load by tens of ms (the difference went from about 40 to 90 ms between
  runs while others compiled): quote the order of magnitude, not one run.

Worker section took ${took.toFixed(0)} s.`

console.log(section)

if (!process.argv.includes('--no-write')) {
  const file = new URL('../BENCHMARKS.md', import.meta.url)
  let md = readFileSync(file, 'utf8')
  const heading = '## 4. Worker ingest\n\n'
  const at = md.indexOf(heading)
  const end = at < 0 ? -1 : md.indexOf('\n## ', at + heading.length)
  if (at >= 0 && end >= 0) md = `${md.slice(0, at + heading.length)}${section}\n${md.slice(end)}`
  else md = `${md.trimEnd()}\n\n## Worker in local workerd\n\n${section}\n`
  md = md.replace('| workerd (Miniflare) | not measured yet |', `| workerd: our package at start-up (ready time minus a Worker without wasm; see section 4) | ${ms(s.module)} |`)
  writeFileSync(file, md)
}
