// Loops down for a while, and Loops down for good: delivered after recovery, or
// dead-lettered with the reason; never lost.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { events, start, tally, until } from './harness.mjs'

test('Loops down for a stretch: everything delivered after it recovers', async (t) => {
  const { worker, sim } = await start(t, { sim: { rateLimit: { limit: 100 } }, config: { rateLimit: 100, retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 } } })
  await sim.faults({ match: {}, action: { preset: 'http503Text' } })
  const sent = events(40, 'down')
  assert.equal((await worker.post(sent)).status, 202)
  // Let every event fail at least once, then bring Loops back.
  await until(async () => (await worker.health()).counts.retried >= 40, 15_000, 'first failures')
  await sim.clearFaults()
  await until(async () => (await worker.health()).counts.delivered + (await worker.health()).counts.alreadyDelivered >= 40, 30_000, 'recovery')
  const row = await tally('Loops down 503 then back', sent, sim, (await worker.deadLetters()).deadLetters)
  assert.deepEqual({ ...row, scenario: 0 }, { scenario: 0, in: 40, delivered: 40, deadLettered: 0, duplicates: 0, lost: 0 })
})

test('answers lost after Loops processed the request: retried, no duplicate in Loops', async (t) => {
  const { worker, sim } = await start(t, { sim: { rateLimit: { limit: 100 } }, config: { rateLimit: 100, retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 } } })
  await sim.faults({ match: { everyN: 3 }, action: { preset: 'responseLost' } })
  const sent = events(60, 'lost')
  assert.equal((await worker.post(sent)).status, 202)
  await until(async () => {
    const c = (await worker.health()).counts
    return c.delivered + c.alreadyDelivered >= 60
  }, 30_000, 'all delivered')
  const row = await tally('every 3rd answer lost (processed)', sent, sim, (await worker.deadLetters()).deadLetters)
  assert.deepEqual({ ...row, scenario: 0 }, { scenario: 0, in: 60, delivered: 60, deadLettered: 0, duplicates: 0, lost: 0 })
  assert.ok((await worker.health()).counts.alreadyDelivered > 0, 'some retries met their 409')
})

test('Loops keeps failing: exhausted events land in the dead letters with the reason; none lost', async (t) => {
  const { worker, sim } = await start(t, {
    sim: { rateLimit: { limit: 100 } },
    config: { rateLimit: 100, retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 } },
    vars: { MAX_ATTEMPTS: '3' },
  })
  // Events never get through; contacts do.
  await sim.faults({ match: { path: '/v1/events/send' }, action: { preset: 'http500' } })
  const sent = events(20, 'gone')
  assert.equal((await worker.post(sent)).status, 202)
  const dead = await until(async () => {
    const d = (await worker.deadLetters()).deadLetters
    return d.length >= 10 && d
  }, 40_000, 'ten dead letters')
  for (const d of dead) {
    assert.equal(JSON.parse(d.event).type, 'track')
    assert.match(d.reason, /^gave up after 3 deliveries: sendEvent: failed \(HTTP 500\)/)
    assert.equal(d.attempts, 3)
  }
  const row = await tally('Loops 500 on events for good', sent, sim, dead)
  assert.deepEqual({ ...row, scenario: 0 }, { scenario: 0, in: 20, delivered: 10, deadLettered: 10, duplicates: 0, lost: 0 })

  // Loops is back: replaying the dead letters delivers them.
  await sim.clearFaults()
  const res = await worker.admin('POST', '/dead-letters/replay')
  assert.equal(res.status, 200)
  assert.equal(res.json.replayed, 10)
  assert.deepEqual(res.json.keys.sort(), dead.map((d) => d.key).sort())
  await until(async () => (await sim.state()).events.length === 10, 15_000, 'replayed events')
  assert.equal((await worker.deadLetters()).count, 0)
})

test("an event Loops keeps failing is kept before the queue's retention would delete it", async (t) => {
  // A 10 s retention stands in for the Free plan's 24 h: the Worker must dead-letter the
  // event (with the reason, replayable) before the queue would drop it, not after.
  const { worker, sim } = await start(t, {
    sim: { rateLimit: { limit: 100 } },
    config: { rateLimit: 100, retry: false },
    vars: { MAX_ATTEMPTS: '13', RETRY_BASE_SECONDS: '1', RETRY_MAX_SECONDS: '2', QUEUE_RETENTION_SECONDS: '10' },
  })
  await sim.faults({ match: { path: '/v1/events/send' }, action: { preset: 'http500' } })
  const sent = events(2, 'retention').filter((e) => e.type === 'track')
  assert.equal((await worker.post(sent)).status, 202)
  const [d] = await until(async () => (await worker.deadLetters()).deadLetters.length === 1 && (await worker.deadLetters()).deadLetters, 30_000, 'the dead letter')
  assert.match(d.reason, /^gave up after \d+ deliveries, before the queue's retention \(QUEUE_RETENTION_SECONDS\) runs out: sendEvent: failed \(HTTP 500\)/)
  assert.ok(d.attempts < 13, `dead-lettered on retention, not attempts (${d.attempts})`)
  assert.equal(d.replayable, true)
})
