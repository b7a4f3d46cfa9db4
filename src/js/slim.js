// Bring your own .wasm (bundlers, CDNs, custom loaders): nothing here fetches or reads
// it. `initSync({ module })` with a WebAssembly.Module or bytes, or
// `await init({ module_or_path })` with a Module, bytes, a Response or a URL.
import glueInit, { initSync } from './web/loops_destination.js'
export { initSync }
export * from './index.js'

export function init(module) {
  if (module === undefined) throw new TypeError('loops-destination/slim: pass the .wasm (a WebAssembly.Module, bytes, a Response or a URL) to init')
  return glueInit(module)
}
export default init
