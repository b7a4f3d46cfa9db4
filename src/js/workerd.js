// Cloudflare Workers: the .wasm must be imported as a module (Workers forbid compiling
// wasm from bytes); wrangler turns this import into a WebAssembly.Module.
// `init` / `initSync` are there as in every entry (index.d.ts); once ready they do nothing.
import wasmModule from './web/loops_destination_bg.wasm'
import { initSync } from './web/loops_destination.js'
initSync({ module: wasmModule })
export { default as init, initSync } from './web/loops_destination.js'
export * from './index.js'
