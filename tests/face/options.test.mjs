// Typos in options, through the package: refused with the key's JSON pointer and the
// keys that are known there (a typo must not fall back to a default silently).
import test from 'node:test'
import assert from 'node:assert/strict'
import { Destination, segmentWebhook } from '../../pkg/node.js'

const refused = (f) => {
  try {
    f()
  } catch (e) {
    return { kind: e.kind, path: e.path, message: e.message }
  }
  assert.fail('accepted')
}

test('a misspelt option of new Destination is refused where it is', () => {
  const cases = [
    [{ apiKey: 'k', subscriptons: [] }, '/subscriptons', /^unknown option 'subscriptons' \(did you mean 'subscriptions'\?\); the options here are apiKey, baseUrl, strict, contactProperties, subscriptions, rateLimit, retry, timeoutMs$/],
    [{ apiKey: 'k', subscriptions: [{ action: 'sendEvent', trigger: 'event = "X"' }] }, '/subscriptions/0/trigger', /^unknown option 'trigger'; the options here are action, subscribe, mapping$/],
    [{ apiKey: 'k', retry: { attemps: 3 } }, '/retry/attemps', /did you mean 'attempts'/],
  ]
  for (const [options, path, message] of cases) {
    const e = refused(() => new Destination(options))
    assert.equal(e.kind, 'config')
    assert.equal(e.path, path)
    assert.match(e.message, message)
  }
  // undefined values are what spreads leave: not a typo.
  assert.ok(new Destination({ apiKey: 'k', baseUrl: undefined }))
})

test('a misspelt webhook option is refused', () => {
  const e = refused(() => segmentWebhook('{}', { sharedSecrets: 's' }))
  assert.equal(e.path, '/sharedSecrets')
  assert.match(e.message, /^unknown option 'sharedSecrets' \(did you mean 'sharedSecret'\?\)/)
})
