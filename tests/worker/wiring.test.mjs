// The deployed configuration holds together: what the Worker's variables promise matches
// the queue settings wrangler reads from worker/wrangler.jsonc (the same reading the local
// Worker and the tests use).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deployedOptions } from '../../worker/local.mjs'

test('the Worker dead-letters on the last delivery the queue allows, never after it', () => {
  const o = deployedOptions()
  const events = o.queueConsumers['loops-events']
  assert.equal(Number(o.bindings.MAX_ATTEMPTS), events.maxRetries + 1, 'MAX_ATTEMPTS = max_retries + 1')
  assert.equal(events.deadLetterQueue, o.bindings.DEAD_LETTER_QUEUE)
  assert.ok(o.queueConsumers[events.deadLetterQueue], 'the dead-letter queue has a consumer')
  assert.equal(o.queueConsumers[events.deadLetterQueue].deadLetterQueue, undefined, 'and no dead-letter queue of its own: it keeps retrying')
  for (const [name, c] of Object.entries(o.queueConsumers)) assert.ok(c.retryDelay > 0, `${name} has a retry_delay (no burst of instant retries)`)
})

test('a paused event waits hours before it is dead-lettered: the budget the README states', () => {
  const o = deployedOptions()
  const { maxRetries } = o.queueConsumers['loops-events']
  const base = Number(o.bindings.PAUSE_BASE_SECONDS)
  const max = Number(o.bindings.PAUSE_MAX_SECONDS)
  // The shortest wait (jitter takes at least half of each delay) and the longest.
  let least = 0
  let most = 0
  for (let a = 1; a <= maxRetries; a++) {
    const full = Math.min(max, base * 2 ** (a - 1))
    least += full / 2
    most += full
  }
  assert.ok(max <= 86_400, 'Cloudflare delays a retry by at most 24 h')
  assert.ok(Number(o.bindings.QUEUE_RETENTION_SECONDS) >= 86_400, 'at least the Free plan\'s retention')
  assert.deepEqual([Math.round(least / 3600), Math.round(most / 3600)], [35, 69], 'README: events wait 35 to 69 hours')
})
