//! Pacing: a token bucket at the rate limit, so the sender waits instead of earning
//! 429s. Loops counts requests per team in fixed one-second windows; a bucket of one
//! token spaces requests at least `1/rate` apart, which never puts more than `rate`
//! requests in any such window. Each interval gets a margin (see [`interval_ms_for`]),
//! so millisecond clocks and network jitter cannot squeeze an extra request into a window.

/// The least added to every interval: `Date.now()` ticks in whole milliseconds.
pub const MARGIN_MS: f64 = 1.0;

/// Arrival jitter the spacing absorbs per window: a window gains an extra request only
/// when arrivals bunch by `rate × margin` ms, so the margin is this spread over the
/// requests of a window. (1 ms alone let a loaded machine put 11 requests in a window
/// at 10/s.)
pub const JITTER_MS: f64 = 25.0;

/// Milliseconds between requests at `per_second`, margin included.
pub fn interval_ms_for(per_second: f64) -> f64 {
    1000.0 / per_second + MARGIN_MS.max(JITTER_MS / per_second)
}

/// A token bucket whose time is passed in (milliseconds on any monotonic clock).
#[derive(Clone, Debug)]
pub struct Pacer {
    /// Milliseconds per token; `0.0` means no pacing at all.
    interval_ms: f64,
    burst: f64,
    tokens: f64,
    updated_ms: f64,
}

impl Pacer {
    /// `per_second`: requests per second, `None` for no pacing. `burst`: tokens the
    /// bucket holds (1 spaces requests evenly). Starts full.
    pub fn new(per_second: Option<f64>, burst: u32, now_ms: f64) -> Pacer {
        let interval_ms = match per_second {
            Some(r) if r.is_finite() && r > 0.0 => interval_ms_for(r),
            _ => 0.0,
        };
        let burst = f64::from(burst.max(1));
        Pacer { interval_ms, burst, tokens: burst, updated_ms: now_ms }
    }

    /// Milliseconds between requests (margin included), `None` when unpaced.
    pub fn interval_ms(&self) -> Option<f64> {
        (self.interval_ms > 0.0).then_some(self.interval_ms)
    }

    fn refill(&mut self, now_ms: f64) {
        // A clock that steps back must not mint tokens, nor take them away.
        let elapsed = (now_ms - self.updated_ms).max(0.0);
        if self.interval_ms > 0.0 {
            self.tokens = (self.tokens + elapsed / self.interval_ms).min(self.burst);
        }
        self.updated_ms = self.updated_ms.max(now_ms);
    }

    /// Takes a token and returns 0 when one is there; otherwise takes nothing and
    /// returns the milliseconds until one will be.
    pub fn acquire(&mut self, now_ms: f64) -> f64 {
        if self.interval_ms == 0.0 {
            return 0.0;
        }
        self.refill(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            0.0
        } else {
            // At least 1 ms: a sub-millisecond wait would spin on timer granularity.
            ((1.0 - self.tokens) * self.interval_ms).max(1.0)
        }
    }

    /// What a response said about the limit. `remaining` caps the tokens (Loops knows
    /// about requests we do not: other senders on the same team); a `limit` below our
    /// rate slows us down to it (never up: the caller's rate is a ceiling). A 429
    /// empties the bucket.
    pub fn observe(&mut self, now_ms: f64, limit: Option<u32>, remaining: Option<u32>, rate_limited: bool) {
        if self.interval_ms == 0.0 {
            return;
        }
        self.refill(now_ms);
        if let Some(limit) = limit.filter(|&l| l > 0) {
            let interval = interval_ms_for(f64::from(limit));
            if interval > self.interval_ms {
                self.interval_ms = interval;
                self.burst = self.burst.min(f64::from(limit));
            }
        }
        if let Some(remaining) = remaining {
            self.tokens = self.tokens.min(f64::from(remaining));
        }
        if rate_limited {
            self.tokens = 0.0;
        }
    }
}
