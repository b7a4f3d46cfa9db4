// Shrinking a differing case to a minimal one, and printing it.
import { RawNumber, toJsonText } from './generate.mjs'

const isContainer = (v) => v !== null && typeof v === 'object' && !(v instanceof RawNumber)

/** Every path (list of keys) to an object or array inside `v`, outermost first. */
function containerPaths(v, path = [], out = []) {
  if (!isContainer(v)) return out
  out.push(path)
  for (const [k, x] of Object.entries(v)) containerPaths(x, [...path, k], out)
  return out
}

/** A copy of `root` with the key (or array item) `key` removed from the container at `path`. */
function without(root, path, key) {
  if (path.length === 0) {
    if (Array.isArray(root)) return root.filter((_, i) => String(i) !== key)
    const { [key]: _, ...rest } = root
    return rest
  }
  const [head, ...tail] = path
  const copy = Array.isArray(root) ? [...root] : { ...root }
  copy[head] = without(root[head], tail, key)
  return copy
}

/** A copy of `root` with the value at `path` replaced. */
function replaced(root, path, value) {
  if (path.length === 0) return value
  const [head, ...tail] = path
  const copy = Array.isArray(root) ? [...root] : { ...root }
  copy[head] = replaced(root[head], tail, value)
  return copy
}

/** Liquid/template strings lose one `{{…}}`/`{%…%}` tag or text run at a time. */
function* stringChunkRemovals(s) {
  const chunks = s.split(/(\{\{.*?\}\}|\{%.*?%\})/s).filter(Boolean)
  if (chunks.length < 2) return
  for (let i = 0; i < chunks.length; i++) yield chunks.filter((_, j) => j !== i).join('')
}

/** Each variant of `v` with one key, array item or template chunk removed, bigger removals first. */
function* removals(v) {
  const paths = containerPaths(v)
  for (const path of paths) {
    let node = v
    for (const k of path) node = node[k]
    for (const key of Object.keys(node)) yield without(v, path, key)
  }
  for (const path of paths) {
    let node = v
    for (const k of path) node = node[k]
    for (const [key, x] of Object.entries(node)) {
      if (typeof x === 'string') for (const shorter of stringChunkRemovals(x)) yield replaced(v, [...path, key], shorter)
    }
  }
}

/** Variants of a trigger with a run of 1–4 space-separated tokens removed. */
function* textRemovals(s) {
  if (typeof s !== 'string') return
  const tokens = s.split(' ')
  for (let n = Math.min(4, tokens.length); n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) yield [...tokens.slice(0, i), ...tokens.slice(i + n)].join(' ')
  }
}

/** The kind of Segment's outcome: shrinking must not wander to a different difference. */
const outcomeKind = (d) => `${d.what}:${Object.keys(d.segment).sort().join(',')}:${Object.keys(d.ours).sort().join(',')}`

/**
 * Greedily removes parts of `testCase` (an object of fields) while `diff` still reports the
 * same kind of difference. `textFields` are shrunk by tokens, the rest by keys and items.
 */
export async function shrink(testCase, difference, diff, { textFields = [], budget = 1500 } = {}) {
  let best = testCase
  let bestDiff = difference
  const kind = outcomeKind(difference)
  let progress = true
  while (progress && budget > 0) {
    progress = false
    for (const field of Object.keys(best)) {
      const variants = textFields.includes(field) ? textRemovals(best[field]) : removals(best[field])
      for (const variant of variants) {
        if (--budget <= 0) break
        const candidate = { ...best, [field]: variant }
        const d = await diff(candidate)
        if (d && outcomeKind(d) === kind) {
          best = candidate
          bestDiff = d
          progress = true
          break
        }
      }
      if (progress) break
    }
  }
  return { testCase: best, difference: bestDiff }
}

/** A readable report of one (shrunk) difference. */
export function describe(label, testCase, difference) {
  const lines = [`--- ${label} (${difference.what})`]
  for (const [k, v] of Object.entries(testCase)) lines.push(`${k}: ${typeof v === 'string' && k === 'subscribe' ? JSON.stringify(v) : toJsonText(v)}`)
  lines.push(`segment: ${JSON.stringify(difference.segment)}`)
  lines.push(`ours:    ${JSON.stringify(difference.ours)}`)
  return lines.join('\n')
}
