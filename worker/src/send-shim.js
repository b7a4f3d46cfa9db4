// TEMPORARY SHIM — delete when the package's Destination.send lands in main (branch
// `sender`). It gives a Destination without `sendJson` the same contract:
// `sendJson(text)` → JSON text of `[{ action, outcome, status?, attempts, message? }]`,
// paced to `rateLimit` requests/s, with a few retries in place. The real sender does all
// of this in Rust (token bucket corrected by x-ratelimit headers, jittered backoff).

export function withSender(destination, options) {
  if (typeof destination.sendJson === 'function') return destination
  const interval = 1000 / (options.rateLimit ?? 10)
  const attempts = options.retry?.attempts ?? 3
  const timeoutMs = options.timeoutMs ?? 10_000
  let nextSlot = 0
  const slot = async () => {
    const now = Date.now()
    const at = Math.max(now, nextSlot)
    nextSlot = at + interval
    if (at > now) await new Promise((r) => setTimeout(r, at - now))
  }
  const deliver = async (request) => {
    const headers = { ...request.headers, Authorization: `Bearer ${options.apiKey}` }
    const body = request.body === undefined ? undefined : JSON.stringify(request.body)
    let last = { outcome: 'failed', attempts: 0 }
    for (let n = 1; n <= attempts; n++) {
      await slot()
      try {
        const res = await fetch(request.url, { method: request.method, headers, body, signal: AbortSignal.timeout(timeoutMs) })
        const text = await res.text()
        const message = (() => { try { return JSON.parse(text).message } catch { return undefined } })()
        if (res.ok) return { outcome: 'delivered', status: res.status, attempts: n }
        if (res.status === 409 && headers['Idempotency-Key']) return { outcome: 'already_delivered', status: 409, attempts: n }
        last = { outcome: 'failed', status: res.status, attempts: n, message }
        if (!(res.status === 429 || res.status === 408 || res.status >= 500)) return { ...last, outcome: 'rejected' }
      } catch (e) {
        last = { outcome: 'failed', attempts: n, message: String(e?.message ?? e) }
      }
      if (n < attempts) await new Promise((r) => setTimeout(r, 200 * 2 ** (n - 1)))
    }
    return last
  }
  destination.sendJson = async (text) => {
    const out = []
    for (const e of JSON.parse(destination.previewJson(text))) {
      if (e.errors.length) out.push({ action: e.action, outcome: 'rejected', attempts: 0, message: e.errors.map((p) => `${p.path}: ${p.message}`).join('; ') })
      else if (e.subscribed && e.request) out.push({ action: e.action, ...(await deliver(e.request)) })
    }
    return JSON.stringify(out)
  }
  return destination
}
