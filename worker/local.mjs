// The Worker in local workerd through Miniflare, wired by the deployed configuration:
// wrangler reads worker/wrangler.jsonc (queues and their retry and batch settings, the
// ledger Durable Object, KV, vars, compatibility date) and hands Miniflare the options,
// so nothing here restates it. The script is wrangler's own bundle (`wrangler deploy
// --dry-run --outdir`: the bytes a deploy uploads, with `loops-destination` resolved by
// name from worker/node_modules). Only what differs locally is set here: the secrets and
// test overrides of vars, the address, logging. Used by scripts/demo.mjs (the README's
// main command), tests/worker and benches. Node only; not part of the Worker bundle.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Miniflare, Log, LogLevel } from 'miniflare'
import { unstable_getMiniflareWorkerOptions } from 'wrangler'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const WORKER_DIR = `${ROOT}worker/`
export const CONFIG_PATH = `${WORKER_DIR}wrangler.jsonc`
const WRANGLER = `${WORKER_DIR}node_modules/.bin/wrangler`

/** The deployed wiring as Miniflare options (wrangler's own reading of the config file). */
export function deployedOptions() {
  return unstable_getMiniflareWorkerOptions(CONFIG_PATH).workerOptions
}

/** Every file below `dir` (sorted), for the bundle's cache key. */
function filesBelow(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true }).sort().map((f) => join(dir, f)).filter((f) => statSync(f).isFile())
}

/**
 * wrangler's bundle of `scriptPath` (default: the Worker's `main`) as deploy makes it, in
 * target/worker-bundle/<hash of its inputs>/<entry's name>.js; made once per change of the
 * Worker's sources, the package build or the wiring, shared by every process that needs it.
 */
export function workerBundle(scriptPath = `${WORKER_DIR}src/index.js`) {
  const linked = `${WORKER_DIR}node_modules/loops-destination/package.json`
  if (!existsSync(linked)) {
    throw new Error(`worker/node_modules/loops-destination is missing: run scripts/build.sh (it builds pkg/ and installs worker/'s dependencies)`)
  }
  const hash = createHash('sha256').update(scriptPath)
  for (const f of [scriptPath, CONFIG_PATH, ...filesBelow(`${WORKER_DIR}src`), ...filesBelow(`${ROOT}pkg`)]) {
    hash.update(`\0${f}\0`).update(readFileSync(f))
  }
  const dir = `${ROOT}target/worker-bundle/${hash.digest('hex').slice(0, 16)}`
  // wrangler names the bundle after the entry: index.js for src/index.js, faulty-ledger.js, …
  const bundle = `${dir}/${basename(scriptPath).replace(/\.[cm]?[jt]s$/, '')}.js`
  if (existsSync(bundle)) return bundle
  const tmp = `${dir}.${process.pid}.tmp`
  mkdirSync(dirname(dir), { recursive: true })
  try {
    execFileSync(WRANGLER, ['deploy', '--dry-run', '--outdir', tmp, '--config', CONFIG_PATH, scriptPath], {
      cwd: WORKER_DIR,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    })
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    throw new Error(`wrangler could not bundle ${scriptPath}:\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
  try {
    renameSync(tmp, dir)
  } catch {
    rmSync(tmp, { recursive: true, force: true }) // another process made the same bundle first
  }
  if (!existsSync(bundle)) throw new Error(`wrangler wrote no ${bundle}: ${readdirSync(dir).join(', ')}`)
  return bundle
}

/**
 * `vars`: secrets and variable overrides (strings). `port` 0 picks a free one. `quiet`:
 * no Worker logs on the console. `scriptPath`: another script with the same wiring
 * (benches/worker.mjs compares start-up against a Worker without wasm). `bundle: false`:
 * run `scriptPath` as it is, its modules found by Miniflare (relative imports only; for
 * the benches' stand-ins, which do not export the ledger that wrangler's bundling
 * demands). `persist`: a folder to keep the queues, the ledger and KV in across restarts.
 */
export function localWorker({ vars = {}, port = 0, quiet = true, scriptPath, bundle = true, persist } = {}) {
  const wiring = deployedOptions()
  const script = bundle ? workerBundle(scriptPath) : scriptPath
  return new Miniflare({
    ...wiring,
    modules: true,
    scriptPath: script,
    modulesRoot: bundle ? dirname(script) : ROOT,
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }, ...wiring.modulesRules],
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
