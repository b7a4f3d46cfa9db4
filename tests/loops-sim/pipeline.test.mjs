// The request pipeline (pipeline.mjs): routing, 404/405, auth, body parsing, size limits,
// the 500-character rule, response headers, and the order of the steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY, startTestSim } from './helpers.mjs';

const NOT_FOUND = { success: false, message: 'Not found.' };
const METHOD_NOT_ALLOWED = { success: false, message: 'Method not allowed.' };
const INVALID_KEY = { success: false, message: 'Invalid API key', error: 'Invalid API key' };
const INVALID_JSON = { success: false, message: 'Invalid JSON body.' };
const TOO_LONG = { success: false, message: 'Some body key or value is longer than allowable' };
const TOO_LARGE = { success: false, message: 'Payload too large.' };

test('routes answer under /api/v1 and under the bare /v1 alias', async (t) => {
  const sim = await startTestSim(t);
  for (const path of ['/api/v1/api-key', '/v1/api-key']) {
    const res = await sim.call('GET', path);
    assert.equal(res.status, 200, path);
    assert.deepEqual(res.body, { success: true, teamName: 'Test team' });
  }
});

test('apiPrefix is configurable', async (t) => {
  const sim = await startTestSim(t, { config: { apiPrefix: '/loops' } });
  assert.equal((await sim.call('GET', '/loops/v1/api-key')).status, 200);
  assert.equal((await sim.call('GET', '/v1/api-key')).status, 200);
  assert.equal((await sim.call('GET', '/api/v1/api-key')).status, 404);
});

test('unknown paths are 404 Not found., before auth', async (t) => {
  const sim = await startTestSim(t);
  for (const path of ['/api/v1/nope', '/api/v1/campaigns', '/api/v2/lists', '/', '/api', '/api/v1/lists/', '/api/v1/contacts']) {
    for (const key of [KEY, null, 'wrong']) {
      const res = await sim.call('GET', path, { key });
      assert.equal(res.status, 404, `${path} key=${key}`);
      assert.deepEqual(res.body, NOT_FOUND);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    }
  }
});

test('a wrong method is 405 with an Allow header, before auth', async (t) => {
  const sim = await startTestSim(t);
  const cases = [
    ['DELETE', '/api/v1/lists', 'GET'], ['POST', '/api/v1/api-key', 'GET'], ['GET', '/api/v1/contacts/create', 'POST'],
    ['PATCH', '/api/v1/contacts/update', 'PUT, POST'], ['GET', '/api/v1/contacts/delete', 'POST'],
    ['PUT', '/api/v1/contacts/properties', 'GET, POST'], ['GET', '/api/v1/events/send', 'POST'],
    ['DELETE', '/api/v1/transactional', 'GET, POST'], ['POST', '/api/v1/contacts/suppression', 'GET, DELETE'],
    ['POST', '/api/v1/contacts/find', 'GET'], ['POST', '/api/v1/dedicated-sending-ips', 'GET'],
  ];
  for (const [method, path, allow] of cases) {
    for (const key of [KEY, null]) {
      const res = await sim.call(method, path, { key });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.deepEqual(res.body, METHOD_NOT_ALLOWED);
      assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
    }
  }
});

test('POST /v1/contacts/update acts as PUT unless acceptPostForUpdate is false', async (t) => {
  const sim = await startTestSim(t);
  const res = await sim.api('POST', '/v1/contacts/update', { body: { email: 'post@example.com' } });
  assert.equal(res.status, 200);
  assert.equal((await sim.find({ email: 'post@example.com' })).length, 1);
  await sim.config({ acceptPostForUpdate: false });
  const strict = await sim.api('POST', '/v1/contacts/update', { body: { email: 'other@example.com' } });
  assert.equal(strict.status, 405);
  assert.equal(strict.headers.get('allow'), 'PUT');
});

test('a missing, non-Bearer or unknown key is 401 with no rate headers and no quota used', async (t) => {
  const sim = await startTestSim(t, { config: {} });
  await sim.freeze();
  const bad = [{ key: null }, { key: 'nope' }, { key: '' }, { key: null, headers: { authorization: `Basic ${KEY}` } },
    { key: null, headers: { authorization: `Token ${KEY}` } }, { key: null, headers: { authorization: KEY } },
    { key: null, headers: { authorization: `Bearer ${KEY} extra` } }, { key: null, headers: { authorization: 'Bearer' } }];
  for (const opts of bad) {
    for (const [method, path, body] of [['GET', '/v1/api-key'], ['PUT', '/v1/contacts/update', { email: 'a@b.co' }]]) {
      const res = await sim.api(method, path, { ...opts, body });
      assert.equal(res.status, 401, JSON.stringify(opts));
      assert.deepEqual(res.body, INVALID_KEY);
      assert.equal(res.headers.get('x-ratelimit-limit'), null);
      assert.equal(res.headers.get('x-ratelimit-remaining'), null);
    }
  }
  assert.equal((await sim.state()).contacts.length, 0);
  const ok = await sim.api('GET', '/v1/api-key');
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('x-ratelimit-remaining'), '9', '401s used no quota');
  // The scheme is case-insensitive.
  assert.equal((await sim.api('GET', '/v1/api-key', { key: null, headers: { authorization: `bearer ${KEY}` } })).status, 200);
});

test('every non-401 response carries x-ratelimit-limit and x-ratelimit-remaining', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { limit: 50 } } });
  await sim.freeze();
  await sim.seed({ transactionalEmails: [{ id: 'tx1', dataVariables: ['name'] }] });
  const cases = [
    ['GET', '/v1/api-key', undefined, 200], ['PUT', '/v1/contacts/update', { userId: 'nobody' }, 400],
    ['POST', '/v1/contacts/create', { email: 'x@y.co' }, 200], ['POST', '/v1/contacts/create', { email: 'x@y.co' }, 409],
    ['POST', '/v1/contacts/delete', { email: 'none@y.co' }, 404], ['POST', '/v1/transactional', { transactionalId: 'nope', email: 'x@y.co' }, 404],
    ['GET', '/v1/nope', undefined, 404], ['GET', '/v1/events/send', undefined, 405],
  ];
  for (const [method, path, body, status] of cases) {
    const res = await sim.api(method, path, { body });
    assert.equal(res.status, status, `${method} ${path}`);
    assert.equal(res.headers.get('x-ratelimit-limit'), '50', `${method} ${path}`);
    assert.match(res.headers.get('x-ratelimit-remaining'), /^\d+$/, `${method} ${path}`);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  }
  const big = await sim.api('PUT', '/v1/contacts/update', { rawBody: 'x'.repeat(1_000_001), headers: { 'content-type': 'application/json' } });
  assert.equal(big.status, 413);
  assert.equal(big.headers.get('x-ratelimit-limit'), '50');
});

test('POST/PUT bodies must be a JSON object', async (t) => {
  const sim = await startTestSim(t);
  const json = { 'content-type': 'application/json' };
  for (const rawBody of ['', 'not json', '{"email":', '[]', '[{"email":"a@b.co"}]', '"a@b.co"', '42', 'null', 'true', '{"email":"a@b.co"} trailing']) {
    for (const path of ['/v1/contacts/update', '/v1/contacts/create', '/v1/events/send', '/v1/transactional', '/v1/contacts/delete', '/v1/contacts/properties']) {
      const method = path === '/v1/contacts/update' ? 'PUT' : 'POST';
      const res = await sim.api(method, path, { rawBody, headers: json });
      assert.equal(res.status, 400, `${path} ${rawBody}`);
      assert.deepEqual(res.body, INVALID_JSON);
    }
  }
  assert.equal((await sim.state()).contacts.length, 0);
});

test('content types: JSON types are parsed, other declared types are refused, none is tolerated', async (t) => {
  const sim = await startTestSim(t);
  const body = JSON.stringify({ email: 'ct@example.com' });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json', 'application/jsonp']) {
    const res = await sim.api('PUT', '/v1/contacts/update', { rawBody: body, headers: { 'content-type': type } });
    assert.equal(res.status, 400, type);
    assert.deepEqual(res.body, INVALID_JSON);
  }
  assert.equal((await sim.state()).contacts.length, 0);
  for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/vnd.api+json']) {
    const res = await sim.api('PUT', '/v1/contacts/update', { rawBody: body, headers: { 'content-type': type } });
    assert.equal(res.status, 200, type);
  }
  // fetch sends a string body as text/plain; a Blob without a type sends no Content-Type at all.
  const noType = await sim.api('PUT', '/v1/contacts/update', { rawBody: new Blob([JSON.stringify({ email: 'none@example.com' })]) });
  assert.equal(noType.status, 200);
});

test('the 4 MB transactional limit: over 4,000,000 bytes is 413; just under is accepted', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, teams: [{ apiKey: KEY, teamName: 'Test team', attachmentsEnabled: true }] } });
  await sim.seed({ transactionalEmails: [{ id: 'tx1' }] });
  const envelope = (data) => JSON.stringify({ transactionalId: 'tx1', email: 'big@example.com',
    attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', data }] });
  const overhead = envelope('').length;
  const fit = 4_000_000 - overhead - ((4_000_000 - overhead) % 4);
  const under = envelope('A'.repeat(fit));
  assert.ok(under.length <= 4_000_000);
  const accepted = await sim.api('POST', '/v1/transactional', { rawBody: under, headers: { 'content-type': 'application/json' } });
  assert.equal(accepted.status, 200);
  const over = envelope('A'.repeat(fit + 4));
  assert.ok(over.length > 4_000_000);
  const rejected = await sim.api('POST', '/v1/transactional', { rawBody: over, headers: { 'content-type': 'application/json' } });
  assert.equal(rejected.status, 413);
  assert.deepEqual(rejected.body, TOO_LARGE);
  // Size is checked before parsing: a huge non-JSON body is 413 too.
  const junk = await sim.api('POST', '/v1/transactional', { rawBody: 'x'.repeat(6_000_000), headers: { 'content-type': 'application/json' } });
  assert.equal(junk.status, 413);
  assert.equal((await sim.state()).transactionalSends.length, 1);
});

test('other endpoints use maxBodyBytes (1,000,000 by default)', async (t) => {
  const sim = await startTestSim(t);
  const pad = (n) => JSON.stringify({ email: 'pad@example.com', ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v'.repeat(400)])) });
  const under = pad(2000);
  assert.ok(under.length < 1_000_000);
  assert.equal((await sim.api('PUT', '/v1/contacts/update', { rawBody: under, headers: { 'content-type': 'application/json' } })).status, 200);
  const over = pad(2600);
  assert.ok(over.length > 1_000_000);
  const res = await sim.api('PUT', '/v1/contacts/update', { rawBody: over, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 413);
  assert.deepEqual(res.body, TOO_LARGE);
});

test('500-character rule: a value or key over 500 JSON-encoded characters is 400, at any depth', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ transactionalEmails: [{ id: 'tx1' }] });
  const s498 = 'a'.repeat(498); // 500 with quotes: allowed
  const s499 = 'a'.repeat(499); // 501 with quotes
  assert.equal((await sim.api('PUT', '/v1/contacts/update', { body: { email: 'len@example.com', note1: s498 } })).status, 200);
  const rejected = [
    ['PUT', '/v1/contacts/update', { email: 'len@example.com', firstName: s499 }],
    ['PUT', '/v1/contacts/update', { email: 'len@example.com', plan: 'a'.repeat(501) }], // the 500-character limit (docs/loops-api.md, "Value limits")
    ['PUT', '/v1/contacts/update', { email: 'len@example.com', ['k'.repeat(499)]: 'v' }],
    ['PUT', '/v1/contacts/update', { email: 'len@example.com', quotes: '"'.repeat(250) }], // escapes count
    ['POST', '/v1/contacts/create', { email: 'len2@example.com', plan: s499 }],
    ['POST', '/v1/events/send', { email: 'len@example.com', eventName: 'e', eventProperties: { deep: s499 } }],
    ['POST', '/v1/transactional', { transactionalId: 'tx1', email: 'len@example.com', dataVariables: { rows: [{ x: s499 }] } }],
  ];
  for (const [method, path, body] of rejected) {
    const res = await sim.api(method, path, { body });
    assert.equal(res.status, 400, path);
    assert.deepEqual(res.body, TOO_LONG);
  }
  const found = await sim.find({ email: 'len@example.com' });
  assert.equal(found[0].firstName, null, 'the rejected update wrote nothing');
  assert.equal(found[0].note1, s498);
  // Not applied to contacts/properties.
  assert.equal((await sim.api('POST', '/v1/contacts/properties', { body: { name: 'p'.repeat(600), type: 'string' } })).status, 200);
});

test('legacyErrorKeys adds the deprecated error key to 400 bodies', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, legacyErrorKeys: true } });
  const res = await sim.api('PUT', '/v1/contacts/update', { body: {} });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, { success: false, message: 'An email or userId is required.', error: 'An email or userId is required.' });
  const notFound = await sim.api('POST', '/v1/contacts/delete', { body: { email: 'none@example.com' } });
  assert.deepEqual(notFound.body, { success: false, message: 'Contact not found.' });
});

test('step order: 404/405 before 401, 401 before 429, 429 before body, 413 before length, length before idempotency', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { limit: 3 } } });
  await sim.freeze();
  assert.equal((await sim.api('GET', '/v1/nope', { key: 'bad' })).status, 404);
  assert.equal((await sim.api('GET', '/v1/contacts/create', { key: 'bad' })).status, 405);
  // Length before idempotency: the rejected request does not store the key.
  const long = await sim.api('POST', '/v1/events/send', { body: { email: 'o@example.com', eventName: 'e', x: 'a'.repeat(600) },
    headers: { 'idempotency-key': 'K1' } });
  assert.equal(long.status, 400);
  const okSend = await sim.api('POST', '/v1/events/send', { body: { email: 'o@example.com', eventName: 'e' }, headers: { 'idempotency-key': 'K1' } });
  assert.equal(okSend.status, 200);
  const big = await sim.api('PUT', '/v1/contacts/update', { rawBody: JSON.stringify({ email: 'o@example.com', x: 'a'.repeat(1_000_001) }),
    headers: { 'content-type': 'application/json' } });
  assert.equal(big.status, 413, 'size before the length rule');
  // The window (limit 3) is now full.
  const limited = await sim.api('PUT', '/v1/contacts/update', { rawBody: 'not json', headers: { 'content-type': 'application/json' } });
  assert.equal(limited.status, 429, 'rate limit before body parsing');
  assert.equal((await sim.api('GET', '/v1/api-key', { key: 'bad' })).status, 401, 'auth before rate limit');
});
