// Start-up as the isolate sees it, for benches/worker.mjs: workerd has compiled the .wasm
// when it loaded the script (a CompiledWasm module); this times the rest at top level:
// initSync (instantiate + wasm-bindgen's start) and the first Destination (config compile).
// Local workerd advances Date.now() during top-level code (performance.now() stays 0), so
// these are whole milliseconds.
import wasmModule from '../../pkg/web/loops_destination_bg.wasm'
import { initSync } from '../../pkg/web/loops_destination.js'
import { Destination } from '../../pkg/index.js'

const t0 = Date.now()
initSync({ module: wasmModule })
const t1 = Date.now()
new Destination({ apiKey: 'k' }).free?.()
const t2 = Date.now()
const timings = { initSyncMs: t1 - t0, firstDestinationMs: t2 - t1 }

export default {
  fetch() {
    return new Response(JSON.stringify(timings), { headers: { 'content-type': 'application/json' } })
  },
  queue() {},
}
