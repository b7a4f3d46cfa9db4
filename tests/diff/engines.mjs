// The two engines side by side: Segment's code (tests/segment/oracle.cjs, live) and our
// wasm build (pkg/, built by scripts/build.sh), each reduced to one comparable outcome.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { RawNumber, toJsonText } from './generate.mjs'

export const oracle = createRequire(import.meta.url)('../segment/oracle.cjs')

const WASM = new URL('../../pkg/web/loops_destination_bg.wasm', import.meta.url)
const GLUE = new URL('../../pkg/web/loops_destination.js', import.meta.url)
if (!existsSync(WASM)) throw new Error('pkg/ is missing: run scripts/build.sh first')
const wasmModule = new WebAssembly.Module(readFileSync(WASM))

let ours
let instances = 0
/** A fresh wasm instance (a panic traps the instance and may leave it broken). */
async function instantiate() {
  const glue = await import(`${GLUE.href}?instance=${instances++}`)
  glue.initSync({ module: wasmModule })
  ours = glue
}
/**
 * DIFF_SELF_CHECK=1 puts Segment's code in our place, shaped like our wasm API: the run
 * must then show 0 differences (a check of the harness itself, and of its speed).
 */
const segmentAsOurs = {
  transformJson(m, d) {
    const r = oracle.transform(JSON.parse(m), JSON.parse(d))
    if ('output' in r) return JSON.stringify(r.output) ?? 'null'
    const e = new Error(r.error ?? 'validation failed')
    e.errors = (r.errors ?? [r.error]).map((message) => ({ message, path: '' }))
    throw e
  },
  validateMappingJson: (m) => JSON.stringify(oracle.validateMapping(JSON.parse(m)).map((message) => ({ message, path: '' }))),
  matchesJson(s, e) {
    const r = segmentSubscription(s, JSON.parse(e))
    if ('matches' in r) return r.matches
    throw new Error(r.error)
  },
}

if (process.env.DIFF_SELF_CHECK) ours = segmentAsOurs
else await instantiate()

/** A trap or a native stack overflow: the engine panicked instead of returning an error. */
const isCrash = (e) => e instanceof WebAssembly.RuntimeError || e instanceof RangeError || !(e instanceof Error)

/** Runs one call into our wasm; a crash is reported as `{ crash }` and the instance renewed. */
async function callOurs(fn) {
  try {
    return { value: fn(ours) }
  } catch (e) {
    if (isCrash(e) && ours !== segmentAsOurs) {
      await instantiate()
      return { crash: `${e?.constructor?.name}: ${e?.message ?? e}` }
    }
    return { thrown: e }
  }
}

// ------------------------------------------------------------------ mapping

/**
 * transform(mapping, event) on both sides →
 * { segment: {output}|{errors}|{error}, ours: {output}|{errors,error}|{crash}, differs }
 * Output is compared as JSON text (key order, number text).
 */
export async function compareTransform(mapping, event) {
  const mText = toJsonText(mapping)
  // transform(mapping, data = {}): a missing event is `{}` in Segment's signature.
  const dText = event === undefined ? '{}' : toJsonText(event)
  const seg = oracle.transform(JSON.parse(mText), JSON.parse(dText))
  // A root directive can resolve to undefined; JSON text cannot say so, and our text API
  // writes it as `null` (src/wasm/exports.rs to_text), so that is the text compared.
  const segment = 'output' in seg ? { output: JSON.stringify(seg.output) ?? 'null' } : seg
  const r = await callOurs((w) => w.transformJson(mText, dText))
  let mine
  if (r.crash) mine = { crash: r.crash }
  else if (r.thrown) {
    mine = { error: String(r.thrown.message) }
    if (Array.isArray(r.thrown.errors)) mine.errors = r.thrown.errors.map((e) => e.message)
  } else mine = { output: r.value }
  let same
  if ('output' in segment) same = mine.output === segment.output
  else if ('errors' in segment) same = JSON.stringify(aggregateMessages(mine)) === JSON.stringify(segment.errors)
  else same = 'error' in mine && mine.error === segment.error
  return { segment, ours: mine, differs: !same }
}

/**
 * Segment's messages come from its AggregateError text, which the clean-stack package
 * rewrites (every `\\` becomes `/`); ours carries that same aggregate text, so compare
 * the messages read back from it.
 */
function aggregateMessages(mine) {
  if (typeof mine.error !== 'string' || !mine.error.includes('ValidationError: ')) return mine.errors
  return mine.error
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('ValidationError: '))
    .map((l) => l.slice('ValidationError: '.length))
}

/** validateMapping(mapping) on both sides: the lists of messages. */
export async function compareValidate(mapping) {
  const mText = toJsonText(mapping)
  const segment = { messages: oracle.validateMapping(JSON.parse(mText)) }
  // Ours are each ValidationError's own text; Segment's went through clean-stack (`\\` → `/`).
  const r = await callOurs((w) => JSON.parse(w.validateMappingJson(mText)).map((e) => e.message.replaceAll('\\', '/')))
  const mine = r.crash ? { crash: r.crash } : r.thrown ? { error: String(r.thrown.message) } : { messages: r.value }
  return { segment, ours: mine, differs: JSON.stringify(segment) !== JSON.stringify(mine) }
}

/**
 * Both comparisons for one mapping case; the first that differs, or null.
 * Segment's validate() knows nothing of the root directive (transform injects it first),
 * so validateMapping is compared only for mappings without one.
 */
export async function diffMapping({ mapping, event }) {
  const t = await compareTransform(mapping, event)
  if (t.differs) return { what: 'transform', ...t }
  const hasRoot = mapping && typeof mapping === 'object' && '__segment_internal_directive' in mapping
  if (!hasRoot) {
    const v = await compareValidate(mapping)
    if (v.differs) return { what: 'validateMapping', ...v }
  }
  return null
}

// ------------------------------------------------------------------ subscription

/** Segment's judgement of a trigger; validate() itself can throw (undefined AST nodes). */
function segmentSubscription(subscribe, event) {
  try {
    return oracle.subscription(subscribe, event)
  } catch (e) {
    return { error: String(e.message) }
  }
}

/** A message worth matching exactly (not a crash inside Segment's parser). */
export const meaningful = (message) => !/Cannot read properties of undefined/.test(message)

/** matches(subscribe, event) on both sides, or null when they agree. */
export async function diffSubscription({ subscribe, event }) {
  const eText = toJsonText(event)
  const segment = segmentSubscription(subscribe, JSON.parse(eText))
  const r = await callOurs((w) => w.matchesJson(subscribe, eText))
  const mine = r.crash ? { crash: r.crash } : r.thrown ? { error: String(r.thrown.message) } : { matches: r.value }
  let same
  if ('matches' in segment) same = mine.matches === segment.matches
  else same = 'error' in mine && (!meaningful(segment.error) || mine.error === segment.error)
  return same ? null : { what: 'matches', segment, ours: mine }
}

// ------------------------------------------------------------------ fixtures

/** JSON.parse that keeps the text of numbers JSON.stringify would write differently. */
export function parseKeepingNumbers(text) {
  let i = 0
  const ws = () => {
    while (/\s/.test(text[i])) i++
  }
  const value = () => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const o = {}
      ws()
      if (text[i] === '}') return i++, o
      for (;;) {
        ws()
        const k = string()
        ws()
        i++ // ':'
        // As JSON.parse does: an own property, even for "__proto__".
        Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true })
        ws()
        if (text[i++] === '}') return o
      }
    }
    if (c === '[') {
      i++
      const a = []
      ws()
      if (text[i] === ']') return i++, a
      for (;;) {
        a.push(value())
        ws()
        if (text[i++] === ']') return a
      }
    }
    if (c === '"') return string()
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null/.exec(text.slice(i, i + 400))
    if (!m) throw new SyntaxError(`bad JSON at ${i}`)
    i += m[0].length
    const v = JSON.parse(m[0])
    return typeof v === 'number' && JSON.stringify(v) !== m[0] ? new RawNumber(m[0]) : v
  }
  const string = () => {
    const m = /^"(?:[^"\\]|\\.)*"/s.exec(text.slice(i))
    if (!m) throw new SyntaxError(`bad JSON string at ${i}`)
    i += m[0].length
    return JSON.parse(m[0])
  }
  return value()
}

/** Every case of tests/fixtures/<kind>/*.jsonl, numbers kept as written. */
export function fixtureCases(kind) {
  const dir = new URL(`../fixtures/${kind}/`, import.meta.url)
  if (!existsSync(dir)) return []
  const out = []
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(new URL(f, dir), 'utf8')
      .split('\n')
      .forEach((line, n) => {
        if (!line.trim() || line.startsWith('//')) return
        out.push({ at: `tests/fixtures/${kind}/${f}:${n + 1}`, ...parseKeepingNumbers(line) })
      })
  }
  return out
}
