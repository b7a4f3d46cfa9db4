// Runs cases through a differential check, shrinks the first few differences, and
// fails the node:test with their minimal forms.
import assert from 'node:assert/strict'
import { shrink, describe } from './shrink.mjs'
import { caseSeed, seedFromEnv } from './generate.mjs'

/** How many differences are shrunk and printed in full (the rest are only counted). */
const SHOW = Number(process.env.DIFF_SHOW ?? 10)

export const seed = seedFromEnv()
export const caseCount = (fallback) => Number(process.env.DIFF_CASES ?? fallback)
/** DIFF_ONLY=i runs only random case i (reproduce one failure). */
export const only = process.env.DIFF_ONLY === undefined ? null : Number(process.env.DIFF_ONLY)

/** The random cases of this run: [label, case] with each case's own reproducible seed. */
export function* randomCases(generate, count) {
  const indices = only === null ? Array.from({ length: count }, (_, i) => i) : [only]
  for (const i of indices) yield [`random case ${i} (DIFF_SEED=${seed} DIFF_ONLY=${i})`, generate(caseSeed(seed, i))]
}

/**
 * Checks every [label, case]; `fields` picks the parts that are shrunk.
 * Returns the summary; asserts no difference.
 */
export async function runCases(title, cases, diff, { fields, textFields = [] }) {
  const started = Date.now()
  let ran = 0
  let differences = 0
  const reports = []
  const crashes = []
  const seen = new Set()
  let shrunk = 0
  for (const [label, full] of cases) {
    ran++
    const c = Object.fromEntries(fields.map((f) => [f, full[f]]))
    const d = await diff(c)
    if (!d) continue
    differences++
    if (d.ours.crash) crashes.push(label)
    // Shrink a bounded number; print each distinct minimal case once.
    if (reports.length < SHOW && shrunk++ < SHOW * 3) {
      const small = await shrink(c, d, diff, { textFields })
      const key = describe('', small.testCase, small.difference)
      if (!seen.has(key)) {
        seen.add(key)
        reports.push(describe(label, small.testCase, small.difference))
      }
    }
  }
  const summary = `${title}: ${ran} cases run, ${differences} differences${crashes.length ? `, ${crashes.length} crashes (wasm trap)` : ''} (${Date.now() - started} ms, DIFF_SEED=${seed})`
  console.log(summary)
  assert.equal(differences, 0, `${summary}\n${reports.join('\n')}${differences > reports.length ? `\n… and ${differences - reports.length} more` : ''}`)
  return { ran, differences }
}
