// Writes a seed corpus for each fuzz target into fuzz/corpus/<target>/ from the
// differential generator (tests/diff/generate.mjs): realistic mappings, events,
// triggers and Liquid templates give libFuzzer a head start. Two texts are joined by a
// 0xFF byte (see fuzz_targets/split.rs). Usage: node fuzz/seed.mjs [count]
import { mkdirSync, writeFileSync } from 'node:fs'
import { genMappingCase, genSubscriptionCase, caseSeed, toJsonText, DEFAULT_SEED } from '../tests/diff/generate.mjs'

const count = Number(process.argv[2] ?? 300)
const dir = (t) => {
  const d = new URL(`./corpus/${t}/`, import.meta.url)
  mkdirSync(d, { recursive: true })
  return d
}
const pair = (a, b) => Buffer.concat([Buffer.from(a), Buffer.from([0xff]), Buffer.from(b)])

/** Every @liquid template inside a mapping. */
function liquids(v, out = []) {
  if (v && typeof v === 'object') {
    if (typeof v['@liquid'] === 'string') out.push(v['@liquid'])
    Object.values(v).forEach((x) => liquids(x, out))
  }
  return out
}

const dirs = Object.fromEntries(['json_parse', 'mapping', 'subscription', 'liquid'].map((t) => [t, dir(t)]))
for (let i = 0; i < count; i++) {
  const m = genMappingCase(caseSeed(DEFAULT_SEED, i))
  const mText = toJsonText(m.mapping)
  const eText = toJsonText(m.event)
  writeFileSync(new URL(`m${i}`, dirs.mapping), pair(mText, eText))
  writeFileSync(new URL(`e${i}`, dirs.json_parse), eText)
  liquids(m.mapping).forEach((t, j) => writeFileSync(new URL(`l${i}_${j}`, dirs.liquid), pair(t, eText)))
  const s = genSubscriptionCase(caseSeed(DEFAULT_SEED, i))
  writeFileSync(new URL(`s${i}`, dirs.subscription), pair(s.subscribe, toJsonText(s.event)))
}
console.log(`seed corpus written to fuzz/corpus/ (${count} cases per target)`)
