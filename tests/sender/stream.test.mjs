// sendBatch over iterables and async iterables: a bounded window, one contact's events
// in input order, counts instead of an outcome list, a signal to stop; checkApiKey.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Destination } from '../../pkg/node.js';
import { KEY, simulator } from './helpers.mjs';

const identify = (i, user) => ({ type: 'identify', userId: `u${user}`, messageId: `i${i}`, traits: { email: `u${user}@example.com`, version: i } });
const track = (i) => ({ type: 'track', event: 'Played', userId: `t${i}`, messageId: `t${i}`, properties: { i }, context: { traits: { email: `t${i}@example.com` } } });

test('sendBatch(async iterable): window bounded, counts, each contact updated in input order', async (t) => {
  const sim = await simulator(t, { config: { rateLimit: { enabled: false } } });
  // Late answers for some updates: a later update of the same contact must wait, not overtake.
  await sim.faults({ match: { path: '/v1/contacts/update', probability: 0.3 }, action: { delayMs: 20 } });
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, rateLimit: false });
  let yielded = 0;
  let finished = 0;
  let widest = 0;
  async function* events() {
    for (let i = 0; i < 600; i++) {
      widest = Math.max(widest, yielded - finished);
      yielded += 1;
      // Five identifies in a row per user, then a track (as JSON text: number text kept).
      yield i % 6 < 5 ? identify(i, Math.floor(i / 6) % 40) : JSON.stringify(track(i));
    }
  }
  const seen = new Map(); // contact → the versions onOutcome saw, in order
  const summary = await dest.sendBatch(events(), { concurrency: 8, onOutcome: ({ event, outcomes }) => {
    finished += 1;
    assert.equal(outcomes.length, 1);
    if (typeof event === 'object') seen.set(event.userId, [...(seen.get(event.userId) ?? []), event.traits.version]);
  } });
  assert.deepEqual(summary, { events: 600, unmatched: 0, delivered: 600, already_delivered: 0, rejected: 0, failed: 0, misconfigured: 0, stopped: false });
  assert.ok(widest <= 8, `${widest} events taken before finishing`);
  for (const versions of seen.values()) assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  const newest = new Map();
  for (let i = 0; i < 600; i++) if (i % 6 < 5) newest.set(`u${Math.floor(i / 6) % 40}@example.com`, i);
  const state = await sim.state();
  for (const [email, version] of newest) assert.equal(state.contacts.find((c) => c.email === email).version, version, email);
  assert.equal(state.events.length, 100);
});

test('sendBatch: a signal stops taking events; an Array keeps its shape, undefined where not started', async (t) => {
  const sim = await simulator(t, { config: { rateLimit: { enabled: false } } });
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, rateLimit: false });
  const controller = new AbortController();
  const stop = ({ index }) => index === 9 && controller.abort();
  const list = Array.from({ length: 100 }, (_, i) => track(i));
  const out = await dest.sendBatch(list, { concurrency: 4, signal: controller.signal, onOutcome: stop });
  assert.equal(out.length, 100);
  const started = out.filter(Boolean).length;
  assert.ok(started >= 10 && started <= 14, `${started}`);
  assert.ok(out.slice(started).every((o) => o === undefined));
  const again = new AbortController();
  const summary = await dest.sendBatch(new Set(list.slice(50)), { concurrency: 4, signal: again.signal, onOutcome: ({ index }) => index === 4 && again.abort() });
  assert.equal(summary.stopped, true);
  assert.ok(summary.events >= 5 && summary.events <= 9, JSON.stringify(summary));
});

test('sendBatch: a failing input iterator rejects once the events in flight are done', async (t) => {
  const sim = await simulator(t, { config: { rateLimit: { enabled: false } } });
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, rateLimit: false });
  let done = 0;
  async function* broken() {
    yield track(1);
    yield track(2);
    throw new Error('unexpected end of file');
  }
  await assert.rejects(dest.sendBatch(broken(), { onOutcome: () => (done += 1) }), /^Error: unexpected end of file$/);
  assert.equal(done, 2);
});

test('checkApiKey: the team for a good key, Loops\' reason for a bad one, no throw when unreachable', async (t) => {
  const sim = await simulator(t);
  assert.deepEqual(await new Destination({ apiKey: KEY, baseUrl: sim.api }).checkApiKey(), { ok: true, team: 'Test team' });
  const secret = 'sk_bad_0123456789';
  const bad = await new Destination({ apiKey: secret, baseUrl: sim.api }).checkApiKey();
  assert.deepEqual(bad, { ok: false, status: 401, reason: 'Loops refused the API key: Invalid API key' });
  const down = await new Destination({ apiKey: secret, baseUrl: 'http://127.0.0.1:9/api', timeoutMs: 2000 }).checkApiKey();
  assert.equal(down.ok, false);
  assert.match(down.reason, /^could not check the API key: fetch failed/);
  assert.ok(!JSON.stringify([bad, down]).includes(secret));
});
