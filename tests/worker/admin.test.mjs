// The admin side: ADMIN_TOKEN (not SEGMENT_TOKEN) opens it; /health says only ok to others;
// dead letters page, filter, preview, delete; the team's mailing lists.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADMIN, TOKEN, start, until } from './harness.mjs'

/** Tracks Loops refuses (no contact, no email): each becomes a dead letter. */
const refused = (n, p) => Array.from({ length: n }, (_, i) => ({ type: 'track', event: 'Played', userId: `${p}-${i}`, messageId: `${p}-m${i}`, timestamp: `2026-06-01T00:00:0${i}Z` }))

test('the Segment token opens no admin route; /health tells others only ok', async (t) => {
  const { worker } = await start(t)
  for (const [method, path] of [['GET', '/dead-letters'], ['POST', '/dead-letters/replay'], ['POST', '/dead-letters/delete'], ['GET', '/dead-letters/preview'], ['GET', '/contact-properties'], ['GET', '/lists']]) {
    for (const token of [TOKEN, 'nope', null]) {
      const res = await fetch(`${worker.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} })
      assert.equal(res.status, 401, `${method} ${path} with ${token}`)
      assert.deepEqual(await res.json(), { error: 'Authorization: Bearer <ADMIN_TOKEN> required' })
    }
  }
  for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
    const res = await fetch(`${worker.url}/health`, { headers })
    assert.deepEqual([res.status, await res.json()], [200, { ok: true }])
  }
  const details = await worker.health()
  assert.equal(details.auth.adminToken, true)
  assert.doesNotMatch(JSON.stringify(details), new RegExp(`${ADMIN}|${TOKEN}|test_key|whsec-test`))
})

test('dead letters: pages, filters, a preview with the current config, delete with a dry run', async (t) => {
  const { worker } = await start(t)
  assert.equal((await worker.post(refused(7, 'dl'))).status, 202)
  await until(async () => (await worker.deadLetters()).count === 7, 20_000, 'seven dead letters')
  // Pages of 3, oldest first, each once.
  const seen = []
  let cursor
  let pages = 0
  do {
    const r = await worker.admin('GET', `/dead-letters?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    assert.equal(r.json.count, 7)
    assert.ok(r.json.deadLetters.length <= 3)
    seen.push(...r.json.deadLetters.map((d) => d.messageId))
    cursor = r.json.next
    pages += 1
  } while (cursor)
  assert.equal(pages, 3)
  assert.deepEqual(seen.sort(), Array.from({ length: 7 }, (_, i) => `dl-m${i}`).sort())
  // Filters.
  const first = (await worker.deadLetters()).deadLetters[0]
  assert.equal(first.action, 'sendEvent')
  assert.equal(first.source, 'delivery')
  assert.match(first.reason, /^sendEvent: rejected \(HTTP 400\): /)
  assert.equal((await worker.deadLetters({ action: 'sendEvent' })).count, 7)
  assert.equal((await worker.deadLetters({ action: 'createOrUpdateContact' })).count, 0)
  assert.equal((await worker.deadLetters({ reason: 'REJECTED (http 400)' })).count, 7, 'reason: a part, any case')
  assert.equal((await worker.deadLetters({ since: '2999-01-01' })).count, 0)
  assert.equal((await worker.deadLetters({ until: '2999-01-01', since: '2000-01-01' })).count, 7)
  // The exact request the current config would send for it, the key redacted.
  const p = await worker.admin('GET', `/dead-letters/preview?key=${encodeURIComponent(first.key)}`)
  assert.equal(p.status, 200)
  assert.equal(p.json.deadLetter.key, first.key)
  const send = p.json.preview.find((e) => e.action === 'sendEvent')
  assert.equal(send.request.url.endsWith('/v1/events/send'), true)
  assert.equal(send.request.headers.Authorization, 'Bearer ****')
  assert.equal(JSON.parse(JSON.stringify(send.request.body)).eventName, 'Played')
  assert.equal((await worker.admin('GET', '/dead-letters/preview?key=nope')).status, 404)
  // Delete: a filter is required; a dry run counts; then by key.
  assert.equal((await worker.admin('POST', '/dead-letters/delete', {})).status, 400)
  assert.deepEqual((await worker.admin('POST', '/dead-letters/delete', { keys: [first.key], dryRun: true })).json, { deleted: 1, dryRun: true })
  assert.equal((await worker.deadLetters()).count, 7)
  assert.deepEqual((await worker.admin('POST', '/dead-letters/delete', { keys: [first.key] })).json, { deleted: 1, dryRun: false })
  assert.equal((await worker.deadLetters()).count, 6)
  assert.equal((await worker.admin('POST', '/dead-letters/replay', 'not json')).status, 400)
})

test("mailing lists: Loops' GET /v1/lists through the Worker's key", async (t) => {
  const { worker, sim } = await start(t, { seed: { lists: [{ id: 'L1', name: 'News', description: 'Weekly' }, { id: 'L2', name: 'Beta', isPublic: false }] } })
  const r = await worker.admin('GET', '/lists')
  assert.equal(r.status, 200)
  assert.deepEqual(r.json, [
    { id: 'L1', name: 'News', description: 'Weekly', isPublic: true },
    { id: 'L2', name: 'Beta', description: null, isPublic: false },
  ])
  const asked = await sim.requests({ path: '/v1/lists' })
  assert.equal(asked.length, 1)
  assert.equal(asked[0].status, 200, 'the simulator took the Worker\'s key (its log redacts it)')
})

test('the admin /health checks the Loops key (GET /v1/api-key) and says accepted or refused, never the key', async (t) => {
  const good = await start(t)
  const res = await fetch(`${good.worker.url}/health`)
  assert.deepEqual(await res.json(), { ok: true }) // anonymous: no call to Loops
  const details = await good.worker.health()
  const { checkedAt, ...check } = details.loops.keyCheck
  assert.deepEqual(check, { ok: true, team: 'Test team' })
  assert.ok(Math.abs(Date.parse(checkedAt) - Date.now()) < 30_000, checkedAt)
  // Asked again (a dashboard polling): the answer of the last minute, no second call.
  assert.equal((await good.worker.health()).loops.keyCheck.checkedAt, checkedAt)
  const calls = (await good.sim.state()).requestLog.filter((r) => r.path === '/api/v1/api-key')
  assert.equal(calls.length, 1, JSON.stringify(calls))

  const wrong = await start(t, { vars: { LOOPS_API_KEY: 'revoked-key-5f2c' } })
  const refusedDetails = await wrong.worker.health()
  assert.equal(refusedDetails.loops.keyCheck.ok, false)
  assert.equal(refusedDetails.loops.keyCheck.status, 401)
  assert.match(refusedDetails.loops.keyCheck.reason, /\S/)
  assert.doesNotMatch(JSON.stringify(refusedDetails), /revoked-key-5f2c/)

  // A base URL that is no URL: the config is invalid and the check says why, not a 500.
  const badUrl = await start(t, { vars: { LOOPS_API_KEY: 'key-of-a-bad-url-7d1e', LOOPS_BASE_URL: 'not a url' } })
  const badUrlDetails = await badUrl.worker.health()
  assert.equal(badUrlDetails.loops.keyCheck.ok, false)
  assert.equal(badUrlDetails.loops.keyCheck.reason, 'the key could not be checked: baseUrl must be an http(s) URL string')
  assert.doesNotMatch(JSON.stringify(badUrlDetails), /key-of-a-bad-url-7d1e/)
})
