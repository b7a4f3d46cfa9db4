//! What Segment's Webhooks (Actions) destination sends, checked before anything is
//! queued: who sent it (`X-Signature`, a bearer token) and whether it is an event or
//! a batch of events. Pure; the Worker turns a [`Refusal`] into its HTTP status.
//!
//! Segment signs `JSON.stringify(data)` with hex HMAC-SHA1 and the shared secret. A
//! batch is a JSON array of those `data` values, and only its FIRST element is signed
//! (action-destinations: webhook `performBatch`). Segment's body has no whitespace, so
//! the first element's raw text is exactly what it signed; the rest of a batch is
//! vouched for by the bearer token alone.

mod auth;
mod scan;
pub mod time;
mod wire;
#[cfg(test)]
mod tests;

pub use auth::{bearer_matches, constant_time_eq, hmac_sha1, hmac_sha1_hex, signature_matches};
pub use auth::OPTION_KEYS;
pub use wire::verdict_json;

use crate::error::Error;
use crate::json::{self, Value};

/// Segment's largest batch.
pub const MAX_BATCH_EVENTS: usize = 4000;
/// A Cloudflare Queue message holds 128 KB, counted as 128,000 bytes by Miniflare
/// (`MAX_MESSAGE_SIZE_BYTES`) and by Cloudflare's limits page; 1,000 of them are left
/// for the message's metadata, so what passes here the queue takes.
pub const MAX_EVENT_BYTES: usize = 127_000;
/// A batch element bigger than this is refused with the whole request (413): it could
/// not be kept as a dead letter (one stored record holds at most 2 MB, with room for
/// its reason). Segment's own events are at most 32 KB.
pub const MAX_KEPT_BYTES: usize = 1_000_000;

/// Who may call, from the Worker's secrets.
#[derive(Clone, Copy, Debug, Default)]
pub struct Credentials<'a> {
    /// `SEGMENT_SHARED_SECRET`: when set, every request must carry a valid `X-Signature`.
    pub shared_secret: Option<&'a str>,
    /// `SEGMENT_TOKEN`: required for batches (their signature covers one event), for every
    /// request when `token_always`, and whenever there is no shared secret.
    pub token: Option<&'a str>,
    pub token_always: bool,
}

/// The request headers that matter.
#[derive(Clone, Copy, Debug, Default)]
pub struct Headers<'a> {
    pub signature: Option<&'a str>,
    pub authorization: Option<&'a str>,
}

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_events: usize,
    pub max_event_bytes: usize,
    pub max_kept_bytes: usize,
    /// Replay window: a signed event sent (`sentAt`, `receivedAt`: the newest) longer ago
    /// than this is refused. `None`: no window.
    pub max_age_ms: Option<f64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_events: MAX_BATCH_EVENTS, max_event_bytes: MAX_EVENT_BYTES, max_kept_bytes: MAX_KEPT_BYTES, max_age_ms: None }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Event,
    Batch,
}

impl Shape {
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Event => "event",
            Shape::Batch => "batch",
        }
    }
}

/// An accepted request: its events as byte ranges of the body (each one valid JSON text
/// of a Segment event), so they are queued without being re-serialised. In a batch, the
/// elements that are not events (or too big for a queue message) are set apart in
/// `rejected`: the good ones go on, Segment does not retry a 4xx for the sake of one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    pub shape: Shape,
    pub spans: Vec<(usize, usize)>,
    pub rejected: Vec<Rejected>,
}

/// A batch element that is not queued, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// Its position in the batch.
    pub index: usize,
    pub span: (usize, usize),
    /// 400 (not an event) or 413 (too big for a queue message).
    pub status: u16,
    pub message: String,
    /// JSON pointer into the body.
    pub path: String,
}

/// Why a request is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Bad or missing signature or token: 401 (Segment does not retry it).
    Unauthorized(String),
    /// Not JSON, not an event, not an array of events: 400.
    BadRequest(Error),
    /// Too many events, or an event too big for a queue message: 413.
    TooLarge(String),
    /// The Worker cannot check this request as configured: 503, so Segment retries
    /// while the operator fixes it.
    Misconfigured(String),
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Unauthorized(_) => 401,
            Refusal::BadRequest(_) => 400,
            Refusal::TooLarge(_) => 413,
            Refusal::Misconfigured(_) => 503,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Refusal::Unauthorized(m) | Refusal::TooLarge(m) | Refusal::Misconfigured(m) => m,
            Refusal::BadRequest(e) => &e.message,
        }
    }

    /// JSON pointer into the body, for bad requests.
    pub fn path(&self) -> &str {
        match self {
            Refusal::BadRequest(e) => &e.path,
            _ => "",
        }
    }
}

fn unauthorized(m: &str) -> Refusal {
    Refusal::Unauthorized(m.to_string())
}

/// Checks one request from Segment: authentication first (cheap, before any parsing
/// beyond finding the signed part), then the shape and size of every event. `now_ms` is
/// the time the replay window is measured against.
pub fn accept(body: &str, headers: Headers, credentials: Credentials, limits: Limits, now_ms: f64) -> Result<Webhook, Refusal> {
    let shape = match body.trim_start().as_bytes().first() {
        Some(b'[') => Shape::Batch,
        Some(b'{') => Shape::Event,
        _ => return Err(Refusal::BadRequest(Error::json("", "The body must be a Segment event (a JSON object) or a batch (a JSON array of events)"))),
    };
    let secret = credentials.shared_secret.filter(|s| !s.is_empty());
    let token = credentials.token.filter(|s| !s.is_empty());
    if secret.is_none() && token.is_none() {
        return Err(Refusal::Misconfigured("No credentials configured: set the SEGMENT_SHARED_SECRET and/or SEGMENT_TOKEN secret".into()));
    }
    let token_needed = shape == Shape::Batch || credentials.token_always || secret.is_none();
    match token {
        Some(t) if token_needed || headers.authorization.is_some() => {
            if headers.authorization.is_none() {
                return Err(unauthorized("Missing Authorization: Bearer <token> header"));
            }
            if !bearer_matches(headers.authorization, t) {
                return Err(unauthorized("Invalid bearer token"));
            }
        }
        None if shape == Shape::Batch => {
            return Err(Refusal::Misconfigured("A batch is signed on its first event only, so batches need a bearer token: set the SEGMENT_TOKEN secret".into()));
        }
        _ => {}
    }
    let all = match shape {
        Shape::Event => vec![scan::trimmed(body)],
        Shape::Batch => scan::element_spans(body, limits.max_events)?,
    };
    if let Some(secret) = secret {
        // A single event is signed as sent; a batch on its first element's text.
        let signed = match shape {
            Shape::Event => body,
            Shape::Batch => all.first().and_then(|&(a, b)| body.get(a..b)).unwrap_or(""),
        };
        match headers.signature {
            None => return Err(unauthorized("Missing X-Signature header")),
            Some(sig) if !signature_matches(secret, signed, sig) => return Err(unauthorized("Invalid X-Signature")),
            Some(_) => {}
        }
        if let Some(max_age) = limits.max_age_ms {
            check_age(json::parse(signed.trim()).ok().as_ref(), now_ms, max_age)?;
        }
    }
    let mut webhook = Webhook { shape, spans: Vec::with_capacity(all.len()), rejected: Vec::new() };
    for (i, &(a, b)) in all.iter().enumerate() {
        let at = |p: &str| if shape == Shape::Batch { format!("/{i}{p}") } else { p.to_string() };
        let problem = if b - a > limits.max_event_bytes {
            if shape == Shape::Event || b - a > limits.max_kept_bytes {
                return Err(Refusal::TooLarge(format!(
                    "The event at {} is {} bytes, over the {} bytes {}",
                    if shape == Shape::Batch { at("") } else { "/".into() },
                    b - a,
                    if shape == Shape::Event { limits.max_event_bytes } else { limits.max_kept_bytes },
                    if shape == Shape::Event { "a queue message can hold" } else { "a dead letter can keep" },
                )));
            }
            Some((413, at(""), format!("The event is {} bytes, over the {} bytes a queue message can hold", b - a, limits.max_event_bytes)))
        } else {
            let text = body.get(a..b).unwrap_or("");
            json::parse(text).and_then(|event| check_event(&event)).err().map(|e| (400, at(&e.path), e.message))
        };
        match problem {
            None => webhook.spans.push((a, b)),
            Some((status, path, message)) if shape == Shape::Batch => webhook.rejected.push(Rejected { index: i, span: (a, b), status, message, path }),
            Some((_, path, message)) => return Err(Refusal::BadRequest(Error::json(path, message))),
        }
    }
    Ok(webhook)
}

/// The replay window: a signed body captured once must not be accepted forever. An
/// event without a readable time passes (nothing to measure).
fn check_age(event: Option<&Value>, now_ms: f64, max_age_ms: f64) -> Result<(), Refusal> {
    let Some(newest) = event.and_then(time::sent_ms) else { return Ok(()) };
    if now_ms - newest <= max_age_ms {
        return Ok(());
    }
    let hours = |ms: f64| ((ms / 3_600_000.0).floor() as i64).to_string();
    Err(Refusal::Unauthorized(format!(
        "The signed event was sent {} hours ago (its sentAt or receivedAt), over the replay window of {} hours",
        hours(now_ms - newest),
        hours(max_age_ms)
    )))
}

/// What makes a Segment event: an object with a `type`; a `messageId`, when there,
/// is text (it becomes the Idempotency-Key).
pub fn check_event(event: &Value) -> Result<(), Error> {
    let Some(obj) = event.as_object() else {
        return Err(Error::json("", format!("A Segment event must be a JSON object, got {}", kind_of(event))));
    };
    match obj.get("type") {
        Some(Value::String(s)) if !s.is_empty() => {}
        None => return Err(Error::json("/type", "A Segment event needs a type (identify, track, page, …)")),
        Some(v) => return Err(Error::json("/type", format!("The event type must be non-empty text, got {}", kind_of(v)))),
    }
    match obj.get("messageId") {
        None | Some(Value::String(_)) => Ok(()),
        Some(v) => Err(Error::json("/messageId", format!("messageId must be text, got {}", kind_of(v)))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "an array",
        Value::Null => "null",
        Value::String(s) if s.is_empty() => "empty text",
        Value::String(_) => "text",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Undefined => "nothing",
    }
}
