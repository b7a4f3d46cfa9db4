// The Worker in local workerd through Miniflare, wired by the deployed configuration:
// wrangler reads worker/wrangler.jsonc (queues and their retry and batch settings, the
// ledger Durable Object, KV, vars, compatibility date) and hands Miniflare the options,
// so nothing here restates it. Only what differs locally is set here: the secrets and
// test overrides of vars, the address, logging. Used by scripts/demo.mjs (the README's
// main command), tests/worker and benches. Node only; not part of the Worker bundle.
import { fileURLToPath } from 'node:url'
import { Miniflare, Log, LogLevel } from 'miniflare'
import { unstable_getMiniflareWorkerOptions } from 'wrangler'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const CONFIG_PATH = `${ROOT}worker/wrangler.jsonc`

/** The deployed wiring as Miniflare options (wrangler's own reading of the config file). */
export function deployedOptions() {
  return unstable_getMiniflareWorkerOptions(CONFIG_PATH).workerOptions
}

/**
 * `vars`: secrets and variable overrides (strings). `port` 0 picks a free one. `quiet`:
 * no Worker logs on the console. `scriptPath`: another script with the same wiring
 * (benches/worker.mjs compares start-up against a Worker without wasm). `persist`: a
 * folder to keep the queues, the ledger and KV in across restarts.
 */
export function localWorker({ vars = {}, port = 0, quiet = true, scriptPath = `${ROOT}worker/src/index.js`, persist } = {}) {
  const wiring = deployedOptions()
  return new Miniflare({
    ...wiring,
    modules: true,
    scriptPath,
    modulesRoot: ROOT,
    modulesRules: [
      // Without this, Miniflare reads wasm-bindgen's .js as CommonJS (wrangler bundles instead).
      { type: 'ESModule', include: ['**/*.js'] },
      ...wiring.modulesRules,
    ],
    bindings: { ...wiring.bindings, ...vars },
    host: '127.0.0.1',
    port,
    cf: false, // no fetch of Cloudflare's request.cf data
    ...(persist ? { defaultPersistRoot: persist } : {}),
    log: quiet ? new Log(LogLevel.NONE) : new Log(LogLevel.INFO),
    // The Worker's own console output (its JSON log lines) comes through workerd's stdio.
    ...(quiet ? { handleRuntimeStdio: (out, err) => (out.resume(), err.resume()) } : {}),
  })
}
