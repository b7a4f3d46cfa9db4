// Shared by the benchmark sections: timing, number formatting, the cases.
import { readFileSync } from 'node:fs'

const dir = new URL('./cases/', import.meta.url)
export const read = (f) => readFileSync(new URL(f, dir), 'utf8')
export const cases = () => JSON.parse(read('cases.json'))

/** Calls per batch so that one batch takes about `ms`. */
function calibrate(f, ms) {
  let n = 1
  for (;;) {
    const t = performance.now()
    for (let i = 0; i < n; i++) f()
    if (performance.now() - t > ms) return n
    n *= 2
  }
}

/** Median ops/s of 5 rounds of a batch calibrated to ~80 ms. */
export function opsPerSec(f) {
  const n = calibrate(f, 80)
  const rates = []
  for (let r = 0; r < 5; r++) {
    const t = performance.now()
    for (let i = 0; i < n; i++) f()
    rates.push(n / ((performance.now() - t) / 1000))
  }
  return rates.sort((a, b) => a - b)[2]
}

/** The same for an async call, awaited one at a time. */
export async function opsPerSecAsync(f) {
  let n = 1
  for (;;) {
    const t = performance.now()
    for (let i = 0; i < n; i++) await f()
    if (performance.now() - t > 80) break
    n *= 2
  }
  const rates = []
  for (let r = 0; r < 5; r++) {
    const t = performance.now()
    for (let i = 0; i < n; i++) await f()
    rates.push(n / ((performance.now() - t) / 1000))
  }
  return rates.sort((a, b) => a - b)[2]
}

export const fmt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—')
export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(1)}×` : '—')
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

/** A markdown table. */
export function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

/** Calls per batch so that one batch of an async call, awaited one at a time, takes about `ms`. */
async function calibrateAsync(f, ms) {
  let n = 1
  for (;;) {
    const t = performance.now()
    for (let i = 0; i < n; i++) await f()
    if (performance.now() - t > ms) return n
    n *= 2
  }
}

/**
 * Median ops/s of 9 rounds of each function, the rounds interleaved (a round of each in
 * turn), so that the machine's load moves every figure alike and their ratios hold.
 * `fns`: { name: f } (sync) or { name: [f, 'async'] } (awaited one at a time).
 */
export async function sideBySide(fns, rounds = 9) {
  const entries = Object.entries(fns).map(([k, v]) => (Array.isArray(v) ? [k, v[0], true] : [k, v, false]))
  const n = {}
  // Warm-up (the JIT's tiers), then batches of ~40 ms.
  for (const [, f, a] of entries) a ? await calibrateAsync(f, 150) : calibrate(f, 150)
  for (const [k, f, a] of entries) n[k] = a ? await calibrateAsync(f, 40) : calibrate(f, 40)
  const rates = Object.fromEntries(entries.map(([k]) => [k, []]))
  for (let r = 0; r < rounds; r++) {
    for (const [k, f, a] of entries) {
      const t = performance.now()
      if (a) for (let i = 0; i < n[k]; i++) await f()
      else for (let i = 0; i < n[k]; i++) f()
      rates[k].push(n[k] / ((performance.now() - t) / 1000))
    }
  }
  return Object.fromEntries(entries.map(([k]) => [k, rates[k].sort((x, y) => x - y)[rounds >> 1]]))
}
