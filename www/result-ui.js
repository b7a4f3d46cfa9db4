// The result pane: per subscription the trigger's verdict, the errors, the exact request
// (method, URL, headers with the key redacted, body with warnings at their lines), a
// copyable curl and the mapped payload with what the schema drops. In batch mode, counts
// first.
import { jsonView, noteList } from './json-view.js'

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v)
    else if (v != null && v !== false) e.setAttribute(k, v === true ? '' : v)
  }
  e.append(...children.filter((c) => c != null))
  return e
}

const shellQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`

/** The request as a curl command; the key comes from $LOOPS_API_KEY, never from the page. */
export function curlOf(request) {
  const parts = [`curl -X ${request.method} ${shellQuote(request.url)}`]
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === 'authorization') parts.push(`-H "Authorization: Bearer $LOOPS_API_KEY"`)
    else parts.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  }
  if (request.body !== undefined) parts.push(`--data-raw ${shellQuote(JSON.stringify(request.body))}`)
  return parts.join(' \\\n  ')
}

export function copyButton(getText, label) {
  const button = el('button', { type: 'button', class: 'small' }, label)
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getText())
      button.textContent = 'Copied'
    } catch {
      button.textContent = 'Copy failed: select the text'
    }
    setTimeout(() => (button.textContent = label), 1500)
  })
  return button
}

function entryView(entry, sub, title) {
  const badge = entry.errors.length ? ['error', 'error'] : entry.request ? ['sends', 'ok'] : ['not subscribed', 'miss']
  const article = el('article', { class: `entry ${badge[1]}`, 'data-action': entry.action },
    el('h3', {}, title, ' ', el('span', { class: `badge ${badge[1]}` }, badge[0])),
  )
  const trigger = el('p', { class: 'trigger' }, 'Trigger ', el('code', {}, sub?.subscribe ?? ''), ' ')
  if (entry.subscribed) trigger.append(el('strong', { class: 'ok' }, 'matches'), ' this event.')
  else if (entry.reason) trigger.append(el('strong', { class: 'miss' }, 'does not match'), `: ${entry.reason}.`)
  article.append(trigger)
  if (entry.errors.length) {
    article.append(el('h4', {}, 'Errors'), noteList(entry.errors.map((e) => ({ ...e, level: 'error' }))))
  }
  const r = entry.request
  if (r) {
    const headers = el('table', { class: 'headers' }, el('caption', { class: 'sr-only' }, 'Request headers'),
      ...Object.entries(r.headers).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, el('code', {}, v)))))
    const warnings = entry.warnings.map((w) => ({ ...w, level: 'warning' }))
    const body = jsonView(r.body, warnings, 'Request body')
    const curl = curlOf(r)
    article.append(
      el('h4', {}, 'Request'),
      el('p', { class: 'request-line' }, el('code', {}, `${r.method} ${r.url}`)),
      headers,
      el('h4', {}, 'Body', entry.warnings.length ? ` (${entry.warnings.length} warning${entry.warnings.length > 1 ? 's' : ''})` : ''),
      body.element,
    )
    if (body.unplaced.length) article.append(noteList(body.unplaced))
    article.append(
      el('details', { class: 'curl' }, el('summary', {}, 'curl'), el('pre', { tabindex: '0', 'aria-label': 'curl command' }, curl), copyButton(() => curl, 'Copy curl')),
    )
  }
  if (entry.mapped !== undefined) {
    const dropped = entry.dropped ?? []
    const mapped = jsonView(entry.mapped, dropped, 'Mapped payload')
    const d = el('details', { class: 'mapped', open: dropped.some((x) => x.level === 'dropped') || undefined },
      el('summary', {}, 'Mapped payload (before the schema)', dropped.length ? ` — ${dropped.length} left out` : ''), mapped.element)
    if (mapped.unplaced.length) d.append(noteList(mapped.unplaced))
    article.append(d)
  }
  return article
}

/** Renders a single event's entries into `root`. */
export function showEntries(root, entries, subs, titles) {
  root.replaceChildren(...entries.map((e) => entryView(e, subs[e.index], titles.get(e.action) ?? e.action)))
  if (!entries.length) root.append(el('p', { class: 'hint' }, 'No action is enabled.'))
}

const duration = (s) => (s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`)

/** The batch summary: counts, failures, the time at Loops' 10 requests/s; then one event in detail. */
export function showBatch(root, batch, subs, titles, show, onShow) {
  const s = batch.summary
  const dl = el('dl', { class: 'counts', id: 'batch-counts' })
  const count = (name, value, id) => dl.append(el('dt', {}, name), el('dd', { 'data-count': id }, String(value)))
  count('Events', s.events, 'events')
  count('Requests to Loops', s.requests, 'requests')
  count('Events that send', s.sending, 'sending')
  count('Events no trigger matches', s.unmatched, 'unmatched')
  count('Events that fail', s.failed, 'failed')
  count('Warnings', s.warnings, 'warnings')
  count('Time at Loops’ 10 requests/s', duration(s.requests / 10), 'time')
  const parts = [el('h3', {}, 'Batch'), dl]
  if (s.failures.length) {
    parts.push(el('h4', {}, 'Failures'), el('ul', { class: 'notes' }, ...s.failures.map((f) =>
      el('li', { class: 'note error' }, `event ${f.event}, ${titles.get(f.action) ?? f.action}: `, f.errors.map((e) => `${e.path ? e.path + ' ' : ''}${e.message}`).join('; ')))))
  }
  const enabled = subs.filter((x) => x.enabled)
  const table = el('table', { class: 'batch-rows' }, el('caption', {}, 'Events (choose one to see it in detail)'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '#'), el('th', { scope: 'col' }, 'type'),
      ...enabled.map((x) => el('th', { scope: 'col' }, titles.get(x.action) ?? x.action)), el('th', { scope: 'col' }, ''))),
    el('tbody', {}, ...batch.rows.map((r) => el('tr', { class: r.event === show ? 'shown' : '' },
      el('td', {}, String(r.event)), el('td', {}, String(r.type ?? '')),
      ...r.outcomes.map((o) => el('td', { class: `outcome ${o}` }, o)),
      el('td', {}, el('button', { type: 'button', class: 'small', 'aria-label': `Show event ${r.event}`, onclick: () => onShow(r.event) }, 'Show'))))))
  parts.push(table)
  if (batch.detail) {
    const detail = el('div', { class: 'detail' })
    showEntries(detail, batch.detail, subs, titles)
    parts.push(el('h3', {}, `Event ${show} in detail`), detail)
  }
  root.replaceChildren(...parts)
}
