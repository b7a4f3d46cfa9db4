// The main job until the Worker exists: map every sample event in www/samples with
// Segment's default Loops mappings and print what comes out.
import { readFileSync, readdirSync } from 'node:fs'
import * as engine from '../pkg/node.js'

const samples = new URL('../www/samples/', import.meta.url)

// Segment's default subscriptions and mappings for Loops (Actions) (research/segment.md §2, §3).
const DEFAULTS = [
  {
    action: 'createOrUpdateContact',
    subscribe: 'type = "identify"',
    mapping: {
      customAttributes: { '@path': '$.traits' },
      email: { '@if': { exists: { '@path': '$.traits.email' }, then: { '@path': '$.traits.email' }, else: { '@path': '$.email' } } },
      firstName: { '@path': '$.traits.firstName' },
      lastName: { '@path': '$.traits.lastName' },
      source: { '@if': { exists: { '@path': '$.traits.source' }, then: { '@path': '$.traits.source' }, else: 'Segment' } },
      userGroup: { '@path': '$.traits.userGroup' },
      userId: { '@path': '$.userId' },
    },
  },
  {
    action: 'sendEvent',
    subscribe: 'type = "track"',
    mapping: {
      email: { '@if': { exists: { '@path': '$.properties.email' }, then: { '@path': '$.properties.email' }, else: { '@path': '$.context.traits.email' } } },
      eventName: { '@path': '$.event' },
      userId: { '@path': '$.userId' },
      eventProperties: { '@path': '$.properties' },
    },
  },
]

for (const file of readdirSync(samples).filter((f) => f.endsWith('.json')).sort()) {
  const parsed = JSON.parse(readFileSync(new URL(file, samples), 'utf8'))
  const events = Array.isArray(parsed) ? parsed : [parsed]
  console.log(`\n## ${file}`)
  for (const event of events) {
    const subscribed = DEFAULTS.filter((d) => engine.matches(d.subscribe, event))
    if (subscribed.length === 0) console.log(`${event.type} ${event.messageId ?? ''}: no subscription matches`)
    for (const { action, mapping } of subscribed) {
      try {
        console.log(`${action} ← ${event.type} ${event.messageId ?? ''}\n  ${JSON.stringify(engine.transform(mapping, event))}`)
      } catch (e) {
        console.log(`${action} ← ${event.type}: error: ${e.message}`)
      }
    }
  }
}
