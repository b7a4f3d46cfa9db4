// Destination.send / sendBatch from Node against the Loops simulator: outcomes per
// subscription, rejections without I/O, retries, the key never shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Destination } from '../../pkg/node.js';
import { KEY, simulator } from './helpers.mjs';

const identify = { type: 'identify', userId: 'u1', messageId: 'm1', traits: { email: 'ada@example.com', firstName: 'Ada' } };
const track = { type: 'track', event: 'Signed Up', userId: 'u1', messageId: 'm2', context: { traits: { email: 'ada@example.com' } } };
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5, seed: 1 } };

test('send: one outcome per matching subscription; a resend is already delivered', async (t) => {
  const sim = await simulator(t);
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, ...fast });
  assert.deepEqual(await dest.send(identify), [{ action: 'createOrUpdateContact', outcome: 'delivered', status: 200, attempts: 1 }]);
  assert.deepEqual(await dest.send(track), [{ action: 'sendEvent', outcome: 'delivered', status: 200, attempts: 1 }]);
  assert.deepEqual(await dest.send(track), [{ action: 'sendEvent', outcome: 'already_delivered', status: 409, attempts: 1 }]);
  assert.deepEqual(await dest.send({ type: 'page', userId: 'u1' }), [], 'no subscription matches');
  const state = await sim.state();
  assert.equal(state.contacts.length, 1);
  assert.equal(state.events.length, 1);
});

test('send: mapping and payload errors are rejected with the message, nothing sent', async (t) => {
  const sim = await simulator(t);
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api });
  const out = await dest.send({ type: 'track', userId: 'u1' });
  assert.deepEqual(out, [{ action: 'sendEvent', outcome: 'rejected', attempts: 0, message: "The root value is missing the required field 'eventName'." }]);
  assert.equal((await sim.requests()).length, 0);
});

test('send: 4xx is rejected at once, 5xx and dropped connections are retried with the same key', async (t) => {
  const sim = await simulator(t);
  await sim.faults([
    { match: { path: '/v1/events/send', nth: [1] }, action: { preset: 'http500' } },
    { match: { path: '/v1/events/send', nth: [2] }, action: { preset: 'responseLost' } },
  ]);
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, ...fast });
  assert.deepEqual(await dest.send(track), [{ action: 'sendEvent', outcome: 'already_delivered', status: 409, attempts: 3 }]);
  const log = await sim.requests({ path: '/v1/events/send' });
  assert.deepEqual(log.map((e) => e.headers['idempotency-key']), ['m2', 'm2', 'm2']);
  assert.equal((await sim.state()).events.length, 1, 'processed once');

  const wrong = new Destination({ apiKey: 'not-the-key', baseUrl: sim.api, ...fast });
  const out = await wrong.send(identify);
  // A refused key is not the event's fault: `misconfigured`, not retried in place.
  assert.deepEqual(out, [{ action: 'createOrUpdateContact', outcome: 'misconfigured', status: 401, attempts: 1, message: 'Invalid API key' }]);
  assert.ok(!JSON.stringify(out).includes('not-the-key'));
});

test('send: failures say why, bounded by attempts; the key is never in a message', async (t) => {
  const sim = await simulator(t);
  await sim.faults({ match: {}, action: { preset: 'http503Text' } });
  const secret = 'sk_live_do_not_show';
  const dest = new Destination({ apiKey: secret, baseUrl: sim.api, retry: { attempts: 3, baseDelayMs: 1, seed: 2 } });
  const out = await dest.send(identify);
  assert.deepEqual(out, [{ action: 'createOrUpdateContact', outcome: 'failed', status: 503, attempts: 3, message: 'HTTP 503 (gave up after 3 attempts)' }]);
  const down = new Destination({ apiKey: secret, baseUrl: 'http://127.0.0.1:9/api', retry: { attempts: 2, baseDelayMs: 1 } });
  const [failed] = await down.send(identify);
  assert.equal(failed.outcome, 'failed');
  // With the cause, where Node puts the reason of its `fetch failed` (here: 'bad port').
  assert.match(failed.message, /^network error: fetch failed \(.+\) \(gave up after 2 attempts\)$/);
  assert.ok(!JSON.stringify([out, failed]).includes(secret));
});

test('send: a slow answer times out and is retried', async (t) => {
  const sim = await simulator(t);
  await sim.faults({ match: { nth: [1] }, action: { delayMs: 400, preset: 'http500' } });
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, timeoutMs: 100, ...fast });
  assert.deepEqual(await dest.send(identify), [{ action: 'createOrUpdateContact', outcome: 'delivered', status: 200, attempts: 2 }]);
  const dest1 = new Destination({ apiKey: KEY, baseUrl: sim.api, timeoutMs: 50, retry: false });
  await sim.faults({ match: {}, action: { delayMs: 300, preset: 'http500' } });
  const [out] = await dest1.send(identify);
  assert.deepEqual([out.outcome, out.attempts, out.message], ['failed', 1, 'timed out after 50 ms (gave up after 1 attempt)']);
});

test('sendBatch: outcomes in input order, progress for each, bad events reported', async (t) => {
  const sim = await simulator(t);
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, rateLimit: 1000, ...fast });
  const events = Array.from({ length: 20 }, (_, i) => ({ ...track, messageId: `b${i}`, properties: { i } }));
  events[5] = { type: 'track', userId: 'u1' };
  const cyclic = {};
  cyclic.self = cyclic;
  events.push(cyclic);
  const progress = [];
  const out = await dest.sendBatch(events, { concurrency: 4, onProgress: (p) => progress.push(p) });
  assert.equal(out.length, 21);
  assert.equal(out[5][0].outcome, 'rejected');
  assert.equal(out[20][0].outcome, 'rejected');
  assert.match(out[20][0].message, /circular/i);
  assert.ok(out.every((o, i) => i === 5 || i === 20 || o[0].outcome === 'delivered'));
  assert.deepEqual(progress.map((p) => p.done), Array.from({ length: 21 }, (_, i) => i + 1));
  assert.deepEqual(progress.map((p) => p.index).sort((a, b) => a - b), [...Array(21).keys()]);
  assert.ok(progress.every((p) => p.total === 21 && p.outcomes === out[p.index]));
  const sent = (await sim.state()).events.map((e) => e.eventProperties.i).sort((a, b) => a - b);
  assert.deepEqual(sent, [...Array(20).keys()].filter((i) => i !== 5));
  assert.deepEqual(await dest.sendBatch([]), []);
});

test('options: bad rateLimit, retry or timeoutMs throw with a path', () => {
  for (const [opts, path] of [[{ rateLimit: 0 }, '/rateLimit'], [{ retry: { attempts: 0 } }, '/retry/attempts'], [{ timeoutMs: -1 }, '/timeoutMs']]) {
    assert.throws(() => new Destination({ apiKey: KEY, ...opts }), (e) => e.path === path && e.kind === 'config');
  }
});

test('send: a delete that finds no contact is done (a retry after a lost answer), not rejected', async (t) => {
  const sim = await simulator(t);
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, ...fast, subscriptions: [{ action: 'deleteContact', subscribe: 'type = "track"' }] });
  // Loops' answer to deleting an unknown contact: 404 {"success":false,"message":"Contact not found."}.
  assert.deepEqual(await dest.send({ type: 'track', event: 'User Deleted', userId: 'nobody' }), [
    { action: 'deleteContact', outcome: 'already_delivered', status: 404, attempts: 1 },
  ]);
});

// A polyfill or a mock can hand back anything. gloo-net's `send` panics on that (a wasm
// trap, which takes the whole Node process down): one reason the transport is our own
// (README, dependency notes).
test('send: a fetch that resolves to something other than a Response is a network error, not a trap', async (t) => {
  const real = globalThis.fetch;
  t.after(() => { globalThis.fetch = real; });
  const seen = [];
  const dest = new Destination({ apiKey: KEY, retry: false });
  for (const fake of [{}, 42, null, 'not a response']) {
    globalThis.fetch = async (input, init) => {
      const asked = input instanceof Request ? input : init;
      seen.push([asked?.redirect, asked?.signal instanceof AbortSignal]);
      return fake;
    };
    const [out] = await dest.send(identify);
    assert.deepEqual([out.outcome, out.attempts], ['failed', 1], JSON.stringify(fake));
    assert.match(out.message, /^network error: /);
  }
  // Redirects not followed (the key would go along), a signal for the per-attempt timeout.
  assert.deepEqual(seen, Array(4).fill(['manual', true]));
  globalThis.fetch = async () => new Response('{"success":true,"id":"c1"}', { status: 200 });
  assert.deepEqual(await dest.send(identify), [{ action: 'createOrUpdateContact', outcome: 'delivered', status: 200, attempts: 1 }]);
});

test('send: a key HTTP cannot carry fails without the key in the message', async () => {
  const real = globalThis.fetch;
  let called = 0;
  globalThis.fetch = async () => { called++; return new Response('{"success":true}'); };
  try {
    const secret = 'sk_live_do_not\nshow';
    const [out] = await new Destination({ apiKey: secret, retry: false }).send(identify);
    assert.deepEqual(out, { action: 'createOrUpdateContact', outcome: 'failed', attempts: 1,
      message: 'network error: the Authorization header has a character HTTP does not allow (gave up after 1 attempt)' });
    assert.ok(!JSON.stringify(out).includes('do_not'));
    assert.equal(called, 0);
  } finally {
    globalThis.fetch = real;
  }
});
