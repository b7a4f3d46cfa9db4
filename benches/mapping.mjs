// Mapping speed side by side in one run, and how it grows: Segment's actions-core
// `transform` in Node, ours through wasm in Node (JSON text in/out, and JS objects in/out),
// ours native (from benches/native.rs, JSON text in/out and the mapping alone).
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import * as ours from '../pkg/node.js'
import { cases, fmt, opsPerSec, ratio, read, table } from './lib.mjs'

const require = createRequire(import.meta.url)
const { core } = require('../tests/segment/oracle.cjs')

function nativeResults() {
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'native'], { encoding: 'utf8' })
  return new Map(out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).map((r) => [r.case, r]))
}

let sink = 0

/** Every measurement of one case; the same answer from Segment and ours first. */
function measure(c, native, memo) {
  const key = `${c.mapping}|${c.event}`
  if (memo.has(key)) return memo.get(key)
  const eventText = read(c.event)
  const mapping = JSON.parse(read(c.mapping))
  const event = JSON.parse(eventText)
  const compiled = new ours.Mapping(mapping)
  const expected = JSON.stringify(core.transform(mapping, event))
  if (compiled.applyJson(eventText) !== expected) throw new Error(`${c.name}: results differ from Segment's`)
  const n = native.get(c.name) ?? {}
  const r = {
    bytes: Buffer.byteLength(eventText),
    segment: opsPerSec(() => core.transform(mapping, event)),
    // The result read once: a result assembled from slices of the input is flattened
    // by V8 on first read, and that cost counts.
    text: opsPerSec(() => {
      const r = compiled.applyJson(eventText)
      sink ^= r.charCodeAt(r.length >> 1)
    }),
    object: opsPerSec(() => compiled.apply(event)),
    jsRoundTrip: opsPerSec(() => JSON.parse(JSON.stringify(event))),
    nativeText: n.textOpsPerSec ?? NaN,
    nativeTree: n.treeOpsPerSec ?? NaN
  }
  memo.set(key, r)
  return r
}

/** Slope of log(time per op) against log(size): 1 is linear, above 1 grows faster. */
function slope(points) {
  const [a, b] = [points[0], points[points.length - 1]]
  return Math.log(b.ops === 0 ? 1 : a.ops / b.ops) / Math.log(b.size / a.size)
}

export function runMapping() {
  const native = nativeResults()
  const memo = new Map()
  const all = cases()
  const rows = all.filter((c) => c.group === 'mapping').map((c) => {
    const r = measure(c, native, memo)
    return [
      c.name,
      fmt(r.bytes),
      fmt(r.segment),
      `${fmt(r.text)} (${ratio(r.text, r.segment)})`,
      `${fmt(r.object)} (${ratio(r.object, r.segment)})`,
      fmt(r.jsRoundTrip),
      `${fmt(r.nativeText)} (${ratio(r.nativeText, r.segment)})`,
      `${fmt(r.nativeTree)} (${ratio(r.nativeTree, r.segment)})`
    ]
  })
  const mapping = table(
    ['case', 'event bytes', 'Segment transform (objects)', 'ours wasm, JSON text', 'ours wasm, objects', 'JS JSON.parse(JSON.stringify(event))', 'ours native, JSON text', 'ours native, mapping only (parsed event)'],
    rows
  )
  const growth = []
  const exponents = {}
  for (const [group, unit] of [['growth-event', 'event bytes (target)'], ['growth-mapping', 'mapping fields']]) {
    const list = all.filter((c) => c.group === group).map((c) => ({ c, r: measure(c, native, memo) }))
    const grow = (pick) => slope(list.map(({ c, r }) => ({ size: c.size, ops: pick(r) })))
    exponents[group] = { text: grow((r) => r.text), native: grow((r) => r.nativeText), segment: grow((r) => r.segment) }
    growth.push(
      table(
        ['case', unit, 'Segment', 'ours wasm, JSON text', 'ours native, JSON text', 'ours wasm µs per op'],
        list.map(({ c, r }) => [c.name, fmt(c.size), fmt(r.segment), fmt(r.text), fmt(r.nativeText), (1e6 / r.text).toFixed(2)])
      ) +
        `\n\nGrowth exponent (log time / log size, first to last row; 1 = linear, below 1 = a fixed cost dominates the small end): ` +
        `Segment ${grow((r) => r.segment).toFixed(2)}, ours wasm ${grow((r) => r.text).toFixed(2)}, ours native ${grow((r) => r.nativeText).toFixed(2)}.`
    )
  }
  return { mapping, growth, exponents, memo }
}
