// Browsers and Web Workers: `await init()` once (it fetches the .wasm next to this file),
// then use the API.
export { default as init, initSync } from './web/loops_destination.js'
export * from './index.js'
