// POST /v1/events/send (docs/loops-api.md, "Bodies") and an example request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, startTestSim } from './helpers.mjs';

const send = (sim, body) => sim.api('POST', '/v1/events/send', { body });

test('an example event logs one event and sets the contact property', async (t) => {
  const sim = await startTestSim(t);
  await sim.freeze(1_700_000_000_000);
  const res = await send(sim, { email: 'e@example.com', eventName: 'signup', plan: 'pro', eventProperties: { a: 1 } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { success: true });
  const [contact] = await sim.find({ email: 'e@example.com' });
  assert.equal(contact.plan, 'pro');
  assert.equal(contact.source, 'API');
  assert.equal('eventName' in contact || 'eventProperties' in contact || 'a' in contact, false, 'event data is not contact data');
  const { events } = await sim.state();
  assert.deepEqual(events, [{ seq: 1, contactId: contact.id, email: 'e@example.com', userId: null, eventName: 'signup',
    eventProperties: { a: 1 }, contactPropertiesApplied: { plan: 'pro' }, mailingLists: null, idempotencyKey: null, tMs: 1_700_000_000_000 }]);
});

test('eventName and eventProperties validation', async (t) => {
  const sim = await startTestSim(t);
  const cases = [
    [{ email: 'e@example.com' }, 'eventName is required.'], [{ email: 'e@example.com', eventName: '' }, 'eventName is required.'],
    [{ email: 'e@example.com', eventName: 5 }, 'eventName is required.'], [{ email: 'e@example.com', eventName: null }, 'eventName is required.'],
    [{ email: 'e@example.com', eventName: 'x', eventProperties: { n: { deep: 1 } } }, 'Invalid eventProperties.'],
    [{ email: 'e@example.com', eventName: 'x', eventProperties: { n: [1] } }, 'Invalid eventProperties.'],
    [{ email: 'e@example.com', eventName: 'x', eventProperties: { n: null } }, 'Invalid eventProperties.'],
    [{ email: 'e@example.com', eventName: 'x', eventProperties: [1] }, 'Invalid eventProperties.'],
    [{ email: 'e@example.com', eventName: 'x', eventProperties: 'a=1' }, 'Invalid eventProperties.'],
    [{ eventName: 'x' }, 'An email or userId is required.'], [{ eventName: 'x', email: 'bad' }, 'Invalid email address.'],
    [{ eventName: 'x', userId: 1 }, 'userId must be a string.'],
  ];
  for (const [body, message] of cases) {
    const res = await send(sim, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body, err(message), JSON.stringify(body));
  }
  const state = await sim.state();
  assert.equal(state.events.length, 0);
  assert.equal(state.contacts.length, 0);
  // Scalars of every allowed type pass; dates arrive as strings or numbers.
  assert.equal((await send(sim, { email: 'e@example.com', eventName: 'x', eventProperties: { s: 's', n: 1.5, b: false, d: '2024-03-07T10:09:23Z' } })).status, 200);
});

test('identity: userId only and unknown is 400 Contact not found.; email creates; conflict is 400', async (t) => {
  const sim = await startTestSim(t);
  const unknown = await send(sim, { userId: 'ghost', eventName: 'x' });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body, err('Contact not found.'));
  assert.equal((await send(sim, { email: 'a@example.com', userId: 'ua', eventName: 'x' })).status, 200, 'creates with both');
  assert.equal((await send(sim, { userId: 'ua', eventName: 'y', firstName: 'A' })).status, 200, 'known userId');
  assert.equal((await sim.find({ email: 'a@example.com' }))[0].firstName, 'A');
  await sim.api('PUT', '/v1/contacts/update', { body: { email: 'b@example.com', userId: 'ub' } });
  const conflict = await send(sim, { email: 'a@example.com', userId: 'ub', eventName: 'z' });
  assert.deepEqual(conflict.body, err('Multiple contacts found for the given criteria'));
  const { events } = await sim.state();
  assert.deepEqual(events.map((e) => e.eventName), ['x', 'y']);
});

test('events apply contact properties and mailingLists; a bad property logs no event', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ lists: [{ id: 'L1', name: 'One' }], customProperties: [{ key: 'seats', type: 'number' }] });
  await send(sim, { email: 'm@example.com', eventName: 'join', mailingLists: { L1: true }, seats: '3', plan: null });
  const [c] = await sim.find({ email: 'm@example.com' });
  assert.deepEqual([c.mailingLists, c.seats], [{ L1: true }, 3]);
  const bad = await send(sim, { email: 'm@example.com', eventName: 'join', seats: 'lots' });
  assert.deepEqual(bad.body, err('Invalid value for property "seats" (expected number).'));
  const badList = await send(sim, { email: 'm@example.com', eventName: 'join', mailingLists: { nope: true } });
  assert.deepEqual(badList.body, err('Mailing list not found: nope'));
  const { events } = await sim.state();
  assert.equal(events.length, 1);
  assert.deepEqual(events[0].mailingLists, { L1: true });
  assert.deepEqual(events[0].contactPropertiesApplied, { seats: 3, plan: null });
});
