// The door: who may post, what may be posted, and that a refused request queues nothing.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { start, sign, until } from './harness.mjs'

const identify = { type: 'identify', userId: 'u1', messageId: 'door-1', traits: { email: 'ada@example.com' } }

test('refusals: right status, clear message, nothing queued', async (t) => {
  const { worker, sim } = await start(t, { vars: { MAX_BODY_BYTES: '4096' } })
  const text = JSON.stringify(identify)
  const cases = [
    ['bad signature', () => worker.post(identify, { signature: sign(text + ' ') }), 401, 'Invalid X-Signature'],
    ['no signature', () => worker.post(identify, { signature: null }), 401, 'Missing X-Signature header'],
    ['batch without token', () => worker.post([identify], { token: null }), 401, 'Missing Authorization: Bearer <token> header'],
    ['batch with a wrong token', () => worker.post([identify], { token: 'nope' }), 401, 'Invalid bearer token'],
    ['batch signed over the whole body', () => worker.post([identify], { signature: sign(JSON.stringify([identify])) }), 401, 'Invalid X-Signature'],
    ['malformed JSON', () => worker.post('{"type":"identify",', { signature: sign('{"type":"identify",') }), 400, /^Invalid JSON/],
    ['not an event', () => worker.post('"hello"', { signature: sign('"hello"') }), 400, /must be a Segment event/],
    ['event without type', () => worker.post({ userId: 'u1' }), 400, 'A Segment event needs a type (identify, track, page, …)'],
    ['oversize body', () => worker.post({ ...identify, traits: { pad: 'x'.repeat(5000) } }), 413, 'The body is over 4096 bytes'],
    ['wrong method', () => worker.post(identify, { method: 'PUT' }), 405, 'Use POST'],
    ['GET', () => worker.post(identify, { method: 'GET' }), 405, 'Use POST'],
  ]
  for (const [name, call, status, message] of cases) {
    const { status: got, json } = await call()
    assert.equal(got, status, `${name}: ${JSON.stringify(json)}`)
    if (message instanceof RegExp) assert.match(json.error, message, name)
    else assert.equal(json.error, message, name)
  }

  await new Promise((r) => setTimeout(r, 1500)) // longer than the consumer's batch timeout
  const health = await worker.health()
  assert.equal(health.isolate.eventsQueued, 0)
  // Only the admin health's key check (GET /v1/api-key) may have reached Loops.
  assert.deepEqual((await sim.requests()).filter((r) => r.path !== '/api/v1/api-key'), [], 'nothing reached Loops')
  // A valid one still goes through afterwards.
  assert.equal((await worker.post(identify)).status, 202)
  await until(async () => (await sim.state()).contacts.length === 1, 10_000, 'the contact')
})

test('a batch with bad elements: the good ones queued and delivered, each bad one dead-lettered with its index and reason', async (t) => {
  const { worker, sim } = await start(t)
  const good = (i) => ({ type: 'identify', userId: `mix-${i}`, messageId: `mix-m${i}`, traits: { email: `mix${i}@example.com` } })
  const oversize = { type: 'track', event: 'Big', userId: 'mix-big', messageId: 'mix-big', properties: { pad: 'x'.repeat(127_000) } }
  const batch = [good(0), 5, good(1), { type: 'track', messageId: 3 }, oversize, good(2)]
  const { status, json } = await worker.post(batch)
  assert.equal(status, 202, JSON.stringify(json).slice(0, 300))
  assert.deepEqual(json, {
    shape: 'batch', received: 6, queued: 3, deadLettered: 3,
    rejected: [
      { index: 1, status: 400, message: 'A Segment event must be a JSON object, got a number', path: '/1' },
      { index: 3, status: 400, message: 'messageId must be text, got a number', path: '/3/messageId' },
      { index: 4, status: 413, message: `The event is ${JSON.stringify(oversize).length} bytes, over the 127000 bytes a queue message can hold`, path: '/4' },
    ],
  })
  await until(async () => (await sim.state()).contacts.length === 3, 10_000, 'the three good contacts')
  const { deadLetters } = await worker.deadLetters({ source: 'door' })
  deadLetters.sort((a, b) => a.index - b.index)
  assert.deepEqual(deadLetters.map((d) => [d.index, d.replayable, d.reason]), [
    [1, false, 'refused at the door (HTTP 400) at /1: A Segment event must be a JSON object, got a number'],
    [3, false, 'refused at the door (HTTP 400) at /3/messageId: messageId must be text, got a number'],
    [4, false, `refused at the door (HTTP 413) at /4: The event is ${JSON.stringify(oversize).length} bytes, over the 127000 bytes a queue message can hold`],
  ])
  assert.equal(deadLetters.find((d) => d.index === 4).event, JSON.stringify(oversize), 'kept whole')
})

test('more than 4,000 events is 413', async (t) => {
  const { worker } = await start(t)
  const batch = Array.from({ length: 4001 }, (_, i) => ({ type: 'track', messageId: `m${i}` }))
  const { status, json } = await worker.post(batch)
  assert.equal(status, 413)
  assert.equal(json.error, 'A batch holds at most 4000 events')
})

test('invalid config fails loudly: 503 on POST and in /health, nothing queued', async (t) => {
  const { worker } = await start(t, { config: { subscriptions: [{ action: 'sendEvent', mapping: { eventName: { '@path': 5 } } }] } })
  const { status, json } = await worker.post(identify)
  assert.equal(status, 503)
  assert.match(json.error, /configuration is invalid/)
  const health = await worker.health()
  assert.equal(health.status, 503)
  assert.equal(health.ok, false)
  assert.ok(health.config.error.message.length > 0, JSON.stringify(health.config))
  assert.equal(health.isolate.eventsQueued, 0)
})

test('an invalid trigger is refused up front with Segment\'s message and its path', async (t) => {
  const { worker } = await start(t, { config: { subscriptions: [{ action: 'sendEvent', subscribe: 'type = "identify"' }, { action: 'sendEvent', subscribe: 'type = "track' }] } })
  assert.equal((await worker.post(identify)).status, 503)
  const { error } = (await worker.health()).config
  assert.deepEqual([error.message, error.path], ['Invalid trigger: Invalid subscription : unterminated string starting at position 7', '/subscriptions/1/subscribe'])
})

test('no credentials configured: 503 (Segment retries while it is fixed)', async (t) => {
  const { worker } = await start(t, { vars: { SEGMENT_SHARED_SECRET: '', SEGMENT_TOKEN: '' } })
  const { status, json } = await worker.post(identify)
  assert.equal(status, 503)
  assert.match(json.error, /No credentials configured/)
  assert.equal((await worker.health()).status, 503)
})
