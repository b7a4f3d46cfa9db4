// The Worker's JS is type-checked: `wrangler types` (worker-configuration.d.ts, committed:
// the bindings and vars of wrangler.jsonc plus the workerd runtime types) must be up to
// date, and tsc must pass over worker/src with `// @ts-check` and worker/jsconfig.json.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const WORKER = fileURLToPath(new URL('../../worker/', import.meta.url))
const run = (bin, args, cwd = WORKER) => new Promise((resolve) =>
  execFile(`${WORKER}node_modules/.bin/${bin}`, args, { cwd, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' }, timeout: 120_000 },
    (err, stdout, stderr) => resolve({ code: err ? err.code ?? 1 : 0, out: `${stdout}${stderr}` })))

test('every worker/src/*.js is // @ts-check', () => {
  for (const file of readdirSync(`${WORKER}src`).filter((f) => f.endsWith('.js'))) {
    assert.ok(readFileSync(`${WORKER}src/${file}`, 'utf8').startsWith('// @ts-check\n'), `worker/src/${file}`)
  }
})

test('worker-configuration.d.ts is what wrangler types makes of wrangler.jsonc (wrangler types --check)', async () => {
  const { code, out } = await run('wrangler', ['types', '--check'])
  assert.equal(code, 0, `${out}\nRun \`npm run types\` in worker/ and commit worker-configuration.d.ts.`)
  assert.match(out, /Types at worker-configuration\.d\.ts are up to date/)
})

test('tsc passes over the Worker (worker/jsconfig.json)', async () => {
  const { code, out } = await run('tsc', ['-p', 'jsconfig.json'])
  assert.equal(code, 0, out)
  assert.equal(out.trim(), '')
})

test('the check has teeth: the same config refuses misuse of Env and of the package', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'worker-types-'))
  try {
    writeFileSync(join(dir, 'bad.js'), `// @ts-check
import { Destination } from 'loops-destination'
export default /** @satisfies {ExportedHandler<Env>} */ ({
  async fetch(request, env) {
    new Destination({ apiKey: 42 })
    return new Response(env.LOOPS_API_KEY.trim() + env.MAX_ATTEMPTS.toFixed(1))
  },
})
`)
    writeFileSync(join(dir, 'jsconfig.json'), JSON.stringify({
      extends: `${WORKER}jsconfig.json`,
      compilerOptions: { baseUrl: WORKER, paths: { 'loops-destination': [`${WORKER}node_modules/loops-destination`] } },
      include: [`${WORKER}worker-configuration.d.ts`, `${WORKER}env.d.ts`, 'bad.js'],
    }))
    const { code, out } = await run('tsc', ['-p', join(dir, 'jsconfig.json')])
    assert.notEqual(code, 0, out)
    assert.match(out, /bad\.js\(5,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/) // apiKey
    assert.match(out, /error TS18048: 'env\.LOOPS_API_KEY' is possibly 'undefined'/) // a secret: maybe not set
    assert.match(out, /error TS2551: Property 'toFixed' does not exist on type 'string'/) // vars are text
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
