// Signed events reach the simulator as contacts and events, once.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { start, until } from './harness.mjs'

test('a signed identify becomes a contact; a signed track an event; a retried messageId one event', async (t) => {
  const { worker, sim } = await start(t)
  const identify = { type: 'identify', userId: 'u-ada', messageId: 'id-1', traits: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', plan: 'pro' } }
  const accepted = await worker.post(identify)
  assert.equal(accepted.status, 202)
  assert.deepEqual(accepted.json, { shape: 'event', received: 1, queued: 1 })
  const contact = await until(async () => (await sim.state()).contacts[0], 10_000, 'the contact')
  assert.equal(contact.email, 'ada@example.com')
  assert.equal(contact.userId, 'u-ada')
  assert.equal(contact.firstName, 'Ada')
  assert.equal(contact.lastName, 'Lovelace')
  assert.equal(contact.source, 'Segment')
  assert.equal(contact.plan, 'pro')

  const track = { type: 'track', event: 'Signed Up', userId: 'u-ada', messageId: 'tr-1', properties: { plan: 'pro', seats: 3 }, context: { traits: { email: 'ada@example.com' } } }
  assert.equal((await worker.post(track)).status, 202)
  // Segment retries the same message (its first answer lost): the Worker queues it again.
  assert.equal((await worker.post(track)).status, 202)
  await until(async () => (await worker.health()).counts.alreadyDelivered === 1, 10_000, 'the retry answered 409')
  const state = await sim.state()
  assert.equal(state.events.length, 1)
  assert.equal(state.events[0].eventName, 'Signed Up')
  assert.deepEqual(state.events[0].eventProperties, { plan: 'pro', seats: 3 })
  assert.equal(state.events[0].idempotencyKey, 'tr-1')
  const health = await worker.health()
  assert.equal(health.ok, true)
  assert.equal(health.counts.delivered, 2)
  assert.equal(health.isolate.eventsQueued, 3)
  // No secret in the health answer.
  assert.doesNotMatch(JSON.stringify(health), /test_key|whsec-test|tok-test|adm-test/)
})

test('an event Loops can never take goes to the dead letters with the reason', async (t) => {
  const { worker, sim } = await start(t)
  // A track with no email and no userId: the mapping has nothing to identify the contact.
  const orphan = { type: 'track', event: 'Played', anonymousId: 'anon-1', messageId: 'orphan-1' }
  assert.equal((await worker.post(orphan)).status, 202)
  const dead = await until(async () => (await worker.deadLetters()).deadLetters[0], 10_000, 'the dead letter')
  assert.equal(dead.messageId, 'orphan-1')
  assert.match(dead.reason, /^sendEvent: rejected/)
  assert.equal(JSON.parse(dead.event).anonymousId, 'anon-1')
  assert.equal((await sim.state()).events.length, 0)
})
