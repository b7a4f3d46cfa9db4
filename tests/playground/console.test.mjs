// The dead-letter console in Chromium against the real Worker in local workerd (the
// deployed wiring) and the Loops simulator: connect, health and its chart, list, filter,
// inspect (the exact request the current config would send), replay one (delivered in the
// simulator), delete one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { serveStatic, launch, artifacts, skipReason } from './harness.mjs'
import { ADMIN, start, until } from '../worker/harness.mjs'

test('console: list, filter, inspect, replay one, delete one', { skip: skipReason, timeout: 90_000 }, async (t) => {
  const site = await serveStatic()
  t.after(() => site.server.close())
  const { worker, sim } = await start(t, { vars: { ALLOWED_ORIGINS: site.url }, seed: { lists: [{ id: 'cm-news', name: 'Newsletter' }] } })
  // Loops refuses events for a while: four tracks and one identify become dead letters.
  await sim.faults({ match: { path: '/v1/events/send' }, action: { respond: { status: 400, json: { success: false, message: 'Event refused for now' } } } })
  const tracks = Array.from({ length: 4 }, (_, i) => ({ type: 'track', event: 'Played', userId: `c-${i}`, messageId: `con-${i}`, context: { traits: { email: `c${i}@example.com` } } }))
  const nomail = { type: 'identify', userId: 'c-nomail', messageId: 'con-nomail', traits: { firstName: 'No' } }
  assert.equal((await worker.post([...tracks, nomail])).status, 202)
  await until(async () => (await worker.deadLetters()).count === 5, 20_000, 'five dead letters')
  await sim.clearFaults()

  const browser = await launch()
  t.after(() => browser.close())
  const page = await browser.context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(e.message))
  await page.goto(`${site.url}/www/console.html`)
  await page.fill('#worker-url', worker.url)
  await page.fill('#worker-admin-token', 'not-the-token')
  await page.click('#connect-button')
  await page.waitForFunction(() => /^401/.test(document.querySelector('#message').textContent))
  await page.fill('#worker-admin-token', ADMIN)
  await page.click('#connect-button')
  await page.waitForFunction(() => document.querySelector('#message').textContent === 'Connected.')

  // Health: the key accepted, counts from the ledger, a bar per series in the chart.
  assert.match(await page.textContent('#health-facts'), /Loops key\s*accepted/)
  assert.match(await page.textContent('#health-facts'), /Dead letters kept\s*5/)
  assert.equal(await page.getAttribute('#chart rect.dead', 'data-count'), '5')
  await page.click('#load-lists')
  await page.waitForSelector('#lists li')
  assert.equal((await page.textContent('#lists')).trim(), 'cm-news Newsletter')

  // The list and its filters.
  assert.equal(await page.textContent('#count'), '5')
  assert.equal(await page.locator('#table tbody tr').count(), 5)
  await page.selectOption('#f-action', 'createOrUpdateContact')
  await page.click('#apply')
  await page.waitForFunction(() => document.querySelector('#count').textContent === '1')
  assert.match(await page.textContent('#table tbody'), /cannot create a new contact without an email/)
  await page.selectOption('#f-action', '')
  await page.fill('#f-reason', 'refused for now')
  await page.click('#apply')
  await page.waitForFunction(() => document.querySelector('#count').textContent === '4')

  // Inspect one: its event and the request the Worker's config sends now, key redacted.
  await page.click('#table tbody tr[data-key*="con-0"] button')
  await page.waitForFunction(() => !document.querySelector('#detail').hidden && document.querySelector('#detail-preview').textContent.length > 0)
  const preview = JSON.parse(await page.textContent('#detail-preview'))
  assert.equal(preview[0].action, 'sendEvent')
  assert.equal(preview[0].request.headers.Authorization, 'Bearer ****')
  assert.equal(preview[0].request.body.eventName, 'Played')
  assert.equal(JSON.parse(await page.textContent('#detail-event')).messageId, 'con-0')

  // Replay one: a dry run asks first; confirmed, it reaches Loops and leaves the list.
  await page.check('#table tbody tr[data-key*="con-0"] input')
  await page.click('#replay')
  await page.waitForSelector('#confirm:not([hidden])')
  assert.match(await page.textContent('#confirm-text'), /^Replay 1 dead letter/)
  assert.equal((await worker.deadLetters()).count, 5, 'the dry run changed nothing')
  await page.click('#confirm-yes')
  await page.waitForFunction(() => document.querySelector('#message').textContent === 'Replayed 1.')
  await until(async () => (await sim.state()).events.some((e) => e.idempotencyKey === 'con-0'), 15_000, 'the replayed event in Loops')
  await page.waitForFunction(() => document.querySelector('#count').textContent === '3')

  // Delete one.
  await page.check('#table tbody tr[data-key*="con-1"] input')
  await page.click('#delete')
  await page.waitForSelector('#confirm:not([hidden])')
  assert.match(await page.textContent('#confirm-text'), /^Delete 1 dead letter/)
  await page.click('#confirm-yes')
  await page.waitForFunction(() => document.querySelector('#message').textContent === 'Deleted 1.')
  assert.deepEqual((await worker.deadLetters()).deadLetters.map((d) => d.messageId).sort(), ['con-2', 'con-3', 'con-nomail'])

  // The admin token is in session storage only, never in local storage or the URL.
  const stored = await page.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), url: location.href }))
  assert.ok(!stored.local.includes(ADMIN) && !stored.url.includes(ADMIN) && stored.session.includes(ADMIN))
  await page.screenshot({ path: path.join(artifacts, 'console.png'), fullPage: true })
  assert.deepEqual(problems, [])
})
