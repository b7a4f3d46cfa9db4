// The benchmark command (scripts/bench.sh runs it after building): every section side by
// side with Segment's code in one run; prints the tables and writes BENCHMARKS.md with
// the machine it ran on. Quote the ratios: absolute figures move with the machine's load.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fmt, kb, table } from './lib.mjs'
import { runMapping } from './mapping.mjs'
import { runRequest } from './request.mjs'
import { runStartup } from './startup.mjs'

const started = performance.now()
const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' }).trim()
const machine = [
  `CPU: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores (the benchmarks run on one)`,
  `Node ${process.version}, ${sh('rustc', ['--version'])}, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  `Date: ${new Date().toISOString()}`
]

const { mapping, growth, memo } = runMapping()
const request = await runRequest()
const startup = runStartup()
const mem = JSON.parse(execFileSync(process.execPath, [new URL('./memory.mjs', import.meta.url).pathname], { encoding: 'utf8' }))
const memory = table(
  ['4,000 × identify 5 KB, Destination.preview (objects)', 'value'],
  [
    ['requests built', fmt(mem.requests)],
    ['time', `${fmt(mem.ms)} ms (${fmt((mem.events / mem.ms) * 1000)} events/s)`],
    ['wasm linear memory, before → after (peak)', `${kb(mem.wasmBefore)} → ${kb(mem.wasmAfter)}`],
    ['process peak RSS (Node + the 4,000 events as JS objects)', kb(mem.maxRss)]
  ]
)
const worker = table(['Worker ingest (local workerd)', 'value'], [['accepted events/s, p50, p99 (single and batch)', 'not measured yet (the Worker is still being written)']])

// Budgets, read off the tables above.
const get = (mappingFile, eventFile) => memo.get(`${mappingFile}|${eventFile}`)
const docs = get('contact-default.mapping.json', 'identify-loops-docs.json')
const five = get('contact-default.mapping.json', 'identify-5kb.json')
const mark = (ok) => (ok ? 'met' : 'missed')
const budgets = table(
  ['budget', 'measured', ''],
  [
    ['wasm JSON text ≥ 10× Segment transform, default contact, typical event', `5 KB identify: ${(five.text / five.segment).toFixed(1)}×; docs example: ${(docs.text / docs.segment).toFixed(1)}×`, mark(five.text / five.segment >= 10)],
    ['wasm objects close to JSON.parse + JSON.stringify', `5 KB: ours ${fmt(five.object)} vs JS round trip ${fmt(five.jsRoundTrip)} ops/s (${(five.object / five.jsRoundTrip).toFixed(2)}×)`, 'see notes'],
    ['native ≥ 1,000,000 default-contact mappings/s, one core', `docs example: mapping only ${fmt(docs.nativeTree)}, with JSON text in/out ${fmt(docs.nativeText)}; 5 KB: ${fmt(five.nativeTree)} / ${fmt(five.nativeText)}`, mark(docs.nativeTree >= 1e6)],
    ['.wasm ≤ 250 KB gzipped', `${fmt(startup.gz)} bytes`, mark(startup.gz <= 250 * 1024)],
    ['instantiation < 5 ms in Node', `${startup.init.toFixed(2)} ms`, mark(startup.init < 5)]
  ]
)

const md = `# Benchmarks

Written by \`scripts/bench.sh\` (do not edit by hand). Everything in one run, on the same events,
Segment's own code (\`@segment/actions-core\` 3.170, \`@segment/action-destinations\` 3.497) next to ours.
ops/s are medians of 5 rounds; ratios are against Segment in the same run.

${machine.map((l) => `- ${l}`).join('\n')}

## Budgets

${budgets}

## 1. Mapping

${mapping}

## 2. Event to request

${request}

## 3. Start-up

${startup.size}

${startup.time}

## 4. Worker ingest

${worker}

## 5. Memory

${memory}

## 6. Growth

By event size (default contact mapping; the traits grow):

${growth[0]}

By mapping size (fields of @path / @template, on the 5 KB identify event):

${growth[1]}

Bench run took ${((performance.now() - started) / 1000).toFixed(0)} s.
`
console.log(md)
writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), md)
