// The engine, off the main thread: the page posts a run, this answers with the preview of
// every subscription for the event (or a batch summary). A runaway run is ended by the
// page terminating this worker, so nothing here needs to watch the clock. It derives
// nothing: the engine's detailed preview carries the mapped payload and what the request
// leaves out of it (`mapped`, `dropped`).

// Served from the repository root the package sits at ../pkg; deployed as one folder
// (www/ with pkg/ copied inside) it sits at ./pkg.
async function loadEngine() {
  for (const at of ['./pkg/browser.js', '../pkg/browser.js']) {
    try {
      const engine = await import(new URL(at, import.meta.url).href)
      await engine.init()
      return engine
    } catch (e) {
      if (at === '../pkg/browser.js') throw e
    }
  }
}

const ready = loadEngine()
let cached = { key: null, destination: null }

// The API key is a placeholder: previews redact it and nothing here sends anything.
function destinationFor(engine, config) {
  const key = JSON.stringify(config)
  if (cached.key !== key) {
    cached.destination?.free()
    cached = { key: null, destination: null }
    cached.destination = new engine.Destination({ apiKey: 'playground', ...config })
    cached.key = key
  }
  return cached.destination
}

// One event through every subscription, with the mapped payload and what the request
// leaves out of it.
function previewOne(destination, subscriptions, event) {
  return destination.preview(event, { mapped: true }).map((entry, i) => ({ ...entry, index: subscriptions[i].index }))
}

function batch(destination, subscriptions, events, show) {
  const summary = { events: events.length, requests: 0, sending: 0, unmatched: 0, failed: 0, warnings: 0, failures: [] }
  const rows = []
  let detail = null
  events.forEach((event, i) => {
    const entries = i === show ? previewOne(destination, subscriptions, event) : destination.preview(event)
    if (i === show) detail = entries
    let failed = false
    let sends = 0
    for (const e of entries) {
      if (e.errors.length) {
        failed = true
        if (summary.failures.length < 200) {
          summary.failures.push({ event: i, action: e.action, errors: e.errors })
        }
      }
      if (e.request) sends++
      summary.warnings += e.warnings.length
    }
    summary.requests += sends
    if (failed) summary.failed++
    else if (sends > 0) summary.sending++
    else summary.unmatched++
    if (rows.length < 500) {
      rows.push({ event: i, type: event?.type, outcomes: entries.map((e) => (e.errors.length ? 'error' : e.request ? 'request' : 'skip')) })
    }
  })
  return { summary, rows, detail }
}

self.onmessage = async ({ data: run }) => {
  let engine
  try {
    engine = await ready
  } catch (e) {
    self.postMessage({ id: run.id, fatal: `The engine did not load: ${e.message}. Build it with scripts/build.sh.` })
    return
  }
  if (run.kind === 'actions') {
    self.postMessage({ id: run.id, actions: engine.actions() })
    return
  }
  const started = performance.now()
  let destination
  try {
    destination = destinationFor(engine, run.config)
  } catch (e) {
    self.postMessage({ id: run.id, configError: { message: e.message, path: e.path ?? '' } })
    return
  }
  const subscriptions = run.subscriptions
  try {
    const answer = run.kind === 'batch'
      ? { batch: batch(destination, subscriptions, run.events, run.show ?? 0) }
      : { entries: previewOne(destination, subscriptions, run.event) }
    self.postMessage({ id: run.id, ms: performance.now() - started, ...answer })
  } catch (e) {
    self.postMessage({ id: run.id, fatal: e.message })
  }
}

ready.then(() => self.postMessage({ ready: true }), (e) => self.postMessage({ ready: false, fatal: e.message }))
