// The CLI against the simulator: 5,000 events from a gzipped NDJSON file, stopped by
// Ctrl-C (SIGINT) once cleanly and once twice in a row (quit at once), then resumed:
// every event reaches Loops once, no contact gets an older update after a newer one,
// the rejected ones are in the report, and the simulator never sees more than its limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulator, KEY } from '../sender/helpers.mjs';
import { progressDone, runCli, tempDir, writeEvents } from './helpers.mjs';

const COUNT = 5000;
const USERS = 400;
const LONG = 'x'.repeat(600); // over Loops' 500 characters: the simulator answers 400

/**
 * Index i (position i + 1): each group of ten starts with three identifies of one user,
 * traits.version increasing, then tracks of other users (a contact's events go one
 * after another: tracks of the same user would hold up the window); i % 50 = 5 has neither email nor userId (our mapping
 * rejects it), i % 50 = 25 carries a value Loops refuses; every 50th track has no
 * messageId (the CLI gives it one).
 */
function event(i) {
  const u = i % 10 < 3 ? Math.floor(i / 10) % USERS : (i * 7) % USERS;
  const email = `user${u}@example.com`;
  if (i % 50 === 5) return { type: 'identify', messageId: `m${i}`, traits: { firstName: 'Nobody' } };
  if (i % 10 < 3) return { type: 'identify', userId: `u${u}`, messageId: `m${i}`, traits: { email, version: i } };
  const track = { type: 'track', event: 'Played', userId: `u${u}`, properties: { i }, context: { traits: { email } } };
  if (i % 50 === 25) track.properties.note = LONG;
  if (i % 50 !== 45) track.messageId = `m${i}`;
  return track;
}

test('5,000 events, two interruptions, resumed: each once, newest contact state, report, pacing', async (t) => {
  const sim = await simulator(t, { config: { rateLimit: { limit: 2000, windowMs: 1000 } } });
  // Some contact updates answer late: without ordering, a later update of the same
  // contact would overtake them.
  await sim.faults({ match: { path: '/v1/contacts/update', probability: 0.3 }, action: { delayMs: 30 } });
  const dir = tempDir(t);
  const events = Array.from({ length: COUNT }, (_, i) => event(i));
  const file = writeEvents(dir, 'events.ndjson.gz', events);
  const checkpoint = join(dir, 'checkpoint.json');
  const report = join(dir, 'report.ndjson');
  const args = ['send', file, '--base-url', sim.api, '--rate', '1000', '--concurrency', '16', '--checkpoint', checkpoint, '--report', report];
  const env = { LOOPS_API_KEY: KEY, LOOPS_DESTINATION_MAXRSS: '1' };

  // 1: one Ctrl-C: the events in flight finish, the checkpoint is saved.
  let signalled = false;
  const first = await runCli(args, { env, onLine: (line, child) => {
    if (!signalled && progressDone(line) >= 1200) {
      signalled = true;
      child.kill('SIGINT');
    }
  } });
  assert.equal(first.code, 130, first.stderr);
  assert.match(first.stderr, /^stopping after the \d+ events in flight \(Ctrl-C again to quit now\)$/m);
  assert.match(first.stderr, /^interrupted: run the same command again to resume$/m);
  const saved = JSON.parse(readFileSync(checkpoint, 'utf8'));
  assert.ok(saved.doneThrough >= 1200 && saved.doneThrough < COUNT, JSON.stringify(saved));

  // 2: Ctrl-C twice: quits at once, requests in flight are cut off.
  let stops = 0;
  const second = await runCli(args, { env, onLine: (line, child) => {
    if (stops === 0 && progressDone(line) >= 2500) {
      stops = 1;
      child.kill('SIGINT');
    } else if (stops === 1 && line.startsWith('stopping after')) {
      stops = 2;
      child.kill('SIGINT');
    }
  } });
  assert.equal(second.code, 130, second.stderr);
  assert.match(second.stderr, new RegExp(`^resuming: ${saved.doneThrough + saved.doneAfter.length} events done before`, 'm'));
  assert.match(second.stderr, /^stopped at once; the checkpoint has every event that finished$/m);

  // 3: to the end.
  const third = await runCli(args, { env });
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stderr, /^events: \d+ this run, \d+ done before \(checkpoint\)$/m);
  assert.deepEqual(JSON.parse(readFileSync(checkpoint, 'utf8')).doneThrough, COUNT);

  console.log(`peak RSS of the three runs: ${[first, second, third].map((r) => /^maxRSS (\d+) kB$/m.exec(r.stderr)?.[1]).join(', ')} kB`);
  if (process.env.CLI_TEST_SHOW) for (const r of [first, second, third]) console.log(r.stderr.split('\n').filter((l) => !l.startsWith('progress')).join('\n'));
  const state = await sim.state();
  // Each track once (the ones Loops refused: never).
  const sent = state.events.map((e) => e.eventProperties.i).sort((a, b) => a - b);
  const tracks = events.flatMap((e, i) => (e.type === 'track' && i % 50 !== 25 ? [i] : []));
  assert.deepEqual(sent, tracks);
  // Every identified contact holds its newest version.
  const newest = new Map();
  events.forEach((e) => e.type === 'identify' && e.userId && newest.set(e.traits.email, e.traits.version));
  const versions = new Map(state.contacts.map((c) => [c.email, c.version]));
  for (const [email, version] of newest) assert.equal(versions.get(email), version, email);
  // One report line per rejected event, with its position, action, status and reason.
  const lines = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const want = events.flatMap((_, i) => (i % 50 === 5 || i % 50 === 25 ? [i + 1] : []));
  assert.deepEqual(lines.map((l) => l.position).sort((a, b) => a - b), want);
  for (const l of lines) {
    const i = l.position - 1;
    assert.deepEqual(l.event, events[i]);
    assert.equal(l.outcome, 'rejected');
    if (i % 50 === 5) assert.deepEqual([l.action, l.status, l.reason], ['createOrUpdateContact', null, "The root value is missing the required field 'userId'."]);
    else assert.deepEqual([l.action, l.status, l.reason], ['sendEvent', 400, 'Some body key or value is longer than allowable']);
  }
  // Paced below the simulator's limit: it never had to answer 429.
  const limited = await sim.requests({ status: 429, fields: 'seq' });
  assert.deepEqual(limited, []);
  for (const run of [first, second, third]) assert.ok(!run.stderr.includes(KEY) && !run.stdout.includes(KEY));
});
