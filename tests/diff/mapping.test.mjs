// Differential test of mapping-kit: every mapping and liquid fixture, plus DIFF_CASES
// (default 2000) seeded random mapping/event pairs, through Segment's actions-core and
// our wasm build. Any difference fails and prints a shrunk, minimal case.
import { test } from 'node:test'
import { diffMapping, fixtureCases } from './engines.mjs'
import assert from 'node:assert/strict'
import { genMappingCase, DIRECTIVES } from './generate.mjs'
import { runCases, randomCases, caseCount, only } from './run.mjs'

const fields = ['mapping', 'event']

test('mapping and liquid fixtures: Segment and ours agree', { skip: only !== null }, async () => {
  const cases = [
    ...fixtureCases('mapping').map((c) => [`${c.at} ${c.name}`, { mapping: c.mapping, event: c.input }]),
    ...fixtureCases('liquid').map((c) => [`${c.at} ${c.name}`, { mapping: { out: { '@liquid': c.template } }, event: c.input }]),
  ]
  await runCases('mapping fixtures', cases, diffMapping, { fields })
})

/** How often each @-key occurs in a mapping (coverage of the generator). */
function countDirectives(v, counts) {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('@')) counts[k] = (counts[k] ?? 0) + 1
      countDirectives(x, counts)
    }
  }
  return counts
}

test('random mappings: Segment and ours agree', async () => {
  const counts = {}
  const cases = [...randomCases(genMappingCase, caseCount(2000))]
  cases.forEach(([, c]) => countDirectives(c.mapping, counts))
  if (only === null && cases.length >= 500) {
    const missing = DIRECTIVES.filter((d) => !counts[d])
    assert.deepEqual(missing, [], 'the generator must cover every directive')
  }
  console.log(`directives generated: ${DIRECTIVES.map((d) => `${d} ${counts[d] ?? 0}`).join(', ')}`)
  await runCases('random mappings', cases, diffMapping, { fields })
})
