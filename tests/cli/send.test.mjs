// The CLI's front: the key check, the input formats, dry runs, and pacing at Loops'
// default 10 requests a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulator, KEY } from '../sender/helpers.mjs';
import { runCli, tempDir, writeEvents } from './helpers.mjs';

const track = (i) => ({ type: 'track', event: 'Played', userId: `u${i}`, messageId: `p${i}`, properties: { i }, context: { traits: { email: `u${i}@example.com` } } });

test('pacing: at the default rate the simulator (10/s) never has to refuse a request', async (t) => {
  const sim = await simulator(t);
  const file = writeEvents(tempDir(t), 'events.ndjson', Array.from({ length: 40 }, (_, i) => track(i)));
  const run = await runCli(['send', file, '--base-url', sim.api], { env: { LOOPS_API_KEY: KEY } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^progress \d+\/40 /m); // a plain NDJSON file: the total is known
  const log = await sim.requests({ fields: 'tMs,status,path' });
  assert.equal(log.length, 41); // the key check, then one request per event
  assert.deepEqual(log.filter((r) => r.status !== 200), []);
  const seconds = (log.at(-1).tMs - log[0].tMs) / 1000;
  assert.ok((log.length - 1) / seconds <= 10, `${log.length} requests in ${seconds} s`);
});

test('progress of a gzipped NDJSON file: the total is counted first (blank lines are not events)', async (t) => {
  const sim = await simulator(t, { config: { rateLimit: { limit: 1000, windowMs: 1000 } } });
  const dir = tempDir(t);
  const file = writeEvents(dir, 'events.ndjson.gz', Array.from({ length: 30 }, (_, i) => track(i)));
  const run = await runCli(['send', file, '--base-url', sim.api, '--rate', '500'], { env: { LOOPS_API_KEY: KEY } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^progress 30\/30 100\.0% /m);
  const array = join(dir, 'events.json');
  writeFileSync(array, JSON.stringify([track(1), track(2)]));
  const arrayRun = await runCli(['send', array, '--base-url', sim.api, '--rate', '500'], { env: { LOOPS_API_KEY: KEY } });
  assert.equal(arrayRun.code, 0, arrayRun.stderr);
  assert.match(arrayRun.stderr, /^progress 2 100\.0% /m); // a JSON array: the share of the file read
});

test('the key: required, checked first, never echoed', async (t) => {
  const sim = await simulator(t);
  const file = writeEvents(tempDir(t), 'events.ndjson', [track(1)]);
  const missing = await runCli(['send', file, '--base-url', sim.api]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^loops-destination: set LOOPS_API_KEY to your Loops API key \(it is read from the environment only\)$/m);
  const secret = 'sk_wrong_0123456789abcdef';
  const wrong = await runCli(['send', file, '--base-url', sim.api], { env: { LOOPS_API_KEY: secret } });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /^loops-destination: Loops refused the API key: Invalid API key \(HTTP 401\)\. Set LOOPS_API_KEY/m);
  assert.ok(!wrong.stderr.includes(secret));
  assert.deepEqual((await sim.requests({ fields: 'path,status' })).map((r) => [r.path, r.status]), [['/api/v1/api-key', 401]]);
});

test('dry run: a JSON array (strings with brackets and commas), requests redacted, warnings summed up', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'events.json');
  const tricky = 'a, "b"] } [ {\\';
  const events = Array.from({ length: 3000 }, (_, i) => ({ ...track(i), properties: { i, tricky, long: i < 2 ? 'x'.repeat(501) : 'ok' } }));
  writeFileSync(file, `[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
  const secret = 'sk_dry_0123456789abcdef';
  const run = await runCli(['send', file, '--dry-run'], { env: { LOOPS_API_KEY: secret } });
  assert.equal(run.code, 0, run.stderr);
  const requests = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(requests.map((r) => r.request.body.eventProperties.i), events.map((_, i) => i));
  assert.ok(requests.every((r) => r.request.headers.Authorization === 'Bearer ****' && r.request.body.eventProperties.tricky === tricky));
  assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
  assert.match(run.stderr, /^dry run: 3000 events, 3000 would be sent, 0 would be rejected$/m);
  assert.match(run.stderr, /^warnings \(errors with --strict\):\n +2 {2}sendEvent \/eventProperties\/long: This value is 503 characters long with its quotes; Loops refuses values over 500\.$/m);
});

test('input that is neither NDJSON nor a JSON array: where it breaks', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'bad.json');
  const text = `[${JSON.stringify(track(1))}] x`;
  writeFileSync(file, text);
  const run = await runCli(['send', file, '--dry-run']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, new RegExp(`^dry run: 1 events, 1 would be sent, 0 would be rejected\n(.|\n)*^stopped: the input is not NDJSON or one JSON array: text after the array at character ${text.length}$`, 'm'));
  const usage = await runCli(['send']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^loops-destination: send takes one file, or - for stdin$/m);
});

test('a key refused mid-run stops the run; nothing after it counts as done, the resume sends each event once', async (t) => {
  const sim = await simulator(t, { config: { rateLimit: { limit: 1000 } } });
  await sim.faults({ match: { path: '/v1/events/send', nth: [20] }, action: { preset: 'http401' } });
  const dir = tempDir(t);
  const file = writeEvents(dir, 'events.ndjson', Array.from({ length: 60 }, (_, i) => track(i)));
  const args = ['send', file, '--base-url', sim.api, '--rate', '200', '--checkpoint', join(dir, 'checkpoint')];
  const first = await runCli(args, { env: { LOOPS_API_KEY: KEY } });
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stderr, /^stopped: Loops refused the setup \(Invalid API key\); fix LOOPS_API_KEY or --base-url and run again to resume$/m);
  assert.match(first.stderr, /^misconfigured +1 +1$/m);
  const resumed = await runCli(args, { env: { LOOPS_API_KEY: KEY } });
  assert.equal(resumed.code, 0, resumed.stderr);
  // At most the 19 before the refused one and the 8 in flight beside it (--concurrency 8).
  assert.ok(Number(/^resuming: (\d+) events done before/m.exec(resumed.stderr)[1]) < 28, resumed.stderr);
  assert.deepEqual((await sim.state()).events.map((e) => e.eventProperties.i).sort((a, b) => a - b), [...Array(60).keys()]);
});
