// The playground in headless Chromium: the page served from the repository root, the
// engine (pkg/, built by scripts/build.sh) in its Web Worker.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path, { join } from 'node:path'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { unstable_readConfig } from 'wrangler'
import { serveStatic, stubWorker, launch, open, rendered, bodyOf, artifacts, built } from './harness.mjs'

const DOCS_BODY = '{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42,"email":"adam@loops.so","source":"Segment","userId":"test-user-a5h7xb","mailingLists":{}}'
const TOKEN = 'worker-token-s3cr3t-9f2c'
const ADMIN = 'worker-admin-s3cr3t-51ab'

let site, browser, worker
const skip = built ? false : 'pkg/ is not built (scripts/build.sh)'

before(async () => {
  if (skip) return
  site = await serveStatic()
  worker = await stubWorker(TOKEN, ADMIN)
  browser = await launch()
})
after(async () => {
  await browser?.close()
  site?.server.close()
  worker?.server.close()
})

/** Screenshots in light and dark. */
async function shot(page, name) {
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: path.join(artifacts, `${name}-${colorScheme}.png`), fullPage: true })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
const compact = (text) => JSON.stringify(JSON.parse(text))

/** A fresh page on the default state (the identify example), storage cleared. */
async function fresh(query = '') {
  // Cleared from another page of the same origin: opening the playground itself would first
  // re-run whatever an earlier test left there (a 40,000-event batch takes long under load).
  const blank = await browser.context.newPage()
  await blank.goto(`${site.url}/www/samples/batch.json`)
  await blank.evaluate(() => { localStorage.clear(); sessionStorage.clear() })
  await blank.close()
  return open(browser.context, site.url, query)
}

const statusIs = (page, text) => page.waitForFunction((t) => document.getElementById('status').textContent === t, text)

async function pickSample(page, file) {
  await rendered(page, () => page.selectOption('#sample', file))
}

/** Sets a field's editing mode and text in the selected subscription's table. */
async function setField(page, key, mode, text) {
  await rendered(page, () => page.selectOption(`#field-${key}-mode`, mode))
  await rendered(page, () => page.fill(`#field-${key}`, text))
}

test('the identify sample gives Loops docs\' PUT /v1/contacts/update with Segment\'s body', { skip }, async () => {
  const page = await fresh()
  await pickSample(page, 'identify-loops-docs.json')
  const line = await page.textContent('article[data-action="createOrUpdateContact"] .request-line')
  assert.equal(line, 'PUT https://app.loops.so/api/v1/contacts/update')
  assert.equal(compact(await bodyOf(page, 'createOrUpdateContact')), DOCS_BODY)
  const auth = await page.textContent('article[data-action="createOrUpdateContact"] table.headers')
  assert.match(auth, /Bearer \*\*\*\*/)
  const curl = await page.textContent('article[data-action="createOrUpdateContact"] .curl pre')
  assert.match(curl, /curl -X PUT 'https:\/\/app\.loops\.so\/api\/v1\/contacts\/update'/)
  assert.match(curl, /Bearer \$LOOPS_API_KEY/)
  assert.ok(curl.includes(`--data-raw '${DOCS_BODY}'`))
  await shot(page, 'identify')
  assert.deepEqual(page.problems, [])
  await page.close()
})

test('a field edited to a directive updates the result', { skip }, async () => {
  const page = await fresh()
  await setField(page, 'firstName', 'json', '{"@template":"{{traits.firstName}} (via {{traits.favoriteColor}})"}')
  const body = JSON.parse(await bodyOf(page, 'createOrUpdateContact'))
  assert.equal(body.firstName, 'Adam (via blue)')
  await setField(page, 'lastName', 'text', 'Lovelace')
  assert.equal(JSON.parse(await bodyOf(page, 'createOrUpdateContact')).lastName, 'Lovelace')
  await page.close()
})

test('a broken mapping shows Segment\'s error at its path, on the field', { skip }, async () => {
  const page = await fresh()
  await setField(page, 'userId', 'json', '{"@path": 3}')
  const message = '/userId/@path should be a string or a mapping directive but it is a number.'
  const note = page.locator('tr[data-field="userId"] .field-notes .note.error')
  assert.equal(await note.getAttribute('data-path'), '/userId/@path')
  assert.ok((await note.textContent()).includes(message))
  assert.equal(await page.getAttribute('#field-userId', 'aria-invalid'), 'true')
  const result = await page.textContent('article[data-action="createOrUpdateContact"] .notes')
  assert.ok(result.includes('/userId/@path') && result.includes(message))
  assert.equal(await page.locator('article[data-action="createOrUpdateContact"] .request-line').count(), 0)
  // JSON that does not parse is caught at the field before the engine sees it.
  await page.fill('#field-userId', '{"@path": ')
  await page.waitForSelector('tr[data-field="userId"] .note.error >> text=Not JSON')
  await shot(page, 'mapping-error')
  await page.close()
})

test('a trigger that does not match says so and why', { skip }, async () => {
  const page = await fresh()
  const entry = await page.textContent('article[data-action="sendEvent"] .trigger')
  assert.match(entry, /does not match: type is "identify", expected the text "track"/)
  await page.click('#tabs [role="tab"]:nth-child(2)')
  assert.equal(await page.textContent('#trigger-status'), '✘ Does not match: type is "identify", expected the text "track"')
  await rendered(page, () => page.fill('#trigger', 'type = "identify" and traits.plan = "Pro"'))
  assert.match(await page.textContent('#trigger-status'), /Does not match: .*plan/)
  await shot(page, 'trigger-no-match')
  await page.close()
})

test('fields the schema or Loops\' rules drop are reported at their place', { skip }, async () => {
  const page = await fresh()
  await setField(page, 'mailingLists', 'json', '{"cm0list1":true,"cm0list2":"yes"}')
  await page.click('details.raw summary')
  const raw = JSON.parse(await page.inputValue('#mapping-json'))
  raw.nickname = { '@path': '$.traits.firstName' }
  await rendered(page, () => page.fill('#mapping-json', JSON.stringify(raw)))
  const lists = await page.textContent('tr[data-field="mailingLists"] .field-notes')
  assert.match(lists, /\/mailingLists\/cm0list2.*true or false/)
  assert.match(await page.textContent('tr[data-field="nickname"] .field-notes'), /not a field of "Create or update a contact"/)
  assert.equal(JSON.parse(await bodyOf(page, 'createOrUpdateContact')).mailingLists.cm0list1, true)
  await page.close()
})

test('Loops-aware warnings sit on their line of the body', { skip }, async () => {
  const page = await fresh()
  await page.click('#settings summary')
  await rendered(page, () => page.fill('#contact-properties', '[{"key":"favoriteNumber","label":"Fav","type":"string"}]'))
  const warn = page.locator('article[data-action="createOrUpdateContact"] pre .note.warning')
  assert.equal(await warn.getAttribute('data-path'), '/favoriteNumber')
  assert.match(await warn.textContent(), /string property, but this value is a number/)
  await shot(page, 'warnings')
  await page.close()
})

test('share link round trip restores the state and holds no key or token', { skip }, async () => {
  const page = await fresh()
  await page.click('#send summary')
  await page.fill('#worker-url', worker.url)
  await page.fill('#worker-token', TOKEN)
  await page.fill('#worker-secret', 'whsec-typed-in-3c9d')
  await setField(page, 'firstName', 'text', 'Zed')
  await page.click('#share')
  await page.waitForFunction(() => document.getElementById('export-text').value.includes('#s='))
  const link = await page.inputValue('#export-text')
  assert.match(link, /#s=/)
  for (const secret of [TOKEN, 'whsec-typed-in-3c9d', 'dev-secret', 'dev-token', worker.url, encodeURIComponent(worker.url), 'playground']) {
    assert.ok(!link.includes(secret), secret)
  }
  await page.evaluate(() => localStorage.clear())
  await page.close()
  const restored = await open(browser.context, site.url, link.slice(link.indexOf('/www/index.html') + '/www/index.html'.length))
  assert.equal(JSON.parse(await bodyOf(restored, 'createOrUpdateContact')).firstName, 'Zed')
  assert.equal(await restored.inputValue('#field-firstName'), 'Zed')
  assert.equal(await restored.inputValue('#field-firstName-mode'), 'text')
  // The state in the link decodes to nothing secret either.
  const state = await restored.evaluate(() => JSON.stringify(window.playground.state()))
  assert.ok(!state.includes(TOKEN))
  await restored.close()
})

test('local persistence keeps edits across reloads; Reset goes back to the defaults', { skip }, async () => {
  const page = await fresh()
  await setField(page, 'firstName', 'text', 'Kept')
  await page.waitForTimeout(400) // the save is debounced
  await page.reload()
  await page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) >= 1)
  assert.equal(JSON.parse(await bodyOf(page, 'createOrUpdateContact')).firstName, 'Kept')
  await rendered(page, () => page.click('#reset'))
  assert.equal(compact(await bodyOf(page, 'createOrUpdateContact')), DOCS_BODY)
  await page.close()
})

test('batch mode counts requests, failures and the time at 10 requests/s', { skip }, async () => {
  const page = await fresh()
  await pickSample(page, 'batch.json')
  const count = (id) => page.textContent(`#batch-counts [data-count="${id}"]`)
  assert.equal(await count('events'), '5')
  assert.equal(await count('requests'), '4')
  assert.equal(await count('sending'), '4')
  assert.equal(await count('unmatched'), '1')
  assert.equal(await count('failed'), '0')
  assert.equal(await count('time'), '0.4 s')
  await shot(page, 'batch')
  // NDJSON with a failing event (identify without userId: required by Segment's schema).
  const ndjson = [
    '{"type":"identify","userId":"a","traits":{"email":"a@example.com"}}',
    '{"type":"identify","traits":{"email":"b@example.com"}}',
    '{"type":"track","event":"X","userId":"c"}',
  ].join('\n')
  await rendered(page, () => page.fill('#event', ndjson))
  assert.equal(await count('events'), '3')
  assert.equal(await count('failed'), '1')
  assert.match(await page.textContent('#result .notes'), /event 1, Create or update a contact: .*userId/)
  await page.close()
})

// Laying out megabytes of text blocks the page for a while; let that pass before the run
// starts, so the run's clock measures the engine, not the layout.
async function pasteLarge(page, text) {
  await page.evaluate(async (t) => {
    const area = document.getElementById('event')
    area.value = t
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    area.dispatchEvent(new Event('input'))
  }, text)
}

test('a run past the time limit is stopped, and Stop ends a long run; the next edit runs again', { skip }, async () => {
  const page = await fresh('?limit=30')
  const many = JSON.stringify(Array.from({ length: 40000 }, (_, i) => ({ type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` } })))
  await page.check('#batch')
  await pasteLarge(page, many)
  await statusIs(page, 'Stopped: the run took longer than 0.03 s.')
  await page.close()

  const slow = await fresh('?limit=60000')
  await slow.check('#batch')
  await pasteLarge(slow, many)
  await slow.waitForSelector('#stop', { state: 'visible' })
  await slow.click('#stop')
  await statusIs(slow, 'Stopped. Edit to run again.')
  await rendered(slow, () => slow.fill('#event', '[{"type":"identify","userId":"x","traits":{"email":"x@example.com"}}]'))
  assert.equal(await slow.textContent('#batch-counts [data-count="requests"]'), '1')
  await slow.close()
})

test('export gives the Worker\'s LOOPS_CONFIG and a wrangler snippet', { skip }, async () => {
  const page = await fresh()
  await page.click('#export-json')
  const config = JSON.parse(await page.inputValue('#export-text'))
  assert.deepEqual(config.subscriptions.map((s) => [s.action, s.subscribe]), [['createOrUpdateContact', 'type = "identify"'], ['sendEvent', 'type = "track"']])
  assert.deepEqual(config.subscriptions[0].mapping.userId, { '@path': '$.userId' })
  assert.ok(!('apiKey' in config))
  await page.click('#export-wrangler')
  const snippet = await page.inputValue('#export-text')
  // Pasted over the LOOPS_CONFIG line of the deployed wrangler.jsonc, wrangler reads it back.
  const deployed = readFileSync(new URL('../../worker/wrangler.jsonc', import.meta.url), 'utf8')
  assert.match(deployed, /^ *"LOOPS_CONFIG": \{\},\n/m)
  const pasted = deployed.replace(/^ *"LOOPS_CONFIG": \{\},\n/m, snippet)
  const dir = mkdtempSync(join(tmpdir(), 'wrangler-'))
  writeFileSync(join(dir, 'wrangler.jsonc'), pasted.replace('"main": "src/index.js"', `"main": ${JSON.stringify(fileURLToPath(new URL('../../worker/src/index.js', import.meta.url)))}`))
  const read = unstable_readConfig({ config: join(dir, 'wrangler.jsonc') })
  assert.deepEqual(read.vars.LOOPS_CONFIG, config)
  assert.equal(read.vars.MAX_ATTEMPTS, '13', 'the rest of the file intact')
  await page.close()
})

test('send test event posts the event to <worker>/segment with the bearer token and shows the answer', { skip }, async () => {
  const page = await fresh()
  await page.click('#send summary')
  await page.fill('#worker-url', worker.url)
  await page.fill('#worker-token', TOKEN)
  await page.fill('#worker-admin-token', ADMIN)
  await page.click('#worker-health')
  await page.waitForSelector('#send-result >> text=200')
  await page.click('#send-event')
  await page.waitForSelector('#send-result >> text=202')
  assert.match(await page.textContent('#send-result pre'), /"queued": 1/)
  assert.equal(worker.received.at(-1).userId, 'test-user-a5h7xb')
  // Loaded contact properties give type warnings.
  await rendered(page, () => page.click('#load-properties'))
  await page.waitForSelector('article[data-action="createOrUpdateContact"] pre .note.warning')
  // The URL and token live in sessionStorage only.
  const stored = await page.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) }))
  assert.ok(!stored.local.includes(TOKEN) && stored.session.includes(TOKEN))
  assert.ok(!stored.local.includes(ADMIN) && stored.session.includes(ADMIN))
  await shot(page, 'send')
  await page.close()
})

test('every control has a label, and the panes work from the keyboard', { skip }, async () => {
  const page = await fresh()
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim()))
    .map((e) => e.id || e.outerHTML.slice(0, 60)))
  assert.deepEqual(unlabelled, [])
  // Arrow keys move between action tabs; typing in a focused field re-runs.
  await page.focus('#tabs [role="tab"][aria-selected="true"]')
  await page.keyboard.press('ArrowRight')
  assert.equal(await page.getAttribute('#tabs [role="tab"]:nth-child(2)', 'aria-selected'), 'true')
  await page.keyboard.press('ArrowLeft')
  await page.focus('#field-firstName')
  await page.keyboard.press('Control+A')
  await page.keyboard.type('$.userI')
  await rendered(page, () => page.keyboard.type('d'))
  assert.equal(JSON.parse(await bodyOf(page, 'createOrUpdateContact')).firstName, 'test-user-a5h7xb')
  await page.close()
})
