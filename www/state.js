// The page's state: what is shared in links and kept in localStorage. It holds no
// secret by construction: the Worker URL and token live in sessionStorage only
// (see send.js), and the engine's API key is a placeholder inside the engine worker.

const STORE = 'loops-playground/v1'

/** Segment's two default subscriptions, with each action's default mapping. */
export function defaultState(actions, eventText) {
  const subscriptions = actions.filter((a) => a.defaultSubscription).map(newSubscription)
  return { v: 1, event: eventText, batch: false, show: 0, subscriptions, selected: 0, strict: false, contactProperties: '' }
}

/** Segment's default mapping of an action: each field's default, in field order. */
export const defaultMapping = (action) =>
  Object.fromEntries(action.fields.filter((f) => f.default !== undefined).map((f) => [f.key, f.default]))

/** An action on its default trigger (actions without one start on track events). */
export function newSubscription(action) {
  return { action: action.key, subscribe: action.defaultSubscription ?? 'type = "track"', mapping: defaultMapping(action), enabled: true }
}

/** Only the known keys, so nothing else (say, a pasted secret in an unknown key) travels. */
function clean(s) {
  if (!s || typeof s !== 'object' || !Array.isArray(s.subscriptions)) return null
  return {
    v: 1,
    event: typeof s.event === 'string' ? s.event : '',
    batch: s.batch === true,
    show: Number.isInteger(s.show) && s.show >= 0 ? s.show : 0,
    subscriptions: s.subscriptions
      .filter((x) => x && typeof x.action === 'string')
      .map((x) => ({ action: x.action, subscribe: String(x.subscribe ?? ''), mapping: x.mapping ?? {}, enabled: x.enabled !== false })),
    selected: Number.isInteger(s.selected) ? s.selected : 0,
    strict: s.strict === true,
    contactProperties: typeof s.contactProperties === 'string' ? s.contactProperties : '',
  }
}

// Share links: `#s=` + base64url of the deflated JSON (CompressionStream is in every
// current browser); `#j=` + base64url of plain JSON where it is not.
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
const unb64url = (s) => Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0))

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream))
  return new Uint8Array(await out.arrayBuffer())
}

export async function toHash(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(clean(state)))
  if (typeof CompressionStream === 'function') return '#s=' + b64url(await pipe(bytes, new CompressionStream('deflate-raw')))
  return '#j=' + b64url(bytes)
}

export async function fromHash(hash) {
  try {
    const m = /^#([sj])=(.+)$/.exec(hash)
    if (!m) return null
    let bytes = unb64url(m[2])
    if (m[1] === 's') bytes = await pipe(bytes, new DecompressionStream('deflate-raw'))
    return clean(JSON.parse(new TextDecoder().decode(bytes)))
  } catch {
    return null
  }
}

export function save(state) {
  try {
    localStorage.setItem(STORE, JSON.stringify(clean(state)))
  } catch {
    // Full or disabled storage: the page still works, it just forgets.
  }
}

export function load() {
  try {
    return clean(JSON.parse(localStorage.getItem(STORE)))
  } catch {
    return null
  }
}

export function forget() {
  localStorage.removeItem(STORE)
}

/** Pasted contact properties (`GET /v1/contacts/properties`'s JSON) or an error. */
export function parseContactProperties(text) {
  if (!text.trim()) return { value: undefined }
  try {
    const value = JSON.parse(text)
    if (!Array.isArray(value)) return { error: 'Contact properties must be a JSON array, as GET /v1/contacts/properties returns.' }
    return { value }
  } catch (e) {
    return { error: `Contact properties: ${e.message}` }
  }
}

/** The configuration the Worker reads from its LOOPS_CONFIG variable. */
export function workerConfig(state) {
  const config = {
    subscriptions: state.subscriptions.filter((s) => s.enabled).map(({ action, subscribe, mapping }) => ({ action, subscribe, mapping })),
  }
  if (state.strict) config.strict = true
  const props = parseContactProperties(state.contactProperties)
  if (props.value) config.contactProperties = props.value
  return config
}

/** Workers limit a variable to 5 KB; a larger config goes in KV. */
export const VAR_LIMIT_BYTES = 5 * 1024

/**
 * The `"LOOPS_CONFIG": {…}` member for worker/wrangler.jsonc's `vars`: it replaces the
 * `"LOOPS_CONFIG": {}` line there. Over 5 KB, a comment says to use KV instead.
 */
export function wranglerSnippet(config) {
  const json = JSON.stringify(config)
  const note = new TextEncoder().encode(json).length > VAR_LIMIT_BYTES
    ? '// Over the 5 KB a variable holds: put the JSON export in the CONFIG KV namespace instead (worker/README.md, step 5).\n'
    : ''
  return `${note}"LOOPS_CONFIG": ${json},\n`
}

/** Events from the event pane: one JSON object, or in batch mode an array or NDJSON. */
export function parseEvents(text, batch) {
  const trimmed = text.trim()
  if (!batch) {
    try {
      return { events: [JSON.parse(trimmed)] }
    } catch (e) {
      return { error: e.message }
    }
  }
  if (trimmed.startsWith('[')) {
    try {
      const events = JSON.parse(trimmed)
      return { events }
    } catch (e) {
      return { error: e.message }
    }
  }
  const events = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue
    try {
      events.push(JSON.parse(lines[i]))
    } catch (e) {
      return { error: `line ${i + 1}: ${e.message}` }
    }
  }
  return { events }
}
