// Differential test of the trigger language (FQL): every subscription fixture plus
// DIFF_CASES (default 1000) seeded random trigger/event pairs, through Segment's
// destination-subscriptions and our wasm build. Invalid triggers are compared as
// "invalid or not", plus the exact message where Segment's is meaningful.
import { test } from 'node:test'
import { diffSubscription, fixtureCases } from './engines.mjs'
import { genSubscriptionCase } from './generate.mjs'
import { runCases, randomCases, caseCount, only } from './run.mjs'

const options = { fields: ['subscribe', 'event'], textFields: ['subscribe'] }

test('subscription fixtures: Segment and ours agree', { skip: only !== null }, async () => {
  const cases = fixtureCases('subscription').map((c) => [`${c.at} ${c.name}`, c])
  await runCases('subscription fixtures', cases, diffSubscription, options)
})

test('random triggers: Segment and ours agree', async () => {
  await runCases('random triggers', randomCases(genSubscriptionCase, caseCount(1000)), diffSubscription, options)
})
