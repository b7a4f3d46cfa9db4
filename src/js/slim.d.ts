export * from './index.js'
/** The .wasm as a WebAssembly.Module, its bytes, a Response or a URL: required. */
export type WasmSource = WebAssembly.Module | BufferSource | Response | URL | string
export function init(module: WasmSource | { module_or_path: WasmSource }): Promise<unknown>
export function initSync(module: WebAssembly.Module | BufferSource | { module: WebAssembly.Module | BufferSource }): unknown
export default init
