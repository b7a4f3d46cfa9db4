// The Worker in real workerd (worker/local.mjs: Miniflare, no wrangler process) in
// front of the Loops simulator on port 0. Set WORKER_LOGS=1 to see the Worker's logs.
import { createHmac } from 'node:crypto'
import { startSimulator } from '../../loops-sim/server.mjs'
import { localWorker } from '../../worker/local.mjs'
export const KEY = 'test_key'
export const SECRET = 'whsec-test'
export const TOKEN = 'tok-test'
export const ADMIN = 'adm-test'

/** Segment's signature: hex HMAC-SHA1 of the text (Node's crypto, independent of ours). */
export const sign = (text) => createHmac('sha1', SECRET).update(text).digest('hex')

/**
 * A simulator and a Worker wired to it. `sim` is the simulator's config (e.g. a raised
 * rate limit), `seed` its data, `vars` override the Worker's variables, `config` is
 * LOOPS_CONFIG, `scriptPath` another script with the deployed wiring (a fault hook).
 */
export async function start(t, { sim: simConfig = {}, seed, vars = {}, config = {}, scriptPath } = {}) {
  const sim = await startSimulator({ port: 0, config: simConfig, ...(seed ? { seed } : {}) })
  let mf
  // Registered before the Worker starts: one that fails to start (or to bundle) must not
  // keep the simulator or workerd, and so the test process, alive.
  t.after(async () => {
    await mf?.dispose()
    await sim.close()
  })
  mf = localWorker({
    ...(scriptPath ? { scriptPath } : {}),
    vars: {
      LOOPS_API_KEY: KEY,
      LOOPS_BASE_URL: `${sim.url}/api`,
      SEGMENT_SHARED_SECRET: SECRET,
      SEGMENT_TOKEN: TOKEN,
      ADMIN_TOKEN: ADMIN,
      LOOPS_CONFIG: JSON.stringify(config),
      MAX_ATTEMPTS: '6',
      RETRY_BASE_SECONDS: '1',
      RETRY_MAX_SECONDS: '2',
      ...vars,
    },
    quiet: !process.env.WORKER_LOGS,
  })
  const url = await mf.ready
  const control = async (method, name, body) => {
    const res = await fetch(`${sim.url}/__sim/${name}`, {
      method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
    })
    if (res.status !== 200) throw new Error(`simulator ${method} ${name}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const worker = {
    url: url.href.replace(/\/$/, ''),
    /** POST /segment with `body` (object or text), signed and with the token unless told otherwise. */
    async post(body, { signature, token = TOKEN, headers = {}, method = 'POST' } = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body)
      const first = Array.isArray(body) ? JSON.stringify(body[0]) : text
      const h = { 'content-type': 'application/json', ...headers }
      if (signature !== null) h['x-signature'] = signature ?? sign(first)
      if (token) h.authorization = `Bearer ${token}`
      const res = await fetch(`${worker.url}/segment`, { method, headers: h, body: method === 'GET' ? undefined : text })
      return { status: res.status, json: await res.json() }
    },
    /** GET /health with the admin token (the details). */
    async health() {
      const res = await fetch(`${worker.url}/health`, { headers: { authorization: `Bearer ${ADMIN}` } })
      return { status: res.status, ...(await res.json()) }
    },
    /** Every dead letter (all pages). */
    async deadLetters(filter = {}) {
      const all = []
      let cursor
      let count
      do {
        const q = new URLSearchParams({ limit: '500', ...filter, ...(cursor ? { cursor } : {}) })
        const res = await fetch(`${worker.url}/dead-letters?${q}`, { headers: { authorization: `Bearer ${ADMIN}` } })
        if (res.status !== 200) throw new Error(`GET /dead-letters: ${res.status} ${await res.text()}`)
        const page = await res.json()
        all.push(...page.deadLetters)
        count = page.count
        cursor = page.next
      } while (cursor)
      return { count, deadLetters: all }
    },
    /** An admin call: `method` `path` with a JSON body. */
    async admin(method, path, body) {
      const res = await fetch(`${worker.url}${path}`, {
        method, headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
      })
      return { status: res.status, json: await res.json() }
    },
  }
  return {
    mf,
    worker,
    sim: {
      url: sim.url,
      control,
      state: () => control('GET', 'state'),
      requests: (filter = {}) => control('GET', `requests?${new URLSearchParams(filter)}`),
      faults: (rules) => control('POST', 'faults', rules),
      clearFaults: () => control('DELETE', 'faults'),
    },
  }
}

/** Polls `check` until it returns a truthy value, or fails after `ms`. */
export async function until(check, ms = 20_000, what = 'condition') {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** `n` events: identifies (one per user) and tracks, each with its own messageId. */
export function events(n, prefix = 'e') {
  const out = []
  for (let i = 0; i < n; i++) {
    const user = `${prefix}-u${i}`
    out.push(
      i % 2 === 0
        ? { type: 'identify', userId: user, messageId: `${prefix}-m${i}`, traits: { email: `${user}@example.com`, firstName: `F${i}` } }
        : { type: 'track', event: 'Played', userId: user, messageId: `${prefix}-m${i}`, properties: { n: i }, context: { traits: { email: `${user}@example.com` } } },
    )
  }
  return out
}

/**
 * What Loops ended up with for `sent` (the simulator's state: contacts by userId, events
 * by Idempotency-Key) against what the Worker dead-lettered. Duplicates are extra
 * contacts or events for one input event. One row of the e2e table.
 */
export async function tally(scenario, sent, sim, deadLetters) {
  const state = await sim.state()
  const seen = new Map()
  const add = (id) => id && seen.set(id, (seen.get(id) ?? 0) + 1)
  for (const c of state.contacts) add(c.userId)
  for (const e of state.events) add(e.idempotencyKey)
  const dead = new Set(deadLetters.map((d) => JSON.parse(d.event).messageId))
  let delivered = 0, duplicates = 0, lost = 0, deadCount = 0
  for (const e of sent) {
    const n = seen.get(e.type === 'track' ? e.messageId : e.userId) ?? 0
    if (n > 0) delivered += 1
    if (n > 1) duplicates += n - 1
    if (dead.has(e.messageId)) deadCount += 1
    if (n === 0 && !dead.has(e.messageId)) lost += 1
  }
  const row = { scenario, in: sent.length, delivered, deadLettered: deadCount, duplicates, lost }
  console.log(`E2E ${JSON.stringify(row)}`)
  return row
}
