// Per-team fixed-window rate limiter (docs/loops-api.md, "Rate limit"; step 4 of pipeline.mjs). Windows are
// floor(now / windowMs) of the simulator's clock; rejected requests do not count.

export function createRateLimiter() {
  const windows = new Map(); // teamName -> {window, count}

  const current = (teamName, windowMs, now) => {
    const window = Math.floor(now / windowMs);
    let w = windows.get(teamName);
    if (!w || w.window !== window) { w = { window, count: 0 }; windows.set(teamName, w); }
    return w;
  };

  return {
    /** Count one request if there is room. With enabled=false it counts but never refuses. */
    consume(teamName, { enabled, limit, windowMs }, now) {
      const w = current(teamName, windowMs, now);
      if (enabled && w.count >= limit) {
        const secondsLeft = Math.ceil(((w.window + 1) * windowMs - now) / 1000);
        return { allowed: false, limit, remaining: 0, retryAfterSec: Math.max(1, secondsLeft) };
      }
      w.count += 1;
      return { allowed: true, limit, remaining: Math.max(0, limit - w.count) };
    },
    /** The headers' view of a window without counting a request. */
    peek(teamName, { limit, windowMs }, now) {
      const count = teamName === null ? 0 : current(teamName, windowMs, now).count;
      return { limit, remaining: Math.max(0, limit - count) };
    },
    reset: () => windows.clear(),
  };
}
