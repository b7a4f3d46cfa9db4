// The request log behind GET /__sim/requests: every API request, in order,
// bounded by about config.requestLogLimit (oldest entries dropped first).

export function createRequestLog() {
  let entries = [];
  let seq = 0;
  return {
    append(entry, limit) {
      seq += 1;
      const stored = { seq, ...entry };
      entries.push(stored);
      // Trim in batches so appends stay O(1) amortised.
      if (entries.length > limit + 1024) entries = entries.slice(entries.length - limit);
      return stored;
    },
    /**
     * Filters: team, path (raw or route), method, status, since (seq, exclusive).
     * limit caps the count (oldest first); fields ("seq,tMs,status") projects entries.
     */
    query({ team, path, method, status, since, limit, fields } = {}) {
      const max = limit === undefined ? Infinity : Number(limit);
      const out = [];
      for (const e of entries) {
        if (out.length >= max) break;
        if ((team === undefined || e.team === team)
          && (path === undefined || e.path === path || e.route === path)
          && (method === undefined || e.method === method)
          && (status === undefined || e.status === Number(status))
          && (since === undefined || e.seq > Number(since))) out.push(e);
      }
      if (fields === undefined) return out;
      const keys = fields.split(',');
      return out.map((e) => Object.fromEntries(keys.map((k) => [k, e[k]])));
    },
    clear() { entries = []; },
    reset() { entries = []; seq = 0; },
  };
}
