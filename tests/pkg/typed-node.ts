// Compiled by tsc --strict and then run by Node: what the declarations promise must be
// there at run time (init in the node entry). Sends a typed event to the simulator.
import { init, Destination } from 'loops-destination'

declare const process: { argv: string[] }
interface SignedUp { type: 'track'; event: 'Signed Up'; userId?: string; messageId?: string; properties: { plan: 'free' | 'pro'; referrer?: string }; context?: { traits?: { email?: string } } }

await init()
const destination = new Destination({ apiKey: 'test_key', baseUrl: `${process.argv[2]}/api`, retry: { baseDelayMs: 1, seed: 5 } })
const event: SignedUp = { type: 'track', event: 'Signed Up', userId: 'ts-u', messageId: 'ts-1', properties: { plan: 'pro' }, context: { traits: { email: 'ts@example.com' } } }
console.log(JSON.stringify(await destination.send(event)))
