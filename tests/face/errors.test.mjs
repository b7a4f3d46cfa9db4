// Every entry throws one class, LoopsDestinationError: name, kind, path, errors, and the
// JS error that caused it when there is one.
import test from 'node:test'
import assert from 'node:assert/strict'
import { Destination, LoopsDestinationError, Mapping, explain, matches, segmentWebhook, transform, transformJson, validateMapping } from '../../pkg/node.js'

const thrown = async (f) => {
  try {
    await f()
  } catch (e) {
    return e
  }
  assert.fail('did not throw')
}

test('the engine, the options and the argument checks all throw LoopsDestinationError', async () => {
  // [entry, kind, path of the first error]: a mapping's validation errors come as one
  // aggregate (path "") listing each with its JSON pointer, as Segment reports them.
  const cases = [
    [() => transform({ a: { '@nope': 1 } }, {}), 'mapping', '/a'],
    [() => transformJson('{', '{}'), 'json', ''],
    [() => new Mapping({ a: { '@path': 5 } }), 'mapping', '/a/@path'],
    [() => matches('', {}), 'subscription', ''],
    [() => explain(5, {}), 'subscription', ''],
    [() => new Destination({ apiKey: 'k', subscriptons: [] }), 'config', '/subscriptons'],
    [() => new Destination({ apiKey: 'k' }).preview(undefined), 'json', ''],
    [() => new Destination({ apiKey: 'k' }).send(() => 1), 'json', ''],
    [() => segmentWebhook(5, {}), 'json', ''],
  ]
  for (const [f, kind, path] of cases) {
    const e = await thrown(f)
    assert.ok(e instanceof LoopsDestinationError && e instanceof Error, String(f))
    assert.equal(e.name, 'LoopsDestinationError')
    assert.deepEqual([e.kind, e.errors[0]?.path], [kind, path], `${f}: ${e.message}`)
  }
  assert.equal(validateMapping({ a: { '@path': 5 } }).length, 1, 'validation answers, it does not throw')
})

test('a JS error underneath is kept as the cause', async () => {
  const e = await thrown(() => transform({ a: 1 }, { big: 1n }))
  assert.ok(e instanceof LoopsDestinationError)
  assert.equal(e.kind, 'json')
  assert.ok(e.cause instanceof TypeError, 'JSON.stringify of a BigInt')
  assert.match(e.message, /^data must be a JSON value: /)
})
