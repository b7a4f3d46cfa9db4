// The object API over the wasm module's JSON-text API: JSON.stringify in, JSON.parse
// out. V8's own JSON is faster than crossing the boundary value by value.
import * as wasm from './web/loops_destination.js'

const text = (v, what) => {
  const s = JSON.stringify(v)
  if (s === undefined) throw new TypeError(`${what} must be a JSON value, got ${typeof v}`)
  return s
}

/** Segment mapping-kit's `transform(mapping, data)`. */
export function transform(mapping, data = {}) {
  return JSON.parse(wasm.transformJson(text(mapping, 'mapping'), text(data, 'data')))
}

/** Segment's validation errors for a mapping: `[{ message, path }]`, empty when valid. */
export function validateMapping(mapping) {
  return JSON.parse(wasm.validateMappingJson(text(mapping, 'mapping')))
}

/** Whether `event` matches the trigger (FQL) `subscription`; throws on an invalid trigger. */
export function matches(subscription, event) {
  // A non-string trigger is Segment's "Failed to validate subscription", raised by the engine.
  return wasm.matchesJson(subscription, text(event, 'event'))
}

/** Why `event` does not match the trigger, in one line, or "matches". */
export function explain(subscription, event) {
  return wasm.explainJson(subscription, text(event, 'event'))
}

/** A mapping compiled once, applied to many events. */
export class Mapping {
  #compiled
  constructor(mapping) {
    this.#compiled = new wasm.CompiledMapping(text(mapping, 'mapping'))
  }
  apply(data) {
    return JSON.parse(this.applyJson(text(data, 'data')))
  }
  applyJson(json) {
    if (typeof json !== 'string') return this.#compiled.applyJson(json)
    const coded = this.#compiled.applyJsonSpliced(json)
    return coded.charCodeAt(0) === 1 ? splice(json, coded) : coded
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
    this.#inner = new wasm.Destination(text(options, 'options'))
  }
  /** What each subscription would send for `event`: no I/O, the API key redacted. */
  preview(event) {
    return JSON.parse(this.#inner.previewJson(text(event, 'event')))
  }
  previewJson(json) {
    return this.#inner.previewJson(json)
  }
  /**
   * Sends `event` through every matching subscription, paced to the rate limit and
   * retried as needed: `[{ action, outcome, status?, attempts, message? }]`.
   */
  async send(event) {
    return JSON.parse(await this.#inner.sendJson(text(event, 'event')))
  }
  async sendJson(json) {
    return this.#inner.sendJson(json)
  }
  /**
   * Which contact `event` concerns, when, and what it does to it, before anything is
   * sent: `{ contact: 'userId:…' | 'email:…' | null, time: ms | null, kind: 'update' | 'delete' | 'event' | null }`.
   */
  plan(event) {
    return JSON.parse(this.#inner.planJson(text(event, 'event')))
  }
  planJson(json) {
    return this.#inner.planJson(json)
  }
  /**
   * Sends many events, `concurrency` at a time (all share the pacing): their outcomes
   * in input order. `onProgress({ index, done, total, outcomes })` after each event.
   * An event that cannot be sent at all is reported rejected, never dropped.
   */
  async sendBatch(events, { concurrency = 8, onProgress } = {}) {
    const list = Array.from(events)
    const results = new Array(list.length)
    const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, list.length))
    let next = 0
    let done = 0
    const work = async () => {
      while (next < list.length) {
        const index = next++
        try {
          results[index] = await this.send(list[index])
        } catch (e) {
          results[index] = [{ action: null, outcome: 'rejected', attempts: 0, message: String(e?.message ?? e) }]
        }
        done += 1
        if (onProgress) onProgress({ index, done, total: list.length, outcomes: results[index] })
      }
    }
    await Promise.all(Array.from({ length: workers }, work))
    return results
  }
  free() {
    this.#inner.free()
  }
}

export { transformJson, validateMappingJson, matchesJson, explainJson, actionsJson, CompiledMapping } from './web/loops_destination.js'

// ---- Segment webhooks (the Worker's front door) ----

/**
 * Checks a request from Segment's Webhooks (Actions) destination: `X-Signature`, the
 * bearer token, event or batch shape and sizes. `{ shape, events }` (each event's JSON
 * text as it came) or `{ status, message, path }` for a refusal.
 */
export function segmentWebhook(body, options = {}) {
  const verdict = JSON.parse(wasm.segmentWebhookJson(body, text(options, 'options')))
  if (verdict.status) return verdict
  const { spans } = verdict
  const events = new Array(spans.length / 2)
  for (let i = 0; i < events.length; i++) events[i] = body.slice(spans[2 * i], spans[2 * i + 1])
  const rejected = verdict.rejected.map(({ span, ...r }) => ({ ...r, event: body.slice(span[0], span[1]) }))
  return { shape: verdict.shape, events, rejected }
}

export { segmentWebhookJson, segmentSignature } from './web/loops_destination.js'

/**
 * Per-contact order: whether an event of `kind` at `time` is stale for a contact whose
 * newest delivered update and delete were at `updated` and `deleted`, and the contact's
 * times once it is delivered. `{ stale, updated, deleted }` (ms or null).
 */
export function contactOrder(kind, time, updated, deleted) {
  const [stale, u, d] = JSON.parse(wasm.contactOrder(kind, time ?? null, updated ?? null, deleted ?? null))
  return { stale, updated: u, deleted: d }
}
