// Mapping speed side by side in one run: Segment's actions-core `transform` in Node,
// ours through wasm in Node (JSON text in/out, and JS objects in/out), ours native.
// Usage: scripts/bench.sh (builds first). Prints a table; quote the ratios, not the times.
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import * as ours from '../pkg/node.js'

const require = createRequire(import.meta.url)
const { core } = require('../tests/segment/oracle.cjs')
const dir = new URL('./cases/', import.meta.url)
const read = (f) => readFileSync(new URL(f, dir), 'utf8')

/** Median ops/s of 5 rounds of a batch calibrated to ~100 ms. */
function opsPerSec(f) {
  let n = 1
  for (;;) {
    const t = performance.now()
    for (let i = 0; i < n; i++) f()
    if (performance.now() - t > 100) break
    n *= 2
  }
  const rates = []
  for (let r = 0; r < 5; r++) {
    const t = performance.now()
    for (let i = 0; i < n; i++) f()
    rates.push(n / ((performance.now() - t) / 1000))
  }
  return rates.sort((a, b) => a - b)[2]
}

const native = Object.fromEntries(
  execFileSync('cargo', ['bench', '--quiet', '--bench', 'native'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .map((r) => [r.case, r]),
)

const fmt = (n) => Math.round(n).toLocaleString('en-US')
const rows = []
for (const c of JSON.parse(read('cases.json'))) {
  const mappingText = read(c.mapping)
  const eventText = read(c.event)
  const mapping = JSON.parse(mappingText)
  const event = JSON.parse(eventText)
  const compiled = new ours.Mapping(mapping)
  // Same answer from both before timing anything.
  const expected = JSON.stringify(core.transform(mapping, event))
  if (compiled.applyJson(eventText) !== expected) throw new Error(`${c.name}: results differ`)
  const segment = opsPerSec(() => core.transform(mapping, event))
  const text = opsPerSec(() => compiled.applyJson(eventText))
  const object = opsPerSec(() => compiled.apply(event))
  const nat = native[c.name]?.textOpsPerSec ?? NaN
  rows.push([c.name, fmt(segment), `${fmt(text)} (${(text / segment).toFixed(1)}×)`, `${fmt(object)} (${(object / segment).toFixed(1)}×)`, `${fmt(nat)} (${(nat / segment).toFixed(1)}×)`])
}
const head = ['case', 'Segment transform (object)', 'ours wasm, JSON text', 'ours wasm, objects', 'ours native, JSON text']
console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`)
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
const wasm = readFileSync(new URL('../pkg/web/loops_destination_bg.wasm', import.meta.url))
const { gzipSync } = await import('node:zlib')
console.log(`\nrelease .wasm: ${fmt(wasm.length)} bytes raw, ${fmt(gzipSync(wasm, { level: 9 }).length)} gzipped; ops/s are medians of 5 rounds; ratios against Segment in the same run`)
