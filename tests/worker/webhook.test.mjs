// The package's segmentWebhook in Node: event texts cut at the right places (UTF-16
// offsets, also after non-ASCII text) and signatures equal to Node's HMAC-SHA1.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import { segmentSignature, segmentWebhook } from '../../pkg/node.js'

const hmac = (secret, text) => createHmac('sha1', secret).update(text).digest('hex')

test('batch events come back as sent, whatever the characters', () => {
  const events = [
    { type: 'identify', userId: 'ü1', traits: { name: 'Ünïcødé ✓ 😀', email: 'a@b.co' }, messageId: 'm-1' },
    { type: 'track', event: '日本語 🎉', properties: { s: '\u2028\\"' }, messageId: 'm-2' },
    { type: 'page', name: 'plain', messageId: 'm-3' },
  ]
  const body = ` \n${JSON.stringify(events)}\n`
  const got = segmentWebhook(body, { sharedSecret: 's', token: 't', authorization: 'Bearer t', signature: hmac('s', JSON.stringify(events[0])) })
  assert.deepEqual(got, { shape: 'batch', events: events.map((e) => JSON.stringify(e)), rejected: [] })
})

test('signatures equal Node crypto; refusals carry status and path', () => {
  for (const [k, t] of [['secret', ''], ['ключ', 'тело ✓'], ['x'.repeat(200), '{"a":1}']]) assert.equal(segmentSignature(k, t), hmac(k, t))
  // A single bad event is refused; a batch's bad elements are set apart, the rest accepted.
  assert.deepEqual(segmentWebhook('{"userId":"u"}', { token: 't', authorization: 'Bearer t' }), {
    status: 400, message: 'A Segment event needs a type (identify, track, page, …)', path: '/type',
  })
  assert.deepEqual(segmentWebhook('[{"type":"x"},{"é":"😀"},{"type":"y"}]', { token: 't', authorization: 'Bearer t' }), {
    shape: 'batch', events: ['{"type":"x"}', '{"type":"y"}'],
    rejected: [{ index: 1, status: 400, message: 'A Segment event needs a type (identify, track, page, …)', path: '/1/type', event: '{"é":"😀"}' }],
  })
  assert.equal(segmentWebhook('{"type":"x"}', { sharedSecret: 's', signature: 'ab' }).status, 401)
})
