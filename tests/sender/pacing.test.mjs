// Pacing: 300 events against simulator limits of 10 and 50 requests/s (both runs at
// once, ~30 s of wall time in all). The simulator's own log must show no 429 and a
// run lasting within 10% of 300/L seconds (read from its timestamps), and exactly as many
// requests as the outcomes count attempts: a request is sent again only when an attempt failed
// (a socket reset or a timeout on a loaded machine is a real retry, which the Idempotency-Key
// makes safe), never silently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Destination } from '../../pkg/node.js';
import { KEY, mixedEvents, simulator } from './helpers.mjs';

const EVENTS = 300;

async function paced(t, limit) {
  const sim = await simulator(t, { config: { rateLimit: { limit } } });
  const dest = new Destination({ apiKey: KEY, baseUrl: sim.api, rateLimit: limit, retry: { seed: limit } });
  const outcomes = await dest.sendBatch(mixedEvents(EVENTS, limit), { concurrency: 4 });
  const log = await sim.requests({ fields: 'tMs,status' });
  const seconds = (log.at(-1).tMs - log[0].tMs) / 1000;
  const perWindow = new Map();
  for (const e of log) perWindow.set(Math.floor(e.tMs / 1000), (perWindow.get(Math.floor(e.tMs / 1000)) ?? 0) + 1);
  return {
    limit, requests: log.length, http429: log.filter((e) => e.status === 429).length,
    seconds, theory: EVENTS / limit, deviation: Math.abs(seconds - EVENTS / limit) / (EVENTS / limit),
    busiestWindow: Math.max(...perWindow.values()),
    delivered: outcomes.flat().filter((o) => o.outcome === 'delivered').length,
    attempts: outcomes.flat().reduce((n, o) => n + o.attempts, 0),
    retried: outcomes.flat().filter((o) => o.attempts > 1).length,
  };
}

test('pacing at L=10 and L=50: no 429, within 10% of 300/L seconds', async (t) => {
  const runs = await Promise.all([paced(t, 10), paced(t, 50)]);
  for (const r of runs) {
    console.log(`pacing L=${r.limit}: ${r.requests} requests in ${r.seconds.toFixed(2)} s (theory ${r.theory} s, ${(r.deviation * 100).toFixed(1)}% off), 429s: ${r.http429}, busiest window: ${r.busiestWindow}, events retried: ${r.retried}`);
    assert.equal(r.delivered, EVENTS);
    assert.equal(r.requests, r.attempts, 'one request per attempt the outcomes count');
    assert.ok(r.retried <= 2, `at most two events retried without a fault injected: ${r.retried}`);
    assert.equal(r.http429, 0);
    assert.ok(r.busiestWindow <= r.limit);
    assert.ok(r.deviation <= 0.10, JSON.stringify(r));
  }
});
