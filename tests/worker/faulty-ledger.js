// The deployed Worker with one fault hook, for the fault campaign: its ledger can be
// told to fail every write (as a storage outage or quota would), through a test-only
// route. Everything else is the Worker itself, run with the deployed wiring.
import worker, { Ledger as DeployedLedger } from '../../worker/src/index.js'

export class Ledger extends DeployedLedger {
  #failing = false
  /** `on`: every write throws from now on, until told otherwise. */
  failWrites(on) {
    this.#failing = Boolean(on)
    return this.#failing
  }
  record(batch) {
    if (this.#failing) throw new Error('injected fault: the ledger refused the write')
    return super.record(batch)
  }
  claim(options) {
    if (this.#failing) throw new Error('injected fault: the ledger refused the write')
    return super.claim(options)
  }
}

export default {
  async fetch(request, env, ctx) {
    const { pathname, searchParams } = new URL(request.url)
    if (pathname === '/__test/ledger-failing') {
      const on = await env.LEDGER.get(env.LEDGER.idFromName('ledger')).failWrites(searchParams.get('on') === '1')
      return new Response(JSON.stringify({ failing: on }))
    }
    return worker.fetch(request, env, ctx)
  },
  queue: (batch, env, ctx) => worker.queue(batch, env, ctx),
}
