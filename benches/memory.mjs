// Memory: peak for a 4,000-event batch preview, in a fresh process: the wasm linear
// memory (it only grows, so its final size is its peak) and the process's peak RSS.
// Usage (child of benches/run.mjs): node benches/memory.mjs → one JSON line.
import { readFileSync } from 'node:fs'
import { initSync } from '../pkg/web/loops_destination.js'
import { Destination } from '../pkg/index.js'

const wasm = initSync({ module: readFileSync(new URL('../pkg/web/loops_destination_bg.wasm', import.meta.url)) })
const event = JSON.parse(readFileSync(new URL('./cases/identify-5kb.json', import.meta.url), 'utf8'))
const before = wasm.memory.buffer.byteLength
const dest = new Destination({ apiKey: 'test-api-key' })
// The batch as a caller holds it: 4,000 distinct events (own messageId and userId).
const batch = Array.from({ length: 4000 }, (_, i) => ({ ...event, messageId: `m-${i}`, userId: `user-${i}` }))
const t = performance.now()
let requests = 0
for (const e of batch) requests += dest.preview(e).filter((p) => p.request).length
const ms = performance.now() - t
console.log(JSON.stringify({ events: batch.length, requests, ms, wasmBefore: before, wasmAfter: wasm.memory.buffer.byteLength, maxRss: process.resourceUsage().maxRSS * 1024 }))
