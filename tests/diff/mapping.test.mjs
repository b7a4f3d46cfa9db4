// Differential test of mapping-kit: every mapping and liquid fixture, plus DIFF_CASES
// (default 2000) seeded random mapping/event pairs, through Segment's actions-core and
// our wasm build. Any difference fails and prints a shrunk, minimal case.
import { test } from 'node:test'
import { diffMapping, fixtureCases } from './engines.mjs'
import { genMappingCase } from './generate.mjs'
import { runCases, randomCases, caseCount, only } from './run.mjs'

const fields = ['mapping', 'event']

test('mapping and liquid fixtures: Segment and ours agree', { skip: only !== null }, async () => {
  const cases = [
    ...fixtureCases('mapping').map((c) => [`${c.at} ${c.name}`, { mapping: c.mapping, event: c.input }]),
    ...fixtureCases('liquid').map((c) => [`${c.at} ${c.name}`, { mapping: { out: { '@liquid': c.template } }, event: c.input }]),
  ]
  await runCases('mapping fixtures', cases, diffMapping, { fields })
})

test('random mappings: Segment and ours agree', async () => {
  await runCases('random mappings', randomCases(genMappingCase, caseCount(2000)), diffMapping, { fields })
})
