// The Worker's door, as it spends CPU per event: what worker/src/ingest.js runs on a
// Segment batch (segmentWebhook: token, signature, every element's shape and size; then
// the chunking for sendBatch), in Node with the package the Worker imports (local workerd
// freezes its clocks). Beside it, what the same body costs in plain JS: JSON.parse of the
// batch and JSON.stringify of each event. Per event, at 100 and 4,000 events (Segment's
// largest batch): the door should be linear.
//   node benches/door.mjs
import { createHmac } from 'node:crypto'
import { segmentWebhook } from '../pkg/node.js'
import { chunk } from '../worker/src/chunks.js'
import { opsPerSec, read, table, fmt } from './lib.mjs'

const identify = JSON.parse(read('identify-1kb.json'))
const track = JSON.parse(read('track-1kb.json'))
const batchOf = (n) => Array.from({ length: n }, (_, i) => ({ ...(i % 2 ? track : identify), messageId: `door-${i}`, userId: `user-${i}` }))

export function measureDoor(sizes = [100, 4000]) {
  const rows = []
  for (const n of sizes) {
    const events = batchOf(n)
    const body = JSON.stringify(events)
    const options = { sharedSecret: 's', token: 't', authorization: 'Bearer t', signature: createHmac('sha1', 's').update(JSON.stringify(events[0])).digest('hex') }
    const check = segmentWebhook(body, options)
    if (check.status || check.events.length !== n) throw new Error(`door bench: ${JSON.stringify(check).slice(0, 200)}`)
    const door = opsPerSec(() => chunk(segmentWebhook(body, options).events))
    const js = opsPerSec(() => JSON.parse(body).map((e) => JSON.stringify(e)))
    rows.push({ n, bytes: body.length, doorUs: 1e6 / door / n, jsUs: 1e6 / js / n })
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = measureDoor()
  console.log(table(['events', 'body bytes', 'door µs/event', 'JS parse+stringify µs/event', 'door / JS'],
    rows.map((r) => [fmt(r.n), fmt(r.bytes), r.doorUs.toFixed(2), r.jsUs.toFixed(2), `${(r.doorUs / r.jsUs).toFixed(2)}×`])))
  const [a, b] = rows
  console.log(`per event at ${b.n} vs ${a.n}: ${(b.doorUs / a.doorUs).toFixed(2)}× (linear: 1.00)`)
}
