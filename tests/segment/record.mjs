// Fills in (or, with --check, verifies) the expected results of fixture files of every
// kind by running Segment's code. Usage: node tests/segment/record.mjs [--check] FILE.jsonl…
// The fixture kind comes from the folder (tests/fixtures/<kind>/*.jsonl); the format of
// each kind is tests/fixtures/README.md. tests/fixtures.rs runs the same cases through
// our code and compares the records.
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const oracle = require('./oracle.cjs')

const RESULT_KEYS = ['output', 'errors', 'error', 'matches']

export function expectedFor(kind, c) {
  switch (kind) {
    case 'mapping':
      return oracle.transform(c.mapping, c.input)
    case 'liquid': {
      const r = oracle.transform({ out: { '@liquid': c.template } }, c.input)
      return 'output' in r ? { output: r.output.out } : r
    }
    case 'subscription':
      return oracle.subscription(c.subscribe, c.event)
    case 'payload':
      return oracle.payload(c.fields, c.input)
    case 'loops':
      // Segment's Loops destination (`Destination.onEvent`, nock answering for Loops).
      return require('./loops-oracle.cjs').segmentRequest(c.event, { subscribe: c.subscribe, action: c.action, mapping: c.mapping }, c.apiKey)
    default:
      throw new Error(`unknown fixture kind ${kind}`)
  }
}

export function readCases(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line, i + 1])
    .filter(([line]) => line.trim() && !line.startsWith('//'))
    .map(([line, n]) => {
      try {
        return { ...JSON.parse(line), _line: n }
      } catch (e) {
        throw new Error(`${file}:${n}: ${e.message}`)
      }
    })
}

async function main(args) {
  const check = args[0] === '--check'
  const files = check ? args.slice(1) : args
  let bad = 0
  let total = 0
  for (const file of files) {
    const kind = basename(dirname(file))
    const lines = []
    for (const c of readCases(file)) {
      total++
      const { _line, ...rest } = c
      // A copy: Segment's code may mutate its input (liquidjs's increment writes into the event).
      const got = await expectedFor(kind, structuredClone(rest))
      const mine = Object.fromEntries(RESULT_KEYS.filter((k) => k in rest).map((k) => [k, rest[k]]))
      // Compare in one key order: payload results carry both `error` and `errors`.
      const gotInOrder = Object.fromEntries(RESULT_KEYS.filter((k) => k in got).map((k) => [k, got[k]]))
      if (check && JSON.stringify(mine) !== JSON.stringify(gotInOrder)) {
        bad++
        console.log(`${file}:${_line} ${rest.name}: fixture ${JSON.stringify(mine)} but Segment gives ${JSON.stringify(got)}`)
      }
      const input = Object.fromEntries(Object.entries(rest).filter(([k]) => !RESULT_KEYS.includes(k)))
      lines.push(JSON.stringify({ ...input, ...got }))
    }
    if (!check) writeFileSync(file, lines.join('\n') + '\n')
  }
  console.log(`${total} cases${check ? `, ${bad} differ from Segment` : ' recorded'}`)
  if (bad) process.exitCode = 1
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) await main(process.argv.slice(2))
