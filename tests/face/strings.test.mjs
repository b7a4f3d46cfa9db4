// Text crosses into wasm unchanged, whatever its length and characters: the build's own
// copy-in (scripts/glue.mjs: one encodeInto for texts of 65 to 1 Mi characters, the loop
// otherwise) on each side of both limits. A lone surrogate, which no UTF-8 text can
// hold, becomes U+FFFD, as the Encoding standard's TextEncoder makes it
// (String#toWellFormed gives the same).
import test from 'node:test'
import assert from 'node:assert/strict'
import { transformJson } from '../../pkg/node.js'

const MAPPING = '{"a":{"@path":"$.b"}}'
// Raw in the JSON text, not escaped: what crosses is the characters themselves.
const through = (s) => JSON.parse(transformJson(MAPPING, `{"b":"${s}"}`)).a

const PIECES = ['x', 'é', '✓', '😀', '\uD800', '\uDFFF', 'a\uDC00b']
// Lengths of the whole text crossing (s and the 8 characters of {"b":""}), in UTF-16 units.
const TOTALS = [63, 64, 65, 66, 1048575, 1048576, 1048577, 1048578]

test('texts on each side of both limits, with every kind of character at each end, arrive unchanged', () => {
  let checked = 0
  for (const total of TOTALS) {
    for (const p of PIECES) {
      const shapes = [[p, ''], ['', p], [p, p]]
      for (const [head, tail] of shapes) {
        const s = head + 'q'.repeat(total - 8 - head.length - tail.length) + tail
        assert.equal(s.length + 8, total)
        assert.equal(through(s), s.toWellFormed(), `${total} units, ${JSON.stringify(p)} at ${head ? (tail ? 'both ends' : 'the start') : 'the end'}`)
        checked++
      }
    }
  }
  assert.equal(checked, TOTALS.length * PIECES.length * 3)
})

test('a text of only multi-byte characters, three UTF-8 bytes each, fills the buffer exactly', () => {
  for (const n of [57, 58, 100, 4096]) {
    const s = '✓'.repeat(n)
    assert.equal(through(s), s)
  }
})
