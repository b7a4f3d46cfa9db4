// worker/config.example.json, the full example config the docs point at: every action,
// several subscriptions per event. Read by the Worker's own config loading
// (worker/src/config.js: JSON, the key check, every trigger and mapping compiled), then
// run in the Worker against the simulator: each subscription does what it says.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { start, until } from './harness.mjs'

const text = readFileSync(new URL('../../worker/config.example.json', import.meta.url), 'utf8')
const example = JSON.parse(text)
// The module keeps the first config it loaded for the isolate's life (vars do not change):
// a fresh instance per load.
let instances = 0
const loadConfig = async (env) => (await import(`../../worker/src/config.js?${++instances}`)).loadConfig(env)

test('the example config loads through worker/src/config.js, with all four actions, and fits a variable', async () => {
  const loaded = await loadConfig({ LOOPS_CONFIG: text, LOOPS_API_KEY: 'test_key' })
  assert.equal(loaded.error, undefined, JSON.stringify(loaded.error))
  assert.equal(loaded.source, 'var')
  assert.deepEqual([...new Set(loaded.subscriptions)].sort(), ['createOrUpdateContact', 'deleteContact', 'sendEvent', 'sendTransactionalEmail'])
  // Workers hold 5 KB in a variable; beyond that, KV (worker/README.md, step 5).
  assert.ok(Buffer.byteLength(JSON.stringify(example)) < 5 * 1024, `${Buffer.byteLength(JSON.stringify(example))} bytes`)
  // Nothing questionable for the event shapes the mappings read: strict mode accepts it too.
  const strict = await loadConfig({ LOOPS_CONFIG: JSON.stringify({ ...example, strict: true }), LOOPS_API_KEY: 'test_key' })
  assert.equal(strict.error, undefined, JSON.stringify(strict.error))
  const event = { type: 'identify', userId: 'u', traits: { email: 'u@example.com', firstName: 'U', company: { name: 'Acme' } } }
  const [contact] = strict.destination.preview(event).filter((e) => e.subscribed)
  assert.deepEqual(contact.warnings, [])
  assert.deepEqual(contact.errors, [])
})

test('a broken copy of it is refused by the same code, with the path', async () => {
  const broken = structuredClone(example)
  broken.subscriptions[2].subscribe = 'type = "track" and event = "Order Completed'
  const loaded = await loadConfig({ LOOPS_CONFIG: JSON.stringify(broken), LOOPS_API_KEY: 'test_key' })
  assert.equal(loaded.error?.path, '/subscriptions/2/subscribe')
  assert.match(loaded.error.message, /^Invalid trigger: .*unterminated string/)
})

test('in the Worker against the simulator, each subscription of the example does its part', { timeout: 60_000 }, async (t) => {
  const { worker, sim } = await start(t, {
    config: example,
    seed: {
      lists: [{ id: 'cm0aaaaaaaaaaaaaaaaaaaaaa', name: 'Newsletter' }],
      transactionalEmails: [{ id: 'cm-order-receipt', name: 'Receipt', dataVariables: ['orderId', 'total'] }],
    },
  })
  const at = (s) => new Date(Date.now() - 60_000 + s * 1000).toISOString()
  const events = [
    { type: 'identify', userId: 'u-keep', messageId: 'x-1', timestamp: at(1), traits: { email: 'keep@example.com', firstName: 'Kim', plan: 'pro', company: { name: 'Acme' }, mailingLists: ['cm0aaaaaaaaaaaaaaaaaaaaaa'] } },
    { type: 'track', event: 'Order Completed', userId: 'u-keep', messageId: 'x-2', timestamp: at(2), properties: { email: 'keep@example.com', orderId: 'o-1', total: 42 } },
    { type: 'identify', userId: 'u-gone', messageId: 'x-3', timestamp: at(3), traits: { email: 'gone@example.com' } },
    { type: 'track', event: 'User Deleted', userId: 'u-gone', messageId: 'x-4', timestamp: at(4), properties: { email: 'gone@example.com' } },
  ]
  const res = await worker.post(events)
  assert.equal(res.status, 202, JSON.stringify(res.json))
  const state = await until(async () => {
    const s = await sim.state()
    return s.transactionalSends.length === 1 && !s.contacts.some((c) => c.userId === 'u-gone') && s.events.length === 1 ? s : null
  }, 30_000, 'the example config\'s deliveries')
  const kept = state.contacts.find((c) => c.userId === 'u-keep')
  assert.equal(kept.email, 'keep@example.com')
  assert.equal(kept.userGroup, 'pro')
  assert.equal(kept.company, 'Acme')
  assert.deepEqual(kept.mailingLists, { cm0aaaaaaaaaaaaaaaaaaaaaa: true })
  assert.equal(state.events[0].eventName, 'Order Completed') // sendEvent; "User Deleted" is not sent as an event
  assert.equal(state.transactionalSends[0].transactionalId, 'cm-order-receipt')
  assert.deepEqual(state.transactionalSends[0].dataVariables, { orderId: 'o-1', total: 42 })
  assert.equal((await worker.deadLetters()).count, 0)
})
