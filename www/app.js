// The page: wires the three panes to the state and re-runs the engine (in its worker) on
// every edit. The latest edit always wins; a run past its time limit is stopped.
import { Engine } from './engine-client.js'
import { MappingPane } from './mapping-ui.js'
import { showEntries, showBatch, copyButton } from './result-ui.js'
import { bindWorkerInputs, callWorker, PROPERTIES_PATH } from './send.js'
import * as store from './state.js'

const $ = (id) => document.getElementById(id)
const DEFAULT_SAMPLE = 'identify-loops-docs.json'
// A run's time limit; `?limit=<ms>` changes it (tests use it to reach the limit quickly).
const LIMIT_PARAM = Number(new URLSearchParams(location.search).get('limit'))
const TIME_LIMIT_MS = LIMIT_PARAM || 2000

const engine = new Engine()
let state
let actions
let titles
let pane
let lastKey = null // when the last edit's keystroke happened, for the keystroke-to-result figure
const timings = []

async function sample(name) {
  const response = await fetch(new URL(`samples/${name}`, location.href))
  if (!response.ok) throw new Error(`samples/${name}: ${response.status}`)
  return response.text()
}

function setStatus(text, kind = '') {
  $('status').textContent = text
  $('status').className = `status ${kind}`
}

function renderAll() {
  $('event').value = state.event
  $('batch').checked = state.batch
  $('strict').checked = state.strict
  $('contact-properties').value = state.contactProperties
  pane.state = state
  pane.render()
}

let saveTimer = null
/** After any edit: persist (debounced), forget a stale share hash, re-run unless only the view changed. */
function changed({ persistOnly = false } = {}) {
  clearTimeout(saveTimer)
  saveTimer = setTimeout(() => store.save(state), 300)
  if (location.hash) history.replaceState(null, '', location.pathname + location.search)
  if (!persistOnly) evaluate()
  else placeSelectedNotes()
}

let lastEntries = []
function placeSelectedNotes() {
  const entry = lastEntries.find((e) => e.index === state.selected)
  pane.placeNotes(entry)
}

async function evaluate() {
  if (pane.jsonErrors.size) {
    // Not run: the result stays the last valid mapping's, dimmed, and the field says why.
    $('result').classList.add('stale')
    pane.placeNotes(null)
    setStatus(`Fix the JSON of ${[...pane.jsonErrors.keys()].join(', ')}; the result is from the last valid mapping`, 'error')
    finished()
    return
  }
  const props = store.parseContactProperties(state.contactProperties)
  $('contact-properties-error').textContent = props.error ?? ''
  const parsed = store.parseEvents(state.event, state.batch)
  $('event-error').textContent = parsed.error ? `Not valid JSON: ${parsed.error}` : ''
  $('event').toggleAttribute('aria-invalid', !!parsed.error)
  if (parsed.error) {
    $('result').classList.add('stale')
    return
  }
  if (!state.batch && (parsed.events[0] === null || typeof parsed.events[0] !== 'object' || Array.isArray(parsed.events[0]))) {
    $('event-error').textContent = 'The event must be a JSON object (tick “Batch” for an array of events).'
    $('result').classList.add('stale')
    return
  }
  const subs = state.subscriptions.map((s, index) => ({ ...s, index })).filter((s) => s.enabled)
  const config = {
    strict: state.strict,
    subscriptions: subs.map(({ action, subscribe, mapping }) => ({ action, subscribe, mapping })),
  }
  if (props.value) config.contactProperties = props.value
  const run = { kind: state.batch ? 'batch' : 'single', config, subscriptions: subs.map(({ index, mapping }) => ({ index, mapping })) }
  if (state.batch) {
    run.events = parsed.events
    run.show = Math.min(state.show, Math.max(0, parsed.events.length - 1))
  } else run.event = parsed.events[0]
  // Batches get 2 ms more per event, unless the limit was set explicitly.
  const limit = state.batch && !LIMIT_PARAM ? TIME_LIMIT_MS + 2 * parsed.events.length : TIME_LIMIT_MS
  const answer = await engine.run(run, limit)
  if (answer.superseded) return
  const result = $('result')
  result.classList.remove('stale')
  if (answer.stopped) {
    result.classList.add('stale')
    setStatus(answer.stopped, 'error')
    finished()
    return
  }
  if (answer.fatal || answer.configError) {
    const e = answer.configError
    result.replaceChildren(Object.assign(document.createElement('p'), { className: 'note error', textContent: `✖ ${e ? `${e.path ? e.path + ': ' : ''}${e.message}` : answer.fatal}` }))
    setStatus('Error', 'error')
    lastEntries = []
    placeSelectedNotes()
    return done(answer)
  }
  if (answer.batch) {
    lastEntries = answer.batch.detail ?? []
    showBatch(result, answer.batch, state.subscriptions, titles, run.show, (i) => {
      state.show = i
      changed()
    })
  } else {
    lastEntries = answer.entries
    showEntries(result, answer.entries, state.subscriptions, titles)
  }
  placeSelectedNotes()
  done(answer)
}

function done(answer) {
  const total = lastKey === null ? null : performance.now() - lastKey
  lastKey = null
  if (total !== null) timings.push(total)
  setStatus(`Updated${total !== null ? ` in ${total.toFixed(1)} ms` : ''} (engine ${answer.ms?.toFixed(1) ?? '–'} ms)`, 'ok')
  finished()
}

/** Counts finished runs (shown or stopped), for tests and measurements to wait on. */
function finished() {
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1)
}

function showExport(label, text) {
  $('export').hidden = false
  $('export-label').textContent = label
  $('export-text').value = text
  $('export-text').focus()
  $('export-text').select()
}

async function loadSample(name) {
  state.event = await sample(name)
  state.batch = name === 'batch.json'
  state.show = 0
  $('event').value = state.event
  $('batch').checked = state.batch
  changed()
}

async function main() {
  const ready = await engine.ready()
  if (!ready.ready) {
    setStatus(`The engine did not load: ${ready.fatal}. Run scripts/build.sh and serve the repository root.`, 'error')
    return
  }
  actions = (await engine.run({ kind: 'actions' })).actions
  titles = new Map(actions.map((a) => [a.key, a.title]))
  state = (await store.fromHash(location.hash)) ?? store.load() ?? store.defaultState(actions, await sample(DEFAULT_SAMPLE))
  pane = new MappingPane({ tabs: $('tabs'), panel: $('mapping'), addAction: $('add-action'), actions, state, changed })
  renderAll()

  // Any keystroke in an editor starts the clock for the keystroke-to-result figure.
  document.addEventListener('keydown', (e) => {
    if (e.target.matches('input, textarea')) lastKey ??= e.timeStamp
  }, true)
  $('event').addEventListener('input', () => { state.event = $('event').value; changed() })
  $('batch').addEventListener('change', () => { state.batch = $('batch').checked; changed() })
  $('strict').addEventListener('change', () => { state.strict = $('strict').checked; changed() })
  $('contact-properties').addEventListener('input', () => { state.contactProperties = $('contact-properties').value; changed() })
  $('sample').addEventListener('change', async () => {
    if ($('sample').value) await loadSample($('sample').value)
  })
  $('format').addEventListener('click', () => {
    const parsed = store.parseEvents(state.event, state.batch)
    if (parsed.error) return
    const ndjson = state.batch && !state.event.trim().startsWith('[')
    state.event = ndjson ? parsed.events.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(state.batch ? parsed.events : parsed.events[0], null, 2)
    $('event').value = state.event
    changed()
  })
  $('add-action').addEventListener('change', () => {
    pane.add($('add-action').value)
    $('add-action').value = ''
  })
  $('share').addEventListener('click', async () => {
    const hash = await store.toHash(state)
    const link = location.href.split('#')[0] + hash
    history.replaceState(null, '', hash)
    showExport('Share link (it holds the event and mappings, never a key or the Worker token)', link)
    try {
      await navigator.clipboard.writeText(link)
      setStatus('Link copied', 'ok')
    } catch {
      setStatus('Copy the link below', 'ok')
    }
  })
  $('export-json').addEventListener('click', () => showExport('LOOPS_CONFIG (the JSON the Worker reads)', JSON.stringify(store.workerConfig(state), null, 2)))
  $('export-wrangler').addEventListener('click', () => showExport('wrangler.jsonc snippet (replaces the "LOOPS_CONFIG" line in "vars")', store.wranglerSnippet(store.workerConfig(state))))
  $('export-copy').replaceWith(Object.assign(copyButton(() => $('export-text').value, 'Copy'), { id: 'export-copy' }))
  $('export-close').addEventListener('click', () => { $('export').hidden = true })
  $('reset').addEventListener('click', async () => {
    store.forget()
    history.replaceState(null, '', location.pathname + location.search)
    state = store.defaultState(actions, await sample(DEFAULT_SAMPLE))
    renderAll()
    evaluate()
  })
  engine.onBusy = (busy) => {
    clearTimeout(engine.busyTimer)
    if (busy) engine.busyTimer = setTimeout(() => { $('stop').hidden = false; setStatus('Running…') }, 150)
    else $('stop').hidden = true
  }
  $('stop').addEventListener('click', () => engine.stop('Stopped. Edit to run again.'))
  window.addEventListener('hashchange', async () => {
    const shared = await store.fromHash(location.hash)
    if (!shared) return
    state = shared
    renderAll()
    evaluate()
  })

  bindWorkerInputs({ url: $('worker-url'), secret: $('worker-secret'), token: $('worker-token'), admin: $('worker-admin-token') })
  // Admin routes (health details, contact properties) take ADMIN_TOKEN, /segment the Segment token.
  const workerCall = async (method, path, body, { admin = false } = {}) => {
    $('send-result').textContent = 'Waiting for the Worker…'
    const token = admin ? $('worker-admin-token').value : $('worker-token').value
    const r = await callWorker({ url: $('worker-url').value, secret: $('worker-secret').value, token, method, path, body })
    showResponse(r)
    return r
  }
  $('send-event').addEventListener('click', () => {
    const parsed = store.parseEvents(state.event, state.batch)
    if (parsed.error) return showResponse({ error: 'The event is not valid JSON.' })
    const event = state.batch ? parsed.events[Math.min(state.show, parsed.events.length - 1)] : parsed.events[0]
    workerCall('POST', '/segment', JSON.stringify(event))
  })
  $('worker-health').addEventListener('click', () => workerCall('GET', '/health', undefined, { admin: true }))
  $('load-properties').addEventListener('click', async () => {
    const r = await workerCall('GET', PROPERTIES_PATH, undefined, { admin: true })
    if (r.status === 404) return showResponse({ error: `Your Worker has no ${PROPERTIES_PATH} route: paste the list from Loops (Settings → API, or GET /v1/contacts/properties) under Settings instead.` })
    if (r.status !== 200) return
    try {
      const value = JSON.parse(r.body)
      const list = Array.isArray(value) ? value : value?.properties
      if (!Array.isArray(list)) return
      state.contactProperties = JSON.stringify(list)
      $('contact-properties').value = state.contactProperties
      changed()
    } catch {
      // showResponse already shows what came back.
    }
  })

  window.playground = { timings, state: () => state }
  await evaluate()
}

function showResponse(r) {
  const out = $('send-result')
  if (r.error) {
    out.replaceChildren(Object.assign(document.createElement('p'), { className: 'note error', textContent: `✖ ${r.error}` }))
    return
  }
  let body = r.body
  try {
    body = JSON.stringify(JSON.parse(r.body), null, 2)
  } catch {
    // Not JSON: show it as it came.
  }
  const head = Object.assign(document.createElement('p'), { className: `note ${r.status < 300 ? 'ok' : 'error'}`, textContent: `${r.status} ${r.statusText} from ${r.target} in ${r.ms.toFixed(0)} ms` })
  const pre = Object.assign(document.createElement('pre'), { className: 'json', textContent: body, tabIndex: 0 })
  pre.setAttribute('aria-label', 'Worker response')
  out.replaceChildren(head, pre)
}

main().catch((e) => setStatus(`The page failed: ${e.message}`, 'error'))
