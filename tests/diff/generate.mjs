// Seeded random cases for the differential tests: mapping-kit mappings with Segment-shaped
// events, and FQL triggers with events. Every case gets its own PRNG seeded from
// (DIFF_SEED, case index), so one case can be regenerated alone: `caseSeed(seed, i)`.
//
// Usage: node tests/diff/generate.mjs mapping|subscription [count] [first]  (prints JSON lines)

/** mulberry32: a tiny, fast 32-bit PRNG; good enough to pick test inputs. */
export function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const DEFAULT_SEED = 20260517
export const seedFromEnv = () => (process.env.DIFF_SEED ? Number(process.env.DIFF_SEED) >>> 0 : DEFAULT_SEED)
/** The seed of case `i` of a run: independent streams, reproducible one by one. */
export const caseSeed = (seed, i) => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed)
  }
  int(n) {
    return Math.floor(this.next() * n)
  }
  chance(p) {
    return this.next() < p
  }
  pick(list) {
    return list[this.int(list.length)]
  }
  /** Picks from [[weight, value], …]; a function value is called. */
  weighted(pairs) {
    let total = 0
    for (const [w] of pairs) total += w
    let r = this.next() * total
    for (const [w, v] of pairs) {
      if ((r -= w) < 0) return typeof v === 'function' ? v() : v
    }
    const last = pairs[pairs.length - 1][1]
    return typeof last === 'function' ? last() : last
  }
}

/** A number written exactly as given in the JSON text (1.0, 1E5, 12345678901234567890). */
export class RawNumber {
  constructor(text) {
    this.text = text
  }
}

/** JSON text of a generated value; RawNumber keeps its own text. */
export function toJsonText(v) {
  if (v instanceof RawNumber) return v.text
  if (Array.isArray(v)) return `[${v.map(toJsonText).join(',')}]`
  if (v && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x)}`)
      .join(',')}}`
  }
  return JSON.stringify(v)
}

// ---------------------------------------------------------------- events

const STRINGS = [
  '', ' ', 'Ada', 'ada lovelace', 'ADA Lovelace', 'ada@example.com', 'Ünïcødé ß 🎉', '日本語', 'a.b', 'x y',
  '1,2', 'true', 'false', '0', '42', '-1', 'null', 'undefined', '{"a":1}', '[1,2]', '{{x}}', '}{', 'a\nb',
  'tab\there', 'quote"s', "it's", 'back\\slash', '\u2028', '\u0001', 'foo-bar', 'Loops', '2024-01-02T03:04:05.000Z',
  '  padded  ', '$.traits.name', 'äÄ', 'İ', 'ﬀ', 'aaaaaaaaaaaaaaaa',
]
const NUMBERS = [0, -0, 1, -1, 0.1, 0.5, 1.5, 2.5, 10, 100, 42, 1e21, 1e-7, 123.456, -3.75, 9007199254740991, 1e300, 5e-324]
const RAW_NUMBERS = ['1.0', '100.0', '1E5', '-0', '-0.0', '2.5e-8', '12345678901234567890', '0.30000000000000004', '1e21', '1.5e+300']
const KEYS = [
  'name', 'email', 'firstName', 'last_name', 'plan', 'age', 'score', 'items', 'tags', 'nested', 'zero', 'empty',
  'nil', 'flag', 'list', 'x', 'y', 'a', 'b', 'length', '0', '1', '2', '10', '01', '-1', '4294967294', '4294967295',
  'x y', 'a.b', 'ключ', '🎉', 'id', 'value', 'foo-bar',
]

function scalar(rng) {
  return rng.weighted([
    [5, () => rng.pick(STRINGS)],
    [3, () => rng.pick(NUMBERS)],
    [1, () => new RawNumber(rng.pick(RAW_NUMBERS))],
    [1, () => rng.int(1000)],
    [2, () => rng.chance(0.5)],
    [2, null],
  ])
}

function value(rng, depth) {
  if (depth <= 0) return scalar(rng)
  return rng.weighted([
    [6, () => scalar(rng)],
    [1, () => object(rng, depth - 1, rng.int(4))],
    [1, () => Array.from({ length: rng.int(4) }, () => value(rng, depth - 1))],
  ])
}

function object(rng, depth, size) {
  const o = {}
  for (let i = 0; i < size; i++) o[rng.pick(KEYS)] = value(rng, depth)
  return o
}

function fields(rng, base) {
  const o = { ...base }
  const extra = rng.int(5)
  for (let i = 0; i < extra; i++) o[rng.pick(KEYS)] = value(rng, 2)
  return o
}

/** A Segment event: identify/track/page/… with traits, properties and context. */
export function genEvent(rng) {
  const type = rng.pick(['identify', 'track', 'track', 'page', 'group', 'screen', 'alias'])
  const e = { type }
  if (rng.chance(0.9)) e.userId = rng.weighted([[6, () => `user-${rng.int(100)}`], [1, ''], [1, null], [1, 123]])
  if (rng.chance(0.6)) e.anonymousId = `anon-${rng.int(1000)}`
  if (rng.chance(0.5)) e.messageId = `msg-${rng.int(1e6)}`
  if (rng.chance(0.5)) e.timestamp = '2024-01-02T03:04:05.000Z'
  if (type === 'track') e.event = rng.pick(['Order Completed', 'Signed Up', 'clicked', '', 'Ünïcødé'])
  if (type === 'page' || type === 'screen') e.name = rng.pick(['Home', 'Pricing', ''])
  const traits = fields(rng, {
    email: rng.pick(['ada@example.com', 'x@y.io', '', null]),
    firstName: rng.pick(['Ada', 'ada', '', null, 'Ünï']),
    zero: rng.pick([0, false, '', null]),
  })
  if (type === 'identify' || rng.chance(0.3)) e.traits = traits
  if (type === 'track' || rng.chance(0.3)) {
    e.properties = fields(rng, {
      revenue: rng.pick([0, 9.99, 1e21, -0, new RawNumber('10.0')]),
      items: Array.from({ length: rng.int(4) }, () => ({ sku: rng.pick(['A1', 'B2', '', null]), qty: rng.int(5) })),
    })
  }
  if (rng.chance(0.8)) {
    e.context = {
      ip: '203.0.113.7',
      library: { name: 'analytics.js', version: '5.0.0' },
      ...(rng.chance(0.5) && { traits: fields(rng, { email: 'ctx@example.com' }) }),
    }
  }
  if (rng.chance(0.2)) e.integrations = { All: true }
  return e
}

// ---------------------------------------------------------------- get paths

/** Every [key, key, …] path of a value, for paths that hit. */
function allPaths(v, prefix = [], out = []) {
  if (v instanceof RawNumber || v === null || typeof v !== 'object') return out
  for (const [k, x] of Object.entries(v)) {
    const p = [...prefix, k]
    out.push(p)
    if (p.length < 5) allPaths(x, p, out)
  }
  return out
}

/** A path text in one of get()'s forms: dots, brackets, quotes, numeric segments, `$.`. */
function renderPath(rng, keys, dollar) {
  let s = ''
  keys.forEach((k, i) => {
    const isIndex = /^\d+$/.test(k)
    const form = rng.weighted([
      [6, 'dot'],
      [isIndex ? 3 : 0, 'bracket'],
      [1, 'dq'],
      [1, 'sq'],
    ])
    if (form === 'dot' || i === 0) s += (i ? '.' : '') + k
    else if (form === 'bracket') s += `[${k}]`
    else if (form === 'dq') s += `["${k}"]`
    else s += `['${k}']`
  })
  return (dollar ? '$.' : '') + s
}

function genPath(rng, event) {
  const paths = allPaths(event)
  return rng.weighted([
    [10, () => renderPath(rng, rng.pick(paths) ?? ['type'], rng.chance(0.8))],
    [2, () => renderPath(rng, [...(rng.pick(paths) ?? ['x']), rng.pick(['length', 'missing', '0', 'x'])], true)],
    [1, () => `$.traits.zero.${rng.pick(['x', 'length'])}`],
    [1, () => rng.pick(['', '.', '$', '$.', '$.$.type', 'traits.$.email', '$.traits[email]', '$.properties.items[0]["sku"]'])],
    // Not $.constructor / $.traits.toString: inherited JS members are a documented difference (README).
    [1, () => rng.pick(['$.missing.deep.path', '$..traits', '$.traits..email'])],
  ])
}

// ---------------------------------------------------------------- liquid

const LIQUID_FILTERS = [
  'upcase', 'downcase', 'capitalize', 'size', 'strip', 'lstrip', 'rstrip', 'escape', 'url_encode', 'first', 'last',
  'abs', 'ceil', 'floor', 'json', 'strip_html', 'strip_newlines', 'compact',
  "default: 'none'", "append: '!'", "prepend: '>'", 'plus: 2', 'minus: 1.5', 'times: 3', 'divided_by: 2',
  'modulo: 3', 'round', 'round: 2', 'truncate: 5', 'truncatewords: 1', "split: ' '", "join: '-'",
  "replace: 'a', 'b'", "replace_first: 'a', 'b'", "remove: 'a'", "slice: 1, 2", "at_least: 5", "at_most: 5",
  // disabled in Segment:
  'reverse', 'sort', 'uniq', "map: 'sku'", "where_exp: 'x', 'x'", "concat: a", 'type', 'newline_to_br',
]

function liquidExpr(rng, event) {
  const paths = allPaths(event)
  return rng.weighted([
    [6, () => renderPath(rng, rng.pick(paths) ?? ['type'], false)],
    [1, () => rng.pick(["'text'", '"dq"', '42', '1.5', 'true', 'nil', 'empty', 'missing.var', 'traits["email"]'])],
  ])
}

function liquidOutput(rng, event) {
  let s = liquidExpr(rng, event)
  const n = rng.weighted([[4, 0], [3, 1], [1, 2]])
  for (let i = 0; i < n; i++) s += ` | ${rng.pick(LIQUID_FILTERS)}`
  return `{{ ${s} }}`
}

function liquidCondition(rng, event) {
  const c = () => {
    const left = liquidExpr(rng, event)
    return rng.chance(0.4) ? left : `${left} ${rng.pick(['==', '!=', '>', '<', '>=', '<=', 'contains'])} ${liquidExpr(rng, event)}`
  }
  return rng.chance(0.2) ? `${c()} ${rng.pick(['and', 'or'])} ${c()}` : c()
}

function liquidTemplate(rng, event, depth = 2) {
  const parts = []
  const n = 1 + rng.int(3)
  for (let i = 0; i < n; i++) {
    parts.push(
      rng.weighted([
        [3, () => rng.pick(['Hi ', 'x', ' - ', 'Ünï ', '', '\n'])],
        [5, () => liquidOutput(rng, event)],
        [depth > 0 ? 2 : 0, () => `{% if ${liquidCondition(rng, event)} %}${liquidTemplate(rng, event, depth - 1)}${rng.chance(0.5) ? `{% else %}${liquidTemplate(rng, event, depth - 1)}` : ''}{% endif %}`],
        [depth > 0 ? 1 : 0, () => `{% unless ${liquidCondition(rng, event)} %}${liquidTemplate(rng, event, depth - 1)}{% endunless %}`],
        [1, () => `{% assign v = ${liquidExpr(rng, event)} %}{{ v }}`],
        [1, () => `{% capture c %}${liquidTemplate(rng, event, 0)}{% endcapture %}{{ c | upcase }}`],
        [1, () => rng.pick(['{% raw %}{{ x }}{% endraw %}', '{% comment %}hidden{% endcomment %}', '{{- traits.email -}}', '{%- if true -%} t {%- endif -%}'])],
        // disabled tags and broken syntax:
        [1, () => rng.pick([
          '{% for i in properties.items %}{{ i.sku }}{% endfor %}', '{% case type %}{% when "track" %}t{% endcase %}',
          '{% include "x" %}', '{% render "x" %}', '{% tablerow i in properties.items %}{% endtablerow %}',
          '{% layout "x" %}', '{{ unclosed', '{% if true %}no end', '{% endif %}', '{{ }}', '{% bogus %}', '{{ traits.email | nofilter }}',
          '{% increment n %}{{ n }}', '{% decrement n %}', '{% cycle "a", "b" %}', '{% echo type %}', '{% liquid echo type %}',
        ])],
      ]),
    )
  }
  return parts.join('')
}

// ---------------------------------------------------------------- mappings

export const DIRECTIVES = ['@path', '@template', '@literal', '@if', '@case', '@replace', '@arrayPath', '@json', '@flatten', '@merge', '@transform', '@excludeWhenNull', '@liquid']

/** A wrong-typed value for a directive option. */
const wrong = (rng) => rng.pick([1, true, null, [], {}, ['a'], { a: 1 }, -0, 1e21, ''])

/** A string, or a directive that resolves to something (the "string or directive" slots). */
function strOrDirective(rng, event, depth) {
  return rng.weighted([
    [3, () => ({ '@path': genPath(rng, event) })],
    [1, () => rng.pick(STRINGS)],
    [depth > 0 ? 1 : 0, () => directive(rng, event, depth - 1)],
    [0.08, () => wrong(rng)],
  ])
}

function template(rng, event) {
  const paths = allPaths(event)
  const parts = []
  const n = 1 + rng.int(3)
  for (let i = 0; i < n; i++) {
    parts.push(
      rng.weighted([
        [2, () => rng.pick(['Hi ', ' ', '!', 'Ünï', ''])],
        [4, () => `{{${rng.pick(['', ' '])}${renderPath(rng, rng.pick(paths) ?? ['x'], rng.chance(0.1))}${rng.pick(['', ' '])}}}`],
        [2, () => `{{{${renderPath(rng, rng.pick(paths) ?? ['x'], false)}}}}`],
        [1, () => rng.pick(['{{missing}}', '{{}}', '{{ }}', '{{a}b}}', '{{{x}}', '{x}', '{{traits}}', '{{properties.items}}', '{{.}}'])],
      ]),
    )
  }
  return parts.join('')
}

/** One directive object; mostly valid, sometimes with wrong option types. */
function directive(rng, event, depth) {
  const name = rng.pick(DIRECTIVES)
  const sub = () => strOrDirective(rng, event, depth)
  const anyValue = () => mappingValue(rng, event, depth)
  const bad = rng.chance(0.025)
  switch (name) {
    case '@path':
      return { '@path': bad ? wrong(rng) : rng.chance(0.9) ? genPath(rng, event) : sub() }
    case '@template':
      return { '@template': bad ? wrong(rng) : rng.chance(0.9) ? template(rng, event) : sub() }
    case '@literal':
      return { '@literal': rng.chance(0.7) ? value(rng, 2) : anyValue() }
    case '@if': {
      const o = {}
      const cond = rng.weighted([[5, 'exists'], [3, 'blank'], [0.2, 'none'], [0.3, 'both']])
      if (cond === 'exists' || cond === 'both') o.exists = rng.chance(0.9) ? { '@path': genPath(rng, event) } : rng.pick([false, 0, '', null, 'x', 1])
      if (cond === 'blank' || cond === 'both') o.blank = rng.chance(0.9) ? { '@path': genPath(rng, event) } : rng.pick([false, 0, '', null, 'x'])
      if (rng.chance(0.8)) o.then = anyValue()
      if (rng.chance(0.6)) o.else = rng.chance(0.7) ? anyValue() : rng.pick(['', false, 0, null])
      return { '@if': bad ? wrong(rng) : o }
    }
    case '@case': {
      const o = {}
      if (rng.chance(0.98)) o.operator = rng.weighted([[16, () => rng.pick(['lower', 'upper'])], [1, () => rng.pick(['Lower', 'title', '', 1])]])
      if (rng.chance(0.95)) o.value = sub()
      return { '@case': bad ? wrong(rng) : o }
    }
    case '@replace': {
      const str = () => rng.pick(['a', 'A', ' ', '.', '-', '*', '$', 'ü', '(', '[a]', '\\', 'ada', 'xxxxxxxxxxx', '', 'a', '.', 'ada'])
      const o = {}
      if (rng.chance(0.95)) o.pattern = rng.chance(0.97) ? str() : wrong(rng)
      if (rng.chance(0.7)) o.replacement = rng.chance(0.97) ? rng.pick(['', '_', 'X', '$&', '$1', 'zzzzzzzzzzz', '-', '_']) : wrong(rng)
      if (rng.chance(0.3)) o.pattern2 = str()
      if (rng.chance(0.3)) o.replacement2 = rng.pick(['', '+', 'Y'])
      if (rng.chance(0.3)) o.ignorecase = rng.chance(0.9) ? rng.chance(0.5) : 'yes'
      if (rng.chance(0.3)) o.global = rng.chance(0.9) ? rng.chance(0.5) : 1
      if (rng.chance(0.95)) o.value = sub()
      return { '@replace': bad ? wrong(rng) : o }
    }
    case '@arrayPath': {
      const root = rng.chance(0.8) ? rng.pick(['$.properties.items', '$.traits', '$.properties', '$.context', '$.missing', genPath(rng, event)]) : sub()
      const shape = rng.weighted([
        [4, () => ({ sku: { '@path': rng.pick(['$.sku', 'sku', '$.qty', '$.email', '$.missing']) }, n: { '@path': '$.qty' } })],
        [1, () => ({})],
        [1, undefined],
        [1, () => anyValue()],
      ])
      return { '@arrayPath': bad ? wrong(rng) : shape === undefined ? [root] : [root, shape] }
    }
    case '@json': {
      const o = {}
      if (rng.chance(0.98)) o.mode = rng.weighted([[16, () => rng.pick(['encode', 'decode'])], [1, () => rng.pick(['Encode', 'pretty', 1])]])
      if (rng.chance(0.95)) o.value = rng.weighted([[4, () => ({ '@path': genPath(rng, event) })], [1, () => rng.pick(['{"a":1}', '[1,', '1e21', 'null', '', '"s"'])], [1, anyValue]])
      return { '@json': bad ? wrong(rng) : o }
    }
    case '@flatten': {
      const o = {}
      if (rng.chance(0.97)) o.separator = rng.chance(0.97) ? rng.pick(['.', '_', '', '::']) : wrong(rng)
      if (rng.chance(0.95)) o.value = rng.chance(0.8) ? { '@path': rng.pick(['$.traits', '$.properties', '$.context', '$', genPath(rng, event)]) } : anyValue()
      if (rng.chance(0.3)) o.omitArrays = rng.pick([true, false, 1, 'yes'])
      return { '@flatten': bad ? wrong(rng) : o }
    }
    case '@merge': {
      const o = {}
      if (rng.chance(0.97)) o.direction = rng.chance(0.97) ? rng.pick(['left', 'right']) : rng.pick(['up', 'LEFT', 1])
      if (rng.chance(0.95)) {
        o.objects = Array.from({ length: rng.int(4) }, () =>
          rng.weighted([
            [4, () => ({ '@path': rng.pick(['$.traits', '$.properties', '$.context.traits', '$.context', '$.missing', '$.traits.email']) })],
            [2, () => object(rng, 1, 1 + rng.int(3))],
            [0.1, () => wrong(rng)],
          ]),
        )
        if (rng.chance(0.05)) o.objects = wrong(rng)
      }
      return { '@merge': bad ? wrong(rng) : o }
    }
    case '@transform': {
      const o = {}
      if (rng.chance(0.95)) o.apply = rng.chance(0.97) ? mappingObject(rng, event, depth, 1 + rng.int(3)) : wrong(rng)
      if (rng.chance(0.95)) {
        o.mapping = rng.chance(0.9)
          ? { out: { '@path': rng.pick(['$.a', '$.x', '$.name', '$.email', '$', '$.0']) }, fixed: 1 }
          : rng.pick([1, [], "x"])
      }
      return { '@transform': bad ? wrong(rng) : o }
    }
    case '@excludeWhenNull':
      return { '@excludeWhenNull': rng.chance(0.6) ? { '@path': rng.pick(['$.traits', '$.traits.zero', '$.nullish', genPath(rng, event)]) } : anyValue() }
    case '@liquid':
      return { '@liquid': bad ? wrong(rng) : rng.chance(0.02) ? `{{ type }}${'x'.repeat(1000)}` : liquidTemplate(rng, event) }
  }
}

/** A directive made invalid on purpose: unknown name, several @ keys, stray siblings. */
function invalidDirective(rng, event, depth) {
  const d = directive(rng, event, depth)
  return rng.weighted([
    [2, () => ({ [rng.pick(['@split', '@bogus', '@Path', '@p', '@', '@path2', '@PATH'])]: '$.traits' })],
    [2, () => ({ ...d, [rng.pick(DIRECTIVES)]: '$.traits.email' })],
    [2, () => ({ ...d, other: 1 })],
    [2, () => ({ ...d, _metadata: { note: 1 } })],
  ])
}

function mappingValue(rng, event, depth) {
  return rng.weighted([
    [depth > 0 ? 8 : 2, () => directive(rng, event, Math.max(0, depth - 1))],
    [0.12, () => invalidDirective(rng, event, 0)],
    [2, () => scalar(rng)],
    [depth > 0 ? 1 : 0, () => mappingObject(rng, event, depth - 1, 1 + rng.int(3))],
    [depth > 0 ? 0.5 : 0, () => [directive(rng, event, 0), scalar(rng)]],
  ])
}

function mappingObject(rng, event, depth, size) {
  const o = {}
  for (let i = 0; i < size; i++) o[rng.pick(['email', 'userId', 'name', 'out', 'a', 'b', '0', '10', 'nested', 'ü', 'list', 'x'])] = mappingValue(rng, event, depth)
  return o
}

/** A whole mapping: usually an object of fields, sometimes with a root directive, rarely not an object. */
function genMapping(rng, event) {
  return rng.weighted([
    [20, () => mappingObject(rng, event, 2 + rng.int(2), 1 + rng.int(4))],
    [2, () => ({
      __segment_internal_directive: rng.chance(0.9)
        ? { [rng.pick(['@arrayPath', '@merge', '@if'])]: rng.pick([['$.properties.items', {}], { objects: [], direction: 'right' }, { exists: { '@path': '$.userId' } }]) }
        : rng.pick([{}, { '@path': '$.x', '@template': 'x' }, { '@path': 'x' }, null]),
      ...mappingObject(rng, event, 1, 1 + rng.int(2)),
    })],
    [1, () => directive(rng, event, 2)],
    [0.3, () => rng.pick([[], 'x', 1, null, [{ '@path': '$.type' }]])],
  ])
}

/** { mapping, event } for differential case with the given seed. */
export function genMappingCase(seed) {
  const rng = new Rng(seed)
  const event = rng.chance(0.01) ? rng.pick([[], 'x', null, 1]) : genEvent(rng)
  const mapping = genMapping(rng, typeof event === 'object' && event ? event : {})
  return { mapping, event }
}

// ---------------------------------------------------------------- FQL triggers

const FQL_STRINGS = ['track', 'identify', 'Order Completed', 'Signed Up', 'ada', 'Ada', 'x', '', 'a b', 'ü', 'user-1', 'true', '10']

function fqlField(rng) {
  return rng.weighted([
    [3, 'type'],
    [3, 'event'],
    [1, 'name'],
    [2, 'userId'],
    [4, () => `properties.${rng.pick(['plan', 'revenue', 'count', 'flag', 'tags', 'nested.deep', 'nested.arr[0]', 'missing', 'a-b', 'a\\.b', 'name'])}`],
    [3, () => `traits.${rng.pick(['email', 'plan', 'age', 'vip', 'name', 'missing'])}`],
    [2, () => `context.${rng.pick(['ip', 'library.name', 'traits.email', 'locale', 'missing.x'])}`],
    [0.15, () => rng.pick(['foo', 'propertiesX', 'properties', 'traits', 'Type', 'contains'])],
  ])
}

/** Fields the functions accept (plus, rarely, ones they silently drop). */
function fqlFunctionField(rng) {
  for (;;) {
    const f = fqlField(rng)
    if (f !== 'type' || rng.chance(0.05)) return f
  }
}

function fqlValue(rng) {
  return rng.weighted([
    [5, () => `"${rng.pick(FQL_STRINGS)}"`],
    [1, () => `'${rng.pick(FQL_STRINGS)}'`],
    [3, () => rng.pick(['0', '1', '10', '-1', '+2', '1.5', '-0', '99.9', '1e3', '.5', '1.2.3'])],
    [1, () => rng.pick(['true', 'false'])],
    [1, 'null'],
    [0.08, () => rng.pick(['ident', '"unterminated', '"esc\\"aped"', '#', '@'])],
  ])
}

function fqlCondition(rng) {
  return rng.weighted([
    [10, () => `${fqlField(rng)} ${rng.pick(['=', '=', '!=', '<', '<=', '>', '>='])} ${fqlValue(rng)}`],
    [0.4, () => `${fqlField(rng)}${rng.pick(['=', '!='])}${fqlValue(rng)}`],
    [3, () => `${rng.chance(0.3) ? '!' : ''}contains(${fqlFunctionField(rng)}, "${rng.pick(['a', 'Ada', '', 'Order', 'ü', '1'])}")`],
    [3, () => `${rng.chance(0.3) ? '!' : ''}match(${fqlFunctionField(rng)}, "${rng.pick(['a*', '*a', 'Order*', '*Completed', 'x', '*', '**', 'ada@*'])}")`],
    [0.15, () => rng.pick(['type =', 'type', 'contains(properties.plan)', 'match(event)', '= "x"', 'type == "track"', 'type = "track" and', 'and', 'or type = "track"'])],
  ])
}

function fqlExpr(rng, depth) {
  const n = 1 + rng.weighted([[6, 0], [3, 1], [1, 2], [0.5, 3]])
  const parts = []
  for (let i = 0; i < n; i++) {
    if (i) parts.push(rng.pick(['and', 'or']))
    parts.push(depth > 0 && rng.chance(0.12) ? `(${fqlExpr(rng, depth - 1)})` : fqlCondition(rng))
  }
  return parts.join(' ')
}

function fqlEvent(rng) {
  const pickVal = () => rng.weighted([
    [4, () => rng.pick(FQL_STRINGS)],
    [3, () => rng.pick([0, 1, 10, -1, 2, 1.5, 99.9, 1000, -0])],
    [2, () => rng.chance(0.5)],
    [1, null],
    [1, () => ['a', 1]],
  ])
  const bag = (keys) => Object.fromEntries(keys.filter(() => rng.chance(0.7)).map((k) => [k, pickVal()]))
  const e = { type: rng.pick(['track', 'identify', 'page', 'group', 'Track']) }
  if (rng.chance(0.7)) e.event = rng.pick(['Order Completed', 'Signed Up', 'ada', '', 'x'])
  if (rng.chance(0.3)) e.name = rng.pick(['Home', 'x', ''])
  if (rng.chance(0.8)) e.userId = rng.pick(['user-1', 'ada', '', null, 10])
  if (rng.chance(0.8)) e.properties = { ...bag(['plan', 'revenue', 'count', 'flag', 'tags', 'name', 'a-b', 'a.b']), nested: { deep: pickVal(), arr: [pickVal()] } }
  if (rng.chance(0.7)) e.traits = bag(['email', 'plan', 'age', 'vip', 'name'])
  if (rng.chance(0.7)) e.context = { ip: pickVal(), library: { name: pickVal() }, traits: bag(['email']), locale: 'en-US' }
  return e
}

/** { subscribe, event } for the differential case with the given seed. */
export function genSubscriptionCase(seed) {
  const rng = new Rng(seed)
  const subscribe = rng.weighted([
    [30, () => fqlExpr(rng, 2)],
    [1, () => rng.pick(['', ' ', '#', '"', 'type = "track" #', '()', '(type = "track"', 'type = "track")', '((type = "track"))', 'type = "track" and (event = "x" or event = "y")'])],
  ])
  return { subscribe, event: fqlEvent(rng) }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [kind = 'mapping', count = '5', first = '0'] = process.argv.slice(2)
  const seed = seedFromEnv()
  const gen = kind === 'subscription' ? genSubscriptionCase : genMappingCase
  for (let i = Number(first); i < Number(first) + Number(count); i++) {
    const c = gen(caseSeed(seed, i))
    console.log(`{"case":${i},${Object.entries(c).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`)
  }
}
