// The Worker in local workerd through Miniflare's programmatic API, wired as
// wrangler.toml wires it (queues, dead letters, KV). Used by scripts/demo.mjs (the
// README's main command) and tests/worker. Node only; not part of the Worker bundle.
// Miniflare does not bundle: the Worker imports the built package by relative path.
import { fileURLToPath } from 'node:url'
import { Miniflare, Log, LogLevel } from 'miniflare'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * `vars`: the Worker's variables and secrets (strings). `port` 0 picks a free one.
 * `quiet`: no Worker logs on the console. `scriptPath`: another script with the same
 * wiring (benches/worker.mjs compares start-up against a Worker without wasm).
 */
export function localWorker({ vars = {}, port = 0, quiet = true, scriptPath = `${ROOT}worker/src/index.js` } = {}) {
  return new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: ROOT,
    modulesRules: [
      // Without this, Miniflare reads wasm-bindgen's .js as CommonJS.
      { type: 'ESModule', include: ['**/*.js'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2025-06-01',
    bindings: { DEAD_LETTER_QUEUE: 'loops-dead-letters', ...vars },
    queueProducers: { EVENTS: 'loops-events', DEAD_LETTERS: 'loops-dead-letters' },
    queueConsumers: {
      'loops-events': { maxBatchSize: 25, maxBatchTimeout: 1, maxRetries: 20, deadLetterQueue: 'loops-dead-letters' },
      'loops-dead-letters': { maxBatchSize: 25, maxBatchTimeout: 1, maxRetries: 100 },
    },
    kvNamespaces: ['DEAD_LETTERS_KV'],
    host: '127.0.0.1',
    port,
    cf: false, // no fetch of Cloudflare's request.cf data
    log: quiet ? new Log(LogLevel.NONE) : new Log(LogLevel.INFO),
    // The Worker's own console output (its JSON log lines) comes through workerd's stdio.
    ...(quiet ? { handleRuntimeStdio: (out, err) => (out.resume(), err.resume()) } : {}),
  })
}
