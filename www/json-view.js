// JSON pretty-printed (as JSON.stringify(v, null, 2) prints it) with notes placed on the
// line of their JSON pointer: errors and warnings sit where they apply.

const el = (tag, cls, text) => {
  const e = document.createElement(tag)
  if (cls) e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

/** The JSON pointer of a list of keys (RFC 6901 escapes). */
export const pointer = (...keys) => keys.map((k) => '/' + String(k).replaceAll('~', '~0').replaceAll('/', '~1')).join('')

const ICON = { error: '✖', warning: '⚠', dropped: '⊘', empty: '∅' }

/** `{ element, unplaced }`: notes whose path is not a line of `value` come back unplaced. */
export function jsonView(value, notes = [], label = 'JSON') {
  const lines = []
  const walk = (v, path, indent, prefix, comma) => {
    const pad = '  '.repeat(indent)
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v)
      const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}']
      if (!entries.length) {
        lines.push({ path, text: pad + prefix + open + close + comma })
        return
      }
      lines.push({ path, text: pad + prefix + open })
      entries.forEach(([k, x], i) => {
        const p = path + pointer(k)
        walk(x, p, indent + 1, Array.isArray(v) ? '' : JSON.stringify(String(k)) + ': ', i < entries.length - 1 ? ',' : '')
      })
      lines.push({ path: null, text: pad + close + comma })
    } else {
      lines.push({ path, text: pad + prefix + JSON.stringify(v) + comma })
    }
  }
  walk(value, '', 0, '', '')
  const byPath = new Map()
  const unplaced = []
  const known = new Set(lines.map((l) => l.path))
  for (const n of notes) {
    if (known.has(n.path)) byPath.set(n.path, [...(byPath.get(n.path) ?? []), n])
    else unplaced.push(n)
  }
  const pre = el('pre', 'json')
  pre.setAttribute('aria-label', label)
  pre.tabIndex = 0
  for (const line of lines) {
    const row = el('span', 'line')
    row.append(el('span', 'code', line.text))
    for (const n of byPath.get(line.path) ?? []) {
      const note = el('span', `note ${n.level}`, ` ${ICON[n.level] ?? '•'} ${n.message}`)
      note.dataset.path = n.path
      row.append(note)
    }
    pre.append(row, '\n')
  }
  return { element: pre, unplaced }
}

/** A list of notes with their paths, for those that have no line to sit on. */
export function noteList(notes) {
  const ul = el('ul', 'notes')
  for (const n of notes) {
    const li = el('li', `note ${n.level}`)
    li.append(`${ICON[n.level] ?? '•'} `)
    // Segment's mapping messages start with their path already.
    if (n.path !== undefined && !(n.path && n.message.startsWith(n.path))) li.append(el('code', 'pointer', n.path === '' ? '(root)' : n.path), ' ')
    li.append(n.message)
    li.dataset.path = n.path ?? ''
    ul.append(li)
  }
  return ul
}
