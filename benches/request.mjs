// Event to request: ours (`Destination.previewJson` / `preview`: trigger, mapping, field
// checks, request) against Segment's `Destination.onEvent` with the Loops HTTP call
// answered by nock (tests/segment/loops-oracle.cjs), on the same events.
import { createRequire } from 'node:module'
import * as ours from '../pkg/node.js'
import { fmt, opsPerSec, opsPerSecAsync, ratio, read, table } from './lib.mjs'

const require = createRequire(import.meta.url)
const { segmentRequest } = require('../tests/segment/loops-oracle.cjs')

const CASES = [
  ['createOrUpdateContact', 'identify-loops-docs.json'],
  ['createOrUpdateContact', 'identify-1kb.json'],
  ['createOrUpdateContact', 'identify-5kb.json'],
  ['sendEvent', 'track-5kb.json'],
  ['createOrUpdateContact', 'identify-100kb.json']
]

export async function runRequest() {
  const rows = []
  const ratios = {}
  for (const [action, file] of CASES) {
    const eventText = read(file)
    const event = JSON.parse(eventText)
    const dest = new ours.Destination({ apiKey: 'test-api-key', subscriptions: [{ action }] })
    // Both must send a request for the event, or the comparison means nothing.
    const seg = await segmentRequest(event, { action })
    const [mine] = dest.preview(event)
    if (typeof seg.output !== 'object' || !mine?.request) throw new Error(`${file}: no request (Segment ${JSON.stringify(seg).slice(0, 200)}, ours ${JSON.stringify(mine).slice(0, 200)})`)
    const segment = await opsPerSecAsync(() => segmentRequest(event, { action }))
    const text = opsPerSec(() => dest.previewJson(eventText))
    const object = opsPerSec(() => dest.preview(event))
    ratios[file] = { text: text / segment, object: object / segment }
    rows.push([`${action}, ${file.replace('.json', '')}`, fmt(segment), `${fmt(text)} (${ratio(text, segment)})`, `${fmt(object)} (${ratio(object, segment)})`])
  }
  return { table: table(['case', 'Segment onEvent (HTTP stubbed by nock)', 'ours previewJson (JSON text)', 'ours preview (objects)'], rows), ratios }
}
