// GDPR deletions through the package (docs/gdpr-deletions.md): the configuration block of
// that note, read from it, sends Segment's `delete` notification (the body the classic
// Webhooks destination documents) and a "User Deleted" track event to the Loops simulator,
// and the contacts are gone. Loops' delete body is one string, and a contact it cannot
// find is a 404 (https://loops.so/docs/api-reference/delete-contact).
import test, { after, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Destination, segmentSignature, segmentWebhook } from '../../pkg/node.js'
import { startSimulator } from '../../loops-sim/server.mjs'

const note = readFileSync(new URL('../../docs/gdpr-deletions.md', import.meta.url), 'utf8')
const config = JSON.parse(note.match(/```json\n([\s\S]*?)\n```/)[1])
// The example body of Segment's Webhooks documentation, "Delete" section.
const segmentDelete = { type: 'delete', userId: '019mr8mf4r', timestamp: '2012-12-02T00:30:08.276Z' }

let sim
let destination
const contacts = async () => (await (await fetch(`${sim.url}/__sim/state`)).json()).contacts.map((c) => c.userId ?? c.email)

before(async () => {
  sim = await startSimulator({
    port: 0,
    seed: { contacts: [
      { email: 'achilles@example.com', userId: '019mr8mf4r' },
      { email: 'ada@example.com', userId: 'u-ada' },
      { email: 'email-only@example.com' },
      { email: 'kept@example.com', userId: 'u-kept' },
    ] },
  })
  destination = new Destination({ apiKey: 'test_key', baseUrl: `${sim.url}/api`, retry: false, ...config })
})
after(() => sim?.close())

const entry = (entries, action) => entries.find((e) => e.action === action && e.subscribed)

test('the delete notification passes the Worker\'s front door, signed as Segment signs it', () => {
  const body = JSON.stringify(segmentDelete)
  const verdict = segmentWebhook(body, { sharedSecret: 's3cret', signature: segmentSignature('s3cret', body), token: 't', authorization: 'Bearer t' })
  assert.deepEqual(verdict, { shape: 'event', events: [body], rejected: [] })
})

test('Segment\'s delete notification: only deleteContact, by userId, and the contact is gone', async () => {
  const preview = destination.preview(segmentDelete)
  assert.deepEqual(preview.filter((e) => e.subscribed).map((e) => e.action), ['deleteContact'])
  const { request } = entry(preview, 'deleteContact')
  assert.equal(`${request.method} ${request.url}`, `POST ${sim.url}/api/v1/contacts/delete`)
  assert.deepEqual(request.body, { userId: '019mr8mf4r' })
  assert.deepEqual(await destination.send(segmentDelete), [{ action: 'deleteContact', outcome: 'delivered', status: 200, attempts: 1 }])
  assert.ok(!(await contacts()).includes('019mr8mf4r'))
  // Again (Segment redelivers): Loops answers 404 "Contact not found.": done, not refused.
  assert.deepEqual(await destination.send(segmentDelete), [{ action: 'deleteContact', outcome: 'already_delivered', status: 404, attempts: 1 }])
})

test('"User Deleted" deletes by userId, else by properties.email, and is not sent as a Loops event', async () => {
  const byId = { type: 'track', event: 'User Deleted', userId: 'u-ada', messageId: 'del-1', properties: { email: 'ada@example.com' } }
  const preview = destination.preview(byId)
  assert.deepEqual(preview.filter((e) => e.subscribed).map((e) => e.action), ['deleteContact'])
  assert.deepEqual(entry(preview, 'deleteContact').request.body, { userId: 'u-ada' })
  assert.match(preview.find((e) => e.action === 'sendEvent').reason, /User Deleted/)
  const byEmail = { type: 'track', event: 'User Deleted', messageId: 'del-2', properties: { email: 'email-only@example.com' } }
  assert.deepEqual(entry(destination.preview(byEmail), 'deleteContact').request.body, { email: 'email-only@example.com' })
  const outcomes = await destination.sendBatch([byId, byEmail])
  assert.deepEqual(outcomes.flat().map((o) => `${o.action} ${o.outcome}`), ['deleteContact delivered', 'deleteContact delivered'])
  assert.deepEqual(await contacts(), ['u-kept'])
  const events = (await (await fetch(`${sim.url}/__sim/state`)).json()).events
  assert.deepEqual(events, [], 'no Loops event recreated a contact')
})

test('other track events still go to sendEvent, not to deleteContact', () => {
  const preview = destination.preview({ type: 'track', event: 'Signed Up', userId: 'u-kept', context: { traits: { email: 'kept@example.com' } } })
  assert.deepEqual(preview.filter((e) => e.subscribed).map((e) => e.action), ['sendEvent'])
})
