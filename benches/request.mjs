// Event to request, and the mapping alone, against Segment's own work, side by side in one run.
//
// Segment's baseline is `Destination.onEvent` of Segment's Loops (Actions) destination with the
// request function handed to `perform` replaced by a recorder: Segment validates the
// subscriptions, runs the triggers, maps, removes empty values, validates the payload schema
// and builds the request (its `extendRequest` headers, `JSON.stringify` of the body); the
// recorder keeps the request and answers at once. No nock, no sockets: only Segment's work is
// timed. Both sides run the same configuration: the two default subscriptions
// (createOrUpdateContact on identify, sendEvent on track), as `new Destination({ apiKey })`.
// A third column keeps the old baseline, the Loops host answered by nock: it includes
// Node's HTTP client and nock's interception, most of its time.
//
// The mapping alone: Segment's `transform` (mapping-kit) with JSON text in and out
// (`JSON.stringify(transform(mapping, JSON.parse(text)))`) against our `Mapping.applyJson`.
import { createRequire } from 'node:module'
import * as ours from '../pkg/node.js'
import { fmt, ratio, read, sideBySide, table } from './lib.mjs'

const require = createRequire(import.meta.url)
const { segmentRequest, defaultMapping, loops } = require('../tests/segment/loops-oracle.cjs')
const { core } = require('../tests/segment/oracle.cjs')

export const CASES = [
  ['docs identify', 'identify-loops-docs.json', 'contact-default.mapping.json'],
  ['identify 1 KB', 'identify-1kb.json', 'contact-default.mapping.json'],
  ['identify 5 KB', 'identify-5kb.json', 'contact-default.mapping.json'],
  ['track 1 KB', 'track-1kb.json', 'event-default.mapping.json']
]

/** Segment's Loops destination whose actions get a recording request function. */
function recordingDestination() {
  const destination = new core.Destination(loops)
  const recorded = []
  for (const action of Object.values(destination.actions)) {
    // Action#createRequestClient makes the `request` that `perform` calls: replaced.
    action.createRequestClient = (data) => {
      const extended = action.extendRequest?.(data) ?? {}
      return async (url, options = {}) => {
        const headers = { ...extended.headers, ...options.headers }
        const request = { method: String(options.method ?? 'get').toUpperCase(), url, headers }
        if (options.json !== undefined) request.body = JSON.stringify(options.json)
        recorded.push(request)
        return { status: 200, data: { success: true }, content: '{"success":true}' }
      }
    }
  }
  return { destination, recorded }
}

const subscriptions = ['createOrUpdateContact', 'sendEvent'].map((action) => ({
  subscribe: loops.actions[action].defaultSubscription,
  partnerAction: action,
  mapping: defaultMapping(action)
}))

/**
 * The table of benches/request.mjs. `before`: another build of the package (a directory
 * like pkg/), measured in the same run as two more columns (for before/after figures).
 */
export async function runRequest({ before } = {}) {
  const { destination, recorded } = recordingDestination()
  const settings = { apiKey: 'test-api-key', subscriptions }
  const builds = [['', ours]]
  if (before) builds.push([' before', await import(new URL(`${before.replace(/\/$/, '')}/node.js`, `file://${process.cwd()}/`).href)])
  const rows = []
  const ratios = {}
  let sink = 0
  const read1 = (r) => {
    sink ^= r.charCodeAt(r.length >> 1)
  }
  for (const [name, file, mappingFile] of CASES) {
    // Segment posts events as JSON.stringify writes them.
    const event = JSON.parse(read(file))
    const eventText = JSON.stringify(event)
    const mapping = JSON.parse(read(mappingFile))
    // Both must make the same request for the event, or the comparison means nothing.
    recorded.length = 0
    await destination.onEvent(event, settings)
    const segmentText = (text) => JSON.stringify(core.transform(mapping, JSON.parse(text)))
    const fns = {
      segment: [() => {
        recorded.length = 0
        return destination.onEvent(event, settings)
      }, 'async'],
      transform: () => read1(segmentText(eventText))
    }
    for (const [suffix, pkg] of builds) {
      const dest = new pkg.Destination({ apiKey: 'test-api-key' })
      const compiled = new pkg.Mapping(mapping)
      const mine = JSON.parse(dest.previewJson(eventText)).filter((e) => e.request)
      if (recorded.length !== 1 || mine.length !== 1 || recorded[0].body !== JSON.stringify(mine[0].request.body) || recorded[0].url !== mine[0].request.url || recorded[0].method !== mine[0].request.method) {
        throw new Error(`${file}: requests differ (Segment ${JSON.stringify(recorded).slice(0, 300)}, ours ${JSON.stringify(mine).slice(0, 300)})`)
      }
      if (segmentText(eventText) !== compiled.applyJson(eventText)) throw new Error(`${file}: mappings differ`)
      fns[`preview${suffix}`] = () => read1(dest.previewJson(eventText))
      fns[`apply${suffix}`] = () => read1(compiled.applyJson(eventText))
    }
    const action = event.type === 'track' ? 'sendEvent' : 'createOrUpdateContact'
    fns.nocked = [() => segmentRequest(event, { action }), 'async']
    const m = await sideBySide(fns)
    ratios[name] = { preview: m.preview / m.segment, apply: m.apply / m.transform }
    const row = [name, fmt(Buffer.byteLength(eventText)), fmt(m.segment)]
    if (before) row.push(`${fmt(m['preview before'])} (${ratio(m['preview before'], m.segment)})`)
    row.push(fmt(m.preview), ratio(m.preview, m.segment), fmt(m.transform))
    if (before) row.push(`${fmt(m['apply before'])} (${ratio(m['apply before'], m.transform)})`)
    row.push(fmt(m.apply), ratio(m.apply, m.transform), fmt(m.nocked))
    rows.push(row)
  }
  if (sink === 0.5) console.log(sink)
  const head = ['case', 'bytes', 'Segment onEvent (request recorded)']
  if (before) head.push('ours previewJson before')
  head.push('ours previewJson', 'ratio', 'Segment transform (text in/out)')
  if (before) head.push('ours applyJson before')
  head.push('ours applyJson', 'ratio', "Segment onEvent, HTTP answered by nock (includes Node's HTTP stack)")
  return { table: table(head, rows), ratios }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // node benches/request.mjs [--before DIR]: DIR another build of pkg/, measured beside it.
  const i = process.argv.indexOf('--before')
  const { table: t } = await runRequest({ before: i > 0 ? process.argv[i + 1] : undefined })
  console.log(t)
}
