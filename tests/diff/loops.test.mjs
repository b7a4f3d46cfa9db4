// Differential test of the Loops actions: the same events through Segment's own
// destination (`Destination.onEvent`, nock answering for Loops) and through our wasm
// build (`Destination.preview`). Method, URL, content type and the body text (key order
// and number text included) must be equal, except the documented differences, which
// are counted and checked against Loops' documented shape instead.
// DIFF_SEED and LOOPS_DIFF_CASES choose the random part.
import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { readFileSync, readdirSync } from 'node:fs'
import { Destination } from '../../pkg/node.js'

const require = createRequire(import.meta.url)
const { segmentRequest, defaultMapping } = require('../segment/loops-oracle.cjs')

const SEED = Number(process.env.DIFF_SEED ?? 20261129)
const CASES = Number(process.env.LOOPS_DIFF_CASES ?? 300)

function mulberry32(a) {
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Seeded Segment-shaped events: realistic traits and properties, with the awkward values users send. */
function generator(seed) {
  const rnd = mulberry32(seed)
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)]
  const chance = (p) => rnd() < p
  const scalars = () =>
    pick([
      'Adam', '', ' ', 'ünïcødé ✓', '😀 emoji', 'a@b.co', 'not an email', 'x'.repeat(600), '1234', 'true', 'false',
      0, -0, 1, 42, 0.1, 1e21, 1e-7, 100.5, 12345678901234567890, -3.25,
      true, false, null,
    ])
  const value = (depth = 0) => {
    const r = rnd()
    if (depth < 2 && r < 0.1) return Array.from({ length: Math.floor(rnd() * 3) }, () => value(depth + 1))
    if (depth < 2 && r < 0.2) return object(depth + 1, 3)
    return scalars()
  }
  const keys = ['firstName', 'lastName', 'email', 'source', 'userGroup', 'subscribed', 'createdAt', 'plan', 'favoriteColor', '10', '2', 'userId', 'mailingLists', 'company', 'nested']
  const object = (depth, max) => {
    const o = {}
    const n = Math.floor(rnd() * max)
    for (let i = 0; i < n; i++) o[pick(keys)] = value(depth)
    return o
  }
  const mailingLists = () =>
    pick([
      { cm1: true, cm2: 'false', cm3: 'yes', '123': 'true' },
      { cm1: 1 },
      {},
      'cm1',
      [true, 'false', 1],
    ])
  const traits = () => {
    const t = object(0, 6)
    if (chance(0.5)) t.email = pick(['a@b.co', 'Maria.Lopez+tag@Example.COM', 'bad@', '', null])
    if (chance(0.4)) t.firstName = scalars()
    if (chance(0.2)) t.mailingLists = mailingLists()
    if (chance(0.2)) t.subscribed = pick([true, false, 'true', 'false', 1, 'yes'])
    if (chance(0.2)) t.createdAt = pick(['2025-05-05T14:17:38.089Z', '2025-05-05', 1700000000000, 1700000000, 'yesterday', true])
    if (chance(0.2)) t.source = pick(['', 'Ads', null, 5])
    return t
  }
  const event = () => {
    const type = pick(['identify', 'identify', 'track', 'track', 'page', 'group'])
    const e = { messageId: `m-${Math.floor(rnd() * 1e9)}`, type }
    if (chance(0.9)) e.userId = pick(['u-1', 'user-8842', '', 123, null, ['u-9']])
    if (chance(0.1)) e.anonymousId = 'anon-1'
    if (type === 'identify' || chance(0.1)) e.traits = chance(0.9) ? traits() : pick(['str', [1], 5, null])
    if (chance(0.3)) e.email = pick(['top@b.co', '', 'nope'])
    if (type === 'track' || chance(0.1)) {
      e.event = pick(['Signed Up', 'Plan Upgraded', '', 'ü event', 7, null])
      e.properties = chance(0.9) ? object(0, 5) : pick(['str', null])
      if (chance(0.4) && e.properties && typeof e.properties === 'object') e.properties.email = pick(['p@b.co', null, '', 'bad'])
    }
    if (chance(0.3)) e.context = { traits: { email: pick(['ctx@b.co', null, 'x']) } }
    return e
  }
  const customMappings = {
    createOrUpdateContact: [
      { userId: { '@path': '$.userId' }, email: { '@path': '$.traits.email' }, subscribed: { '@path': '$.traits.subscribed' }, createdAt: { '@path': '$.traits.createdAt' } },
      { ...defaultMapping('createOrUpdateContact'), mailingLists: { '@path': '$.traits.mailingLists' } },
      { userId: { '@path': '$.userId' }, firstName: { '@template': '{{traits.firstName}} !' }, userGroup: { '@literal': 42 } },
    ],
    sendEvent: [
      { ...defaultMapping('sendEvent'), contactProperties: { '@path': '$.traits' } },
      { userId: { '@path': '$.userId' }, eventName: { '@case': { operator: 'lower', value: { '@path': '$.event' } } }, eventProperties: { plan: { '@path': '$.properties.plan' } } },
    ],
  }
  return () => {
    const e = event()
    const action = pick(['createOrUpdateContact', 'sendEvent'])
    const mapping = chance(0.6) ? defaultMapping(action) : pick(customMappings[action])
    return { name: `random ${e.messageId}`, event: e, action, mapping }
  }
}

/** Mailing lists in Loops' documented array shapes, which we convert and Segment drops (README: differences). */
function usesListArrayShape(c) {
  // Only contacts convert list shapes; events pass contactProperties through as Segment does.
  if (c.action !== 'createOrUpdateContact') return false
  if (Array.isArray(c.mapping?.mailingLists)) return true
  const lists = c.event?.traits?.mailingLists
  return Array.isArray(lists) && lists.some((x) => (x && typeof x === 'object') || typeof x === 'string')
}

function ours(c, apiKey) {
  const subscription = { action: c.action, mapping: c.mapping ?? defaultMapping(c.action) }
  if (c.subscribe !== undefined) subscription.subscribe = c.subscribe
  const [entry] = new Destination({ apiKey, subscriptions: [subscription] }).preview(c.event)
  return entry
}

/** '' when equal, else what differs. */
function compare(seg, entry) {
  if (seg.output && typeof seg.output === 'object') {
    if (!entry.request) return `Segment sends, we do not: ${JSON.stringify(entry.errors)}`
    const r = entry.request
    const mine = { method: r.method, url: r.url, contentType: r.headers['Content-Type'], body: JSON.stringify(r.body) }
    const theirs = { method: seg.output.method, url: seg.output.url, contentType: seg.output.headers['content-type'], body: seg.output.body }
    return JSON.stringify(mine) === JSON.stringify(theirs) ? '' : `ours ${JSON.stringify(mine)}\nSegment ${JSON.stringify(theirs)}`
  }
  if (entry.request) return `we send ${JSON.stringify(entry.request.body)}, Segment: ${JSON.stringify(seg)}`
  if (seg.output === 'not subscribed') return !entry.subscribed && entry.errors.length === 0 ? '' : `Segment: not subscribed; ours ${JSON.stringify(entry)}`
  if (typeof seg.output === 'string') return entry.errors.length > 0 ? '' : `Segment: ${seg.output}; ours no error`
  const mine = entry.errors.map((e) => e.message)
  if (seg.errors) return JSON.stringify(mine) === JSON.stringify(seg.errors) ? '' : `errors: ours ${JSON.stringify(mine)}, Segment ${JSON.stringify(seg.errors)}`
  return mine.join(' ') === seg.error ? '' : `error: ours ${JSON.stringify(mine.join(' '))}, Segment ${JSON.stringify(seg.error)}`
}

async function run(cases) {
  const apiKey = 'test-api-key'
  const diffs = []
  let documented = 0
  for (const c of cases) {
    const seg = await segmentRequest(c.event, { subscribe: c.subscribe, action: c.action, mapping: c.mapping }, apiKey)
    const entry = ours(c, apiKey)
    if (usesListArrayShape(c) || c.difference) {
      documented++
      const lists = entry.request?.body?.mailingLists
      if (entry.request && (typeof lists !== 'object' || Array.isArray(lists))) diffs.push(`${c.name}: mailingLists not an object: ${JSON.stringify(lists)}`)
      continue
    }
    const d = compare(seg, entry)
    if (d) diffs.push(`${c.name}\n  event ${JSON.stringify(c.event)}\n  mapping ${JSON.stringify(c.mapping)}\n  ${d}`)
  }
  return { diffs, documented }
}

const fixtureDir = new URL('../fixtures/loops/', import.meta.url)
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(new URL(f, fixtureDir), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)))

test(`Loops fixtures: ours equals Segment's onEvent (${fixtures.length} cases)`, async () => {
  const { diffs, documented } = await run(fixtures)
  console.log(`loops fixtures: ${fixtures.length} cases, ${documented} documented differences, ${diffs.length} unexpected differences`)
  assert.deepEqual(diffs, [])
})

test(`Loops random events (seed ${SEED}, ${CASES} cases): ours equals Segment's onEvent`, async () => {
  const next = generator(SEED)
  const cases = Array.from({ length: CASES }, next)
  const { diffs, documented } = await run(cases)
  console.log(`loops random: ${cases.length} cases (seed ${SEED}), ${documented} documented differences, ${diffs.length} unexpected differences`)
  assert.deepEqual(diffs.slice(0, 5), [])
})
