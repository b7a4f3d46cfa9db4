// Node: read the .wasm next to this file and instantiate it synchronously at import.
import { readFileSync } from 'node:fs'
import { initSync } from './web/loops_destination.js'
initSync({ module: readFileSync(new URL('./web/loops_destination_bg.wasm', import.meta.url)) })
export * from './index.js'
