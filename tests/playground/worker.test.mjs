// "Send test event" end to end: the page (served on 127.0.0.1) signs the event and posts
// it to the real Worker in local workerd, which queues it and delivers it to the Loops
// simulator, where the contact appears.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { serveStatic, launch, open, artifacts, skipReason } from './harness.mjs'
import { startSimulator } from '../../loops-sim/server.mjs'
import { localWorker } from '../../worker/local.mjs'

const SECRET = 'whsec-playground-test'
const TOKEN = 'tok-playground-test'
const ADMIN = 'adm-playground-test'

test('send test event: through the local Worker to the Loops simulator', { skip: skipReason, timeout: 60000 }, async (t) => {
  const site = await serveStatic()
  t.after(() => site.server.close())
  const sim = await startSimulator({ port: 0 })
  t.after(() => sim.close())
  const mf = localWorker({
    vars: {
      LOOPS_API_KEY: 'test_key',
      LOOPS_BASE_URL: `${sim.url}/api`,
      SEGMENT_SHARED_SECRET: SECRET,
      SEGMENT_TOKEN: TOKEN,
      LOOPS_CONFIG: '{}',
      ALLOWED_ORIGINS: site.url,
    },
  })
  t.after(() => mf.dispose())
  const workerUrl = (await mf.ready).href.replace(/\/$/, '')
  const browser = await launch()
  t.after(() => browser.close())

  const page = await open(browser.context, site.url)
  await page.evaluate(() => localStorage.clear())
  await page.selectOption('#sample', 'identify-loops-docs.json')
  await page.click('#send summary')
  await page.fill('#worker-url', workerUrl)
  await page.fill('#worker-secret', SECRET)
  await page.fill('#worker-token', '')

  await page.click('#worker-health')
  await page.waitForFunction(() => /^200 /.test(document.querySelector('#send-result .note')?.textContent ?? ''))
  // A wrong secret is refused by the Worker, and the page shows it.
  await page.fill('#worker-secret', 'not-the-secret')
  await page.click('#send-event')
  await page.waitForFunction(() => /^401 /.test(document.querySelector('#send-result .note')?.textContent ?? ''))

  await page.fill('#worker-secret', SECRET)
  await page.click('#send-event')
  await page.waitForFunction(() => /^202 /.test(document.querySelector('#send-result .note')?.textContent ?? ''))
  assert.match(await page.textContent('#send-result pre'), /"queued": 1/)

  // The queue consumer delivers it to Loops (here the simulator) within a few seconds.
  let contact
  for (let i = 0; i < 60 && !contact; i++) {
    const state = await (await fetch(`${sim.url}/__sim/state`)).json()
    contact = state.contacts.find((c) => c.email === 'adam@loops.so')
    if (!contact) await new Promise((r) => setTimeout(r, 250))
  }
  assert.ok(contact, 'the contact reached the simulator')
  assert.equal(contact.userId, 'test-user-a5h7xb')
  assert.equal(contact.firstName, 'Adam')
  await page.screenshot({ path: path.join(artifacts, 'send-real-worker.png'), fullPage: true })
  assert.deepEqual(page.problems.filter((p) => !/status of 401/.test(p)), [])
})

test('load contact properties: from Loops through the local Worker, then a type warning', { skip: skipReason, timeout: 60000 }, async (t) => {
  const site = await serveStatic()
  t.after(() => site.server.close())
  // The account's favoriteNumber is text; the sample sends the number 42.
  const sim = await startSimulator({ port: 0, seed: { customProperties: [{ key: 'favoriteNumber', type: 'string' }] } })
  t.after(() => sim.close())
  const mf = localWorker({
    vars: { LOOPS_API_KEY: 'test_key', LOOPS_BASE_URL: `${sim.url}/api`, SEGMENT_TOKEN: TOKEN, ADMIN_TOKEN: ADMIN, LOOPS_CONFIG: '{}', ALLOWED_ORIGINS: site.url },
  })
  t.after(() => mf.dispose())
  const workerUrl = (await mf.ready).href.replace(/\/$/, '')
  const browser = await launch()
  t.after(() => browser.close())

  const page = await open(browser.context, site.url)
  await page.evaluate(() => localStorage.clear())
  await page.selectOption('#sample', 'identify-loops-docs.json')
  await page.click('#send summary')
  await page.fill('#worker-url', workerUrl)
  await page.fill('#worker-secret', '')
  const warning = 'article[data-action="createOrUpdateContact"] pre .note.warning'
  assert.equal(await page.locator(warning).count(), 0, 'no warning before the properties are known')

  // A wrong token: the Worker's 401 shows, nothing is filled in.
  // The Segment token is not the admin token: refused.
  await page.fill('#worker-token', TOKEN)
  await page.fill('#worker-admin-token', TOKEN)
  await page.click('#load-properties')
  await page.waitForFunction(() => /^401 /.test(document.querySelector('#send-result .note')?.textContent ?? ''))
  assert.equal(await page.inputValue('#contact-properties'), '')

  await page.fill('#worker-admin-token', ADMIN)
  await page.click('#load-properties')
  await page.waitForFunction(() => /^200 /.test(document.querySelector('#send-result .note')?.textContent ?? ''))
  const loaded = JSON.parse(await page.inputValue('#contact-properties'))
  assert.deepEqual(loaded.find((p) => p.key === 'favoriteNumber'), { key: 'favoriteNumber', label: 'Favorite Number', type: 'string' })
  assert.ok(loaded.some((p) => p.key === 'email'), "Loops' default properties come too")
  assert.ok(!(await page.textContent('body')).includes('test_key'), 'the Loops key never reaches the page')

  const warn = page.locator(warning)
  await warn.first().waitFor()
  assert.equal(await warn.first().getAttribute('data-path'), '/favoriteNumber')
  assert.match(await warn.first().textContent(), /string property, but this value is a number/)
  await page.screenshot({ path: path.join(artifacts, 'contact-properties-real-worker.png'), fullPage: true })
  assert.deepEqual(page.problems.filter((p) => !/status of 401/.test(p)), [])
})
