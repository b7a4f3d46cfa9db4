// The object API over the wasm module's JSON-text API: JSON.stringify in, JSON.parse
// out. V8's own JSON is faster than crossing the boundary value by value.
import * as wasm from './web/loops_destination.js'

/**
 * What every entry of this package throws: Segment's message, its `kind`, where it
 * happened (`path`, a JSON pointer), the individual `errors` when several were found,
 * and the JS error that `cause`d it, if one did.
 */
export class LoopsDestinationError extends Error {
  constructor(message, { kind = 'json', path = '', errors, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'LoopsDestinationError'
    this.kind = kind
    this.path = path
    // As the engine lists them: a single error lists itself.
    this.errors = errors ?? [{ message, path }]
  }
}

// The engine's errors carry kind, path and errors; anything else (JSON.stringify's
// TypeError on a BigInt, say) becomes the cause of a json error.
function rethrow(e) {
  if (e instanceof LoopsDestinationError) throw e
  if (typeof e?.kind === 'string') throw new LoopsDestinationError(e.message, { kind: e.kind, path: e.path, errors: e.errors })
  throw new LoopsDestinationError(String(e?.message ?? e), { cause: e })
}

const guard = (f) =>
  function (...args) {
    try {
      return f.apply(this, args)
    } catch (e) {
      rethrow(e)
    }
  }

const text = (v, what) => {
  let s
  try {
    s = JSON.stringify(v)
  } catch (e) {
    throw new LoopsDestinationError(`${what} must be a JSON value: ${e.message}`, { cause: e })
  }
  if (s === undefined) throw new LoopsDestinationError(`${what} must be a JSON value, got ${typeof v}`)
  return s
}

/** Segment mapping-kit's `transform(mapping, data)`. */
export const transform = guard((mapping, data = {}) => JSON.parse(wasm.transformJson(text(mapping, 'mapping'), text(data, 'data'))))

/** Segment's validation errors for a mapping: `[{ message, path }]`, empty when valid. */
export const validateMapping = guard((mapping) => JSON.parse(wasm.validateMappingJson(text(mapping, 'mapping'))))

/**
 * Segment's errors for a trigger (FQL): `[{ message, path }]`, empty when it parses. A
 * non-string or empty trigger is Segment's "Failed to validate subscription".
 */
export const validateTrigger = guard((subscription) => JSON.parse(wasm.validateTriggerJson(subscription)))

/** Whether `event` matches the trigger (FQL) `subscription`; throws on an invalid trigger. */
// A non-string trigger is Segment's "Failed to validate subscription", raised by the engine.
export const matches = guard((subscription, event) => wasm.matchesJson(subscription, text(event, 'event')))

/** Why `event` does not match the trigger, in one line, or "matches". */
export const explain = guard((subscription, event) => wasm.explainJson(subscription, text(event, 'event')))

/** A mapping compiled once, applied to many events. */
export class Mapping {
  #compiled
  constructor(mapping) {
    try {
      this.#compiled = new wasm.CompiledMapping(text(mapping, 'mapping'))
    } catch (e) {
      rethrow(e)
    }
  }
  apply(data) {
    return JSON.parse(this.applyJson(text(data, 'data')))
  }
  applyJson(json) {
    try {
      if (typeof json !== 'string') return this.#compiled.applyJson(json)
      const coded = this.#compiled.applyJsonSpliced(json)
      return coded.charCodeAt(0) === 1 ? splice(json, coded) : coded
    } catch (e) {
      rethrow(e)
    }
  }
  free() {
    this.#compiled.free()
  }
}

/**
 * The result of `applyJsonSpliced`: the text with each long stretch copied from `input`
 * put back as a slice of `input` (V8 shares the slice: no copy and no UTF-8 decoding).
 */
function splice(input, coded) {
  const end = coded.indexOf('\u0001', 1)
  const numbers = coded.slice(1, end).split(',')
  const rest = end + 1
  let out = ''
  let from = rest
  for (let i = 0; i < numbers.length; i += 3) {
    const at = rest + Number(numbers[i])
    out += coded.slice(from, at) + input.slice(Number(numbers[i + 1]), Number(numbers[i + 2]))
    from = at
  }
  return out + coded.slice(from)
}

/** Every action: key, title, description, default trigger and fields (with default mappings). */
export function actions() {
  return JSON.parse(wasm.actionsJson())
}

/**
 * Segment's Loops destination for one set of settings: `{ apiKey, baseUrl?, strict?,
 * contactProperties?, subscriptions?, rateLimit?, retry?, timeoutMs? }`; subscriptions
 * `[{ action, subscribe, mapping }]` default to identify → createOrUpdateContact and
 * track → sendEvent. Sends of one instance share its pacing (`rateLimit`, default 10/s).
 */
export class Destination {
  #inner
  constructor(options) {
    try {
      this.#inner = new wasm.Destination(text(options, 'options'))
    } catch (e) {
      rethrow(e)
    }
  }
  /**
   * What each subscription would send for `event`: no I/O, the API key redacted. With
   * `{ mapped: true }`, each subscribed entry also has the mapped payload before the
   * schema (`mapped`) and what the request leaves out of it, with why (`dropped`).
   */
  preview(event, options) {
    return JSON.parse(this.previewJson(text(event, 'event'), options))
  }
  previewJson(json, options) {
    try {
      return this.#inner.previewJson(json, options?.mapped === true)
    } catch (e) {
      rethrow(e)
    }
  }
  /**
   * Sends `event` through every matching subscription, paced to the rate limit and
   * retried as needed: `[{ action, outcome, status?, attempts, message? }]`.
   */
  async send(event) {
    return JSON.parse(await this.sendJson(text(event, 'event')))
  }
  async sendJson(json) {
    try {
      return await this.#inner.sendJson(json)
    } catch (e) {
      rethrow(e)
    }
  }
  /**
   * Which contact `event` concerns, when, and what it does to it, before anything is
   * sent: `{ contact: 'userId:…' | 'email:…' | null, time: ms | null, kind: 'update' | 'delete' | 'event' | null }`.
   */
  plan(event) {
    return JSON.parse(this.planJson(text(event, 'event')))
  }
  planJson(json) {
    try {
      return this.#inner.planJson(json)
    } catch (e) {
      rethrow(e)
    }
  }
  /**
   * `GET /v1/api-key`, paced with the sends: `{ ok: true, team? }` or `{ ok: false,
   * status?, reason }`. Never rejects: a refused key, a 5xx or no answer is `ok: false`.
   */
  async checkApiKey() {
    return JSON.parse(await this.#inner.checkApiKeyJson())
  }
  /**
   * Sends many events (objects, or JSON texts), `concurrency` at a time, all sharing the
   * pacing. Events of one contact (as `plan` names it) go one after another in input
   * order, so a newer update never lands before an older one.
   * `onOutcome({ index, event, outcomes })` and `onProgress({ index, done, total, outcomes })`
   * after each event (`onOutcome` before any later event of the same contact starts).
   * An event that cannot be sent at all is reported rejected, never dropped. `signal`
   * (an AbortSignal) stops taking new events; those in flight finish.
   * An Array resolves to its outcomes in input order (`undefined` for events not started);
   * any other iterable or async iterable is read as the window frees (memory stays flat
   * whatever its length) and resolves to counts: `{ events, unmatched, delivered,
   * already_delivered, rejected, failed, misconfigured, stopped }`.
   */
  async sendBatch(events, { concurrency = 8, onProgress, onOutcome, signal } = {}) {
    const array = Array.isArray(events)
    const results = array ? new Array(events.length) : null
    const total = array ? events.length : undefined
    const summary = { events: 0, unmatched: 0, delivered: 0, already_delivered: 0, rejected: 0, failed: 0, misconfigured: 0, stopped: false }
    const iterator = events[Symbol.asyncIterator]?.() ?? events[Symbol.iterator]()
    const tails = new Map() // contact key → the last started event's `finished` promise
    let reading = Promise.resolve()
    let taken = 0
    let readError = null
    // Taking is sequential, and an event registers as its contacts' tail as it is taken.
    const take = () => (reading = reading.then(async () => {
      if (readError || signal?.aborted) return null
      let next
      try {
        next = await iterator.next()
      } catch (e) {
        readError = e
        return null
      }
      if (next.done) return null
      const keys = this.#contactKeys(next.value)
      const before = keys.map((k) => tails.get(k)).filter(Boolean)
      let release
      const finished = new Promise((resolve) => (release = resolve))
      for (const k of keys) tails.set(k, finished)
      return { index: taken++, event: next.value, keys, before, finished, release }
    }))
    const work = async () => {
      for (let item; (item = await take()); ) {
        try {
          if (item.before.length) await Promise.all(item.before)
          const outcomes = await this.#sendOne(item.event)
          summary.events += 1
          if (outcomes.length === 0) summary.unmatched += 1
          for (const o of outcomes) summary[o.outcome] += 1
          if (results) results[item.index] = outcomes
          if (onOutcome) onOutcome({ index: item.index, event: item.event, outcomes })
          if (onProgress) onProgress({ index: item.index, done: summary.events, total, outcomes })
        } finally {
          for (const k of item.keys) if (tails.get(k) === item.finished) tails.delete(k)
          item.release()
        }
      }
    }
    const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, array ? events.length : Infinity))
    await Promise.all(Array.from({ length: array && events.length === 0 ? 0 : workers }, work))
    if (readError) throw readError
    if (array) return results
    summary.stopped = Boolean(signal?.aborted)
    return summary
  }
  /** The event's contact as Loops will see it (the core's `plan`), as ordering keys. */
  #contactKeys(event) {
    try {
      const { contact } = JSON.parse(this.#inner.planJson(typeof event === 'string' ? event : text(event, 'event')))
      return contact ? [contact] : []
    } catch {
      return [] // sending it reports why
    }
  }
  async #sendOne(event) {
    try {
      return typeof event === 'string' ? JSON.parse(await this.sendJson(event)) : await this.send(event)
    } catch (e) {
      return [{ action: null, outcome: 'rejected', attempts: 0, message: String(e?.message ?? e) }]
    }
  }
  free() {
    this.#inner.free()
  }
}

// CompiledMapping stays inside: `Mapping` is its public face (its spliced results need `splice`).
export const transformJson = guard(wasm.transformJson)
export const validateMappingJson = guard(wasm.validateMappingJson)
export const validateTriggerJson = guard(wasm.validateTriggerJson)
export const matchesJson = guard(wasm.matchesJson)
export const explainJson = guard(wasm.explainJson)
export { actionsJson } from './web/loops_destination.js'

/**
 * The sender's retry backoff, for callers that retry on their own (the Worker's queue):
 * the wait in ms after `attempt` attempts (1 or more), uniform between 0 and a cap that
 * starts at `baseDelayMs` (default 250) and doubles up to `maxDelayMs` (default 10000).
 * `random` in [0, 1) defaults to `Math.random()`.
 */
export const retryDelayMs = guard((attempt, { baseDelayMs, maxDelayMs } = {}, random) => wasm.retryDelayMs(attempt, baseDelayMs, maxDelayMs, random))

// ---- Segment webhooks (the Worker's front door) ----

/**
 * Checks a request from Segment's Webhooks (Actions) destination: `X-Signature`, the
 * bearer token, event or batch shape and sizes. `{ shape, events }` (each event's JSON
 * text as it came) or `{ status, message, path }` for a refusal.
 */
export const segmentWebhook = guard((body, options = {}) => {
  const verdict = JSON.parse(wasm.segmentWebhookJson(body, text(options, 'options')))
  if (verdict.status) return verdict
  const { spans } = verdict
  const events = new Array(spans.length / 2)
  for (let i = 0; i < events.length; i++) events[i] = body.slice(spans[2 * i], spans[2 * i + 1])
  const rejected = verdict.rejected.map(({ span, ...r }) => ({ ...r, event: body.slice(span[0], span[1]) }))
  return { shape: verdict.shape, events, rejected }
})

export const segmentWebhookJson = guard(wasm.segmentWebhookJson)
export const segmentSignature = guard(wasm.segmentSignature)

/**
 * Per-contact order: whether an event of `kind` at `time` is stale for a contact whose
 * newest delivered update and delete were at `updated` and `deleted`, and the contact's
 * times once it is delivered. `{ stale, updated, deleted }` (ms or null).
 */
export function contactOrder(kind, time, updated, deleted) {
  const [stale, u, d] = JSON.parse(wasm.contactOrder(kind, time ?? null, updated ?? null, deleted ?? null))
  return { stale, updated: u, deleted: d }
}
