// The playground's test harness: a static server for the repository root (the page at
// /www/, the package at /pkg/), a stub of the user's Worker, and Debian's Chromium driven
// by playwright-core.
import http from 'node:http'
import { readFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const root = path.resolve(fileURLToPath(import.meta.url), '../../..')
export const artifacts = path.join(root, 'tests/artifacts/playground')

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' }

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)))

/** Serves `root` read-only on 127.0.0.1, on a free port. */
export async function serveStatic() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x')
    const file = path.join(root, decodeURIComponent(url.pathname))
    if (!file.startsWith(root + path.sep)) return res.writeHead(403).end()
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  return { server, url: await listen(server) }
}

/**
 * A stand-in for the user's Worker: POST /segment (with `token`), GET /health and GET
 * /contact-properties (with the `admin` token, as the Worker's admin routes), with CORS.
 */
export async function stubWorker(token, admin) {
  const received = []
  const server = http.createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization, content-type, x-signature', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS' }
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end()
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const json = (status, value) => res.writeHead(status, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(value))
      const needed = req.url === '/segment' ? token : admin
      if (req.headers.authorization !== `Bearer ${needed}`) return json(401, { error: 'unauthorized' })
      if (req.method === 'GET' && req.url === '/health') return json(200, { ok: true })
      if (req.method === 'GET' && req.url === '/contact-properties') return json(200, [{ key: 'favoriteNumber', label: 'Favorite number', type: 'string' }])
      if (req.method === 'POST' && req.url === '/segment') {
        received.push(JSON.parse(body))
        return json(202, { queued: 1 })
      }
      json(404, { error: 'not found' })
    })
  })
  return { server, url: await listen(server), received }
}

export async function launch() {
  const profile = await mkdtemp(path.join(tmpdir(), 'playground-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1500, height: 1100 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  await mkdir(artifacts, { recursive: true })
  return {
    context,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export const built = existsSync(path.join(root, 'pkg/browser.js')) && existsSync(path.join(root, 'pkg/web/loops_destination_bg.wasm'))

/** Opens the page and waits for its first result. */
export async function open(context, base, hash = '') {
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  await page.goto(`${base}/www/index.html${hash}`)
  await page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) >= 1, null, { timeout: 15000 })
  page.problems = problems
  return page
}

/** Waits until the page has rendered a result after `action`. */
export async function rendered(page, action) {
  const before = await page.evaluate(() => Number(document.body.dataset.renders ?? 0))
  await action()
  await page.waitForFunction((n) => Number(document.body.dataset.renders ?? 0) > n, before, { timeout: 10000 })
}

/** The JSON of a rendered body view, without the notes placed on its lines. */
export async function bodyOf(page, article, label = 'Request body') {
  return page.evaluate(([a, l]) => {
    const pre = document.querySelector(`article[data-action="${a}"] pre[aria-label="${l}"]`)
    if (!pre) return null
    return [...pre.querySelectorAll('.line .code')].map((c) => c.textContent).join('\n')
  }, [article, label])
}
