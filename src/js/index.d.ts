/** A JSON value as the API takes and returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * An object given to the API: JSON-able values, your own interfaces included (optional
 * fields too). It crosses as `JSON.stringify` writes it: `undefined` members are left out,
 * a `Date` becomes its ISO text.
 */
export type JsonObjectIn = { [key: string]: any }

/**
 * A Segment event (identify, track, page, screen, group, alias; `delete` from Segment's
 * Webhooks destination): `type` and whatever else it carries. The fields Segment's spec
 * names are typed, so a typo in one is caught; an interface of your own events with
 * optional fields is accepted as it is.
 */
export interface SegmentEvent {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias' | 'delete' | (string & {})
  /** Becomes the Idempotency-Key of `events/send` and `transactional`. */
  messageId?: string
  userId?: string | null
  anonymousId?: string | null
  /** The name of a track event. */
  event?: string
  traits?: JsonObjectIn
  properties?: JsonObjectIn
  context?: { traits?: JsonObjectIn; [key: string]: any }
  timestamp?: string | Date
  [key: string]: any
}

/** What every entry of this package throws (`instanceof` it): Segment's message text. */
export class LoopsDestinationError extends Error {
  constructor(message: string, options?: { kind?: LoopsDestinationError['kind']; path?: string; errors?: { message: string; path: string }[]; cause?: unknown })
  name: 'LoopsDestinationError'
  /** The JS error underneath (e.g. JSON.stringify's TypeError on a BigInt), if any. */
  cause?: unknown
  kind: 'json' | 'mapping' | 'subscription' | 'payload' | 'config'
  /** JSON pointer to where it happened (`/a/@path`), `""` for the whole value. */
  path: string
  /** The individual errors when several were found at once. */
  errors: { message: string; path: string }[]
}

/** Segment mapping-kit's `transform(mapping, data)`. Throws a LoopsDestinationError. */
export function transform(mapping: Json, data?: JsonObjectIn): { [key: string]: Json }
/** Segment's validation errors for a mapping, empty when it is valid. */
export function validateMapping(mapping: Json): { message: string; path: string }[]
/**
 * Segment's errors for a trigger (FQL), empty when it parses, e.g.
 * `[{ message: 'Invalid subscription : unterminated string starting at position 7', path: '' }]`
 * for `type = "track`. A non-string or empty trigger: `Failed to validate subscription`.
 */
export function validateTrigger(subscription: string): { message: string; path: string }[]
/** Whether `event` matches the trigger (FQL), e.g. `type = "identify"`. Throws on an invalid trigger. */
export function matches(subscription: string, event: SegmentEvent): boolean

/** Why `event` does not match the trigger, in one line (e.g. `type is "track", expected the text "identify"`), or `matches`. */
export function explain(subscription: string, event: SegmentEvent): string

/** A mapping compiled once, applied to many events. */
export class Mapping {
  constructor(mapping: Json)
  apply(data: JsonObjectIn): { [key: string]: Json }
  /** JSON text in, JSON text out: the fastest path. */
  applyJson(json: string): string
  free(): void
}

export interface Field {
  key: string
  label: string
  description: string
  type: 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'datetime' | 'object' | 'password'
  required: boolean
  format?: string
  multiple: boolean
  /** The default mapping, as Segment's UI pre-fills it. */
  default?: Json
}

export interface Action {
  key: 'createOrUpdateContact' | 'sendEvent' | 'deleteContact' | 'sendTransactionalEmail'
  title: string
  description: string
  defaultSubscription: string | null
  fields: Field[]
}

/** Every action with its fields and default mappings, for a field table. */
export function actions(): Action[]

export interface Subscription {
  action: Action['key']
  /** A trigger such as `type = "identify"`; defaults to the action's. */
  subscribe?: string
  /** Defaults to the action's default mapping. */
  mapping?: Json
}

export interface DestinationOptions {
  apiKey: string
  /** Default `https://app.loops.so/api`. */
  baseUrl?: string
  /** Turn Loops-aware warnings into errors: nothing questionable is sent. */
  strict?: boolean
  /** The account's contact properties, as `GET /v1/contacts/properties` returns them. */
  contactProperties?: { key: string; label?: string; type: string }[]
  /** Default: identify → createOrUpdateContact, track → sendEvent, with the default mappings. */
  subscriptions?: Subscription[]
  /** Requests per second this destination paces itself to (default 10, Loops' baseline); `false`: no pacing. */
  rateLimit?: number | false
  /** Retries of 429, 5xx, 408, timeouts and network errors; `false`: one attempt only. */
  retry?: RetryOptions | false
  /** Per attempt, response included (default 10000). */
  timeoutMs?: number
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 6). */
  attempts?: number
  /** The first retry waits a random time up to this; the cap doubles each retry (default 250). */
  baseDelayMs?: number
  /** The cap never exceeds this (default 10000). */
  maxDelayMs?: number
  /** No retry starts later than this after the first attempt (default 60000). */
  maxElapsedMs?: number
  /** Seeds the jitter, for reproducible runs. */
  seed?: number
}

/** What became of one subscription's request for one event. */
export interface SendOutcome {
  /** `null` only for an event that could not even be read (sendBatch). */
  action: Action['key'] | null
  /**
   * `delivered`: Loops accepted it. `already_delivered`: Loops had it already (409 to
   * its Idempotency-Key). `rejected`: the mapping, the payload or Loops refused it (no
   * retry helps). `failed`: retries ran out; `message` says why.
   */
  /** `misconfigured`: the key was refused (401/403) or the base URL is not Loops' API; send again once fixed. */
  outcome: 'delivered' | 'already_delivered' | 'rejected' | 'failed' | 'misconfigured'
  /** The last HTTP status, when an answer came. */
  status?: number
  /** Requests sent (0: nothing was sent). */
  attempts: number
  message?: string
}

export interface BatchProgress {
  /** The event's position in the input. */
  index: number
  /** Events finished so far, this one included. */
  done: number
  /** The number of events for an Array; `undefined` for other iterables. */
  total: number | undefined
  outcomes: SendOutcome[]
}

/** An event as an object, or as its JSON text (number text kept exactly). */
export type BatchEvent = SegmentEvent | string

export interface BatchOutcome {
  index: number
  /** The event as it was given. */
  event: BatchEvent
  outcomes: SendOutcome[]
}

export interface SendBatchOptions {
  /** Events in flight at once (default 8); they share the pacing. */
  concurrency?: number
  onProgress?: (progress: BatchProgress) => void
  /** After each event, before any later event of the same contact starts. */
  onOutcome?: (outcome: BatchOutcome) => void
  /** Stops taking new events when aborted; the events in flight finish. */
  signal?: AbortSignal
}

/** What `sendBatch` resolves to for an iterable that is not an Array. */
export interface BatchSummary {
  /** Events finished. */
  events: number
  /** Events that matched no subscription (nothing to send). */
  unmatched: number
  /** Outcomes (one per matching subscription) of each kind. */
  delivered: number
  already_delivered: number
  rejected: number
  failed: number
  misconfigured: number
  /** The signal stopped the batch before the input ended. */
  stopped: boolean
}

/** `GET /v1/api-key`: the key works (`team`: its team's name), or why not. */
export type ApiKeyCheck = { ok: true; team?: string } | { ok: false; status?: number; reason: string }

export interface Problem {
  message: string
  /** JSON pointer: into the mapping or event for errors, into the request body for warnings. */
  path: string
}

export interface PreviewEntry {
  action: Action['key']
  subscribed: boolean
  /** Why the trigger does not match, when it does not. */
  reason?: string
  /** The exact request, the API key redacted; absent when not subscribed or on an error. */
  request?: { method: string; url: string; headers: { [name: string]: string }; body?: Json }
  errors: Problem[]
  warnings: Problem[]
  /** With `preview(event, { mapped: true })`, when subscribed and the mapping applies: its output, before the schema. */
  mapped?: Json
  /** With `{ mapped: true }` and `mapped`: what the request leaves out of it, and why (empty when there is no request). */
  dropped?: Dropped[]
}

/** A value of the mapped payload that the request does not carry. */
export interface Dropped {
  /** JSON pointer into `mapped` (the mapping's shape). */
  path: string
  /** `empty`: the field maps to nothing for this event; `dropped`: the schema or the action's body leaves the value out. */
  level: 'empty' | 'dropped'
  message: string
}

export interface PreviewOptions {
  /** Add `mapped` and `dropped` to each subscribed entry (what the playground shows). */
  mapped?: boolean
}

export class Destination {
  constructor(options: DestinationOptions)
  /** What each subscription would send for `event`. No I/O. */
  preview(event: SegmentEvent, options?: PreviewOptions): PreviewEntry[]
  previewJson(json: string, options?: PreviewOptions): string
  /** Sends `event` through every matching subscription: one outcome each, none for subscriptions it does not match. */
  send(event: SegmentEvent): Promise<SendOutcome[]>
  /** JSON text in, JSON text of `SendOutcome[]` out. */
  sendJson(json: string): Promise<string>
  /** Which contact `event` concerns, when and how, before anything is sent (for per-contact ordering). */
  plan(event: SegmentEvent): DeliveryPlan
  planJson(json: string): string
  /** An Array: its outcomes in input order (`undefined` for events a signal kept from starting). Events of one contact are sent in input order. */
  sendBatch(events: BatchEvent[], options?: SendBatchOptions): Promise<SendOutcome[][]>
  /** Any other iterable or async iterable: streamed with bounded memory, outcomes through `onOutcome` / `onProgress`. */
  sendBatch(events: Iterable<BatchEvent> | AsyncIterable<BatchEvent>, options?: SendBatchOptions): Promise<BatchSummary>
  /** `GET /v1/api-key`, paced with the sends. Never rejects. */
  checkApiKey(): Promise<ApiKeyCheck>
  free(): void
}

export function actionsJson(): string
export function transformJson(mapping: string, data: string): string
export function validateMappingJson(mapping: string): string
export function validateTriggerJson(subscription: string): string
export function matchesJson(subscription: string, event: string): boolean
export function explainJson(subscription: string, event: string): string

/**
 * Browsers: fetch and instantiate the .wasm next to the package, once. Every entry has it:
 * in Node and Workers the module is ready on import and `init` does nothing, so the same
 * code runs everywhere.
 */
export function init(module?: unknown): Promise<unknown>
/** Instantiate from a `WebAssembly.Module` or bytes; does nothing once the module is ready. */
export function initSync(module: unknown): unknown

/**
 * The sender's retry backoff (full jitter), for callers that retry on their own: the wait
 * in ms after `attempt` attempts (a whole number >= 1), uniform in [0, cap], the cap
 * starting at `baseDelayMs` (default 250) and doubling up to `maxDelayMs` (default 10000).
 * `random` in [0, 1) defaults to `Math.random()`. Throws a LoopsDestinationError (kind
 * `config`, `path` `/baseDelayMs` or `/maxDelayMs`, `""` for `attempt` and `random`).
 */
export function retryDelayMs(attempt: number, options?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random?: number): number

// ---- Segment webhooks (the Worker's front door) ----

export interface SegmentWebhookOptions {
  /** The `X-Signature` header. */
  signature?: string
  /** The `Authorization` header. */
  authorization?: string
  /** Segment's shared secret: when set, `X-Signature` is required (a batch is signed on its first event). */
  sharedSecret?: string
  /** Bearer token: required for batches, when `tokenAlways`, and when there is no shared secret. */
  token?: string
  tokenAlways?: boolean
  /** Default 4000. */
  maxEvents?: number
  /** Default 127000 (a queue message holds 128,000 bytes, with room for its metadata). */
  maxEventBytes?: number
  /** Replay window: a signed event whose newest `sentAt`/`receivedAt` is older is refused (401). Default: none. */
  maxAgeSeconds?: number
  /** The time to measure the window against, in ms since the epoch. Default `Date.now()`. */
  now?: number
}

/** A batch element that was not accepted, with why; the others go on. */
export interface RejectedEvent {
  /** Its position in the batch. */
  index: number
  /** 400: not an event; 413: too big for a queue message. */
  status: 400 | 413
  message: string
  /** JSON pointer into the body. */
  path: string
  /** The element's text as it came. */
  event: string
}

export type SegmentWebhook =
  | { shape: 'event' | 'batch'; status?: undefined; /** Each accepted event's JSON text as it came. */ events: string[]; rejected: RejectedEvent[] }
  | { status: 400 | 401 | 413 | 503; message: string; /** JSON pointer into the body. */ path: string }

export type ContactKind = 'update' | 'delete' | 'event'

/** Which contact an event concerns, when (its `timestamp`, else `sentAt`, `receivedAt`, in ms), and what it does to it. */
export interface DeliveryPlan {
  contact: string | null
  time: number | null
  kind: ContactKind | null
}

/**
 * Per-contact order under retries: an update older than the newest update or delete
 * delivered for its contact is stale (skipped), so is an event older than the newest
 * delete; a delete never is. Returns the contact's times once the event is delivered.
 */
export function contactOrder(kind: ContactKind, time: number | null, updated: number | null, deleted: number | null): { stale: boolean; updated: number | null; deleted: number | null }

/** Checks a request from Segment's Webhooks (Actions) destination. Never throws for bad input: refusals carry their HTTP status. */
export function segmentWebhook(body: string, options?: SegmentWebhookOptions): SegmentWebhook
export function segmentWebhookJson(body: string, options: string): string
/** Segment's `X-Signature` of `text`: hex HMAC-SHA1 with the shared secret. */
export function segmentSignature(secret: string, text: string): string
