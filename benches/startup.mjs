// Start-up: the .wasm's size, and the time to compile and instantiate it in a fresh
// Node process (each sample is a new process, so no in-process compile cache helps).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { fmt, table } from './lib.mjs'

const wasmUrl = new URL('../pkg/web/loops_destination_bg.wasm', import.meta.url)
const glueUrl = new URL('../pkg/web/loops_destination.js', import.meta.url)

// Run in the child: read the bytes first, then time initSync (compile + instantiate +
// wasm-bindgen's start), then the first call (lazy compilation makes it dearer).
const CHILD = `
const { readFileSync } = require('node:fs')
import(${JSON.stringify(glueUrl.href)}).then((glue) => {
  const bytes = readFileSync(${JSON.stringify(wasmUrl.pathname)})
  const t0 = performance.now()
  glue.initSync({ module: bytes })
  const t1 = performance.now()
  glue.transformJson('{"a":{"@path":"$.b"}}', '{"b":1}')
  const t2 = performance.now()
  console.log(JSON.stringify({ init: t1 - t0, first: t2 - t1 }))
})`

export function runStartup() {
  const wasm = readFileSync(wasmUrl)
  const samples = []
  for (let i = 0; i < 15; i++) samples.push(JSON.parse(execFileSync(process.execPath, ['-e', CHILD], { encoding: 'utf8' })))
  const median = (k) => samples.map((s) => s[k]).sort((a, b) => a - b)[7]
  const size = table(
    ['.wasm', 'bytes'],
    [
      ['raw', fmt(wasm.length)],
      ['gzip -9', fmt(gzipSync(wasm, { level: 9 }).length)],
      ['brotli (quality 11)', fmt(brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length)]
    ]
  )
  const time = table(
    ['start-up (median of 15 fresh processes)', 'ms'],
    [
      ['Node: initSync (compile + instantiate)', median('init').toFixed(2)],
      ['Node: first transform call after that', median('first').toFixed(2)],
      ['workerd (Miniflare)', 'not measured yet']
    ]
  )
  return { size, time, gz: gzipSync(wasm, { level: 9 }).length, init: median('init') }
}
