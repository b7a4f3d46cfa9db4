// GET /contact-properties: the account's properties from Loops (here the simulator),
// behind the bearer token, without the Loops key ever in the answer; and the CORS that
// lets the playground call it from its own origin.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADMIN, KEY, start } from './harness.mjs'

const PLAYGROUND = 'http://127.0.0.1:8000' // scripts/dev.sh's playground origin
const get = (worker, headers = {}) => fetch(`${worker.url}/contact-properties`, { headers })

test('without the token: 401, and Loops is not called', async (t) => {
  const { worker, sim } = await start(t)
  for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${ADMIN}` }, { authorization: 'Bearer ' }]) {
    const res = await get(worker, headers)
    assert.equal(res.status, 401, JSON.stringify(headers))
    assert.match((await res.json()).error, /Bearer <ADMIN_TOKEN>/)
  }
  assert.equal((await fetch(`${worker.url}/contact-properties`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } })).status, 405)
  assert.deepEqual(await sim.requests({ path: '/v1/contacts/properties' }), [])
})

test("with the token: Loops' list (defaults and custom), asked with list=all and the Worker's key", async (t) => {
  const { worker, sim } = await start(t)
  await sim.control('POST', 'seed', { customProperties: [{ key: 'favoriteNumber', type: 'string' }, { key: 'seats', type: 'number' }] })
  const res = await get(worker, { authorization: `Bearer ${ADMIN}` })
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /^application\/json/)
  const text = await res.text()
  // What Loops itself answers, asked directly.
  const direct = await (await fetch(`${sim.url}/api/v1/contacts/properties?list=all`, { headers: { authorization: `Bearer ${KEY}` } })).json()
  assert.deepEqual(JSON.parse(text), direct)
  assert.deepEqual(direct.slice(-2), [{ key: 'favoriteNumber', label: 'Favorite Number', type: 'string' }, { key: 'seats', label: 'Seats', type: 'number' }])
  assert.ok(!text.includes(KEY), 'the key is not in the answer')
  const [call] = await sim.requests({ path: '/v1/contacts/properties' })
  assert.equal(call.status, 200, 'the simulator accepted the Worker key')
  assert.equal(call.method, 'GET')
  assert.deepEqual(call.query, { list: 'all' })
})

test('Loops refuses or fails: 502 with the reason, never the key', async (t) => {
  const { worker, sim } = await start(t)
  await sim.faults({ match: { path: '/v1/contacts/properties', nth: [1] }, action: { respond: { status: 401, json: { success: false, message: `Invalid API key ${KEY}` } } } })
  let res = await get(worker, { authorization: `Bearer ${ADMIN}` })
  let text = await res.text()
  assert.equal(res.status, 502)
  assert.ok(!text.includes(KEY), text)
  assert.deepEqual(JSON.parse(text), { error: 'Loops answered HTTP 401: Invalid API key [redacted]', loopsStatus: 401 })

  await sim.faults({ match: { path: '/v1/contacts/properties', nth: [1] }, action: { preset: 'http502Html' } })
  res = await get(worker, { authorization: `Bearer ${ADMIN}` })
  text = await res.text()
  assert.equal(res.status, 502)
  assert.equal(JSON.parse(text).error, 'Loops answered HTTP 502')

  // And the next call goes through again.
  assert.equal((await get(worker, { authorization: `Bearer ${ADMIN}` })).status, 200)
})

test('no Loops key set: 503, Loops not called', async (t) => {
  const { worker, sim } = await start(t, { vars: { LOOPS_API_KEY: '' } })
  const res = await get(worker, { authorization: `Bearer ${ADMIN}` })
  assert.equal(res.status, 503)
  assert.equal((await res.json()).error, 'The LOOPS_API_KEY secret is not set')
  assert.deepEqual(await sim.requests({ path: '/v1/contacts/properties' }), [])
})

test('CORS: the allowed origin gets the preflight and the GET; another origin does not', async (t) => {
  const { worker } = await start(t, { vars: { ALLOWED_ORIGINS: `${PLAYGROUND}, http://localhost:8000` } })
  // What a browser sends first for a GET with an Authorization header.
  const preflight = await fetch(`${worker.url}/contact-properties`, {
    method: 'OPTIONS',
    headers: { origin: PLAYGROUND, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  })
  assert.equal(preflight.status, 204)
  assert.equal(preflight.headers.get('access-control-allow-origin'), PLAYGROUND)
  assert.match(preflight.headers.get('access-control-allow-methods'), /\bGET\b/)
  assert.match(preflight.headers.get('access-control-allow-headers'), /\bauthorization\b/)
  assert.match(preflight.headers.get('vary'), /origin/i)

  const res = await get(worker, { origin: PLAYGROUND, authorization: `Bearer ${ADMIN}` })
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('access-control-allow-origin'), PLAYGROUND)
  assert.ok(Array.isArray(await res.json()))
  // A refusal carries the header too, so the page can show the 401 instead of a network error.
  const refused = await get(worker, { origin: PLAYGROUND })
  assert.equal(refused.status, 401)
  assert.equal(refused.headers.get('access-control-allow-origin'), PLAYGROUND)

  for (const origin of ['http://evil.example', 'http://127.0.0.1:8001']) {
    const other = await fetch(`${worker.url}/contact-properties`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    assert.equal(other.headers.get('access-control-allow-origin'), null, origin)
    const got = await get(worker, { origin, authorization: `Bearer ${ADMIN}` })
    assert.equal(got.headers.get('access-control-allow-origin'), null, origin)
  }
})
