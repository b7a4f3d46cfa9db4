//! What a Loops response means for delivery. Branches on the HTTP status only: Loops
//! rewords its messages, and error bodies from load balancers are not even JSON.

use crate::json::{self, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx.
    Delivered,
    /// 409 to a request carrying an `Idempotency-Key`: Loops already has it (a retry, or
    /// a redelivered Segment message). Not an error.
    AlreadyDelivered,
    /// 429, with Loops' `x-ratelimit-*` headers when present.
    RateLimited { limit: Option<u32>, remaining: Option<u32> },
    /// Worth trying again later: 5xx, 408, a network error, or no final answer.
    Retry,
    /// Loops refused it; retrying the same request cannot help.
    Rejected { status: u16, message: String },
    /// Not about this request: the key is refused (401, 403) or the base URL is not
    /// Loops' API (a redirect, or a 404/405 whose body is not Loops' JSON answer). Every
    /// request fails the same way until the operator fixes it, so it is neither retried
    /// in place nor dead-lettered: the caller waits and sends it again later.
    Misconfigured { status: u16, message: String },
}

/// What the request expects of Loops' answer, besides its status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    /// The request carries an `Idempotency-Key`: a 409 means Loops already has it.
    pub idempotent: bool,
    /// A delete: Loops' 404 ("contact not found") means there is nothing left to do,
    /// e.g. the answer to an earlier attempt was lost.
    pub delete: bool,
}

/// Classifies a response to a request that expects `expect`.
pub fn classify(expect: Expect, status: u16, headers: &[(String, String)], body: &str) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        409 if expect.idempotent => Outcome::AlreadyDelivered,
        429 => {
            let (limit, remaining) = rate_limit(headers);
            Outcome::RateLimited { limit, remaining }
        }
        408 | 500..=599 => Outcome::Retry,
        401 | 403 => Outcome::Misconfigured { status, message: message(status, body) },
        300..=399 => Outcome::Misconfigured { status, message: message(status, body) },
        404 | 405 if !is_loops_answer(body) => Outcome::Misconfigured {
            status,
            message: format!("{}: not Loops' API; check the base URL", message(status, body)),
        },
        404 if expect.delete => Outcome::AlreadyDelivered,
        400..=499 => Outcome::Rejected { status, message: message(status, body) },
        // 1xx or outside HTTP's range: not an answer about the request.
        _ => Outcome::Retry,
    }
}

/// Loops answers errors with a JSON object carrying `success`, `message` or `error`; a
/// web server that is not Loops' API answers HTML or plain text.
fn is_loops_answer(body: &str) -> bool {
    json::parse(body).ok().and_then(|v| v.as_object().map(|o| ["success", "message", "error"].iter().any(|k| o.get(k).is_some()))).unwrap_or(false)
}

/// A network error (no response at all): always worth another try.
pub fn network_error() -> Outcome {
    Outcome::Retry
}

/// `x-ratelimit-limit` and `x-ratelimit-remaining` (every Loops response carries them).
pub fn rate_limit(headers: &[(String, String)]) -> (Option<u32>, Option<u32>) {
    let read = |name: &str| {
        headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.trim().parse::<u32>().ok())
    };
    (read("x-ratelimit-limit"), read("x-ratelimit-remaining"))
}

/// Loops' `message` (or the deprecated `error` / `error.message`) from a JSON body; for
/// anything else the status and its reason, plus a short plain-text body.
fn message(status: u16, body: &str) -> String {
    if let Ok(v) = json::parse(body) {
        let error = v.get("error");
        let text = v
            .get("message")
            .and_then(Value::as_str)
            .or_else(|| error.and_then(Value::as_str))
            .or_else(|| error.and_then(|e| e.get("message")).and_then(Value::as_str));
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            return t.to_owned();
        }
    }
    let mut out = format!("{status} {}", reason(status));
    let text = body.trim();
    let plain = !text.is_empty() && !text.starts_with('<') && !text.starts_with('{') && !text.starts_with('[');
    if plain && text.chars().count() <= 200 && !text.contains('\n') {
        out.push_str(": ");
        out.push_str(text);
    }
    out.trim_end().to_owned()
}

fn reason(status: u16) -> &'static str {
    match status {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        _ => "",
    }
}
