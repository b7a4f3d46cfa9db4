// Fills in (or, with --check, verifies) the expected results of Loops fixtures by
// running Segment's Loops destination (`Destination.onEvent`, nock answering for Loops).
// Usage: node tests/segment/record-loops.mjs [--check] tests/fixtures/loops/*.jsonl
//   loops: {"name","event","action","subscribe"?,"mapping"?,"apiKey"?} → "output" | "errors" | "error"
//   "output" is the request {method,url,headers,body (JSON text)} or onEvent's text ("not subscribed", …).
import { writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { createRequire } from 'node:module'
import { readCases } from './record.mjs'
const { segmentRequest } = createRequire(import.meta.url)('./loops-oracle.cjs')

const RESULT_KEYS = ['output', 'errors', 'error']

export async function expectedLoops(c) {
  return segmentRequest(c.event, { subscribe: c.subscribe, action: c.action, mapping: c.mapping }, c.apiKey)
}

async function main(args) {
  const check = args[0] === '--check'
  const files = check ? args.slice(1) : args
  let bad = 0
  let total = 0
  for (const file of files) {
    const lines = []
    for (const c of readCases(file)) {
      total++
      const { _line, ...rest } = c
      const got = await expectedLoops(rest)
      const mine = Object.fromEntries(RESULT_KEYS.filter((k) => k in rest).map((k) => [k, rest[k]]))
      if (check && JSON.stringify(mine) !== JSON.stringify(got)) {
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
