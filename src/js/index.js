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
  /** What each subscription would send for `event`: no I/O, the API key redacted. */
  preview(event) {
    return JSON.parse(this.previewJson(text(event, 'event')))
  }
  previewJson(json) {
    try {
      return this.#inner.previewJson(json)
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

export const transformJson = guard(wasm.transformJson)
export const validateMappingJson = guard(wasm.validateMappingJson)
export const matchesJson = guard(wasm.matchesJson)
export const explainJson = guard(wasm.explainJson)
export { actionsJson, CompiledMapping } from './web/loops_destination.js'

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
