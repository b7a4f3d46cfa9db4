// Node: read the .wasm next to this file and instantiate it synchronously at import.
// `init` / `initSync` are there as in every entry (index.d.ts); once ready they do nothing.
import { readFileSync } from 'node:fs'
import { initSync } from './web/loops_destination.js'
initSync({ module: readFileSync(new URL('./web/loops_destination_bg.wasm', import.meta.url)) })
export { default as init, initSync } from './web/loops_destination.js'
export * from './index.js'
