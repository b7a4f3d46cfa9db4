// The cors option: preflight answered, headers on every response; off by default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSimulator } from '../../loops-sim/server.mjs';

test('cors: preflight 204, allow-origin and exposed rate headers; none by default', async (t) => {
  const on = await startSimulator({ port: 0, cors: true });
  const off = await startSimulator({ port: 0 });
  t.after(() => Promise.all([on.close(), off.close()]));
  const pre = await fetch(`${on.url}/api/v1/events/send`, { method: 'OPTIONS' });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get('access-control-allow-headers'), /idempotency-key/);
  const res = await fetch(`${on.url}/api/v1/api-key`, { headers: { authorization: 'Bearer test_key' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-expose-headers'), /x-ratelimit-remaining/);
  const plain = await fetch(`${off.url}/api/v1/api-key`, { headers: { authorization: 'Bearer test_key' } });
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
  assert.equal((await fetch(`${off.url}/api/v1/api-key`, { method: "OPTIONS" })).status, 405, "no preflight support without cors");
});
