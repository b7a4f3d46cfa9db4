// Numbers the docs quote, read from the docs and from the code that sets them: every
// occurrence of each pattern must say what the code says. One line per claim.
import test from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const ROOT = new URL('../../', import.meta.url)
const read = (path) => readFileSync(new URL(path, ROOT), 'utf8')

/** A `const NAME: type = value;` of a Rust file (digits, `_`, `e`, or `a * b`). */
const rustConst = (path, name) => () => {
  const m = read(path).match(new RegExp(`const ${name}: \\w+ = ([\\d_.e]+(?: \\* [\\d_]+)?);`))
  if (!m) throw new Error(`${path}: no const ${name}`)
  return m[1].split(' * ').map((n) => Number(n.replace(/_/g, ''))).reduce((a, b) => a * b)
}
/** The first capture of `pattern` in a code file, as a number. */
const inCode = (path, pattern) => () => {
  const m = read(path).match(pattern)
  if (!m) throw new Error(`${path}: ${pattern} not found`)
  return Number(m[1].replace(/_/g, ''))
}
const fixtureCases = () => {
  let n = 0
  for (const kind of readdirSync(new URL('tests/fixtures/', ROOT), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    for (const file of readdirSync(new URL(`tests/fixtures/${kind}/`, ROOT)).filter((f) => f.endsWith('.jsonl'))) {
      n += read(`tests/fixtures/${kind}/${file}`).split('\n').filter((line) => line.trim()).length
    }
  }
  return n
}
const directives = () => new Set(read('src/mapping/node.rs').match(/"@\w+" =>/g)).size

const VALUE_CHARS = rustConst('src/loops/checks.rs', 'MAX_VALUE_CHARS')
const RATE = rustConst('src/delivery/config.rs', 'DEFAULT_RATE_LIMIT')
const TIMEOUT = rustConst('src/delivery/config.rs', 'DEFAULT_TIMEOUT_MS')
const ATTEMPTS = inCode('src/delivery/backoff.rs', /max_attempts: (\d+)/)
const BASE = inCode('src/delivery/backoff.rs', /base_delay_ms: ([\d_]+)/)
const MAX_DELAY = inCode('src/delivery/backoff.rs', /max_delay_ms: ([\d_]+)/)
const MAX_ELAPSED = inCode('src/delivery/backoff.rs', /max_elapsed_ms: ([\d_]+)/)
const BATCH = rustConst('src/segment/mod.rs', 'MAX_BATCH_EVENTS')

const claims = [
  ['README.md', /recorded fixture \(([\d,]+) cases/g, fixtureCases],
  ['README.md', /all (\d+) directives/g, directives],
  ['README.md', /Loops' ([\d,]+)-character limit/g, VALUE_CHARS],
  ['README.md', /Values are limited to ([\d,]+) characters/g, VALUE_CHARS],
  ['README.md', /\(up to ([\d,]+) characters, remembered/g, rustConst('src/loops/idempotency.rs', 'MAX_LEN')],
  ['README.md', /hashed when longer than ([\d,]+) characters/g, rustConst('src/loops/idempotency.rs', 'MAX_LEN')],
  ['README.md', /too large \(over ([\d,]+) events\)/g, BATCH],
  ['README.md', /nested deeper than ([\d,]+) levels/g, rustConst('src/json/parse.rs', 'MAX_DEPTH')],
  ['README.md', /ranges are limited to ([\d,]+) items/g, rustConst('src/mapping/liquid/render.rs', 'MAX_RANGE')],
  ['README.md', /expressions to (\d+) levels/g, rustConst('src/mapping/liquid/lexer.rs', 'MAX_DEPTH')],
  ['README.md', /Loops allows (\d+) requests per second/g, RATE],
  ['README.md', /requests per second, default (\d+)/g, RATE],
  ['README.md', /attempts: (\d+), baseDelayMs/g, ATTEMPTS],
  ['README.md', /baseDelayMs: (\d+)/g, BASE],
  ['README.md', /maxDelayMs: (\d+)/g, MAX_DELAY],
  ['README.md', /maxElapsedMs: (\d+)/g, MAX_ELAPSED],
  ['README.md', /per attempt, default (\d+)/g, TIMEOUT],
  ['src/js/README.md', /requests per second, default (\d+)/g, RATE],
  ['src/js/README.md', /attempts: (\d+), baseDelayMs/g, ATTEMPTS],
  ['src/js/README.md', /baseDelayMs: (\d+)/g, BASE],
  ['src/js/README.md', /maxDelayMs: (\d+)/g, MAX_DELAY],
  ['src/js/README.md', /maxElapsedMs: (\d+)/g, MAX_ELAPSED],
  ['src/js/README.md', /per attempt, default (\d+)/g, TIMEOUT],
  ['src/js/README.md', /Loops allows (\d+) requests per second/g, RATE],
  ['src/js/index.d.ts', /\(default (\d+), Loops' baseline\)/g, RATE],
  ['src/js/index.d.ts', /first included \(default (\d+)\)/g, ATTEMPTS],
  ['src/js/index.d.ts', /doubles each retry \(default (\d+)\)/g, BASE],
  ['src/js/index.d.ts', /never exceeds this \(default (\d+)\)/g, MAX_DELAY],
  ['src/js/index.d.ts', /first attempt \(default (\d+)\)/g, MAX_ELAPSED],
  ['src/js/index.d.ts', /response included \(default (\d+)\)/g, TIMEOUT],
  ['src/js/index.d.ts', /in flight at once \(default (\d+)\)/g, inCode('src/js/index.js', /concurrency = (\d+)/)],
  ['src/js/index.d.ts', /\/\*\* Default (\d+)\. \*\/\n {2}maxEvents/g, BATCH],
  ['src/js/index.d.ts', /\/\*\* Default (\d+) \(a queue message/g, rustConst('src/segment/mod.rs', 'MAX_EVENT_BYTES')],
  ['www/README.md', /(\d+)-character values/g, VALUE_CHARS],
  ['www/README.md', /Loops' (\d+) requests\/s/g, RATE],
  ['tests/diff/README.md', /`DIFF_CASES` \(default (\d+)\) random pairs/g, inCode('tests/diff/mapping.test.mjs', /caseCount\((\d+)\)/)],
  ['tests/diff/README.md', /`DIFF_CASES` \(default (\d+)\) random triggers/g, inCode('tests/diff/subscription.test.mjs', /caseCount\((\d+)\)/)],
  ['tests/diff/README.md', /\(default (\d+) mappings/g, inCode('tests/diff/mapping.test.mjs', /caseCount\((\d+)\)/)],
  ['tests/diff/README.md', /mappings, (\d+) triggers\)/g, inCode('tests/diff/subscription.test.mjs', /caseCount\((\d+)\)/)],
]

for (const [doc, pattern, fromCode] of claims) {
  test(`${doc}: ${pattern.source}`, () => {
    const quoted = [...read(doc).matchAll(pattern)].map((m) => Number(m[1].replace(/,/g, '')))
    assert.ok(quoted.length > 0, `${doc} no longer says ${pattern}: update or remove this line`)
    assert.deepEqual(quoted, quoted.map(fromCode), `${doc} quotes ${quoted.join(', ')}; the code says ${fromCode()}`)
  })
}

// A measurement, not a constant: the package README's size of the .wasm, within 10 %.
const wasm = new URL('pkg/web/loops_destination_bg.wasm', ROOT)
test('src/js/README.md: the .wasm size it quotes (gzipped)', { skip: existsSync(wasm) ? false : 'pkg/ is not built (scripts/build.sh)' }, () => {
  const [, kb] = read('src/js/README.md').match(/about (\d+) KB gzipped/)
  const actual = gzipSync(readFileSync(wasm), { level: 9 }).length / 1000
  assert.ok(Math.abs(actual - Number(kb)) / Number(kb) < 0.1, `README says about ${kb} KB, the build gives ${actual.toFixed(1)} KB`)
})
