//! Retry timing: exponential backoff with full jitter (a uniformly random wait between
//! 0 and the exponential cap), from a seeded generator so tests can replay it.

/// How hard to try one request.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: never retry).
    pub max_attempts: u32,
    /// The cap of the first retry's wait; it doubles with each retry.
    pub base_delay_ms: f64,
    /// The cap never grows beyond this.
    pub max_delay_ms: f64,
    /// No retry is scheduled to start later than this after the first attempt.
    pub max_elapsed_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 6, base_delay_ms: 250.0, max_delay_ms: 10_000.0, max_elapsed_ms: 60_000.0 }
    }
}

impl RetryPolicy {
    /// The upper bound of the wait before attempt `attempt + 1`, after `attempt` tries.
    pub fn cap_ms(&self, attempt: u32) -> f64 {
        let doublings = attempt.saturating_sub(1).min(52);
        (self.base_delay_ms * f64::from(2u32.saturating_pow(doublings.min(31)))).min(self.max_delay_ms)
    }

    /// Full jitter: uniform in `[0, cap]`.
    pub fn delay_ms(&self, attempt: u32, rng: &mut Rng) -> f64 {
        (self.cap_ms(attempt) * rng.next_f64()).floor()
    }
}

/// SplitMix64: tiny, seedable, good enough for jitter (not for secrets).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}
