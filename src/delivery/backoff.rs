//! Retry timing: exponential backoff with full jitter (a uniformly random wait between
//! 0 and the exponential cap), from a seeded generator so tests can replay it.

use crate::error::{Error, Result};

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
        self.jittered_ms(attempt, rng.next_f64())
    }

    /// The wait before attempt `attempt + 1` for a uniform `random` in `[0, 1)`.
    pub fn jittered_ms(&self, attempt: u32, random: f64) -> f64 {
        (self.cap_ms(attempt) * random).floor()
    }
}

/// The sender's backoff for any retrying caller (the Worker's queue retries): the wait
/// in ms before the next attempt, after `attempt` attempts (1 or more), with the cap
/// starting at `base_delay_ms` (default 250) and doubling up to `max_delay_ms` (default
/// 10,000), full jitter from the caller's `random` in `[0, 1)`. Paths name the option.
pub fn retry_delay_ms(attempt: f64, base_delay_ms: Option<f64>, max_delay_ms: Option<f64>, random: f64) -> Result<f64> {
    if !(attempt >= 1.0 && attempt <= f64::from(u32::MAX) && attempt.fract() == 0.0) {
        return Err(Error::config("", "attempt must be the number of attempts made so far, a whole number >= 1"));
    }
    if !(0.0..1.0).contains(&random) {
        return Err(Error::config("", "random must be a number in [0, 1), as Math.random() gives"));
    }
    let defaults = RetryPolicy::default();
    let delay = |v: Option<f64>, path: &str, message: &str, default: f64| match v {
        None => Ok(default),
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        Some(_) => Err(Error::config(path, message)),
    };
    let policy = RetryPolicy {
        base_delay_ms: delay(base_delay_ms, "/baseDelayMs", "baseDelayMs must be a number >= 0", defaults.base_delay_ms)?,
        max_delay_ms: delay(max_delay_ms, "/maxDelayMs", "maxDelayMs must be a number >= 0", defaults.max_delay_ms)?,
        ..defaults
    };
    Ok(policy.jittered_ms(attempt as u32, random))
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
