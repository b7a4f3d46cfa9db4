// Node ESM consumer of the installed tarball: the "node" condition, then ./slim.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Destination, transform } from 'loops-destination'
import * as slim from 'loops-destination/slim'

const sim = process.argv[2]
const dest = new Destination({ apiKey: 'test_key', baseUrl: `${sim}/api`, retry: { baseDelayMs: 1, seed: 4 } })
const outcomes = await dest.sendBatch([
  { type: 'identify', userId: 'node-u', traits: { email: 'node@example.com' } },
  { type: 'track', event: 'From node', userId: 'node-u', messageId: 'node-1', context: { traits: { email: 'node@example.com' } } },
])
const wasmPath = createRequire(import.meta.url).resolve('loops-destination/wasm')
slim.initSync({ module: readFileSync(wasmPath) })
const slimOut = slim.transform({ a: { '@path': '$.b' } }, { b: 2 })
console.log(JSON.stringify({ outcomes, node: transform({ a: { '@path': '$.b' } }, { b: 1 }), slim: slimOut }))
