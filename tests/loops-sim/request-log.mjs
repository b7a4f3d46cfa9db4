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
    /** Filters: team, path (raw or route), method, status, since (seq, exclusive). */
    query({ team, path, method, status, since } = {}) {
      return entries.filter((e) => (team === undefined || e.team === team)
        && (path === undefined || e.path === path || e.route === path)
        && (method === undefined || e.method === method)
        && (status === undefined || e.status === Number(status))
        && (since === undefined || e.seq > Number(since)));
    },
    clear() { entries = []; },
    reset() { entries = []; seq = 0; },
  };
}
