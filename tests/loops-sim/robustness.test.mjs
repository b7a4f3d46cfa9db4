// Bad input of every kind: the simulator answers each request with a spec
// status, never a 500, never crashes, and never leaks one team's data.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { startTestSim } from './helpers.mjs';
import { createRandom } from '../../loops-sim/random.mjs';

const TEAMS = { rateLimit: { enabled: false }, teams: [{ apiKey: 'ka', teamName: 'A', attachmentsEnabled: true }, { apiKey: 'kb', teamName: 'B' }] };
const KEYS = ['email', 'userId', 'eventName', 'eventProperties', 'mailingLists', 'transactionalId', 'dataVariables', 'attachments',
  'addToAudience', 'subscribed', 'firstName', 'source', 'userGroup', 'createdAt', 'name', 'type', 'plan', '__proto__', 'constructor',
  'toString', 'hasOwnProperty', 'id', 'notes'];

/** A seeded generator of awkward JSON values. */
function fuzzer(seed) {
  const rnd = createRandom(seed);
  const pick = (xs) => xs[Math.floor(rnd.next() * xs.length)];
  const scalar = () => pick([null, true, false, 0, -1, 1.5, 1e308, 1705486871000, '', ' ', 'a@b.co', 'x@example.com', 'not-email',
    'L1', 'tx', '2024-01-17', '1705486871000', 'true', '42', 'ü\u0000\ud83d\ude00', 'a'.repeat(499), '__proto__', 'constructor']);
  const value = (depth) => {
    const r = rnd.next();
    if (depth > 3 || r < 0.6) return scalar();
    if (r < 0.8) return Array.from({ length: Math.floor(rnd.next() * 3) }, () => value(depth + 1));
    return object(depth + 1);
  };
  const object = (depth = 0) => {
    const out = {};
    const n = Math.floor(rnd.next() * 6);
    for (let i = 0; i < n; i += 1) Object.defineProperty(out, pick(KEYS), { value: value(depth), enumerable: true, configurable: true, writable: true });
    return out;
  };
  return { object, pick, scalar, chance: (p) => rnd.next() < p };
}

const VALID = {
  '/v1/contacts/update': { email: 'v@example.com' }, '/v1/contacts/create': { email: 'v@example.com' },
  '/v1/contacts/delete': { email: 'v@example.com' }, '/v1/events/send': { email: 'v@example.com', eventName: 'e' },
  '/v1/transactional': { transactionalId: 'tx', email: 'v@example.com', dataVariables: { a: 1 } },
  '/v1/contacts/properties': { name: 'p', type: 'string' },
};
const ENDPOINTS = [['PUT', '/v1/contacts/update'], ['POST', '/v1/contacts/update'], ['POST', '/v1/contacts/create'], ['POST', '/v1/contacts/delete'],
  ['POST', '/v1/events/send'], ['POST', '/v1/transactional'], ['POST', '/v1/contacts/properties']];
const GETS = ['/v1/contacts/find', '/v1/contacts/suppression', '/v1/contacts/properties', '/v1/transactional', '/v1/transactional-emails', '/v1/lists'];

test('fuzzed bodies and queries: only spec statuses, JSON answers, no 500, team B untouched', async (t) => {
  const sim = await startTestSim(t, { config: TEAMS });
  await sim.seed({ team: 'A', lists: [{ id: 'L1', name: 'x' }], transactionalEmails: [{ id: 'tx', dataVariables: ['a'] }] });
  const f = fuzzer(7);
  const seen = new Set();
  for (let i = 0; i < 1200; i += 1) {
    const [method, path] = ENDPOINTS[i % ENDPOINTS.length];
    // Half the bodies start from a valid request, so the fuzz also reaches the handlers' later steps.
    const body = i % 2 ? f.object() : { ...VALID[path], ...f.object() };
    const headers = i % 5 === 0 ? { 'idempotency-key': String(f.scalar()).replace(/[^\x21-\x7e]/g, '').slice(0, 120) || 'k' } : {};
    const res = await sim.api(method, path, { key: 'ka', body, headers });
    seen.add(res.status);
    assert.ok([200, 400, 404, 409].includes(res.status), `${method} ${path} ${JSON.stringify(body)} -> ${res.status} ${res.text}`);
    assert.equal(typeof res.body, 'object', res.text);
    if (res.status !== 200) assert.equal(typeof res.body.message, 'string');
  }
  for (let i = 0; i < 300; i += 1) {
    const q = new URLSearchParams();
    for (const k of ['email', 'userId', 'list', 'perPage', 'cursor']) if (f.chance(0.4)) q.append(k, String(f.scalar()));
    const res = await sim.api(i % 3 ? 'GET' : 'DELETE', `${GETS[i % GETS.length]}?${q}`, { key: 'ka' });
    assert.ok([200, 400, 401, 404, 405].includes(res.status), `${q} -> ${res.status} ${res.text}`);
  }
  assert.ok(seen.has(200) && seen.has(400), 'the fuzz reached both outcomes');
  assert.deepEqual(await sim.requests({ status: 500 }), []);
  const b = await sim.state('B');
  assert.deepEqual([b.contacts, b.events, b.transactionalSends, b.idempotencyKeys, b.properties.length], [[], [], [], [], 9]);
  assert.equal((await sim.api('GET', '/v1/api-key', { key: 'ka' })).status, 200);
});

test('prototype-ish keys are plain data', async (t) => {
  const sim = await startTestSim(t);
  const raw = (s) => sim.api('PUT', '/v1/contacts/update', { rawBody: s, headers: { 'content-type': 'application/json' } });
  assert.deepEqual((await raw('{"email":"p@example.com","__proto__":{"polluted":1}}')).body,
    { success: false, message: 'Invalid value for property "__proto__".' });
  assert.equal((await raw('{"email":"p@example.com","__proto__":"x","constructor":"y","toString":1}')).status, 200);
  const [c] = await sim.find({ email: 'p@example.com' });
  assert.deepEqual([Object.getOwnPropertyDescriptor(c, '__proto__')?.value, c.constructor, c.toString], ['x', 'y', 1]);
  assert.equal({}.polluted, undefined);
  assert.equal((await sim.api('PUT', '/v1/contacts/update', { body: { email: 'p@example.com', mailingLists: { __proto__: true } } })).status, 200);
  const lists = await sim.api('PUT', '/v1/contacts/update', { rawBody: '{"email":"p@example.com","mailingLists":{"__proto__":true}}', headers: { 'content-type': 'application/json' } });
  assert.deepEqual(lists.body, { success: false, message: 'Mailing list not found: __proto__' });
  assert.equal((await sim.api('GET', '/v1/__proto__')).status, 404);
  assert.equal((await sim.api('GET', '/v1/constructor')).status, 404);
  assert.equal((await sim.call('GET', '/__sim/constructor', { key: null })).status, 404);
});

test('deep nesting, odd bytes and odd methods', async (t) => {
  const sim = await startTestSim(t);
  const json = { 'content-type': 'application/json' };
  const deep = (n) => `{"email":"d@example.com","x":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;
  for (const n of [70, 100_000]) {
    const res = await sim.api('PUT', '/v1/contacts/update', { rawBody: deep(n), headers: json });
    assert.deepEqual([res.status, res.body], [400, { success: false, message: 'Invalid JSON body.' }]);
  }
  const arr = await sim.api('POST', '/v1/events/send', { rawBody: `{"email":"d@example.com","eventName":"e","eventProperties":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, headers: json });
  assert.equal(arr.status, 400);
  const utf8 = Buffer.concat([Buffer.from('{"email":"u@example.com","firstName":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
  assert.equal((await sim.api('PUT', '/v1/contacts/update', { rawBody: utf8, headers: json })).status, 200);
  const bom = await sim.api('PUT', '/v1/contacts/update', { rawBody: '\ufeff{"email":"b@example.com"}', headers: json });
  assert.equal(bom.status, 400);
  for (const method of ['OPTIONS', 'HEAD', 'PATCH']) {
    const res = await sim.api(method, '/v1/contacts/update');
    assert.equal(res.status, 405, method);
  }
  assert.deepEqual(await sim.requests({ status: 500 }), []);
});

/** Raw bytes over TCP, for requests fetch refuses to send. Resolves with what came back. */
function rawExchange(url, bytes, { endAfterWrite = false } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(bytes);
      if (endAfterWrite) socket.end();
    });
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
    socket.setTimeout(2000, () => socket.destroy());
  });
}

test('malformed HTTP, huge headers, aborted uploads: answered or dropped, and the server carries on', async (t) => {
  const sim = await startTestSim(t);
  assert.match(await rawExchange(sim.url, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400/);
  assert.match(await rawExchange(sim.url, 'GET /api/v1/lists HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'), /^HTTP\/1\.1 400/);
  assert.match(await rawExchange(sim.url, `GET /api/v1/lists HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`), /^HTTP\/1\.1 431/);
  // Content-Length promises more than is sent, then the client goes away.
  await rawExchange(sim.url, 'PUT /api/v1/contacts/update HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test_key\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":', { endAfterWrite: true });
  // An upload cut off half-way.
  await new Promise((resolve) => {
    const { hostname, port } = new URL(sim.url);
    const req = http.request({ host: hostname, port, method: 'POST', path: '/api/v1/transactional',
      headers: { authorization: 'Bearer test_key', 'content-type': 'application/json', 'content-length': 5_000_000 } });
    req.on('error', resolve);
    req.write('{"transactionalId":"x","email":"a@b.co","pad":"' + 'x'.repeat(100_000));
    setTimeout(() => { req.destroy(); resolve(); }, 50);
  });
  // A request with a body on GET, and a fully pipelined pair.
  assert.match(await rawExchange(sim.url, 'GET /api/v1/lists HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test_key\r\nContent-Length: 3\r\n\r\nabcGET /api/v1/api-key HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test_key\r\nConnection: close\r\n\r\n'),
    /^HTTP\/1\.1 200[\s\S]*HTTP\/1\.1 200[\s\S]*Test team/);
  assert.equal((await sim.api('GET', '/v1/api-key')).status, 200);
  assert.equal((await sim.state()).contacts.length, 0, 'the cut-off update did nothing');
  assert.deepEqual(await sim.requests({ status: 500 }), []);
});

test('many concurrent clients against one team keep the state consistent', async (t) => {
  const sim = await startTestSim(t);
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    sim.api('PUT', '/v1/contacts/update', { body: { email: `c${i % 50}@example.com`, userId: `u${i % 50}`, n: i } })));
  assert.ok(results.every((r) => r.status === 200));
  const { contacts } = await sim.state();
  assert.equal(contacts.length, 50);
  assert.equal(new Set(contacts.map((c) => c.userId)).size, 50);
});
