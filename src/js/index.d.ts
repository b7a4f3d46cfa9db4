/** A JSON value as the API takes and returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Errors thrown by this package: a JS `Error` with Segment's message text. */
export interface LoopsDestinationError extends Error {
  kind: 'json' | 'mapping' | 'subscription' | 'payload' | 'config'
  /** JSON pointer to where it happened (`/a/@path`), `""` for the whole value. */
  path: string
  /** The individual errors when several were found at once. */
  errors: { message: string; path: string }[]
}

/** Segment mapping-kit's `transform(mapping, data)`. Throws a LoopsDestinationError. */
export function transform(mapping: Json, data: { [key: string]: Json }): { [key: string]: Json }
/** Segment's validation errors for a mapping, empty when it is valid. */
export function validateMapping(mapping: Json): { message: string; path: string }[]
/** Whether `event` matches the trigger (FQL), e.g. `type = "identify"`. Throws on an invalid trigger. */
export function matches(subscription: string, event: { [key: string]: Json }): boolean

/** A mapping compiled once, applied to many events. */
export class Mapping {
  constructor(mapping: Json)
  apply(data: { [key: string]: Json }): { [key: string]: Json }
  /** JSON text in, JSON text out: the fastest path. */
  applyJson(json: string): string
  free(): void
}

export function transformJson(mapping: string, data: string): string
export function validateMappingJson(mapping: string): string
export function matchesJson(subscription: string, event: string): boolean

/** Browsers only: fetch and instantiate the .wasm (Node and Workers initialise on import). */
export function init(module?: unknown): Promise<unknown>
export function initSync(module: unknown): unknown
