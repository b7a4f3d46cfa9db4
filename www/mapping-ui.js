// The mapping pane: one tab per subscription; per tab the trigger, the field table (each
// field mapped as a path, a literal text or any JSON such as a directive) and the whole
// mapping as JSON. Edits change the state in place and call `changed()`; notes from the
// engine are placed afterwards with `placeNotes`, so typing never rebuilds the inputs.

import { defaultMapping, newSubscription } from './state.js'

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v)
    else if (v === true) e.setAttribute(k, '')
    else if (v !== false && v != null) e.setAttribute(k, v)
  }
  e.append(...children.filter((c) => c != null))
  return e
}

const PLACEHOLDER = { path: '$.traits.email', text: 'literal text', json: '{"@path":"$.userId"}', none: 'not mapped' }

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)

/** How a mapping value is edited: "none", "path", "text" or "json". */
export function modeOf(value) {
  if (value === undefined) return 'none'
  if (isObject(value) && Object.keys(value).length === 1 && typeof value['@path'] === 'string') return 'path'
  if (typeof value === 'string') return 'text'
  return 'json'
}

function textOf(value, mode) {
  if (mode === 'path') return value['@path']
  if (mode === 'text') return value
  if (mode === 'json') return JSON.stringify(value)
  return ''
}

/** The mapping value for an editor's text, or `{ error }` for JSON that does not parse. */
function valueOf(text, mode) {
  if (mode === 'none') return { value: undefined }
  if (mode === 'path') return { value: { '@path': text } }
  if (mode === 'text') return { value: text }
  try {
    return { value: JSON.parse(text) }
  } catch (e) {
    return { error: e.message }
  }
}

export class MappingPane {
  constructor({ tabs, panel, addAction, actions, state, changed }) {
    Object.assign(this, { tabs, panel, addAction, state, changed })
    this.actions = new Map(actions.map((a) => [a.key, a]))
    this.jsonErrors = new Map() // field key → JSON parse error of its editor
    for (const a of actions) addAction.append(el('option', { value: a.key }, a.title))
  }

  get sub() {
    return this.state.subscriptions[this.state.selected]
  }

  render() {
    const s = this.state
    if (s.selected >= s.subscriptions.length) s.selected = Math.max(0, s.subscriptions.length - 1)
    this.tabs.replaceChildren(
      ...s.subscriptions.map((sub, i) => {
        const title = this.actions.get(sub.action)?.title ?? sub.action
        const tab = el('button', {
          type: 'button', role: 'tab', id: `tab-${i}`, 'aria-selected': String(i === s.selected), 'aria-controls': 'mapping',
          tabindex: i === s.selected ? '0' : '-1', class: sub.enabled ? '' : 'off',
          onclick: () => this.select(i),
          onkeydown: (e) => {
            const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key]
            if (!step) return
            e.preventDefault()
            this.select((i + step + s.subscriptions.length) % s.subscriptions.length)
            this.tabs.querySelector(`#tab-${s.selected}`)?.focus()
          },
        }, title)
        return tab
      }),
    )
    this.panel.setAttribute('aria-labelledby', `tab-${s.selected}`)
    this.jsonErrors.clear()
    const sub = this.sub
    if (!sub) {
      this.panel.replaceChildren(el('p', { class: 'hint' }, 'No subscription: add an action.'))
      return
    }
    const action = this.actions.get(sub.action)
    this.panel.replaceChildren(
      el('p', { class: 'hint' }, action?.description ?? `Unknown action '${sub.action}'.`),
      el('div', { class: 'row' },
        el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'sub-enabled', checked: sub.enabled, onchange: (e) => { sub.enabled = e.target.checked; this.render(); this.changed() } }), ' Enabled'),
        el('button', { type: 'button', id: 'sub-remove', onclick: () => this.remove() }, 'Remove this action'),
        el('button', { type: 'button', id: 'sub-defaults', onclick: () => this.resetDefaults() }, 'Segment’s defaults'),
      ),
      el('label', { for: 'trigger' }, 'Trigger (Segment’s FQL, e.g. ', el('code', {}, 'type = "identify"'), ')'),
      el('input', { id: 'trigger', type: 'text', spellcheck: 'false', autocomplete: 'off', value: sub.subscribe, 'aria-describedby': 'trigger-status', oninput: (e) => { sub.subscribe = e.target.value; this.changed() } }),
      el('p', { id: 'trigger-status', class: 'trigger-status', 'aria-live': 'polite' }),
      this.#table(sub, action),
      this.#rawEditor(sub),
    )
  }

  select(i) {
    this.state.selected = i
    this.render()
    this.changed({ persistOnly: true })
  }

  add(key) {
    const action = this.actions.get(key)
    if (!action) return
    this.state.subscriptions.push(newSubscription(action))
    this.state.selected = this.state.subscriptions.length - 1
    this.render()
    this.changed()
  }

  remove() {
    this.state.subscriptions.splice(this.state.selected, 1)
    this.state.selected = Math.max(0, this.state.selected - 1)
    this.render()
    this.changed()
  }

  resetDefaults() {
    const action = this.actions.get(this.sub.action)
    if (!action) return
    this.sub.mapping = defaultMapping(action)
    this.sub.subscribe = action.defaultSubscription ?? this.sub.subscribe
    this.render()
    this.changed()
  }

  #table(sub, action) {
    const fields = action?.fields ?? []
    const known = new Set(fields.map((f) => f.key))
    const extra = Object.keys(sub.mapping ?? {}).filter((k) => !known.has(k))
    const rows = [
      ...fields.map((f) => this.#row(sub, f)),
      ...extra.map((k) => this.#row(sub, { key: k, label: k, type: 'not a field', description: 'Not a field of this action.' })),
    ]
    return el('table', { class: 'fields' },
      el('caption', { class: 'sr-only' }, 'Fields of the action and how each is mapped'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'Mapped from'))),
      el('tbody', {}, ...rows),
    )
  }

  #row(sub, field) {
    const id = `field-${field.key}`
    const value = sub.mapping?.[field.key]
    let mode = modeOf(value)
    // A textarea that grows with its text, so a long directive stays readable.
    const input = el('textarea', {
      id, rows: '1', spellcheck: 'false', autocomplete: 'off',
      'aria-describedby': `${id}-notes`, disabled: mode === 'none',
      placeholder: PLACEHOLDER[mode],
    })
    input.value = textOf(value, mode)
    const select = el('select', { id: `${id}-mode`, 'aria-label': `How ${field.label} is mapped` },
      ...[['none', 'not mapped'], ['path', 'path'], ['text', 'text'], ['json', 'JSON']].map(([v, t]) => el('option', { value: v, selected: v === mode }, t)))
    const notes = el('ul', { id: `${id}-notes`, class: 'field-notes' })
    const apply = () => {
      const parsed = valueOf(input.value, mode)
      if (parsed.error) {
        this.jsonErrors.set(field.key, parsed.error)
        input.setAttribute('aria-invalid', 'true')
        this.changed()
        return
      }
      this.jsonErrors.delete(field.key)
      input.removeAttribute('aria-invalid')
      sub.mapping ??= {}
      if (parsed.value === undefined) delete sub.mapping[field.key]
      else sub.mapping[field.key] = parsed.value
      this.#syncRaw(sub)
      this.changed()
    }
    input.addEventListener('input', apply)
    select.addEventListener('change', () => {
      const current = sub.mapping?.[field.key]
      mode = select.value
      // Carry what can be carried: a path's text to text, anything to JSON.
      input.value = mode === 'json' && current !== undefined ? JSON.stringify(current) : mode === 'none' ? '' : typeof current === 'string' ? current : (current?.['@path'] ?? '')
      input.disabled = mode === 'none'
      input.parentElement.className = `editor ${mode}`
      input.placeholder = PLACEHOLDER[mode]
      apply()
    })
    const restore = field.default === undefined ? null : el('button', {
      type: 'button', class: 'small', 'aria-label': `Restore Segment's default for ${field.label}`, title: 'Segment’s default',
      onclick: () => { sub.mapping[field.key] = field.default; this.render(); this.changed() },
    }, '↺')
    return el('tr', { 'data-field': field.key },
      el('th', { scope: 'row' },
        el('label', { for: id }, field.label, field.required ? el('span', { class: 'required', title: 'required' }, ' *') : null),
        el('div', { class: 'meta' }, el('code', {}, field.key), ` ${field.type}`),
      ),
      el('td', {}, el('div', { class: `editor ${mode}` }, select, restore, input), notes),
    )
  }

  #rawEditor(sub) {
    const area = el('textarea', { id: 'mapping-json', rows: '8', spellcheck: 'false', 'aria-describedby': 'mapping-json-error' })
    area.value = JSON.stringify(sub.mapping ?? {}, null, 2)
    const error = el('p', { id: 'mapping-json-error', class: 'error-text', role: 'alert' })
    area.addEventListener('input', () => {
      try {
        const value = JSON.parse(area.value)
        error.textContent = ''
        sub.mapping = value
        // Rebuild the table but keep this editor (and its cursor) as it is.
        this.panel.querySelector('table.fields').replaceWith(this.#table(sub, this.actions.get(sub.action)))
        this.changed()
      } catch (e) {
        error.textContent = `Not JSON yet: ${e.message}`
      }
    })
    return el('details', { class: 'raw' }, el('summary', {}, 'The whole mapping as JSON'), el('label', { for: 'mapping-json', class: 'sr-only' }, 'Mapping JSON'), area, error)
  }

  #syncRaw(sub) {
    const area = this.panel.querySelector('#mapping-json')
    if (area && document.activeElement !== area) area.value = JSON.stringify(sub.mapping ?? {}, null, 2)
  }

  /** Errors, warnings and dropped fields of the selected subscription, at their fields. */
  placeNotes(entry) {
    for (const ul of this.panel.querySelectorAll('.field-notes')) ul.replaceChildren()
    for (const input of this.panel.querySelectorAll('table.fields textarea')) {
      if (!this.jsonErrors.has(input.id.slice('field-'.length))) input.removeAttribute('aria-invalid')
    }
    const status = this.panel.querySelector('#trigger-status')
    const notes = []
    for (const [key, message] of this.jsonErrors) notes.push({ key, level: 'error', message: `Not JSON: ${message}` })
    if (entry) {
      for (const e of entry.errors ?? []) notes.push({ key: fieldOf(e), level: 'error', message: e.message, path: e.path })
      for (const d of entry.dropped ?? []) notes.push({ key: fieldOf(d), level: d.level, message: d.message, path: d.path })
    }
    let placedTrigger = false
    for (const n of notes) {
      if (n.path?.endsWith('/subscribe') && status) {
        status.textContent = `✖ ${n.message}`
        status.className = 'trigger-status error'
        placedTrigger = true
        continue
      }
      const row = n.key !== undefined && this.panel.querySelector(`tr[data-field="${CSS.escape(n.key)}"]`)
      const ul = row ? row.querySelector('.field-notes') : null
      if (!ul) continue
      const li = el('li', { class: `note ${n.level}`, 'data-path': n.path ?? '' }, `${{ error: '✖', dropped: '⊘', empty: '∅' }[n.level] ?? '•'} `)
      if (n.path && !n.message.startsWith(n.path)) li.append(el('code', { class: 'pointer' }, n.path), ' ')
      li.append(n.message)
      ul.append(li)
      if (n.level === 'error') row.querySelector('textarea')?.setAttribute('aria-invalid', 'true')
    }
    if (status && !placedTrigger) {
      if (!entry || !this.sub?.enabled) {
        status.textContent = this.sub?.enabled === false ? 'Disabled: this action is not run.' : ''
        status.className = 'trigger-status'
      } else if (entry.subscribed) {
        status.textContent = '✔ Matches this event.'
        status.className = 'trigger-status ok'
      } else if (entry.reason) {
        status.textContent = `✘ Does not match: ${entry.reason}`
        status.className = 'trigger-status miss'
      }
    }
  }
}

/** The mapping field an error or note is about: its path's first key, or the field a message names. */
function fieldOf(problem) {
  const m = /^\/([^/]*)/.exec(problem.path ?? '')
  if (m) return m[1].replaceAll('~1', '/').replaceAll('~0', '~')
  const named = /field '([^']+)'/.exec(problem.message)
  return named?.[1]
}
