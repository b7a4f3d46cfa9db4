// Memory stays flat whatever the input's size: the peak RSS of a --dry-run (every
// event read, mapped and previewed, the requests written out) over 5,000 and 50,000
// gzipped events is within 20%. The CLI prints its peak (process.resourceUsage) when
// LOOPS_DESTINATION_MAXRSS is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempDir, writeEvents } from './helpers.mjs';

function events(count) {
  return Array.from({ length: count }, (_, i) => (i % 2
    ? { type: 'track', event: 'Played', userId: `u${i % 997}`, messageId: `m${i}`, properties: { i, title: `Song ${i}` } }
    : { type: 'identify', userId: `u${i % 997}`, messageId: `m${i}`, traits: { email: `u${i % 997}@example.com`, plan: 'pro', i } }));
}

async function peakKb(t, count) {
  const file = writeEvents(tempDir(t), `e${count}.ndjson.gz`, events(count));
  const run = await runCli(['send', file, '--dry-run'], { env: { LOOPS_DESTINATION_MAXRSS: '1' }, stdout: 'ignore' });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`^dry run: ${count} events, ${count} would be sent, 0 would be rejected$`, 'm'));
  return Number(/^maxRSS (\d+) kB$/m.exec(run.stderr)[1]);
}

test('peak RSS at 5,000 and 50,000 events within 20%', async (t) => {
  const small = await peakKb(t, 5000);
  const large = await peakKb(t, 50000);
  console.log(`peak RSS: 5,000 events ${small} kB, 50,000 events ${large} kB (${((large / small - 1) * 100).toFixed(1)}%)`);
  assert.ok(large <= small * 1.2, `${small} kB → ${large} kB`);
});
