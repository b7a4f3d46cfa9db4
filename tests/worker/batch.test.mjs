// Batches: every event delivered exactly once, Loops' per-second limit never exceeded
// (read from the simulator's own request log).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { events, start, tally, until } from './harness.mjs'

/** Counted requests per rate window, from the simulator's log. */
async function busiestWindow(sim) {
  const log = await sim.requests({ fields: 'tMs,status,path' })
  const perWindow = new Map()
  for (const e of log) perWindow.set(Math.floor(e.tMs / 1000), (perWindow.get(Math.floor(e.tMs / 1000)) ?? 0) + 1)
  // The admin health's key check (GET /v1/api-key, once a minute) counts towards the limit, not as a delivery.
  return { requests: log.filter((e) => e.path !== '/api/v1/api-key').length, http429: log.filter((e) => e.status === 429).length, busiest: Math.max(...perWindow.values()) }
}

async function run(t, { n, limit, prefix }) {
  const { worker, sim } = await start(t, { sim: { rateLimit: { limit } }, config: { rateLimit: limit } })
  const sent = events(n, prefix)
  const started = Date.now()
  const res = await worker.post(sent)
  assert.equal(res.status, 202, JSON.stringify(res.json))
  assert.deepEqual(res.json, { shape: 'batch', received: n, queued: n })
  await until(async () => {
    const c = (await worker.health()).counts
    return c.delivered + c.alreadyDelivered + c.deadLettered >= n
  }, 20_000 + (n / limit) * 2000, `${n} deliveries`)
  const seconds = (Date.now() - started) / 1000
  const row = await tally(`batch of ${n} at ${limit}/s`, sent, sim, (await worker.deadLetters()).deadLetters)
  const rate = await busiestWindow(sim)
  console.log(`batch ${n} at ${limit}/s: ${rate.requests} requests in ${seconds.toFixed(1)} s, busiest window ${rate.busiest}, 429s ${rate.http429}`)
  assert.deepEqual(row, { scenario: row.scenario, in: n, delivered: n, deadLettered: 0, duplicates: 0, lost: 0 })
  assert.equal(rate.http429, 0)
  assert.ok(rate.busiest <= limit, `busiest window ${rate.busiest} > ${limit}`)
  assert.equal(rate.requests, n, 'one request per event')
}

test('a batch of 1,000 (limit raised to 200/s): each event exactly once, never over the limit', (t) => run(t, { n: 1000, limit: 200, prefix: 'b1k' }))

test('a batch of 60 at the real 10/s', (t) => run(t, { n: 60, limit: 10, prefix: 'b60' }))
