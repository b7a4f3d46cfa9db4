// The control API (README, "Control API") (/__sim reset, seed, config, state, requests, clock),
// deterministic IDs, team isolation, and the command line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KEY, startTestSim } from './helpers.mjs';
import { startSimulator } from '../../loops-sim/server.mjs';

const SPEC_DEFAULTS = {
  teams: [{ apiKey: 'test_key', teamName: 'Test team', attachmentsEnabled: false, contentApiEnabled: false, dedicatedSendingIps: [] }],
  rateLimit: { enabled: true, limit: 10, windowMs: 1000, retryAfterHeader: false },
  idempotency: { ttlMs: 86400000, maxKeyLength: 100, scope: 'team+endpoint', recordOnFailure: false, sameBodyMode: 'conflict' },
  maxValueLength: 500, maxTransactionalBodyBytes: 4000000, maxBodyBytes: 1000000, unknownPropertyPolicy: 'auto_create',
  typeMismatchPolicy: 'coerce_or_400', unknownMailingListPolicy: 'reject', unsubscribedListAddPolicy: 'ignore',
  identityConflictPolicy: 'reject', emailCaseInsensitive: true, acceptPostForUpdate: true, legacyErrorKeys: false,
  findIncludesNullCustomProps: false,
};

test('GET /__sim/config has the spec defaults; POST deep-merges; a bad config is 400 and changes nothing', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  const cfg = await sim.control('GET', 'config');
  for (const [k, v] of Object.entries(SPEC_DEFAULTS)) assert.deepEqual(cfg[k], v, k);
  assert.equal(cfg.seed, 1);
  assert.equal(cfg.apiPrefix, '/api');
  const merged = await sim.config({ rateLimit: { limit: 3 }, idempotency: { scope: 'team' } });
  assert.deepEqual(merged.rateLimit, { enabled: true, limit: 3, windowMs: 1000, retryAfterHeader: false });
  assert.deepEqual(merged.idempotency, { ...SPEC_DEFAULTS.idempotency, scope: 'team' });
  for (const bad of [{ teams: [] }, { teams: [{ teamName: 'x' }] }, { rateLimit: { windowMs: 0 } }, { unknownPropertyPolicy: 'maybe' },
    { idempotency: { sameBodyMode: 'x' } }, { apiPrefix: 'api' }]) {
    const res = await sim.call('POST', '/__sim/config', { key: null, body: bad });
    assert.equal(res.status, 400, JSON.stringify(bad));
    assert.equal(res.body.success, false);
  }
  assert.equal((await sim.control('GET', 'config')).rateLimit.limit, 3);
  await assert.rejects(startSimulator({ config: { teams: [] } }), /Invalid simulator config/);
});

test('the control plane needs no key, is not rate limited and is not in the request log', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze();
  for (let i = 0; i < 30; i += 1) await sim.control('GET', 'state');
  const res = await sim.api('GET', '/v1/api-key');
  assert.equal(res.headers.get('x-ratelimit-remaining'), '9');
  const log = await sim.requests();
  assert.equal(log.length, 1);
  assert.equal(log[0].path, '/api/v1/api-key');
  assert.equal((await sim.call('GET', '/__sim/nope', { key: null })).status, 404);
  const wrong = await sim.call('GET', '/__sim/reset', { key: null });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get('allow'), 'POST');
  assert.equal((await sim.call('POST', '/__sim/config', { key: null, rawBody: '{oops' })).status, 400);
});

test('the request log: entry shape, redacted key, exact payloads, filters', async (t) => {
  const sim = await startTestSim(t);
  await sim.freeze(1_700_000_000_123);
  await sim.api('POST', '/v1/events/send', { body: { email: 'l@example.com', eventName: 'e' }, headers: { 'idempotency-key': 'K', 'X-Custom': 'Yes' } });
  await sim.api('GET', '/v1/contacts/find?email=l%40example.com');
  await sim.api('GET', '/v1/lists', { key: 'bad' });
  const log = await sim.requests();
  assert.equal(log.length, 3);
  const [send, find, bad] = log;
  assert.deepEqual(Object.keys(send).slice(0, 11), ['seq', 'tMs', 'team', 'method', 'path', 'route', 'query', 'headers', 'body', 'bodyBytes', 'status']);
  assert.deepEqual([send.seq, send.tMs, send.team, send.method, send.path, send.status], [1, 1_700_000_000_123, 'Test team', 'POST', '/api/v1/events/send', 200]);
  assert.deepEqual(send.body, { email: 'l@example.com', eventName: 'e' });
  assert.deepEqual(send.responseBody, { success: true });
  assert.equal(send.headers['idempotency-key'], 'K');
  assert.equal(send.headers['x-custom'], 'Yes', 'header names are lowercased');
  assert.equal(send.headers.authorization, '[redacted]');
  assert.equal(JSON.stringify(log).includes(KEY), false, 'the key value never appears');
  assert.deepEqual(find.query, { email: 'l@example.com' });
  assert.equal(find.body, null);
  assert.deepEqual([bad.team, bad.status, bad.counted], [null, 401, false]);
  assert.deepEqual((await sim.requests({ path: '/v1/lists' })).map((e) => e.seq), [3]);
  assert.deepEqual((await sim.requests({ since: 1 })).map((e) => e.seq), [2, 3]);
  assert.deepEqual((await sim.requests({ team: 'Test team', method: 'GET' })).map((e) => e.seq), [2]);
  assert.deepEqual((await sim.requests({ status: 401 })).map((e) => e.seq), [3]);
  assert.deepEqual(await sim.requests({ limit: 2, fields: 'seq,status' }), [{ seq: 1, status: 200 }, { seq: 2, status: 200 }]);
  await sim.control('DELETE', 'requests');
  assert.deepEqual(await sim.requests(), []);
});

test('GET /__sim/state has the documented keys', async (t) => {
  const sim = await startTestSim(t);
  const state = await sim.state();
  for (const k of ['contacts', 'properties', 'lists', 'events', 'transactionalSends', 'idempotencyKeys', 'requestLog', 'faults']) {
    assert.ok(k in state, k);
  }
  assert.equal(state.team, 'Test team');
  assert.equal((await sim.call('GET', '/__sim/state?team=Nobody', { key: null })).status, 404);
});

test('the clock: real by default; setMs freezes; advanceMs; unfreeze runs on; timestamps follow it', async (t) => {
  const sim = await startTestSim(t);
  const real = await sim.control('GET', 'clock');
  assert.equal(real.frozen, false);
  assert.ok(Math.abs(real.nowMs - Date.now()) < 5000);
  assert.deepEqual(await sim.clock({ setMs: 5_000_000 }), { nowMs: 5_000_000, frozen: true });
  assert.deepEqual(await sim.clock({ advanceMs: 250 }), { nowMs: 5_000_250, frozen: true });
  await sim.api('POST', '/v1/events/send', { body: { email: 'c@example.com', eventName: 'e' } });
  const state = await sim.state();
  assert.equal(state.events[0].tMs, 5_000_250);
  assert.equal(state.contacts[0].createdAt, new Date(5_000_250).toISOString());
  assert.equal(state.requestLog[0].tMs, 5_000_250);
  await sim.clock({ advanceMs: 1000 });
  await sim.api('PUT', '/v1/contacts/update', { body: { email: 'c@example.com', firstName: 'C' } });
  const [contact] = (await sim.state()).contacts;
  assert.deepEqual([contact.createdAt, contact.updatedAt], [new Date(5_000_250).toISOString(), new Date(5_001_250).toISOString()]);
  const running = await sim.clock({ freeze: false });
  assert.equal(running.frozen, false);
  await new Promise((r) => setTimeout(r, 30));
  assert.ok((await sim.control('GET', 'clock')).nowMs >= 5_000_270);
  assert.equal((await sim.clock({ freeze: true })).frozen, true);
  assert.equal((await sim.call('POST', '/__sim/clock', { key: null, body: { advanceMs: 'soon' } })).status, 400);
});

test('IDs are cuid-shaped and deterministic from the seed; reset restarts them', async (t) => {
  const ids = async (seed) => {
    const sim = await startTestSim(t, { config: { seed, rateLimit: { enabled: false } } });
    const out = [];
    for (const email of ['a@example.com', 'b@example.com']) out.push((await sim.api('PUT', '/v1/contacts/update', { body: { email } })).body.id);
    await sim.control('POST', 'reset');
    out.push((await sim.api('PUT', '/v1/contacts/update', { body: { email: 'z@example.com' } })).body.id);
    await sim.close();
    return out;
  };
  const one = await ids(1);
  for (const id of one) assert.match(id, /^c[0-9a-z]{24}$/);
  assert.notEqual(one[0], one[1]);
  assert.equal(one[2], one[0], 'reset restores the seed');
  assert.deepEqual(await ids(1), one);
  assert.notEqual((await ids(2))[0], one[0]);
});

test('reset wipes contacts, properties, lists, keys, counters, faults and the log', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { limit: 2 } } });
  await sim.freeze();
  await sim.seed({ lists: [{ id: 'L1', name: 'x' }], transactionalEmails: [{ id: 'tx' }] });
  await sim.api('POST', '/v1/events/send', { body: { email: 'r@example.com', eventName: 'e', plan: 'p' }, headers: { 'idempotency-key': 'K' } });
  await sim.api('GET', '/v1/lists');
  await sim.faults({ match: { path: '/v1/api-key' }, action: { respond: { status: 500 } } });
  await sim.control('POST', 'reset');
  const state = await sim.state();
  for (const k of ['contacts', 'lists', 'events', 'transactionalEmails', 'idempotencyKeys', 'requestLog', 'faults']) assert.deepEqual(state[k], [], k);
  assert.equal(state.properties.length, 9, 'only the defaults are left');
  assert.equal((await sim.api('GET', '/v1/api-key')).headers.get('x-ratelimit-remaining'), '1');
  assert.equal((await sim.control('GET', 'config')).rateLimit.limit, 2, 'config survives a plain reset');
  await sim.control('POST', 'reset', { config: true });
  assert.equal((await sim.control('GET', 'config')).rateLimit.limit, 2, 'the startup config is restored');
  await sim.config({ rateLimit: { limit: 7 } });
  await sim.control('POST', 'reset', { config: true });
  assert.equal((await sim.control('GET', 'config')).rateLimit.limit, 2);
});

test('startup seed data is applied at start and again on reset', async (t) => {
  const sim = await startTestSim(t, { seed: { lists: [{ id: 'L1', name: 'Newsletter' }], contacts: [{ email: 's@example.com', mailingLists: ['L1'] }] } });
  assert.deepEqual((await sim.find({ email: 's@example.com' }))[0].mailingLists, { L1: true });
  await sim.api('POST', '/v1/contacts/delete', { body: { email: 's@example.com' } });
  await sim.control('POST', 'reset');
  assert.equal((await sim.find({ email: 's@example.com' })).length, 1);
});

test('seed: every kind of record, into a chosen team; errors are 400', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, teams: [{ apiKey: KEY, teamName: 'A' }, { apiKey: 'kb', teamName: 'B' }] } });
  const res = await sim.seed({ team: 'B', lists: [{ name: 'Generated' }], customProperties: [{ key: 'seats', type: 'number' }],
    transactionalEmails: [{ id: 'tx', dataVariables: ['a'] }],
    contacts: [{ email: 'c@example.com', userId: 'uc', firstName: 'C', seats: 4, optInStatus: 'pending', plan: 'pro' }],
    suppressed: ['c@example.com', 'new@example.com'] });
  assert.equal(res.success, true);
  assert.match(res.lists[0], /^c[0-9a-z]{24}$/);
  const [c] = await sim.find({ userId: 'uc' }, 'kb');
  assert.deepEqual([c.firstName, c.seats, c.optInStatus, c.plan], ['C', 4, 'pending', 'pro']);
  assert.equal((await sim.api('GET', '/v1/contacts/suppression?email=new%40example.com', { key: 'kb' })).body.isSuppressed, true);
  assert.deepEqual(await sim.find({ userId: 'uc' }), [], 'team A saw none of it');
  for (const bad of [{ team: 'Nobody' }, { lists: [{}] }, { lists: 'x' }, { customProperties: [{ key: 'k', type: 'blob' }] },
    { contacts: [{ email: 'bad' }] }, { contacts: [{ email: 'x@example.com', mailingLists: ['missing'] }] }, { suppressed: ['bad'] },
    { team: 'B', contacts: [{ email: 'c@example.com' }] }]) {
    const out = await sim.call('POST', '/__sim/seed', { key: null, body: bad });
    assert.equal(out.status, 400, JSON.stringify(bad));
  }
});

test('teams are isolated: contacts, properties, lists, events, keys and transactional emails', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false },
    teams: [{ apiKey: 'ka', teamName: 'A' }, { apiKey: 'kb', teamName: 'B' }] } });
  await sim.seed({ team: 'A', lists: [{ id: 'LA', name: 'A list' }], transactionalEmails: [{ id: 'txA' }] });
  const a = await sim.api('PUT', '/v1/contacts/update', { key: 'ka', body: { email: 'same@example.com', userId: 'u1', secretA: 'x', mailingLists: { LA: true } } });
  await sim.api('POST', '/v1/events/send', { key: 'ka', body: { email: 'same@example.com', eventName: 'onlyA' } });
  assert.deepEqual(await sim.find({ email: 'same@example.com' }, 'kb'), []);
  assert.deepEqual(await sim.find({ userId: 'u1' }, 'kb'), []);
  assert.deepEqual((await sim.api('GET', '/v1/lists', { key: 'kb' })).body, []);
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom', { key: 'kb' })).body, []);
  assert.equal((await sim.api('POST', '/v1/transactional', { key: 'kb', body: { transactionalId: 'txA', email: 'same@example.com' } })).status, 404);
  assert.equal((await sim.api('POST', '/v1/contacts/delete', { key: 'kb', body: { email: 'same@example.com' } })).status, 404);
  assert.equal((await sim.api('PUT', '/v1/contacts/update', { key: 'kb', body: { email: 'x@example.com', mailingLists: { LA: true } } })).status, 400);
  const b = await sim.api('POST', '/v1/contacts/create', { key: 'kb', body: { email: 'same@example.com', userId: 'u1' } });
  assert.equal(b.status, 200, 'the same email and userId are free in team B');
  assert.notEqual(b.body.id, a.body.id);
  const stateB = await sim.state('B');
  assert.deepEqual([stateB.events.length, stateB.contacts.length, stateB.requestLog.every((e) => e.team === 'B')], [0, 1, true]);
  const [contactA] = await sim.find({ email: 'same@example.com' }, 'ka');
  assert.equal(contactA.secretA, 'x');
  assert.equal(contactA.id, a.body.id);
});

test('only loopback hosts are accepted', async () => {
  await assert.rejects(startSimulator({ host: '0.0.0.0' }), /loopback only/);
  await assert.rejects(startSimulator({ host: '192.168.1.1' }), /loopback only/);
});

test('CLI: prints its URL on one line, serves, and stops on SIGTERM', async () => {
  const script = fileURLToPath(new URL('../../loops-sim/server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = await once(createInterface({ input: child.stdout }), 'line');
    const m = /^Loops simulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    assert.ok(m, line);
    assert.notEqual(m[2], '0');
    const res = await fetch(`${m[1]}/api/v1/api-key`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.deepEqual(await res.json(), { success: true, teamName: 'Test team' });
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  const bad = spawn(process.execPath, [script, '--port', 'x'], { stdio: 'ignore' });
  assert.equal((await once(bad, 'exit'))[0], 2);
});
