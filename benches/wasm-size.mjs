// What the .wasm is made of: code bytes per Rust module, read from the name section of
// the unstripped cargo output (before wasm-bindgen and wasm-opt, so a few % off the final).
// Usage: node benches/wasm-size.mjs [path.wasm] → a table, biggest first (benches/run.mjs
// puts it in BENCHMARKS.md).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const DEFAULT = new URL('../target/wasm32-unknown-unknown/release/loops_destination.wasm', import.meta.url).pathname

/** Markdown: code bytes per module, the `top` biggest. */
export function sizeByModule(file = DEFAULT, top = 14) {
  const b = readFileSync(file)
  let p = 8
  const leb = () => {
    let r = 0, s = 0, x
    do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7 } while (x & 0x80)
    return r
  }
  const sizes = [] // body size per defined function, in order
  const names = new Map()
  let imported = 0
  let data = 0
  while (p < b.length) {
    const id = b[p++]
    const len = leb()
    const end = p + len
    if (id === 2) { // imports: functions count in the index space
      for (let n = leb(); n > 0; n--) {
        const ml = leb(); p += ml; const fl = leb(); p += fl
        const kind = b[p++]
        if (kind === 0) { leb(); imported++ } else if (kind === 1) { p++; const f = leb(); leb(); if (f & 1) leb() } else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb() } else { p += 2 }
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) { const l = leb(); sizes.push(l); p += l }
    } else if (id === 11) {
      data = len
    } else if (id === 0) {
      const nl = leb(); const name = b.toString('utf8', p, p + nl); p += nl
      if (name === 'name') {
        while (p < end) {
          const sub = b[p++]; const sl = leb(); const se = p + sl
          if (sub === 1) for (let n = leb(); n > 0; n--) { const i = leb(); const l = leb(); names.set(i, b.toString('utf8', p, p + l)); p += l }
          p = se
        }
      }
    }
    p = end
  }
  /** The length-prefixed identifiers of a mangled Rust symbol (legacy `_ZN…E` or v0 `_R…`). */
  function idents(name) {
    if (name.includes('::')) return name.split(/::|[<> ,&*()[\]]+/).filter((x) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(x))
    const out = []
    name = name.replace(/Cs[0-9A-Za-z]+_/g, '_') // v0 crate hashes
    for (let i = 0; i < name.length; ) {
      const m = /^\d+/.exec(name.slice(i))
      if (m && (i === 0 || !/\d/.test(name[i - 1]))) {
        const id = name.substr(i + m[0].length, +m[0])
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && id.length === +m[0]) {
          out.push(id)
          i += m[0].length + id.length
          continue
        }
      }
      i++
    }
    return out
  }
  /** The crate, and for our crate its module path (two levels), of a function. */
  function owner(name) {
    const parts = idents(name)
    const ours = parts.indexOf('loops_destination')
    // The Liquid interpreter is the biggest part: one level deeper there.
  if (ours >= 0) return parts.slice(ours, ours + (parts[ours + 2] === 'liquid' ? 4 : 3)).join('::')
    return parts[0] ?? name.slice(0, 20)
  }
  const by = new Map()
  sizes.forEach((s, i) => {
    const name = names.get(i + imported) ?? '?'
    // wasm-bindgen's describe functions are read at build time and removed from the output.
    const o = /__wbindgen_describe|wasm_bindgen.*describe/.test(name) ? '(wasm-bindgen describe, removed by wasm-bindgen)' : owner(name); by.set(o, (by.get(o) ?? 0) + s) })
  const total = sizes.reduce((a, s) => a + s, 0)
  const rows = [...by].sort((x, y) => y[1] - x[1]).slice(0, top).map(([o, s]) => `| ${o} | ${s.toLocaleString('en-US')} | ${((100 * s) / total).toFixed(1)}% |`)
  return [`| module (unstripped cargo output) | code bytes | share |`, `|---|---|---|`, ...rows].join('\n') +
    `\n\ncode ${total.toLocaleString('en-US')} bytes in ${sizes.length} functions; data ${data.toLocaleString('en-US')} bytes; file ${b.length.toLocaleString('en-US')} bytes`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(sizeByModule(process.argv[2], 30))
