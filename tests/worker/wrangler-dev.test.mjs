// `npx wrangler dev` in worker/, as the README tells a user to run it: the real wrangler
// CLI (its own bundling, its Miniflare, its queue consumer) with the secrets named in
// worker/.dev.vars.example, pointed at the Loops simulator. A signed Segment event goes in;
// the contact must show up in the simulator.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { startSimulator } from '../../loops-sim/server.mjs'

const WORKER = fileURLToPath(new URL('../../worker/', import.meta.url))

/** The names the example file gives a value to (`NAME=`), in order. */
function exampleNames() {
  return readFileSync(`${WORKER}.dev.vars.example`, 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.slice(0, l.indexOf('=')))
}

test('.dev.vars.example names the four secrets, with no values', () => {
  const text = readFileSync(`${WORKER}.dev.vars.example`, 'utf8')
  assert.deepEqual(exampleNames(), ['LOOPS_API_KEY', 'SEGMENT_SHARED_SECRET', 'SEGMENT_TOKEN', 'ADMIN_TOKEN'])
  for (const line of text.split('\n').filter((l) => /^[A-Z_]+=/.test(l))) assert.match(line, /^[A-Z_]+=$/, `a value in the example: ${line}`)
})

test('wrangler dev in worker/ takes a signed event and delivers it to the simulator', { timeout: 120_000 }, async (t) => {
  const sim = await startSimulator({ port: 0 })
  const dir = mkdtempSync(join(tmpdir(), 'wrangler-dev-'))
  t.after(() => sim.close())
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const values = { LOOPS_API_KEY: 'test_key', SEGMENT_SHARED_SECRET: 'whsec-dev', SEGMENT_TOKEN: 'tok-dev', ADMIN_TOKEN: 'adm-dev' }
  // The example file, filled in: a user's .dev.vars.
  writeFileSync(join(dir, '.dev.vars'), exampleNames().map((n) => `${n}=${values[n]}`).join('\n') + '\n')
  const child = spawn(`${WORKER}node_modules/.bin/wrangler`, [
    'dev', '--ip', '127.0.0.1', '--port', '0', '--inspector-port', '0', '--show-interactive-dev-session=false',
    '--env-file', join(dir, '.dev.vars'), '--var', `LOOPS_BASE_URL:${sim.url}/api`, '--var', 'RETRY_BASE_SECONDS:1',
    '--persist-to', join(dir, 'state'),
  ], { cwd: WORKER, detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  t.after(async () => {
    try { process.kill(-child.pid, 'SIGINT') } catch {}
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL') } catch {} }, 5_000)
    await exited
    clearTimeout(timer)
  })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev not ready after 60 s:\n${output}`)), 60_000)
    const poll = setInterval(() => {
      const m = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) { clearInterval(poll); clearTimeout(timer); resolve(m[1]) }
    }, 100)
    exited.then((code) => { clearInterval(poll); clearTimeout(timer); reject(new Error(`wrangler dev exited (${code}):\n${output}`)) })
  })
  // The secrets came from the file: the admin health says they are set, and never shows them.
  const health = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${values.ADMIN_TOKEN}` } })
  const healthText = await health.text()
  assert.equal(health.status, 200, healthText)
  for (const v of Object.values(values)) assert.ok(!healthText.includes(v), 'a secret in /health')

  const now = new Date().toISOString()
  const event = JSON.stringify({ type: 'identify', userId: 'u-wrangler-dev', messageId: 'm-wrangler-dev', sentAt: now, timestamp: now, traits: { email: 'wrangler-dev@example.com', firstName: 'Dev' } })
  const unsigned = await fetch(`${url}/segment`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': '00'.repeat(20) }, body: event })
  assert.equal(unsigned.status, 401, await unsigned.text())
  const res = await fetch(`${url}/segment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': createHmac('sha1', values.SEGMENT_SHARED_SECRET).update(event).digest('hex') },
    body: event,
  })
  assert.equal(res.status, 202, await res.text())
  let contacts = []
  for (let i = 0; i < 150 && contacts.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 200))
    contacts = (await (await fetch(`${sim.url}/__sim/state`)).json()).contacts.filter((c) => c.userId === 'u-wrangler-dev')
  }
  assert.equal(contacts.length, 1, `not delivered to the simulator within 30 s; wrangler dev said:\n${output}`)
  assert.equal(contacts[0].email, 'wrangler-dev@example.com')
  assert.equal(contacts[0].firstName, 'Dev')
  assert.doesNotMatch(output, /test_key|whsec-dev|adm-dev/, 'wrangler dev printed a secret')
})
