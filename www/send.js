// "Send test event" through the user's own Worker (Loops refuses browsers, and its key
// must never sit in a page). The Worker URL and token are kept in sessionStorage only.

const KEYS = { url: 'loops-playground/worker-url', secret: 'loops-playground/worker-secret', token: 'loops-playground/worker-token', admin: 'loops-playground/worker-admin-token' }
// What scripts/dev.sh starts the local Worker with; offered only to a page on loopback.
const LOCAL_DEV = { url: 'http://127.0.0.1:8787', secret: 'dev-secret', token: 'dev-token', admin: 'dev-admin' }
const onLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(location.hostname)
/** The Worker route that lists the account's contact properties (Loops' GET /v1/contacts/properties). */
export const PROPERTIES_PATH = '/contact-properties'

/** Fills and keeps the inputs `{ url, secret, token, admin }` in sessionStorage (on loopback, the local dev defaults). */
export function bindWorkerInputs(inputs) {
  const fresh = Object.keys(KEYS).every((k) => sessionStorage.getItem(KEYS[k]) === null)
  for (const [name, input] of Object.entries(inputs)) {
    input.value = sessionStorage.getItem(KEYS[name]) ?? (fresh && onLoopback ? LOCAL_DEV[name] : '')
    input.addEventListener('input', () => sessionStorage.setItem(KEYS[name], input.value.trim()))
  }
}

/** Segment's X-Signature: hex HMAC-SHA1 of the body with the shared secret. */
async function sign(secret, text) {
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(text)))
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function endpoint(base, path) {
  const url = new URL(base.trim())
  url.pathname = url.pathname.replace(/\/+$/, '') + path
  return url.href
}

/** `{ status, statusText, body, ms }` or `{ error }`; never throws. */
export async function callWorker({ url, secret, token, method, path, body }) {
  if (!url.trim()) return { error: 'Type your Worker’s URL first (for the local setup, the one scripts/dev.sh prints).' }
  let target
  try {
    target = endpoint(url, path)
  } catch {
    return { error: `“${url}” is not a URL.` }
  }
  const headers = {}
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (body !== undefined && secret) {
    if (!crypto.subtle) return { error: 'Signing needs a secure page (https or 127.0.0.1).' }
    headers['X-Signature'] = await sign(secret, body)
  }
  const started = performance.now()
  try {
    const response = await fetch(target, { method, headers, body, cache: 'no-store' })
    const text = await response.text()
    return { status: response.status, statusText: response.statusText, body: text, ms: performance.now() - started, target }
  } catch (e) {
    // A CORS refusal and a refused connection look the same from here.
    return { error: `No answer from ${target}: ${e.message}. Is the Worker running, and does it allow this page’s origin (CORS)?` }
  }
}
