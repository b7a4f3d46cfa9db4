// The rate limiter, its headers (docs/loops-api.md, "Rate limit") and the config switches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY, startTestSim } from './helpers.mjs';

const RATE_LIMITED = { success: false, message: 'Rate limit exceeded.' };
const T0 = 1_700_000_000_000; // a window boundary for 1 s windows

const remaining = (res) => res.headers.get('x-ratelimit-remaining');

test('requests 1-10 in a window succeed with remaining 9..0; the 11th is 429; the next window resets', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze(T0);
  for (let i = 1; i <= 10; i += 1) {
    const res = await sim.api('GET', '/v1/api-key');
    assert.equal(res.status, 200, `request ${i}`);
    assert.equal(res.headers.get('x-ratelimit-limit'), '10');
    assert.equal(remaining(res), String(10 - i));
  }
  const limited = await sim.api('GET', '/v1/api-key');
  assert.equal(limited.status, 429);
  assert.deepEqual(limited.body, RATE_LIMITED);
  assert.equal(limited.headers.get('x-ratelimit-limit'), '10');
  assert.equal(remaining(limited), '0');
  assert.equal(limited.headers.get('retry-after'), null, 'no Retry-After by default');
  await sim.clock({ advanceMs: 999 });
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 429, 'still the same window');
  await sim.clock({ advanceMs: 1 });
  const fresh = await sim.api('GET', '/v1/api-key');
  assert.equal(fresh.status, 200);
  assert.equal(remaining(fresh), '9');
});

test('windows are fixed: floor(now / windowMs)', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { limit: 2, windowMs: 60_000 } } });
  await sim.freeze(T0 + 59_999 - (T0 % 60_000)); // the last ms of a window
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 200);
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 200);
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 429);
  await sim.clock({ advanceMs: 1 }); // first ms of the next window: no sliding carry-over
  const res = await sim.api('GET', '/v1/api-key');
  assert.equal(res.status, 200);
  assert.equal(remaining(res), '1');
});

test('rejected requests are not counted (the request log shows which were)', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze(T0);
  for (let i = 0; i < 15; i += 1) await sim.api('GET', '/v1/lists');
  const log = await sim.requests({ team: 'Test team' });
  assert.deepEqual(log.map((e) => e.status), [...Array(10).fill(200), ...Array(5).fill(429)]);
  assert.deepEqual(log.map((e) => e.counted), [...Array(10).fill(true), ...Array(5).fill(false)]);
});

test('Retry-After (ceil of seconds to the window end) only when retryAfterHeader is set', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { limit: 1, windowMs: 5000, retryAfterHeader: true } } });
  await sim.freeze(T0 + 1000); // 4 s left in the 5 s window that starts at T0
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 200);
  const res = await sim.api('GET', '/v1/api-key');
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '4');
  await sim.clock({ advanceMs: 3250 }); // 0.75 s left
  assert.equal((await sim.api('GET', '/v1/api-key')).headers.get('retry-after'), '1');
});

test('limit and enabled are configurable; limit 1 forces 429s', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { limit: 1 } } });
  await sim.freeze(T0);
  assert.equal((await sim.api('GET', '/v1/lists')).status, 200);
  assert.equal((await sim.api('GET', '/v1/lists')).status, 429);
  await sim.config({ rateLimit: { enabled: false } });
  for (let i = 0; i < 25; i += 1) assert.equal((await sim.api('GET', '/v1/lists')).status, 200);
});

test('each team has its own counter; two keys of one team share it', async (t) => {
  const sim = await startTestSim(t, { config: { teams: [
    { apiKeys: ['a1', 'a2'], teamName: 'Team A' },
    { apiKey: 'b1', teamName: 'Team B' },
    { apiKey: 'b2', teamName: 'Team B' }, // a second entry of the same team
    { apiKey: 'c1', teamName: 'Team C', rateLimit: { limit: 3 } },
  ] } });
  await sim.freeze(T0);
  for (let i = 0; i < 5; i += 1) assert.equal((await sim.api('GET', '/v1/api-key', { key: 'a1' })).status, 200);
  for (let i = 0; i < 5; i += 1) assert.equal((await sim.api('GET', '/v1/api-key', { key: 'a2' })).status, 200);
  assert.equal((await sim.api('GET', '/v1/api-key', { key: 'a1' })).status, 429);
  assert.equal((await sim.api('GET', '/v1/api-key', { key: 'a2' })).status, 429);
  const b = await sim.api('GET', '/v1/api-key', { key: 'b1' });
  assert.equal(b.status, 200, 'Team A being limited does not touch Team B');
  assert.equal(remaining(b), '9');
  assert.equal(remaining(await sim.api('GET', '/v1/api-key', { key: 'b2' })), '8');
  assert.deepEqual((await sim.api('GET', '/v1/api-key', { key: 'b2' })).body, { success: true, teamName: 'Team B' });
  // A team's own limit overrides the global one.
  const c = await sim.api('GET', '/v1/api-key', { key: 'c1' });
  assert.equal(c.headers.get('x-ratelimit-limit'), '3');
  assert.equal(remaining(c), '2');
});

test('429s are neither stored for idempotency nor applied to state', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { limit: 1 } } });
  await sim.freeze(T0);
  await sim.api('GET', '/v1/api-key'); // fills the window
  const event = { email: 'rl@example.com', eventName: 'signup', plan: 'pro' };
  const limited = await sim.api('POST', '/v1/events/send', { body: event, headers: { 'idempotency-key': 'K' } });
  assert.equal(limited.status, 429);
  assert.equal((await sim.api('POST', '/v1/contacts/create', { body: { email: 'c@example.com' } })).status, 429);
  let state = await sim.state();
  assert.equal(state.events.length, 0);
  assert.equal(state.contacts.length, 0);
  assert.equal(state.idempotencyKeys.length, 0);
  await sim.clock({ advanceMs: 1000 });
  const retry = await sim.api('POST', '/v1/events/send', { body: event, headers: { 'idempotency-key': 'K' } });
  assert.equal(retry.status, 200, 'the key was not used up by the 429');
  state = await sim.state();
  assert.equal(state.events.length, 1);
});

test('404 and 405 carry the headers but use no quota [I]', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze(T0);
  await sim.api('GET', '/v1/api-key');
  const nf = await sim.api('GET', '/v1/nope');
  assert.equal(nf.headers.get('x-ratelimit-limit'), '10');
  assert.equal(remaining(nf), '9');
  const na = await sim.api('DELETE', '/v1/lists');
  assert.equal(remaining(na), '9');
  assert.equal(remaining(await sim.api('GET', '/v1/api-key', { key: KEY })), '8');
});
