// The package's preview face in Node, on the Loops docs' identify example. The expected
// request is Segment's (docs/segment.md, "createOrUpdateContact", observed by running Segment's code).
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Destination, explain, matches, validateMapping, transform } from '../../pkg/node.js'

const docsIdentify = JSON.parse(readFileSync(new URL('../../www/samples/identify-loops-docs.json', import.meta.url), 'utf8'))
const SEGMENT_BODY = '{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42,"email":"adam@loops.so","source":"Segment","userId":"test-user-a5h7xb","mailingLists":{}}'

test('the docs identify example previews to Segment’s exact request, key redacted', () => {
  const key = 'loops_live_0123456789abcdef'
  const [contact, event] = new Destination({ apiKey: key }).preview(docsIdentify)
  assert.equal(contact.action, 'createOrUpdateContact')
  assert.equal(contact.subscribed, true)
  assert.equal(contact.request.method, 'PUT')
  assert.equal(contact.request.url, 'https://app.loops.so/api/v1/contacts/update')
  assert.equal(JSON.stringify(contact.request.body), SEGMENT_BODY)
  assert.equal(contact.request.headers['Content-Type'], 'application/json')
  assert.deepEqual(contact.errors, [])
  assert.equal(event.subscribed, false)
  assert.match(event.reason, /identify/)
  const everything = JSON.stringify(new Destination({ apiKey: key }).preview(docsIdentify))
  assert.ok(!everything.includes(key) && !everything.includes('abcdef'), 'no part of the key in a preview')
})

test('a base URL points the requests elsewhere', () => {
  const [contact] = new Destination({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/api' }).preview(docsIdentify)
  assert.equal(contact.request.url, 'http://127.0.0.1:9/api/v1/contacts/update')
})

test('bad input is an Error with a kind and a path, never a trap', () => {
  assert.throws(() => new Destination({ apiKey: 'k', subscriptions: [{ action: 'nope' }] }), (e) => e.kind === 'config' && e.path === '/subscriptions/0/action')
  assert.throws(() => transform({ a: { '@path': 1 } }, {}), (e) => e.kind === 'mapping' && e.errors[0].path === '/a/@path')
  assert.throws(() => matches(5, {}), { message: 'Failed to validate subscription' })
  assert.equal(explain('type = "identify"', { type: 'track' }).includes('track'), true)
  assert.deepEqual(validateMapping({ a: { '@bogus': 1 } }).map((e) => e.path), ['/a'])
  // The engine is still usable after every error above.
  assert.deepEqual(transform({ a: { '@path': '$.x' } }, { x: 1 }), { a: 1 })
})

test('preview(event, { mapped: true }): the mapped payload before the schema and what the request leaves out, with why', () => {
  const d = new Destination({ apiKey: 'k', subscriptions: [
    { action: 'createOrUpdateContact', subscribe: 'type = "identify"', mapping: { email: { '@path': '$.traits.email' }, userId: { '@path': '$.userId' }, firstName: { '@path': '$.traits.none' }, nickname: 'Ada', mailingLists: { L1: true, L2: 'yes' } } },
    { action: 'sendEvent' },
  ] })
  const event = { type: 'identify', userId: 'u1', traits: { email: 'a@b.co' } }
  const [contact, track] = d.preview(event, { mapped: true })
  assert.deepEqual(contact.mapped, { email: 'a@b.co', userId: 'u1', nickname: 'Ada', mailingLists: { L1: true, L2: 'yes' } })
  assert.deepEqual(contact.dropped, [
    { path: '/firstName', level: 'empty', message: "'firstName' maps to nothing in this event, so it is left out." },
    { path: '/nickname', level: 'dropped', message: `'nickname' is not a field of "Create or update a contact": the schema removes it.` },
    { path: '/mailingLists/L2', level: 'dropped', message: 'Loops takes true or false for a mailing list; this value is dropped.' },
  ])
  assert.deepEqual(contact.request.body.mailingLists, { L1: true })
  assert.equal(track.mapped, undefined, 'not subscribed: nothing mapped')
  assert.equal('mapped' in d.preview(event)[0], false, 'the plain preview is unchanged')
  assert.equal(d.previewJson(JSON.stringify(event)), JSON.stringify(d.preview(event)))
})
