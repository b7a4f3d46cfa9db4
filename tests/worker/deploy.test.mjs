// The Worker bundles for Cloudflare: `wrangler deploy --dry-run` (offline, no account).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

test('wrangler deploy --dry-run bundles the Worker and its wasm', async () => {
  const out = mkdtempSync(join(tmpdir(), 'worker-bundle-'))
  try {
    const { stdout } = await new Promise((resolve, reject) =>
      execFile(`${ROOT}node_modules/.bin/wrangler`, ['deploy', '--dry-run', '--outdir', out, '--config', `${ROOT}worker/wrangler.jsonc`],
        { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, timeout: 60_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve({ stdout, stderr }))),
    )
    assert.match(stdout, /--dry-run: exiting now/)
    const files = readdirSync(out)
    assert.ok(files.includes('index.js'), files.join(', '))
    assert.ok(files.some((f) => f.endsWith('.wasm')), files.join(', '))
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
