//! Delivery of one request to Loops as a pure state machine: pacing (token bucket),
//! retries (exponential backoff, full jitter, bounded by attempts and time), and the
//! fate of the request. The clock and the random seed are passed in; the transport
//! only does what [`Delivery::next`] says and reports back through [`Delivery::record`].
//!
//! Retried: 429, 5xx, 408, timeouts, network errors. Not retried: other 4xx (Loops
//! refused the request; the same request cannot fare better), nor a refused key or a
//! base URL that is not Loops' (`Misconfigured`: the caller waits for the fix). The same request, and
//! so the same `Idempotency-Key`, goes out on every attempt; a 409 to a request with a
//! key means Loops already has it (a retry whose first answer was lost, or a
//! redelivered message): already delivered. Contact upserts carry no key and are safe
//! to repeat by nature.

mod backoff;
mod config;
mod pacer;
pub mod order;
mod wire;
#[cfg(test)]
mod tests;

pub use backoff::{retry_delay_ms, RetryPolicy, Rng};
pub use config::{Config, DEFAULT_RATE_LIMIT, DEFAULT_TIMEOUT_MS};
pub use pacer::{interval_ms_for, Pacer, JITTER_MS, MARGIN_MS};
pub use wire::{contact_order_json, outcomes_json};

// Numbers in messages as JS writes them (and Rust's float formatting, ~20 KB of wasm,
// stays out of the module).
use crate::json::js_number_to_string;
use crate::loops::response::{classify, rate_limit, Expect, Outcome};

/// How one attempt ended, as the transport saw it.
#[derive(Clone, Copy, Debug)]
pub enum Attempt<'a> {
    Response { status: u16, headers: &'a [(String, String)], body: &'a str },
    /// No complete answer within the timeout (the request may still have been processed).
    Timeout,
    /// No answer at all: refused, reset, DNS... The text is the runtime's (no secrets:
    /// the key travels in a header, never in the URL).
    NetworkError(&'a str),
}

/// What the transport does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Send the request now.
    Send,
    /// Come back after this many milliseconds.
    Wait(f64),
    Done(Report),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Delivered,
    AlreadyDelivered,
    Rejected,
    Failed,
    /// The key was refused or the base URL is not Loops': not this request's fault, and
    /// no retry in place helps. Send it again once the settings are fixed.
    Misconfigured,
}

impl Fate {
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Delivered => "delivered",
            Fate::AlreadyDelivered => "already_delivered",
            Fate::Rejected => "rejected",
            Fate::Failed => "failed",
            Fate::Misconfigured => "misconfigured",
        }
    }
}

/// The end of one delivery.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub fate: Fate,
    /// The last HTTP status, if any answer came.
    pub status: Option<u16>,
    pub attempts: u32,
    /// Why, for `Rejected` and `Failed`.
    pub message: Option<String>,
}

/// What all deliveries of one destination share: the options, the bucket, the jitter.
#[derive(Clone, Debug)]
pub struct Sender {
    pub config: Config,
    pub pacer: Pacer,
    rng: Rng,
}

impl Sender {
    /// `fallback_seed` seeds the jitter when the options gave no `retry.seed`.
    pub fn new(config: Config, now_ms: f64, fallback_seed: u64) -> Sender {
        let pacer = Pacer::new(config.rate_limit, 1, now_ms);
        let rng = Rng::new(config.seed.unwrap_or(fallback_seed));
        Sender { config, pacer, rng }
    }
}

/// One request's way to its fate.
#[derive(Clone, Debug)]
pub struct Delivery {
    expect: Expect,
    /// When the first attempt went out: the time limit counts from there, not from the
    /// wait for the first token (a long batch queues behind the rate limit).
    started_ms: Option<f64>,
    attempts: u32,
    not_before_ms: f64,
    done: Option<Report>,
}

impl Delivery {
    pub fn new(expect: Expect) -> Delivery {
        Delivery { expect, started_ms: None, attempts: 0, not_before_ms: f64::NEG_INFINITY, done: None }
    }

    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The next thing to do. `Send` counts an attempt and takes a token.
    pub fn next(&mut self, now_ms: f64, sender: &mut Sender) -> Step {
        if let Some(report) = &self.done {
            return Step::Done(report.clone());
        }
        if now_ms < self.not_before_ms {
            return Step::Wait(self.not_before_ms - now_ms);
        }
        let wait = sender.pacer.acquire(now_ms);
        if wait > 0.0 {
            return Step::Wait(wait);
        }
        self.attempts += 1;
        self.started_ms.get_or_insert(now_ms);
        Step::Send
    }

    /// The attempt's result: ends the delivery or schedules the retry.
    pub fn record(&mut self, now_ms: f64, attempt: Attempt<'_>, sender: &mut Sender) {
        let (outcome, status, reason) = match attempt {
            Attempt::Response { status, headers, body } => {
                let (limit, remaining) = rate_limit(headers);
                sender.pacer.observe(now_ms, limit, remaining, status == 429);
                (classify(self.expect, status, headers, body), Some(status), format!("HTTP {status}"))
            }
            Attempt::Timeout => (Outcome::Retry, None, format!("timed out after {} ms", js_number_to_string(sender.config.timeout_ms))),
            Attempt::NetworkError(text) => (Outcome::Retry, None, format!("network error: {text}")),
        };
        let end = |fate, message| Some(Report { fate, status, attempts: self.attempts, message });
        self.done = match outcome {
            Outcome::Delivered => end(Fate::Delivered, None),
            Outcome::AlreadyDelivered => end(Fate::AlreadyDelivered, None),
            Outcome::Rejected { message, .. } => end(Fate::Rejected, Some(message)),
            Outcome::Misconfigured { message, .. } => end(Fate::Misconfigured, Some(message)),
            Outcome::RateLimited { .. } | Outcome::Retry => self.schedule_retry(now_ms, &outcome, reason, sender),
        };
        if let Some(report) = &mut self.done {
            report.status = status;
        }
    }

    /// Sets when to try again, or gives up (the report says why).
    fn schedule_retry(&mut self, now_ms: f64, outcome: &Outcome, reason: String, sender: &mut Sender) -> Option<Report> {
        let policy = &sender.config.retry;
        let give_up = |why: String| Some(Report { fate: Fate::Failed, status: None, attempts: self.attempts, message: Some(why) });
        if self.attempts >= policy.max_attempts {
            let s = if self.attempts == 1 { "" } else { "s" };
            return give_up(format!("{reason} (gave up after {} attempt{s})", self.attempts));
        }
        let mut delay = policy.delay_ms(self.attempts, &mut sender.rng);
        if matches!(outcome, Outcome::RateLimited { .. }) {
            // Never before the bucket's next token: a 429 means the window is full.
            if let Some(interval) = sender.pacer.interval_ms() {
                delay = delay.max(interval.ceil());
            }
        }
        let started = self.started_ms.unwrap_or(now_ms);
        if now_ms + delay - started > policy.max_elapsed_ms {
            return give_up(format!(
                "{reason} (gave up after {} attempts: the retry time limit of {} ms would pass)",
                self.attempts,
                js_number_to_string(policy.max_elapsed_ms)
            ));
        }
        self.not_before_ms = now_ms + delay;
        None
    }
}
