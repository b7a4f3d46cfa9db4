// The dead-letter console: the Worker's admin routes (health, dead letters, preview, replay,
// delete, lists) shown and driven from a static page. Everything it shows comes from the
// Worker as it is; the page only renders it. The admin token stays in sessionStorage.
import { bindWorkerInputs, callWorker } from './send.js'

const $ = (id) => document.getElementById(id)
const PAGE = 50

/** `tag` with properties and children (text or nodes). */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props)
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')))
  return node
}

const say = (text) => ($('message').textContent = text)

/** An admin call: the JSON answer, or null after saying why it failed. */
async function admin(method, path, body) {
  const r = await callWorker({ url: $('worker-url').value, secret: '', token: $('worker-admin-token').value, method, path, body: body === undefined ? undefined : JSON.stringify(body) })
  if (r.error) return say(r.error), null
  let json = null
  try {
    json = JSON.parse(r.body)
  } catch {
    // Not JSON: reported below.
  }
  if (r.status === 401) return say('401: the Worker refused the admin token.'), null
  if (r.status >= 400 || json === null) return say(`${r.status}: ${json?.error ?? r.body.slice(0, 200)}`), null
  return json
}

function facts(root, pairs) {
  root.replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))
}

/** Bars per hour: delivered, dead-lettered and stale, side by side. */
function chart(svg, byHour) {
  const hours = Object.keys(byHour ?? {}).sort()
  const series = ['delivered', 'deadLettered', 'stale']
  const max = Math.max(1, ...hours.flatMap((h) => series.map((s) => byHour[h][s] ?? 0)))
  const width = Number(svg.getAttribute('width'))
  const height = Number(svg.getAttribute('height'))
  const slot = width / Math.max(hours.length, 1)
  const bar = Math.max(1, slot / 4)
  const ns = 'http://www.w3.org/2000/svg'
  const nodes = []
  hours.forEach((h, i) => {
    series.forEach((s, j) => {
      const n = byHour[h][s] ?? 0
      const r = document.createElementNS(ns, 'rect')
      const hgt = (n / max) * (height - 10)
      r.setAttribute('x', String(i * slot + j * bar))
      r.setAttribute('y', String(height - hgt))
      r.setAttribute('width', String(bar))
      r.setAttribute('height', String(hgt))
      r.setAttribute('class', s === 'deadLettered' ? 'dead' : s)
      r.setAttribute('data-hour', h)
      r.setAttribute('data-count', String(n))
      const title = document.createElementNS(ns, 'title')
      title.textContent = `${h}:00 UTC: ${n} ${s}`
      r.append(title)
      nodes.push(r)
    })
  })
  svg.replaceChildren(...nodes)
}

async function showHealth() {
  const h = await admin('GET', '/health')
  if (!h) return false
  // Without the admin token the Worker says only { ok }.
  if (!h.loops) return say('401: the Worker refused the admin token (its /health gave no details).'), false
  $('health').hidden = false
  $('health-ok').textContent = h.ok ? 'ok' : 'not ok'
  $('health-ok').className = `badge ${h.ok ? 'ok' : 'bad'}`
  const key = h.loops.keyRefused ? `refused since ${h.loops.keyRefused.since}: ${h.loops.keyRefused.reason}` : h.loops.apiKey ? 'accepted' : 'not set'
  facts($('health-facts'), [
    ['Loops key', key],
    ['Loops', h.loops.baseUrl],
    ['Config', h.config.error ? `invalid (${h.config.source}): ${h.config.error.message} at ${h.config.error.path || '/'}` : `${h.config.source}: ${h.config.subscriptions.join(', ')}`],
    ['Delivered', h.counts?.delivered ?? '—'],
    ['Already delivered', h.counts?.alreadyDelivered ?? '—'],
    ['Skipped (stale)', h.counts?.stale ?? '—'],
    ['Waiting (paused)', h.counts?.paused ?? '—'],
    ['Retried', h.counts?.retried ?? '—'],
    ['Dead letters kept', h.counts?.deadLettersKept ?? '—'],
    ['Ledger', h.ledger.error ? `unavailable: ${h.ledger.error}` : `${h.ledger.contacts} contacts ordered`],
  ])
  chart($('chart'), h.byHour)
  return true
}

let cursor = null
let shown = []

function filterQuery() {
  const q = new URLSearchParams({ limit: String(PAGE) })
  const put = (k, v) => v && q.set(k, v)
  put('reason', $('f-reason').value.trim())
  put('action', $('f-action').value)
  put('source', $('f-source').value)
  put('since', $('f-since').value)
  put('until', $('f-until').value)
  return q
}

/** The filter as the replay and delete routes take it, narrowed to `keys`. */
const selection = () => [...document.querySelectorAll('#table tbody input:checked')].map((c) => c.dataset.key)

async function showLetters(more = false) {
  const q = filterQuery()
  if (more && cursor) q.set('cursor', cursor)
  const page = await admin('GET', `/dead-letters?${q}`)
  if (!page) return false
  $('letters').hidden = false
  $('count').textContent = String(page.count)
  cursor = page.next
  $('more').hidden = !cursor
  shown = more ? [...shown, ...page.deadLetters] : page.deadLetters
  const rows = shown.map((d) => {
    const box = el('input', { type: 'checkbox' })
    box.dataset.key = d.key
    box.setAttribute('aria-label', `Select ${d.messageId ?? d.key}`)
    box.addEventListener('change', selectionChanged)
    const open = el('button', { type: 'button', className: 'link' }, d.messageId ?? '(no messageId)')
    open.addEventListener('click', () => showDetail(d.key))
    const tr = el('tr', {}, el('td', {}, box), el('td', {}, d.deadAt), el('td', {}, d.action ?? '—'), el('td', { className: 'reason' }, d.reason), el('td', {}, open))
    tr.dataset.key = d.key
    return tr
  })
  $('table').tBodies[0].replaceChildren(...rows)
  $('select-all').checked = false
  selectionChanged()
  return true
}

function selectionChanged() {
  const n = selection().length
  $('replay').disabled = n === 0
  $('delete').disabled = n === 0
}

async function showDetail(key) {
  const r = await admin('GET', `/dead-letters/preview?key=${encodeURIComponent(key)}`)
  if (!r) return
  for (const tr of $('table').tBodies[0].rows) tr.classList.toggle('open', tr.dataset.key === key)
  const d = r.deadLetter
  $('detail').hidden = false
  facts($('detail-facts'), [
    ['Key', d.key], ['Dead since', d.deadAt], ['Reason', d.reason], ['Source', d.source],
    ['Attempts', d.attempts ?? '—'], ['Batch index', d.index ?? '—'], ['Replayable', d.replayable ? 'yes' : 'no'],
  ])
  let event = d.event
  try {
    event = JSON.stringify(JSON.parse(d.event), null, 2)
  } catch {
    // Kept as it came (a batch element that was not JSON).
  }
  $('detail-event').textContent = event
  $('detail-preview').textContent = r.configError
    ? `The Worker's config is invalid: ${r.configError.message}`
    : r.error
      ? `Not an event the Worker can map: ${r.error.message}`
      : JSON.stringify(r.preview.filter((e) => e.subscribed || e.errors.length).map(({ action, request, errors, warnings }) => ({ action, request, errors, warnings })), null, 2)
}

/** Replay or delete the selection: a dry run first, then the operator confirms. */
async function act(what) {
  const keys = selection()
  if (!keys.length) return
  const path = what === 'replay' ? '/dead-letters/replay' : '/dead-letters/delete'
  const dry = await admin('POST', path, { keys, dryRun: true })
  if (!dry) return
  const text = what === 'replay'
    ? `Replay ${dry.wouldReplay.length} dead letter(s)${dry.skipped.length ? `; ${dry.skipped.length} cannot be replayed (${dry.skipped[0].reason})` : ''}? They go back on the queue and leave the dead letters once queued.`
    : `Delete ${dry.deleted} dead letter(s) for good?`
  $('confirm-text').textContent = text
  $('confirm').hidden = false
  $('confirm').dataset.what = what
  $('confirm').dataset.keys = JSON.stringify(keys)
  $('confirm-yes').focus()
}

async function confirmed() {
  const { what } = $('confirm').dataset
  const keys = JSON.parse($('confirm').dataset.keys)
  $('confirm').hidden = true
  const r = await admin('POST', what === 'replay' ? '/dead-letters/replay' : '/dead-letters/delete', { keys })
  if (!r) return
  say(what === 'replay' ? `Replayed ${r.replayed}.` : `Deleted ${r.deleted}.`)
  $('detail').hidden = true
  await Promise.all([showLetters(), showHealth()])
}

async function showLists() {
  const lists = await admin('GET', '/lists')
  if (!lists) return
  $('lists').replaceChildren(...lists.map((l) => el('li', {}, el('code', {}, l.id), ` ${l.name}${l.isPublic === false ? ' (private)' : ''}`)))
}

bindWorkerInputs({ url: $('worker-url'), admin: $('worker-admin-token') })
$('connect').addEventListener('submit', async (e) => {
  e.preventDefault()
  say('Connecting…')
  if ((await showHealth()) && (await showLetters())) say('Connected.')
})
$('filters').addEventListener('submit', (e) => (e.preventDefault(), showLetters()))
$('more').addEventListener('click', () => showLetters(true))
$('select-all').addEventListener('change', () => {
  for (const c of document.querySelectorAll('#table tbody input')) c.checked = $('select-all').checked
  selectionChanged()
})
$('replay').addEventListener('click', () => act('replay'))
$('delete').addEventListener('click', () => act('delete'))
$('confirm-yes').addEventListener('click', confirmed)
$('confirm-no').addEventListener('click', () => ($('confirm').hidden = true))
$('load-lists').addEventListener('click', showLists)
window.consolePage = { ready: true }
