// Fault rules (README, "Fault rules"): matched in order against each API request; select by
// method, path, team, nth / everyN / probability (seeded), limited by remaining.

/** Ready-made actions, usable as {action: {preset: "http502Html"}}. */
export const PRESETS = {
  http500: { respond: { status: 500, json: { success: false, message: 'Internal server error' } } },
  http500Empty: { respond: { status: 500 } },
  http502Html: { respond: { status: 502, contentType: 'text/html',
    rawBody: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' } },
  http503Text: { respond: { status: 503, contentType: 'text/plain', rawBody: 'Service Unavailable' } },
  http429: { respond: { status: 429, json: { success: false, message: 'Rate limit exceeded.' } } },
  http429NoHeaders: { respond: { status: 429, json: { success: false, message: 'Rate limit exceeded.' }, rateLimitHeaders: false } },
  http401: { respond: { status: 401, json: { success: false, message: 'Invalid API key', error: 'Invalid API key' } } },
  drop: { dropConnection: true },
  responseLost: { dropConnection: true, applyStateChange: true },
};

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validate and fill defaults; returns {rule} or {error}. */
function normalize(spec, id) {
  if (!isObj(spec)) return { error: 'a fault rule must be an object' };
  const match = { ...(spec.match ?? {}) };
  const preset = spec.action?.preset;
  if (preset !== undefined && !Object.hasOwn(PRESETS, preset)) return { error: `unknown preset "${preset}"` };
  const { preset: _, ...own } = spec.action ?? {};
  const action = { delayMs: 0, dropConnection: false, countTowardsRateLimit: true, applyStateChange: false,
                   ...structuredClone(PRESETS[preset] ?? {}), ...own };
  if (typeof match.nth === 'number') match.nth = [match.nth];
  if (match.nth != null && !(Array.isArray(match.nth) && match.nth.every(Number.isInteger))) return { error: 'match.nth must be integers' };
  if (match.everyN != null && !(Number.isInteger(match.everyN) && match.everyN > 0)) return { error: 'match.everyN must be a positive integer' };
  if (match.probability != null && !(typeof match.probability === 'number' && match.probability >= 0 && match.probability <= 1)) {
    return { error: 'match.probability must be between 0 and 1' };
  }
  const remaining = match.remaining ?? spec.remaining ?? null;
  if (remaining !== null && !(Number.isInteger(remaining) && remaining > 0)) return { error: 'remaining must be a positive integer' };
  if (action.respond != null) {
    if (!isObj(action.respond) || !(Number.isInteger(action.respond.status) && action.respond.status >= 100 && action.respond.status <= 599)) {
      return { error: 'action.respond.status must be an HTTP status' };
    }
  }
  if (!(Number.isFinite(action.delayMs) && action.delayMs >= 0)) return { error: 'action.delayMs must be >= 0' };
  if (!action.respond && !action.dropConnection && action.delayMs === 0) {
    return { error: 'action needs respond, dropConnection or delayMs' };
  }
  return { rule: { id, match, action, remaining, matched: 0, fired: 0 } };
}

export function createFaults(rng) {
  let rules = [];
  let nextId = 1;
  return {
    /** Add one rule or several; all or nothing. */
    add(specs) {
      const list = Array.isArray(specs) ? specs : [specs];
      const made = [];
      for (const spec of list) {
        const { rule, error } = normalize(spec, nextId + made.length);
        if (error) return { error };
        made.push(rule);
      }
      nextId += made.length;
      rules.push(...made);
      return { ids: made.map((r) => r.id) };
    },
    list: () => rules.map((r) => structuredClone(r)),
    clear() { rules = []; },
    remove(id) { const before = rules.length; rules = rules.filter((r) => r.id !== id); return rules.length < before; },
    /**
     * Every rule counts the requests it matches (for nth/everyN), whatever
     * other rules do. Selected rules apply in order until one responds or
     * drops the connection: their delays add up; that rule is returned.
     */
    evaluate({ method, path, rawPath, team }) {
      let delayMs = 0;
      let terminal = null;
      for (const r of [...rules]) {
        const m = r.match;
        if (m.method && String(m.method).toUpperCase() !== method) continue;
        if (m.path && m.path !== path && m.path !== rawPath) continue;
        if (m.team && m.team !== team) continue;
        r.matched += 1;
        if (terminal) continue;
        if (m.nth && !m.nth.includes(r.matched)) continue;
        if (m.everyN && r.matched % m.everyN !== 0) continue;
        if (m.probability != null && !(rng() < m.probability)) continue;
        r.fired += 1;
        if (r.remaining !== null && --r.remaining === 0) rules = rules.filter((x) => x !== r);
        delayMs += r.action.delayMs;
        if (r.action.respond || r.action.dropConnection) terminal = r;
      }
      return { delayMs, rule: terminal };
    },
  };
}
