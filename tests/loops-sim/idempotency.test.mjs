// The idempotency contract (docs/loops-api.md, "Idempotency-Key") (events/send and transactional, 24 h, 100 chars, 409).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestSim } from './helpers.mjs';

const USED = { success: false, message: 'Idempotency key has already been used.' };
const DIFFERENT = { success: false, message: 'Idempotency key already used with a different request body.' };
const DAY = 86_400_000;
const T0 = 1_700_000_000_000;

const send = (sim, body, key, path = '/v1/events/send') =>
  sim.api('POST', path, { body, headers: key === undefined ? {} : { 'idempotency-key': key } });
const EVENT = { email: 'idem@example.com', eventName: 'signup', eventProperties: { plan: 'pro', n: 1 } };

test('a repeat with the same key and body is 409 and the event is logged once', async (t) => {
  const sim = await startTestSim(t);
  const first = await send(sim, EVENT, 'K1');
  assert.equal(first.status, 200);
  assert.deepEqual(first.body, { success: true });
  const again = await send(sim, EVENT, 'K1');
  assert.equal(again.status, 409);
  assert.deepEqual(again.body, USED);
  // Key order in the body does not matter: the hash is over canonical JSON.
  const reordered = await send(sim, { eventProperties: { n: 1, plan: 'pro' }, eventName: 'signup', email: 'idem@example.com' }, 'K1');
  assert.deepEqual(reordered.body, USED);
  const { events } = await sim.state();
  assert.equal(events.length, 1);
  assert.equal(events[0].idempotencyKey, 'K1');
});

test('the same key with a different body is 409 with the different-body message', async (t) => {
  const sim = await startTestSim(t);
  assert.equal((await send(sim, EVENT, 'K2')).status, 200);
  const res = await send(sim, { ...EVENT, eventName: 'other' }, 'K2');
  assert.equal(res.status, 409);
  assert.deepEqual(res.body, DIFFERENT);
  assert.equal((await sim.state()).events.length, 1);
});

test('keys expire after 24 h of simulated time', async (t) => {
  const sim = await startTestSim(t);
  await sim.freeze(T0);
  assert.equal((await send(sim, EVENT, 'K3')).status, 200);
  await sim.clock({ advanceMs: DAY - 1 });
  assert.equal((await send(sim, EVENT, 'K3')).status, 409);
  await sim.clock({ advanceMs: 1 });
  assert.equal((await send(sim, EVENT, 'K3')).status, 200, 'usable again after the TTL');
  assert.equal((await send(sim, EVENT, 'K3')).status, 409, 'and stored again');
  assert.equal((await sim.state()).events.length, 2);
  await sim.config({ idempotency: { ttlMs: 1000 } });
  await sim.clock({ advanceMs: 1000 });
  assert.equal((await send(sim, EVENT, 'K3')).status, 200, 'ttlMs is configurable');
});

test('keys: over 100 characters is 400; 100 is fine; empty counts as absent', async (t) => {
  const sim = await startTestSim(t);
  const long = await send(sim, EVENT, 'k'.repeat(101));
  assert.equal(long.status, 400);
  assert.deepEqual(long.body, { success: false, message: 'Idempotency-Key must be 100 characters or fewer.' });
  assert.equal((await send(sim, EVENT, 'k'.repeat(100))).status, 200);
  assert.equal((await send(sim, EVENT, '')).status, 200);
  assert.equal((await send(sim, EVENT, '')).status, 200);
  const { events } = await sim.state();
  assert.equal(events.length, 3);
  assert.equal(events[2].idempotencyKey, null);
});

test('the header is ignored on every other endpoint', async (t) => {
  const sim = await startTestSim(t);
  const headers = { 'idempotency-key': 'SAME' };
  for (let i = 0; i < 2; i += 1) {
    assert.equal((await sim.api('PUT', '/v1/contacts/update', { body: { email: 'u@example.com' }, headers })).status, 200);
    assert.equal((await sim.api('GET', '/v1/lists', { headers })).status, 200);
    assert.equal((await sim.api('POST', '/v1/contacts/properties', { body: { name: `p${i}`, type: 'string' }, headers })).status, 200);
  }
  const dup = await sim.api('POST', '/v1/contacts/create', { body: { email: 'u@example.com' }, headers });
  assert.deepEqual(dup.body, { success: false, message: 'Email or userId is already on list.' }, 'not an idempotency 409');
  assert.equal((await sim.state()).idempotencyKeys.length, 0);
  // A long key is not even validated elsewhere.
  assert.equal((await sim.api('PUT', '/v1/contacts/update', { body: { email: 'u@example.com' }, headers: { 'idempotency-key': 'x'.repeat(300) } })).status, 200);
});

test('recordOnFailure=false: after a 400 or an injected 500, a retry with the same key is processed', async (t) => {
  const sim = await startTestSim(t);
  const bad = await send(sim, { email: 'idem@example.com' }, 'K4'); // no eventName
  assert.equal(bad.status, 400);
  assert.equal((await send(sim, EVENT, 'K4')).status, 200);
  await sim.faults({ match: { path: '/v1/events/send', nth: [1] }, action: { respond: { status: 500, json: { success: false, message: 'Internal server error' } } } });
  assert.equal((await send(sim, EVENT, 'K5')).status, 500);
  assert.equal((await send(sim, EVENT, 'K5')).status, 200);
  assert.equal((await sim.state()).events.length, 2);
});

test('recordOnFailure=true: a failed request uses up its key', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, idempotency: { recordOnFailure: true } } });
  assert.equal((await send(sim, { email: 'idem@example.com' }, 'K6')).status, 400);
  assert.deepEqual((await send(sim, EVENT, 'K6')).body, DIFFERENT);
  assert.deepEqual((await send(sim, { email: 'idem@example.com' }, 'K6')).body, USED);
});

test('scope team+endpoint (default) vs team', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ transactionalEmails: [{ id: 'tx1' }] });
  const tx = { transactionalId: 'tx1', email: 'idem@example.com' };
  assert.equal((await send(sim, EVENT, 'S1')).status, 200);
  assert.equal((await send(sim, tx, 'S1', '/v1/transactional')).status, 200, 'separate per endpoint');
  await sim.config({ idempotency: { scope: 'team' } });
  assert.equal((await send(sim, EVENT, 'S2')).status, 200);
  assert.deepEqual((await send(sim, tx, 'S2', '/v1/transactional')).body, DIFFERENT, 'shared across endpoints');
});

test('keys are per team', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false },
    teams: [{ apiKey: 'ka', teamName: 'A' }, { apiKey: 'kb', teamName: 'B' }] } });
  const headers = { 'idempotency-key': 'T1' };
  assert.equal((await sim.api('POST', '/v1/events/send', { key: 'ka', body: EVENT, headers })).status, 200);
  assert.equal((await sim.api('POST', '/v1/events/send', { key: 'kb', body: EVENT, headers })).status, 200);
  assert.equal((await sim.api('POST', '/v1/events/send', { key: 'kb', body: EVENT, headers })).status, 409);
});

test('transactional: same key 409, event of the send logged once', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ transactionalEmails: [{ id: 'tx1', dataVariables: ['name'] }] });
  const body = { transactionalId: 'tx1', email: 'r@example.com', dataVariables: { name: 'R' } };
  assert.equal((await send(sim, body, 'TX', '/v1/transactional')).status, 200);
  assert.deepEqual((await send(sim, body, 'TX', '/v1/transactional')).body, USED);
  assert.deepEqual((await send(sim, { ...body, dataVariables: { name: 'S' } }, 'TX', '/v1/transactional')).body, DIFFERENT);
  const { transactionalSends } = await sim.state();
  assert.equal(transactionalSends.length, 1);
  assert.equal(transactionalSends[0].idempotencyKey, 'TX');
});

test('sameBodyMode=replay returns the stored 200 instead of 409', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, idempotency: { sameBodyMode: 'replay' } } });
  assert.equal((await send(sim, EVENT, 'R1')).status, 200);
  const replay = await send(sim, EVENT, 'R1');
  assert.equal(replay.status, 200);
  assert.deepEqual(replay.body, { success: true });
  assert.deepEqual((await send(sim, { ...EVENT, eventName: 'x' }, 'R1')).body, DIFFERENT);
  assert.equal((await sim.state()).events.length, 1);
});
