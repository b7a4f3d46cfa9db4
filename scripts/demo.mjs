// The main job, run by scripts/dev.sh: the whole thing on this machine.
//   - the Loops simulator (loops-sim/), unless LOOPS_API_KEY is set: then real Loops;
//   - the Worker in workerd with its queues and dead letters (worker/local.mjs);
//   - a static server for the playground (www/);
// all on 127.0.0.1, then the sample events in www/samples posted through the Worker as
// Segment would post them. Prints the URLs and a ready-to-paste signed curl. Ctrl-C stops all.
//
// Options (environment): WORKER_PORT (8787), SIM_PORT (8790), WWW_PORT (8000),
// SEGMENT_SHARED_SECRET (dev-secret), SEGMENT_TOKEN (dev-token), ADMIN_TOKEN (dev-admin:
// dead letters, replay, health details, contact properties), LOOPS_CONFIG (JSON text
// or @file.json: the playground's export), LOOPS_API_KEY (real Loops), NO_SAMPLES=1.
import { createHmac } from 'node:crypto'
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { startSimulator } from '../loops-sim/server.mjs'
import { localWorker, ROOT } from '../worker/local.mjs'

const env = process.env
const port = (name, fallback) => Number(env[name] ?? fallback)
const secret = env.SEGMENT_SHARED_SECRET ?? 'dev-secret'
const token = env.SEGMENT_TOKEN ?? 'dev-token'
const admin = env.ADMIN_TOKEN ?? 'dev-admin'
const realLoops = Boolean(env.LOOPS_API_KEY)
const config = env.LOOPS_CONFIG?.startsWith('@') ? readFileSync(env.LOOPS_CONFIG.slice(1), 'utf8') : env.LOOPS_CONFIG ?? '{}'
const sign = (text) => createHmac('sha1', secret).update(text).digest('hex')

const stops = []
async function stopAll() {
  for (const stop of stops.reverse()) await stop().catch(() => {})
}
process.on('SIGINT', () => stopAll().then(() => process.exit(0)))
process.on('SIGTERM', () => stopAll().then(() => process.exit(0)))

/** www/ on loopback, nothing outside it. */
function staticServer(dir, listenPort) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' }
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    let file = join(dir, path)
    if (!file.startsWith(dir)) return res.writeHead(403).end()
    try {
      if (statSync(file).isDirectory()) {
        const index = join(file, 'index.html')
        try {
          statSync(index)
          file = index
        } catch {
          const names = readdirSync(file).map((n) => `<li><a href="${join(path, n)}">${n}</a></li>`).join('')
          return res.writeHead(200, { 'content-type': 'text/html' }).end(`<ul>${names}</ul>`)
        }
      }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
      createReadStream(file).pipe(res)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(listenPort, '127.0.0.1', () => resolve(server))
  })
}

const inUse = (what, p) => (e) => {
  if (e?.code === 'EADDRINUSE') throw new Error(`port ${p} (${what}) is in use: set ${what} to another port`)
  throw e
}

try {
  let sim
  if (!realLoops) {
    // The list the batch sample subscribes to exists in this Loops.
    const seed = { lists: [{ id: 'cm0aaaaaaaaaaaaaaaaaaaaaa', name: 'Newsletter' }] }
    sim = await startSimulator({ port: port('SIM_PORT', 8790), seed }).catch(inUse('SIM_PORT', port('SIM_PORT', 8790)))
    stops.push(() => sim.close())
  }
  const wwwPort = port('WWW_PORT', 8000)
  const www = await staticServer(join(ROOT, 'www'), wwwPort).catch(inUse('WWW_PORT', wwwPort))
  stops.push(() => new Promise((r) => www.close(r)))

  const mf = localWorker({
    port: port('WORKER_PORT', 8787),
    quiet: false,
    vars: {
      LOOPS_API_KEY: env.LOOPS_API_KEY ?? 'test_key',
      ...(sim ? { LOOPS_BASE_URL: `${sim.url}/api` } : {}),
      SEGMENT_SHARED_SECRET: secret,
      SEGMENT_TOKEN: token,
      ADMIN_TOKEN: admin,
      LOOPS_CONFIG: config,
      PAUSE_BASE_SECONDS: '10',
      PAUSE_MAX_SECONDS: '120',
      ALLOWED_ORIGINS: `http://127.0.0.1:${wwwPort},http://localhost:${wwwPort}`,
      RETRY_BASE_SECONDS: '5',
      RETRY_MAX_SECONDS: '60',
    },
  })
  stops.push(() => mf.dispose())
  const worker = (await mf.ready).href.replace(/\/$/, '')

  // The Loops key, checked as the admin /health checks it (GET /v1/api-key); never printed.
  const keyCheck = await fetch(`${worker}/health`, { headers: { authorization: `Bearer ${admin}` } })
    .then((r) => r.json()).then((h) => h.loops?.keyCheck)
    .catch((e) => ({ ok: false, reason: `the Worker's /health failed: ${e.message}` }))
  const keyLine = !keyCheck ? 'not set'
    : keyCheck.ok ? `accepted${keyCheck.team ? ` (team "${keyCheck.team}")` : ''}`
    : `REFUSED${keyCheck.status ? ` (HTTP ${keyCheck.status})` : ''}: ${keyCheck.reason}`

  const event = JSON.stringify({ type: 'identify', userId: 'u-curl', messageId: `curl-${Date.now()}`, traits: { email: 'curl@example.com', firstName: 'Curl' } })
  const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`
  console.log(`
loops-destination, local:
  Worker (POST /segment)   ${worker}/segment      health: ${worker}/health   dead letters: ${worker}/dead-letters
  Loops                    ${sim ? `${sim.url}/api  (simulator; state: ${sim.url}/__sim/state)` : 'https://app.loops.so/api  (REAL, with your LOOPS_API_KEY)'}
  Loops key                ${keyLine}
  Playground               http://127.0.0.1:${wwwPort}/
  Shared secret / token    ${secret} / ${token}
  Admin token              ${admin}   (curl -H 'authorization: Bearer ${admin}' ${worker}/health)

Send an event as Segment does (signed with the shared secret):
  curl -sS ${worker}/segment -H 'content-type: application/json' \\
    -H 'x-signature: ${sign(event)}' \\
    -d ${quote(event)}
A batch is signed on its first event and needs the token:
  curl -sS ${worker}/segment -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\
    -H 'x-signature: ${sign(event)}' -d ${quote(`[${event}]`)}
Ctrl-C stops everything.
`)

  if (!env.NO_SAMPLES && !realLoops) {
    const samples = join(ROOT, 'www/samples')
    for (const file of readdirSync(samples).filter((f) => f.endsWith('.json')).sort()) {
      const parsed = JSON.parse(readFileSync(join(samples, file), 'utf8'))
      const body = JSON.stringify(parsed)
      const first = Array.isArray(parsed) ? JSON.stringify(parsed[0]) : body
      const res = await fetch(`${worker}/segment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': sign(first), authorization: `Bearer ${token}` },
        body,
      })
      console.log(`sample ${file}: ${res.status} ${await res.text()}`)
    }
  }
} catch (e) {
  console.error(`dev: ${e.message}`)
  await stopAll()
  process.exit(1)
}
