// The fault run: 1,000 seeded identify/track events while the simulator fails 20% of
// requests with 500, drops 5% of connections, loses 5% of responses after processing
// them, and answers bursts of 429s. Every event must end delivered exactly once, or be
// reported failed with its reason; the simulator's state proves it against a
// fault-free run of the same events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Destination } from '../../pkg/node.js';
import { KEY, comparableContacts, mixedEvents, simulator } from './helpers.mjs';

const EVENTS = 1000;
const LIMIT = 2000; // requests/s, on both sides: the point here is faults, not pacing
const config = { seed: 5, rateLimit: { limit: LIMIT }, requestLogLimit: 20_000 };
const sender = (api) => new Destination({
  apiKey: KEY, baseUrl: api, rateLimit: LIMIT, timeoutMs: 2_000,
  retry: { attempts: 12, baseDelayMs: 5, maxDelayMs: 100, maxElapsedMs: 30_000, seed: 11 },
});

/** Rules apply in order and a fired rule stops the rest: the later chances are raised so each is its share of all requests. */
const FAULTS = [
  { match: { nth: [...range(150, 180), ...range(700, 740), ...range(1200, 1215)] }, action: { preset: 'http429' } },
  { match: { probability: 0.20 }, action: { preset: 'http500' } },
  { match: { probability: 0.05 / 0.80 }, action: { preset: 'drop' } },
  { match: { probability: 0.05 / 0.75 }, action: { preset: 'responseLost' } },
];

function range(from, to) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

test('fault run: 1,000 events, every one delivered exactly once or failed with its reason', async (t) => {
  const events = mixedEvents(EVENTS, 2026);
  const [faulty, clean] = [await simulator(t, { config }), await simulator(t, { config })];
  await faulty.faults(FAULTS);
  const [outcomes, reference] = await Promise.all([
    sender(faulty.api).sendBatch(events, { concurrency: 16 }),
    sender(clean.api).sendBatch(events, { concurrency: 16 }),
  ]);
  const [state, cleanState] = [await faulty.state(), await clean.state()];
  const log = await faulty.requests({ fields: 'status,dropped,fault' });

  // Each event has exactly one outcome (one subscription matches each).
  assert.equal(outcomes.length, EVENTS);
  assert.ok(outcomes.every((o) => o.length === 1));
  assert.ok(reference.flat().every((o) => o.outcome === 'delivered'), 'the fault-free run delivers everything');
  const count = (fate) => outcomes.filter(([o]) => o.outcome === fate).length;
  const failed = outcomes.map(([o], i) => ({ ...o, event: events[i] })).filter((o) => o.outcome === 'failed');
  for (const f of failed) assert.ok(f.message && f.attempts > 0, `a failure says why: ${JSON.stringify(f)}`);

  // One Loops event per messageId, and every delivered track is there.
  const perKey = new Map();
  for (const e of state.events) perKey.set(e.idempotencyKey, (perKey.get(e.idempotencyKey) ?? 0) + 1);
  const duplicates = [...perKey.values()].filter((n) => n > 1).length;
  const tracks = outcomes.map(([o], i) => [o, events[i]]).filter(([, e]) => e.type === 'track');
  const lostTracks = tracks.filter(([o, e]) => o.outcome !== 'failed' && !perKey.has(e.messageId));
  // Contacts equal to the fault-free run (each failed identify would show here by name).
  const failedIdentifies = new Set(failed.filter((f) => f.event.type === 'identify').map((f) => f.event.traits.email));
  const contacts = comparableContacts(state);
  const expected = comparableContacts(cleanState).filter((c) => !failedIdentifies.has(c.email));
  const lostContacts = expected.filter((c) => !contacts.some((d) => JSON.stringify(d) === JSON.stringify(c)));

  const faultsSeen = {
    requests: log.length,
    http500: log.filter((e) => e.status === 500).length,
    http429: log.filter((e) => e.status === 429).length,
    dropped: log.filter((e) => e.dropped && e.fault === 3).length,
    responseLost: log.filter((e) => e.dropped && e.fault === 4).length,
  };
  const table = {
    events: EVENTS, delivered: count('delivered'), already_delivered: count('already_delivered'),
    rejected: count('rejected'), failed: count('failed'), duplicates_in_loops: duplicates,
    lost: lostTracks.length + lostContacts.length,
  };
  console.log(`fault run: ${JSON.stringify(table)}`);
  console.log(`simulator saw: ${JSON.stringify(faultsSeen)}`);
  for (const f of failed) console.log(`failed: ${f.event.messageId}: ${f.message}`);

  assert.equal(table.delivered + table.already_delivered + table.rejected + table.failed, EVENTS);
  assert.equal(table.rejected, 0, 'these events are all valid');
  assert.equal(duplicates, 0);
  assert.deepEqual(lostTracks, []);
  assert.deepEqual(lostContacts, []);
  assert.ok(table.failed <= 5, 'with 12 attempts, failures are rare');
  if (failedIdentifies.size === 0) assert.deepEqual(contacts, comparableContacts(cleanState));
  // The faults really happened, in about their shares.
  assert.ok(faultsSeen.http500 > 0.15 * faultsSeen.requests, JSON.stringify(faultsSeen));
  assert.ok(faultsSeen.dropped > 0.03 * faultsSeen.requests && faultsSeen.responseLost > 0.03 * faultsSeen.requests);
  assert.ok(faultsSeen.http429 >= 80 && table.already_delivered > 0);
});
