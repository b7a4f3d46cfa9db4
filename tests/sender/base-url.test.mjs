// A base URL that is not Loops' API: a redirect is not followed (it would carry the key
// to another host), a web server's 404 is "misconfigured" (wait for the fix), never
// "rejected" (dead-lettered); a huge answer is not read.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { test } from 'node:test'
import { Destination } from '../../pkg/node.js'

const identify = { type: 'identify', userId: 'u1', messageId: 'm1', traits: { email: 'ada@example.com' } }
const fast = { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, seed: 1 } }

/** A server answering every request with `answer(req, res)`; records what it saw. */
async function server(t, answer) {
  const seen = []
  const s = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization ?? null })
    answer(req, res)
  })
  await new Promise((r) => s.listen(0, '127.0.0.1', r))
  t.after(() => new Promise((r) => s.close(r)))
  return { url: `http://127.0.0.1:${s.address().port}`, seen }
}

test('a redirect is not followed: the key never reaches the other host; misconfigured', async (t) => {
  const elsewhere = await server(t, (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}'))
  const redirecting = await server(t, (req, res) => res.writeHead(301, { location: `${elsewhere.url}${req.url}` }).end())
  const d = new Destination({ apiKey: 'secret-key-1', baseUrl: `${redirecting.url}/api`, ...fast })
  const out = await d.send(identify)
  assert.deepEqual(out, [{ action: 'createOrUpdateContact', outcome: 'misconfigured', status: 301, attempts: 1, message: '301 Moved Permanently' }])
  assert.deepEqual(elsewhere.seen, [], 'the other host was never called')
  assert.equal(redirecting.seen.length, 1)
})

test("a web server's 404 (not Loops' JSON) is misconfigured, not rejected", async (t) => {
  const web = await server(t, (req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not here</html>'))
  const d = new Destination({ apiKey: 'k', baseUrl: `${web.url}/wrong`, ...fast })
  assert.deepEqual(await d.send(identify), [
    { action: 'createOrUpdateContact', outcome: 'misconfigured', status: 404, attempts: 1, message: "404 Not Found: not Loops' API; check the base URL" },
  ])
})

test('an answer that says it is over 64 KiB is not read', async (t) => {
  const big = 'x'.repeat(1_000_000)
  const web = await server(t, (req, res) => res.writeHead(400, { 'content-type': 'application/json', 'content-length': String(big.length + 14) }).end(`{"message":"${big}"}`))
  const d = new Destination({ apiKey: 'k', baseUrl: web.url, ...fast })
  const [o] = await d.send(identify)
  assert.deepEqual(o, { action: 'createOrUpdateContact', outcome: 'rejected', status: 400, attempts: 1, message: '400 Bad Request' })
})
