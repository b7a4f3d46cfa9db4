//! The sender's options, read from the Destination options object:
//! `rateLimit` (requests/s, or `false`), `retry` (`{ attempts, baseDelayMs, maxDelayMs,
//! maxElapsedMs, seed }`, or `false`) and `timeoutMs`.

use super::RetryPolicy;
use crate::error::{Error, Result};
use crate::json::Value;

/// Loops' baseline: 10 requests per second per team.
pub const DEFAULT_RATE_LIMIT: f64 = 10.0;
pub const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Requests per second; `None`: no pacing.
    pub rate_limit: Option<f64>,
    pub retry: RetryPolicy,
    /// Per attempt, response body included.
    pub timeout_ms: f64,
    /// Seeds the jitter; `None`: the caller picks one (e.g. from the clock).
    pub seed: Option<u64>,
}

impl Default for Config {
    fn default() -> Self {
        Config { rate_limit: Some(DEFAULT_RATE_LIMIT), retry: RetryPolicy::default(), timeout_ms: DEFAULT_TIMEOUT_MS, seed: None }
    }
}

fn absent(v: Option<&Value>) -> bool {
    matches!(v, None | Some(Value::Undefined | Value::Null))
}

/// A finite number `>= min`, or an error at `path`.
fn number(v: &Value, path: &str, min: f64, what: &str) -> Result<f64> {
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= min => Ok(n),
        _ => Err(Error::config(path, format!("{what} must be a number >= {}", crate::json::js_number_to_string(min)))),
    }
}

impl Config {
    pub fn from_value(options: &Value) -> Result<Config> {
        let mut config = Config::default();
        match options.get("rateLimit") {
            v if absent(v) => {}
            Some(Value::Bool(false)) => config.rate_limit = None,
            Some(v) => match v.as_f64() {
                Some(n) if n.is_finite() && n > 0.0 => config.rate_limit = Some(n),
                _ => return Err(Error::config("/rateLimit", "rateLimit must be requests per second (> 0) or false")),
            },
            None => {}
        }
        match options.get("retry") {
            v if absent(v) => {}
            Some(Value::Bool(false)) => config.retry.max_attempts = 1,
            Some(retry @ Value::Object(_)) => read_retry(retry, &mut config)?,
            Some(_) => return Err(Error::config("/retry", "retry must be an object { attempts, baseDelayMs, maxDelayMs, maxElapsedMs, seed } or false")),
            None => {}
        }
        if let Some(v) = options.get("timeoutMs").filter(|v| !absent(Some(v))) {
            config.timeout_ms = number(v, "/timeoutMs", 1.0, "timeoutMs")?;
        }
        Ok(config)
    }
}

fn read_retry(retry: &Value, config: &mut Config) -> Result<()> {
    crate::options::refuse_unknown_keys(retry, "/retry", &["attempts", "baseDelayMs", "maxDelayMs", "maxElapsedMs", "seed"])?;
    let policy = &mut config.retry;
    let field = |key: &str| retry.get(key).filter(|v| !absent(Some(v)));
    if let Some(v) = field("attempts") {
        let n = number(v, "/retry/attempts", 1.0, "retry.attempts")?;
        if n.fract() != 0.0 || n > 1000.0 {
            return Err(Error::config("/retry/attempts", "retry.attempts must be a whole number from 1 to 1000"));
        }
        policy.max_attempts = n as u32;
    }
    if let Some(v) = field("baseDelayMs") {
        policy.base_delay_ms = number(v, "/retry/baseDelayMs", 0.0, "retry.baseDelayMs")?;
    }
    if let Some(v) = field("maxDelayMs") {
        policy.max_delay_ms = number(v, "/retry/maxDelayMs", 0.0, "retry.maxDelayMs")?;
    }
    if let Some(v) = field("maxElapsedMs") {
        policy.max_elapsed_ms = number(v, "/retry/maxElapsedMs", 0.0, "retry.maxElapsedMs")?;
    }
    if let Some(v) = field("seed") {
        let n = number(v, "/retry/seed", 0.0, "retry.seed")?;
        config.seed = Some(n as u64);
    }
    Ok(())
}
