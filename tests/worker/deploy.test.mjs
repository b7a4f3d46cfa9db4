// The Worker bundles for Cloudflare: `wrangler deploy --dry-run` (offline, no account),
// run from worker/ as a user would, with the package resolved by name.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const WORKER = `${ROOT}worker/`

test('the Worker imports the package by name, never a path into pkg/', () => {
  const manifest = JSON.parse(readFileSync(`${WORKER}package.json`, 'utf8'))
  assert.equal(manifest.dependencies['loops-destination'], 'file:../pkg')
  // npm linked it to the local build: the name resolves to pkg/.
  assert.equal(realpathSync(`${WORKER}node_modules/loops-destination`), realpathSync(`${ROOT}pkg`))
  const importers = []
  for (const file of readdirSync(`${WORKER}src`).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(`${WORKER}src/${file}`, 'utf8')
    assert.doesNotMatch(text, /from '[./]*pkg\//, `worker/src/${file} imports pkg/ by path`)
    if (/from 'loops-destination'/.test(text)) importers.push(file)
  }
  assert.ok(importers.includes('config.js') && importers.includes('ingest.js'), importers.join(', '))
})

test('wrangler deploy --dry-run from worker/ bundles the Worker, the package by name (its workerd entry) and its wasm', async () => {
  const out = mkdtempSync(join(tmpdir(), 'worker-bundle-'))
  try {
    const { stdout } = await new Promise((resolve, reject) =>
      execFile(`${WORKER}node_modules/.bin/wrangler`, ['deploy', '--dry-run', '--outdir', out],
        { cwd: WORKER, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, timeout: 60_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve({ stdout, stderr }))),
    )
    assert.match(stdout, /--dry-run: exiting now/)
    assert.match(stdout, /env\.LEDGER \(Ledger\)\s+Durable Object/)
    const files = readdirSync(out)
    assert.ok(files.includes('index.js'), files.join(', '))
    assert.ok(files.some((f) => f.endsWith('loops_destination_bg.wasm')), files.join(', '))
    // The `workerd` condition of the package's exports was the one taken.
    const { sources } = JSON.parse(readFileSync(join(out, 'index.js.map'), 'utf8'))
    assert.ok(sources.some((s) => s.endsWith('pkg/workerd.js')), sources.join('\n'))
    assert.ok(!sources.some((s) => s.endsWith('pkg/node.js') || s.endsWith('pkg/browser.js')), sources.join('\n'))
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
