// Cloudflare Workers: the .wasm must be imported as a module (Workers forbid compiling
// wasm from bytes); wrangler turns this import into a WebAssembly.Module.
import wasmModule from './web/loops_destination_bg.wasm'
import { initSync } from './web/loops_destination.js'
initSync({ module: wasmModule })
export * from './index.js'
