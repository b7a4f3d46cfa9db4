// Segment's Loops (Actions) destination run the production way, `Destination.onEvent`,
// with nock answering for the Loops host: what Segment would send for an event, or what
// it reports instead. Fixtures and the differential test take their expected values
// from here, never from our output.
'use strict'
const path = require('node:path')
const { createRequire } = require('node:module')

const root = path.resolve(__dirname, '../..')
const requireRoot = createRequire(path.join(root, 'package.json'))
const core = requireRoot('@segment/actions-core')
const nock = requireRoot('nock')
const loops = requireRoot('@segment/action-destinations/dist/destinations/loops').default
const { validationMessages } = require('./oracle.cjs')

const HOST = 'https://app.loops.so'
const destination = new core.Destination(loops)

/** The headers a comparison cares about; the rest (user-agent, accept, …) are the client's own. */
const KEPT_HEADERS = ['authorization', 'content-type']

let captured = []
let intercepting = false
function intercept() {
  if (intercepting) return
  intercepting = true
  nock.disableNetConnect()
  const scope = nock(HOST)
    .persist()
    .put('/api/v1/contacts/update').reply(200, { success: true, id: 'x' })
    .post('/api/v1/events/send').reply(200, { success: true })
    .post('/api/v1/contacts/delete').reply(200, { success: true, message: 'Contact deleted.' })
    .get('/api/v1/api-key').reply(200, { success: true, teamName: 'Test team' })
  scope.on('request', (req, _interceptor, body) => {
    const headers = {}
    for (const k of KEPT_HEADERS) if (req.headers[k] !== undefined) headers[k] = String(req.headers[k])
    captured.push({
      method: req.method,
      url: `${HOST}${req.path}`,
      headers,
      ...(body !== undefined && body !== '' && { body: String(body) })
    })
  })
}

/** The default mapping of an action: each field's `default`, in field order. */
function defaultMapping(action) {
  const fields = loops.actions[action]?.fields ?? {}
  return Object.fromEntries(Object.entries(fields).filter(([, f]) => f.default !== undefined).map(([k, f]) => [k, f.default]))
}

/**
 * What Segment does with `event` for one subscription:
 *   { output: { method, url, headers: {authorization, content-type}, body: JSON text } }  sent
 *   { output: 'not subscribed' | 'Invalid subscription : …' | 'Failed to validate subscription' }
 *   { errors: [mapping validation messages] } | { error: message }                      thrown
 * `subscribe` defaults to the action's default trigger, `mapping` to its default mapping.
 */
async function segmentRequest(event, { subscribe, action, mapping } = {}, apiKey = 'test-api-key') {
  intercept()
  const def = loops.actions[action]
  const subscription = {
    subscribe: subscribe === undefined ? def?.defaultSubscription : subscribe,
    partnerAction: action,
    mapping: mapping === undefined ? defaultMapping(action) : mapping
  }
  captured = []
  let results
  try {
    results = await destination.onEvent(event, { apiKey, subscription })
  } catch (err) {
    if (err && err.name === 'AggregateError') return { errors: validationMessages(err) }
    return { error: String(err && err.message) }
  }
  if (captured.length === 1) return { output: captured[0] }
  if (captured.length > 1) return { error: `oracle: ${captured.length} requests sent` }
  const outputs = (results ?? []).map((r) => r && r.output).filter((o) => typeof o === 'string')
  return { output: outputs[outputs.length - 1] ?? 'nothing sent' }
}

/** Segment's GDPR delete (`onDelete`) for an event: the request it sends (a documented difference). */
async function segmentDelete(event, apiKey = 'test-api-key') {
  intercept()
  captured = []
  try {
    await destination.onDelete(event, { apiKey })
  } catch (err) {
    return { error: String(err && err.message) }
  }
  return captured.length === 1 ? { output: captured[0] } : { error: `oracle: ${captured.length} requests sent` }
}

/** Segment's `testAuthentication`: the request it sends. */
async function segmentTestAuthentication(apiKey = 'test-api-key') {
  intercept()
  captured = []
  try {
    await destination.testAuthentication({ apiKey })
  } catch (err) {
    return { error: String(err && err.message) }
  }
  return captured.length === 1 ? { output: captured[0] } : { error: `oracle: ${captured.length} requests sent` }
}

module.exports = { segmentRequest, segmentDelete, segmentTestAuthentication, defaultMapping, loops }
