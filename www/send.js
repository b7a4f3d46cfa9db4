// "Send test event" through the user's own Worker (Loops refuses browsers, and its key
// must never sit in a page). The Worker URL and token are kept in sessionStorage only.

const KEYS = { url: 'loops-playground/worker-url', token: 'loops-playground/worker-token' }
/** The Worker route that lists the account's contact properties (Loops' GET /v1/contacts/properties). */
export const PROPERTIES_PATH = '/contact-properties'

export function bindWorkerInputs(urlInput, tokenInput) {
  urlInput.value = sessionStorage.getItem(KEYS.url) ?? ''
  tokenInput.value = sessionStorage.getItem(KEYS.token) ?? ''
  urlInput.addEventListener('input', () => sessionStorage.setItem(KEYS.url, urlInput.value.trim()))
  tokenInput.addEventListener('input', () => sessionStorage.setItem(KEYS.token, tokenInput.value))
}

function endpoint(base, path) {
  const url = new URL(base.trim())
  url.pathname = url.pathname.replace(/\/+$/, '') + path
  return url.href
}

/** `{ status, statusText, body, ms }` or `{ error }`; never throws. */
export async function callWorker({ url, token, method, path, body }) {
  if (!url.trim()) return { error: 'Type your Worker’s URL first (for the local setup, the URL scripts/dev.sh prints).' }
  let target
  try {
    target = endpoint(url, path)
  } catch {
    return { error: `“${url}” is not a URL.` }
  }
  const headers = {}
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
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
