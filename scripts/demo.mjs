// The main job until the Worker exists: preview every sample event in www/samples with
// Segment's default Loops subscriptions and mappings, and print the exact requests.
import { readFileSync, readdirSync } from 'node:fs'
import { Destination } from '../pkg/node.js'

const samples = new URL('../www/samples/', import.meta.url)
// No request leaves this process: preview() does no I/O.
const destination = new Destination({ apiKey: 'demo-key-never-sent' })

for (const file of readdirSync(samples).filter((f) => f.endsWith('.json')).sort()) {
  const parsed = JSON.parse(readFileSync(new URL(file, samples), 'utf8'))
  console.log(`\n## ${file}`)
  for (const event of Array.isArray(parsed) ? parsed : [parsed]) {
    const label = `${event.type} ${event.messageId ?? ''}`.trim()
    const entries = destination.preview(event).filter((e) => e.subscribed || e.errors.length)
    if (entries.length === 0) console.log(`${label}: no subscription matches`)
    for (const e of entries) {
      if (e.request) console.log(`${label} → ${e.action}: ${e.request.method} ${e.request.url}\n  ${JSON.stringify(e.request.body)}`)
      for (const p of e.errors) console.log(`${label} → ${e.action}: error at ${p.path || '/'}: ${p.message}`)
      for (const p of e.warnings) console.log(`${label} → ${e.action}: warning at ${p.path || '/'}: ${p.message}`)
    }
  }
}
