// Idempotency-Key store (docs/loops-api.md, "Idempotency-Key"; step 7 of pipeline.mjs): per team (and endpoint, by
// default), 24 h TTL, compared by a hash of the canonical JSON body.
import { createHash } from 'node:crypto';
import { isPlainObject } from './values.mjs';

/** JSON with object keys sorted, so key order does not change the hash [I]. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const bodyHash = (body) => createHash('sha256').update(canonicalJson(body)).digest('hex');

const SWEEP_EVERY = 1000;

/** Operations on one team's Map of stored keys. */
export function idempotencyStore(keys, { ttlMs, scope }) {
  const storeKey = (routePath, key) => (scope === 'team+endpoint' ? `${routePath} ${key}` : key);
  return {
    /** The unexpired entry for this key, or null. */
    lookup(routePath, key, now) {
      const k = storeKey(routePath, key);
      const entry = keys.get(k);
      if (entry && now - entry.tMs >= ttlMs) { keys.delete(k); return null; }
      return entry ?? null;
    },
    record(routePath, key, entry) {
      keys.set(storeKey(routePath, key), entry);
      if (keys.size % SWEEP_EVERY === 0) {
        for (const [k, e] of keys) if (entry.tMs - e.tMs >= ttlMs) keys.delete(k);
      }
    },
  };
}
