// Writes the benchmark events and mappings into benches/cases/ (deterministic: the same
// files every run), and cases.json, the list both benches read (mapping.mjs in Node,
// native.rs in Rust). The default mappings are taken from Segment's Loops destination.
// Usage: node benches/cases/generate.mjs (scripts/bench.sh runs it).
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { defaultMapping } = require('../../tests/segment/loops-oracle.cjs')
const dir = new URL('./', import.meta.url)
// Events are written compact, so a file's size is the event's JSON text size.
const write = (name, value, compact) => writeFileSync(new URL(name, dir), compact ? JSON.stringify(value) : JSON.stringify(value, null, 2) + '\n')

/** A tiny seeded PRNG (mulberry32), so every run benchmarks the same events. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima']

/** Custom attributes worth about `bytes` of JSON: strings, numbers, booleans, a few nested objects and arrays. */
function attributes(rand, bytes) {
  const out = {}
  let i = 0
  while (JSON.stringify(out).length < bytes) {
    const word = WORDS[Math.floor(rand() * WORDS.length)]
    const key = `${word}${i++}`
    switch (i % 6) {
      case 0: out[key] = Math.round(rand() * 100000) / 100; break
      case 1: out[key] = rand() < 0.5; break
      case 2: out[key] = { city: 'Paris', zip: String(75000 + i), tags: [word, 'x'] }; break
      case 3: out[key] = [1, 2, 3].map((n) => n * i); break
      default: out[key] = `${word} ${Math.floor(rand() * 1e9).toString(36)} é ✓`
    }
  }
  return out
}

/** A Segment event of about `bytes` of JSON text, shaped as analytics.js sends it. */
function event(type, bytes, seed) {
  const rand = prng(seed)
  const base = {
    anonymousId: '5b5f8a4e-2a34-4b7c-9a2b-9c5bd0a3b1a1',
    context: {
      ip: '203.0.113.7',
      library: { name: 'analytics.js', version: '2.11.1' },
      locale: 'en-US',
      page: { path: '/signup', referrer: 'https://www.google.com/', title: 'Sign up', url: 'https://example.com/signup' },
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      traits: { email: 'ada@example.com' }
    },
    messageId: `ajs-next-${seed}`,
    receivedAt: '2025-05-05T14:17:38.512Z',
    sentAt: '2025-05-05T14:17:38.401Z',
    timestamp: '2025-05-05T14:17:38.395Z',
    type,
    userId: 'user-8841',
    version: 2
  }
  const fixed = JSON.stringify(base).length + 120
  const extra = attributes(rand, Math.max(0, bytes - fixed))
  if (type === 'identify') {
    return { ...base, traits: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', userGroup: 'pro', source: 'web', ...extra } }
  }
  return { ...base, event: 'Plan Upgraded', properties: { email: 'ada@example.com', plan: 'pro', amount: 49.5, ...extra } }
}

/** A custom contact mapping that uses every mapping-kit directive. */
const HEAVY = {
  email: { '@if': { exists: { '@path': '$.traits.email' }, then: { '@case': { operator: 'lower', value: { '@path': '$.traits.email' } } }, else: { '@path': '$.context.traits.email' } } },
  firstName: { '@replace': { pattern: 'a', replacement: 'A', value: { '@path': '$.traits.firstName' } } },
  lastName: { '@excludeWhenNull': { '@path': '$.traits.lastName' } },
  userId: { '@template': 'u-{{userId}}-{{traits.userGroup}}' },
  source: { '@literal': 'Segment' },
  greeting: { '@liquid': '{% if traits.firstName %}Hi {{ traits.firstName | upcase }}{% else %}Hello{% endif %}' },
  page: { '@flatten': { separator: '.', value: { '@path': '$.context.page' } } },
  library: { '@json': { mode: 'encode', value: { '@path': '$.context.library' } } },
  customAttributes: { '@merge': { direction: 'right', objects: [{ '@path': '$.traits' }, { plan: 'pro', company: { '@path': '$.context.library.name' } }] } },
  tags: { '@arrayPath': ['$.traits.tags', { name: { '@path': '$.name' } }] },
  summary: { '@transform': { apply: { first: { '@path': '$.traits.firstName' }, group: { '@path': '$.traits.userGroup' } }, mapping: { who: { '@template': '{{first}} ({{group}})' } } } }
}

/** A mapping of `n` fields, each a @path or @template into the traits (for the growth table). */
function wideMapping(n) {
  const m = {}
  for (let i = 0; i < n; i++) {
    m[`field${i}`] = i % 2 ? { '@path': `$.traits.${i % 3 ? 'firstName' : 'email'}` } : { '@template': `{{traits.lastName}}-${i}` }
  }
  return m
}

const contact = defaultMapping('createOrUpdateContact')
const sendEvent = defaultMapping('sendEvent')
write('contact-default.mapping.json', contact)
write('event-default.mapping.json', sendEvent)
write('heavy.mapping.json', HEAVY)
const SIZES = { '1kb': 1000, '5kb': 5000, '25kb': 25000, '100kb': 100000 }
for (const [name, bytes] of Object.entries(SIZES)) {
  write(`identify-${name}.json`, event('identify', bytes, bytes), true)
  write(`track-${name}.json`, event('track', bytes, bytes + 1), true)
}
const WIDTHS = [5, 20, 80, 320]
for (const n of WIDTHS) write(`wide-${n}.mapping.json`, wideMapping(n))

// group: which table a case belongs to (mapping | growth-event | growth-mapping).
const cases = [
  { group: 'mapping', name: 'contact default, docs identify (272 B)', mapping: 'contact-default.mapping.json', event: 'identify-loops-docs.json' },
  ...['1kb', '5kb', '100kb'].flatMap((s) => [
    { group: 'mapping', name: `contact default, identify ${s}`, mapping: 'contact-default.mapping.json', event: `identify-${s}.json` },
    { group: 'mapping', name: `event default, track ${s}`, mapping: 'event-default.mapping.json', event: `track-${s}.json` },
    { group: 'mapping', name: `heavy (every directive), identify ${s}`, mapping: 'heavy.mapping.json', event: `identify-${s}.json` }
  ]),
  ...Object.keys(SIZES).map((s) => ({ group: 'growth-event', name: `contact default, identify ${s}`, mapping: 'contact-default.mapping.json', event: `identify-${s}.json`, size: SIZES[s] })),
  ...WIDTHS.map((n) => ({ group: 'growth-mapping', name: `${n} fields, identify 5kb`, mapping: `wide-${n}.mapping.json`, event: 'identify-5kb.json', size: n }))
]
write('cases.json', cases)
