// The start-up baseline for benches/worker.mjs: the same wiring as the Worker (queues, KV)
// but no wasm and no package, so the difference in ready time is what our module costs.
export default {
  fetch() {
    return new Response('{}', { headers: { 'content-type': 'application/json' } })
  },
  queue() {},
}
