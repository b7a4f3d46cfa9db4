// The simulator's clock: real time by default; tests freeze, set or advance it
// so the 24 h idempotency window and the rate window pass instantly.

export function createClock() {
  let offsetMs = 0;        // added to real time while running
  let frozenAtMs = null;   // fixed time while frozen
  return {
    now: () => (frozenAtMs ?? Date.now() + offsetMs),
    get frozen() { return frozenAtMs !== null; },
    advance(ms) {
      if (frozenAtMs !== null) frozenAtMs += ms; else offsetMs += ms;
    },
    /** Jump to t; stays frozen at t unless freeze is false (then runs on from t). */
    set(t, freeze = true) {
      if (freeze) { frozenAtMs = t; } else { frozenAtMs = null; offsetMs = t - Date.now(); }
    },
    freeze() { frozenAtMs ??= Date.now() + offsetMs; },
    unfreeze() { if (frozenAtMs !== null) { offsetMs = frozenAtMs - Date.now(); frozenAtMs = null; } },
    reset() { offsetMs = 0; frozenAtMs = null; },
  };
}
