// A CommonJS TypeScript file: tsc (nodenext, 5.8+) compiles the import to require(),
// which Node's require(esm) loads. Prints the preview's body of a typed identify.
import { Destination, type SegmentEvent } from 'loops-destination'

const identify: SegmentEvent = { type: 'identify', userId: 'cts-u', traits: { email: 'cts@example.com' } }
console.log(JSON.stringify(new Destination({ apiKey: 'k' }).preview(identify)[0].request?.body))
