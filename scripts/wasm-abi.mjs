// node scripts/wasm-abi.mjs FILE.wasm [OUT.wasm]: drops `reference-types` and `multivalue`
// from the module's `target_features` section (in place without OUT), so that wasm-bindgen
// gives every export an i32-only signature with at most one result.
//
// Why: V8 (Node 20) compiles a JS→wasm wrapper with TurboFan for each distinct export
// signature that takes an externref or returns several values, at compile time; with
// wasm-bindgen's externref/multi-value ABI our 31 exports had 21 such signatures, about a
// quarter of `initSync`. i32-only signatures with ≤ 1 result use V8's generic wrapper,
// compiled once. Our code is built without those features (.cargo/config.toml), but the
// prebuilt std was built with them and the linker writes the union, which is what
// wasm-bindgen reads to choose its ABI.
import { readFileSync, writeFileSync } from 'node:fs'

const DROP = new Set(['reference-types', 'multivalue'])

function leb(bytes, at) {
  let value = 0
  let shift = 0
  for (;;) {
    const b = bytes[at++]
    value += (b & 0x7f) * 2 ** shift
    shift += 7
    if (!(b & 0x80)) return [value, at]
  }
}

function uleb(n) {
  const out = []
  do {
    let b = n & 0x7f
    n = Math.floor(n / 128)
    if (n) b |= 0x80
    out.push(b)
  } while (n)
  return Buffer.from(out)
}

const name = (text) => Buffer.concat([uleb(Buffer.byteLength(text)), Buffer.from(text)])

/** The module with DROP taken out of its target_features section. */
export function dropFeatures(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module (no \\0asm)')
  const parts = [wasm.subarray(0, 8)]
  let at = 8
  while (at < wasm.length) {
    const start = at
    const id = wasm[at++]
    let size
    ;[size, at] = leb(wasm, at)
    const end = at + size
    if (id === 0) {
      const [len, p] = leb(wasm, at)
      if (wasm.toString('utf8', p, p + len) === 'target_features') {
        let q = p + len
        let count
        ;[count, q] = leb(wasm, q)
        const kept = []
        for (let i = 0; i < count; i++) {
          const prefix = wasm[q++]
          const [flen, r] = leb(wasm, q)
          const feature = wasm.toString('utf8', r, r + flen)
          q = r + flen
          if (!DROP.has(feature)) kept.push(Buffer.concat([Buffer.from([prefix]), name(feature)]))
        }
        const body = Buffer.concat([name('target_features'), uleb(kept.length), ...kept])
        parts.push(Buffer.from([0]), uleb(body.length), body)
        at = end
        continue
      }
    }
    parts.push(wasm.subarray(start, end))
    at = end
  }
  return Buffer.concat(parts)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, out = file] = process.argv.slice(2)
  writeFileSync(out, dropFeatures(readFileSync(file)))
}
