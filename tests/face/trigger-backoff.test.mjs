// validateTrigger and retryDelayMs: the engine's answers with their messages and paths.
import test from 'node:test'
import assert from 'node:assert/strict'
import { LoopsDestinationError, retryDelayMs, validateTrigger } from '../../pkg/node.js'

test('validateTrigger: [] when the trigger parses, else Segment message at the trigger', () => {
  assert.deepEqual(validateTrigger('type = "identify"'), [])
  assert.deepEqual(validateTrigger('type = "track" and event = "Signed Up"'), [])
  assert.deepEqual(validateTrigger('type = "track'), [{ message: 'Invalid subscription : unterminated string starting at position 7', path: '' }])
  for (const bad of ['', 5, null, undefined, {}]) {
    assert.deepEqual(validateTrigger(bad), [{ message: 'Failed to validate subscription', path: '' }], String(bad))
  }
})

test('retryDelayMs: full jitter under the doubling cap, the sender defaults, errors with their path', () => {
  // Defaults 250 / 10000: the cap after n attempts is 250·2^(n−1), at most 10000.
  assert.equal(retryDelayMs(1, {}, 0.5), 125)
  assert.equal(retryDelayMs(3, undefined, 0.999), 999)
  assert.equal(retryDelayMs(20, {}, 0.5), 5000)
  assert.equal(retryDelayMs(4, { baseDelayMs: 30_000, maxDelayMs: 3_600_000 }, 0.5), 120_000)
  assert.equal(retryDelayMs(1, { baseDelayMs: 1000 }, 0), 0)
  for (let i = 0; i < 200; i++) {
    const d = retryDelayMs(2, { baseDelayMs: 100 })
    assert.ok(Number.isInteger(d) && d >= 0 && d <= 200, String(d))
  }
  const cases = [
    [() => retryDelayMs(0), '', 'attempt must be the number of attempts made so far, a whole number >= 1'],
    [() => retryDelayMs('2'), '', 'attempt must be the number of attempts made so far, a whole number >= 1'],
    [() => retryDelayMs(1, {}, 1), '', 'random must be a number in [0, 1), as Math.random() gives'],
    [() => retryDelayMs(1, { baseDelayMs: -5 }), '/baseDelayMs', 'baseDelayMs must be a number >= 0'],
    [() => retryDelayMs(1, { maxDelayMs: 'x' }), '/maxDelayMs', 'maxDelayMs must be a number >= 0'],
  ]
  for (const [f, path, message] of cases) {
    assert.throws(f, (e) => e instanceof LoopsDestinationError && e.kind === 'config' && e.path === path && e.message === message, String(f))
  }
})
