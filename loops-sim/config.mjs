// Simulator configuration: defaults (README, "Config"; Loops' limits from docs/loops-api.md), a deep merge
// for POST /__sim/config, and the lookup from API key to team.

import { isPlainObject } from './values.mjs';

export const DEFAULT_CONFIG = Object.freeze({
  seed: 1,
  apiPrefix: '/api',
  teams: [{ apiKey: 'test_key', teamName: 'Test team', attachmentsEnabled: false,
            contentApiEnabled: false, dedicatedSendingIps: [] }],
  rateLimit: { enabled: true, limit: 10, windowMs: 1000, retryAfterHeader: false },
  idempotency: { ttlMs: 86_400_000, maxKeyLength: 100, scope: 'team+endpoint',
                 recordOnFailure: false, sameBodyMode: 'conflict' },
  maxValueLength: 500,
  maxTransactionalBodyBytes: 4_000_000,
  maxBodyBytes: 1_000_000,
  unknownPropertyPolicy: 'auto_create',
  typeMismatchPolicy: 'coerce_or_400',
  unknownMailingListPolicy: 'reject',
  unsubscribedListAddPolicy: 'ignore',
  identityConflictPolicy: 'reject',
  emailCaseInsensitive: true,
  acceptPostForUpdate: true,
  legacyErrorKeys: false,
  findIncludesNullCustomProps: false,
  globalLatencyMs: 0,
  // Not in the spec: bounds memory for long runs (the load script raises it).
  requestLogLimit: 100_000,
});

const ENUMS = {
  unknownPropertyPolicy: ['auto_create', 'ignore', 'reject'],
  typeMismatchPolicy: ['coerce_or_400', 'reject'],
  unknownMailingListPolicy: ['reject', 'ignore'],
  unsubscribedListAddPolicy: ['ignore', 'allow', 'reject'],
  identityConflictPolicy: ['reject', 'prefer_email'],
};


/** Objects merge key by key; arrays and scalars replace. */
export function deepMerge(base, patch) {
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch);
  const out = structuredClone(base);
  for (const [k, v] of Object.entries(patch)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k], v) : structuredClone(v);
  }
  return out;
}

/** Returns an error message, or null when the config is usable. */
export function configProblem(cfg) {
  if (!Array.isArray(cfg.teams) || cfg.teams.length === 0) return 'teams must be a non-empty array';
  for (const t of cfg.teams) {
    if (!isPlainObject(t) || typeof t.teamName !== 'string' || !t.teamName) return 'each team needs a teamName';
    const keys = teamKeys(t);
    if (keys.length === 0 || keys.some((k) => typeof k !== 'string' || !k)) return `team "${t.teamName}" needs apiKey or apiKeys`;
  }
  const rl = cfg.rateLimit;
  if (!(Number.isInteger(rl.limit) && rl.limit >= 0) || !(Number.isInteger(rl.windowMs) && rl.windowMs > 0)) {
    return 'rateLimit.limit must be an integer >= 0 and rateLimit.windowMs > 0';
  }
  for (const [k, allowed] of Object.entries(ENUMS)) {
    if (!allowed.includes(cfg[k])) return `${k} must be one of ${allowed.join(', ')}`;
  }
  if (!['team', 'team+endpoint'].includes(cfg.idempotency.scope)) return 'idempotency.scope must be team or team+endpoint';
  if (!['conflict', 'replay'].includes(cfg.idempotency.sameBodyMode)) return 'idempotency.sameBodyMode must be conflict or replay';
  if (typeof cfg.apiPrefix !== 'string' || (cfg.apiPrefix && !/^\/[^/].*[^/]$|^\/[^/]$/.test(cfg.apiPrefix))) {
    return 'apiPrefix must be "" or start with "/" and not end with "/"';
  }
  return null;
}

const teamKeys = (t) => [...(t.apiKey ? [t.apiKey] : []), ...(Array.isArray(t.apiKeys) ? t.apiKeys : [])];

/**
 * Map API key -> team settings. Entries sharing a teamName are one team
 * (several keys, one counter, one data set); the first entry's settings win.
 */
export function indexTeams(cfg) {
  const byKey = new Map();
  const byName = new Map();
  for (const t of cfg.teams) {
    if (!byName.has(t.teamName)) byName.set(t.teamName, { ...t });
    for (const k of teamKeys(t)) byKey.set(k, byName.get(t.teamName));
  }
  return { byKey, byName };
}

/** The team's own rateLimit overrides the global one. */
export const rateLimitOf = (cfg, team) => ({ ...cfg.rateLimit, ...(team?.rateLimit ?? {}) });
