// Fault injection (README, "Fault rules"): forced statuses and bodies, latency, dropped
// connections, "processed but response lost", selection by endpoint, team,
// nth, everyN, probability (seeded) and remaining.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestSim } from './helpers.mjs';

const EVENT = { email: 'f@example.com', eventName: 'signup' };
const sendEvent = (sim, headers = {}) => sim.api('POST', '/v1/events/send', { body: EVENT, headers });
const respond500 = { respond: { status: 500, json: { success: false, message: 'Internal server error' } } };

test('forced 500 JSON on one endpoint; other endpoints unaffected; rate headers present', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze();
  await sim.faults({ match: { method: 'POST', path: '/v1/events/send' }, action: respond500 });
  const res = await sendEvent(sim);
  assert.equal(res.status, 500);
  assert.deepEqual(res.body, { success: false, message: 'Internal server error' });
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(res.headers.get('x-ratelimit-limit'), '10');
  assert.equal(res.headers.get('x-ratelimit-remaining'), '9');
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 200);
  assert.equal((await sim.api('PUT', '/v1/contacts/update', { body: { email: 'f@example.com' } })).status, 200);
  assert.equal((await sim.state()).events.length, 0, 'the faulted request was not processed');
  // The raw path (with prefix) matches too.
  await sim.control('DELETE', 'faults');
  await sim.faults({ match: { path: '/api/v1/lists' }, action: respond500 });
  assert.equal((await sim.api('GET', '/v1/lists')).status, 500);
});

test('502 HTML, 503 plain text and an empty 500, as load balancers send', async (t) => {
  const sim = await startTestSim(t);
  const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
  await sim.faults([
    { match: { nth: [1] }, action: { respond: { status: 502, rawBody: html, contentType: 'text/html' } } },
    { match: { nth: [2] }, action: { respond: { status: 503, rawBody: 'Service Unavailable', contentType: 'text/plain' } } },
    { match: { nth: [3] }, action: { respond: { status: 500 } } },
  ]);
  const a = await sim.api('GET', '/v1/lists');
  assert.deepEqual([a.status, a.text, a.headers.get('content-type')], [502, html, 'text/html']);
  const b = await sim.api('GET', '/v1/lists');
  assert.deepEqual([b.status, b.text, b.headers.get('content-type')], [503, 'Service Unavailable', 'text/plain']);
  const c = await sim.api('GET', '/v1/lists');
  assert.deepEqual([c.status, c.text, c.headers.get('content-length')], [500, '', '0']);
  assert.equal((await sim.api('GET', '/v1/lists')).status, 200);
});

test('presets: http502Html, http503Text, http500Empty, http429, http429NoHeaders, http401', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze();
  const order = ['http502Html', 'http503Text', 'http500Empty', 'http429', 'http429NoHeaders', 'http401'];
  await sim.faults(order.map((preset, i) => ({ match: { nth: [i + 1] }, action: { preset } })));
  const res = [];
  for (let i = 0; i < order.length; i += 1) res.push(await sim.api('GET', '/v1/lists'));
  assert.deepEqual(res.map((r) => r.status), [502, 503, 500, 429, 429, 401]);
  assert.match(res[0].text, /<html>/);
  assert.equal(res[0].headers.get('content-type'), 'text/html');
  assert.equal(res[1].text, 'Service Unavailable');
  assert.equal(res[2].text, '');
  assert.deepEqual(res[3].body, { success: false, message: 'Rate limit exceeded.' });
  assert.equal(res[3].headers.get('x-ratelimit-limit'), '10');
  assert.equal(res[4].headers.get('x-ratelimit-limit'), null);
  assert.equal(res[4].headers.get('x-ratelimit-remaining'), null);
  assert.deepEqual(res[5].body, { success: false, message: 'Invalid API key', error: 'Invalid API key' });
  assert.equal(res[5].headers.get('x-ratelimit-limit'), null, 'a forced 401 has no rate headers, like a real one');
  assert.equal((await sim.control('POST', 'faults', { action: { preset: 'nope' } }).catch((e) => e.message)).includes('400'), true);
});

test('a forced 429 with Retry-After and custom headers', async (t) => {
  const sim = await startTestSim(t);
  await sim.faults({ match: { remaining: 1 }, action: { respond: { status: 429, json: { success: false, message: 'Rate limit exceeded.' },
    headers: { 'Retry-After': 2, 'X-Extra': 'yes' } } } });
  const res = await sim.api('GET', '/v1/lists');
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '2');
  assert.equal(res.headers.get('x-extra'), 'yes');
});

test('countTowardsRateLimit: fault responses use quota by default, not when false', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze();
  await sim.faults({ match: { nth: [1, 2] }, action: respond500 });
  await sim.api('GET', '/v1/lists');
  await sim.api('GET', '/v1/lists');
  assert.equal((await sim.api('GET', '/v1/lists')).headers.get('x-ratelimit-remaining'), '7');
  await sim.control('DELETE', 'faults');
  await sim.faults({ match: { nth: [1, 2] }, action: { ...respond500, countTowardsRateLimit: false } });
  const faulted = await sim.api('GET', '/v1/lists');
  assert.equal(faulted.headers.get('x-ratelimit-remaining'), '7');
  await sim.api('GET', '/v1/lists');
  assert.equal((await sim.api('GET', '/v1/lists')).headers.get('x-ratelimit-remaining'), '6');
});

test('latency: delayMs holds the response; a client timeout does not hurt the server', async (t) => {
  const sim = await startTestSim(t);
  await sim.faults({ match: { path: '/v1/lists', nth: [1, 2] }, action: { delayMs: 300 } });
  const started = Date.now();
  const res = await sim.api('GET', '/v1/lists');
  assert.equal(res.status, 200, 'a delay alone lets the request through');
  assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
  await assert.rejects(sim.api('GET', '/v1/lists', { signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
  assert.equal((await sim.api('GET', '/v1/lists')).status, 200);
  // Delays add up with a later responding rule.
  await sim.faults([{ match: { path: '/v1/api-key' }, action: { delayMs: 100 } }, { match: { path: '/v1/api-key' }, action: respond500 }]);
  const t0 = Date.now();
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 500);
  assert.ok(Date.now() - t0 >= 95);
});

test('globalLatencyMs delays every API request', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, globalLatencyMs: 150 } });
  const t0 = Date.now();
  await sim.api('GET', '/v1/lists');
  assert.ok(Date.now() - t0 >= 145);
});

test('dropConnection closes the socket without a response and does not process', async (t) => {
  const sim = await startTestSim(t);
  await sim.faults({ match: { path: '/v1/events/send', nth: [1] }, action: { dropConnection: true } });
  await assert.rejects(sendEvent(sim), TypeError);
  assert.equal((await sim.state()).events.length, 0);
  assert.equal((await sendEvent(sim)).status, 200, 'the server carries on');
  const log = await sim.requests({ route: '/v1/events/send' });
  assert.deepEqual(log.map((e) => [e.status, e.dropped, e.fault]), [[null, true, 1], [200, false, null]]);
});

test('processed but response lost (applyStateChange + 500): the retry with the same key is 409, no duplicate', async (t) => {
  const sim = await startTestSim(t);
  await sim.faults({ match: { path: '/v1/events/send', nth: [1] }, action: { ...respond500, applyStateChange: true } });
  const first = await sendEvent(sim, { 'idempotency-key': 'K' });
  assert.equal(first.status, 500);
  assert.equal((await sim.state()).events.length, 1, 'the state change was committed');
  const retry = await sendEvent(sim, { 'idempotency-key': 'K' });
  assert.equal(retry.status, 409);
  assert.deepEqual(retry.body, { success: false, message: 'Idempotency key has already been used.' });
  assert.equal((await sim.state()).events.length, 1);
  // Without a key the retry duplicates: the reason keys exist.
  await sim.faults({ match: { path: '/v1/events/send', nth: [1] }, action: { ...respond500, applyStateChange: true } });
  await sendEvent(sim);
  await sendEvent(sim);
  assert.equal((await sim.state()).events.length, 3);
});

test('processed but response lost (applyStateChange + dropConnection, preset responseLost)', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ transactionalEmails: [{ id: 'tx' }] });
  await sim.faults({ match: { path: '/v1/transactional', remaining: 1 }, action: { preset: 'responseLost' } });
  const body = { transactionalId: 'tx', email: 'r@example.com' };
  await assert.rejects(sim.api('POST', '/v1/transactional', { body, headers: { 'idempotency-key': 'T' } }), TypeError);
  assert.equal((await sim.state()).transactionalSends.length, 1);
  assert.equal((await sim.api('POST', '/v1/transactional', { body, headers: { 'idempotency-key': 'T' } })).status, 409);
  assert.equal((await sim.state()).transactionalSends.length, 1);
  const create = await sim.faults({ match: { path: '/v1/contacts/create', nth: [1] }, action: { preset: 'responseLost' } });
  assert.deepEqual(create.ids.length, 1);
  await assert.rejects(sim.api('POST', '/v1/contacts/create', { body: { email: 'c@example.com' } }), TypeError);
  const dup = await sim.api('POST', '/v1/contacts/create', { body: { email: 'c@example.com' } });
  assert.equal(dup.status, 409, 'a retried create answers "already on list"');
});

test('selection: nth, everyN, remaining (rule removed at 0), team', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false },
    teams: [{ apiKey: 'ka', teamName: 'A' }, { apiKey: 'kb', teamName: 'B' }] } });
  const statuses = async (n, key = 'ka') => {
    const out = [];
    for (let i = 0; i < n; i += 1) out.push((await sim.api('GET', '/v1/lists', { key })).status);
    return out;
  };
  await sim.faults({ match: { nth: [2, 4] }, action: respond500 });
  assert.deepEqual(await statuses(5), [200, 500, 200, 500, 200]);
  await sim.control('DELETE', 'faults');
  await sim.faults({ match: { everyN: 3 }, action: respond500 });
  assert.deepEqual(await statuses(7), [200, 200, 500, 200, 200, 500, 200]);
  await sim.control('DELETE', 'faults');
  await sim.faults({ match: { remaining: 2 }, action: respond500 });
  assert.deepEqual(await statuses(3), [500, 500, 200]);
  assert.deepEqual(await sim.control('GET', 'faults'), []);
  await sim.faults({ match: { team: 'B' }, action: respond500 });
  assert.deepEqual(await statuses(2, 'ka'), [200, 200]);
  assert.deepEqual(await statuses(2, 'kb'), [500, 500]);
  // nth counts only the requests the rule's method/path/team match.
  await sim.control('DELETE', 'faults');
  await sim.faults({ match: { method: 'GET', path: '/v1/api-key', nth: 2 }, action: respond500 });
  await statuses(3);
  assert.equal((await sim.api('GET', '/v1/api-key', { key: 'ka' })).status, 200);
  assert.equal((await sim.api('GET', '/v1/api-key', { key: 'ka' })).status, 500);
  const [rule] = await sim.control('GET', 'faults');
  assert.deepEqual([rule.matched, rule.fired], [2, 1]);
});

test('probability uses the seeded RNG: the same seed gives the same pattern', async (t) => {
  const pattern = async (seed) => {
    const sim = await startTestSim(t, { config: { seed, rateLimit: { enabled: false } } });
    await sim.faults({ match: { probability: 0.5 }, action: respond500 });
    const out = [];
    for (let i = 0; i < 40; i += 1) out.push((await sim.api('GET', '/v1/lists')).status === 500 ? 1 : 0);
    await sim.close();
    return out.join('');
  };
  const a = await pattern(1);
  assert.equal(await pattern(1), a);
  assert.notEqual(await pattern(2), a);
  const hits = [...a].filter((c) => c === '1').length;
  assert.ok(hits > 8 && hits < 32, `about half: ${hits}/40`);
  const sim = await startTestSim(t);
  await sim.faults([{ match: { path: '/v1/lists', probability: 0 }, action: respond500 }, { match: { path: '/v1/api-key', probability: 1 }, action: respond500 }]);
  for (let i = 0; i < 5; i += 1) {
    assert.equal((await sim.api('GET', '/v1/lists')).status, 200);
    assert.equal((await sim.api('GET', '/v1/api-key')).status, 500);
  }
});

test('fault rules: list, delete one, clear, reject invalid rules', async (t) => {
  const sim = await startTestSim(t);
  const { ids } = await sim.faults({ rules: [{ match: { path: '/v1/lists' }, action: respond500 }, { match: { path: '/v1/api-key' }, action: respond500 }] });
  assert.deepEqual(ids, [1, 2]);
  assert.equal((await sim.control('GET', 'faults')).length, 2);
  await sim.control('DELETE', 'faults/1');
  assert.equal((await sim.api('GET', '/v1/lists')).status, 200);
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 500);
  await sim.control('DELETE', 'faults');
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 200);
  // The first responding rule wins; later ones are not used up.
  await sim.faults([{ match: { path: '/v1/lists' }, action: respond500 },
    { match: { path: '/v1/lists', remaining: 1 }, action: { respond: { status: 503 } } }]);
  assert.equal((await sim.api('GET', '/v1/lists')).status, 500);
  const rules = await sim.control('GET', 'faults');
  assert.deepEqual(rules.map((r) => [r.matched, r.fired, r.remaining]), [[1, 1, null], [1, 0, 1]]);
  await sim.control('DELETE', 'faults');
  for (const bad of [{ action: { respond: { status: 99 } } }, { match: { nth: 'x' } }, { match: { probability: 2 } },
    { match: { everyN: 0 } }, { match: { remaining: 0 } }, { action: { delayMs: -1 } }, 'rule']) {
    const res = await sim.call('POST', '/__sim/faults', { key: null, body: bad });
    assert.equal(res.status, 400, JSON.stringify(bad));
  }
  assert.equal((await sim.call('DELETE', '/__sim/faults/99', { key: null })).status, 404);
});
