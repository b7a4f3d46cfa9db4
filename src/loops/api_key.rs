//! Checking an API key before a long run: `GET /v1/api-key` (Segment's
//! `testAuthentication`) and what Loops' answer means. Loops documents 200
//! `{"success": true, "teamName": "…"}` and 401 `{"success": false, "message"|"error":
//! "Invalid API key"}`; anything else says nothing about the key, only that the check
//! could not be made.

use super::response::message;
use super::{Request, Settings};
use crate::json::{self, Object, Value};

/// Segment's `testAuthentication`: `GET /v1/api-key`.
pub fn test_authentication(settings: &Settings) -> Request {
    Request::new(settings, "GET", "/v1/api-key", None, None)
}

/// What the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyCheck {
    /// Loops knows the key; `team` is its team's name when Loops says it.
    Valid { team: Option<String> },
    /// Refused (`status` 401 or 403), or no usable answer (`status` of a 429 or 5xx,
    /// `None` without any response); `reason` says which, without the key.
    Invalid { status: Option<u16>, reason: String },
}

/// Classifies Loops' answer to [`test_authentication`].
pub fn classify_key_check(status: u16, body: &str) -> KeyCheck {
    let parsed = json::parse(body).ok();
    match status {
        200..=299 => match parsed.as_ref().and_then(|v| v.get("success")).and_then(Value::as_bool) {
            // An older documented answer is `{"success": true}` alone.
            Some(false) => KeyCheck::Invalid { status: Some(status), reason: message(status, body) },
            _ => {
                let team = parsed.as_ref().and_then(|v| v.get("teamName")).and_then(Value::as_str).map(str::to_owned);
                KeyCheck::Valid { team }
            }
        },
        401 | 403 => KeyCheck::Invalid { status: Some(status), reason: format!("Loops refused the API key: {}", message(status, body)) },
        _ => KeyCheck::Invalid {
            status: Some(status),
            reason: format!("could not check the API key: Loops answered {}", message(status, body)),
        },
    }
}

/// No response at all (`text`: the runtime's reason, which never holds the key).
pub fn key_check_unreachable(text: &str) -> KeyCheck {
    KeyCheck::Invalid { status: None, reason: format!("could not check the API key: {text}") }
}

impl KeyCheck {
    /// `{ ok: true, team? }` or `{ ok: false, status?, reason }`.
    pub fn to_value(&self) -> Value {
        let mut o = Object::new();
        match self {
            KeyCheck::Valid { team } => {
                o.insert("ok", Value::from(true));
                if let Some(team) = team {
                    o.insert("team", Value::from(team.as_str()));
                }
            }
            KeyCheck::Invalid { status, reason } => {
                o.insert("ok", Value::from(false));
                if let Some(status) = status {
                    o.insert("status", Value::from(f64::from(*status)));
                }
                o.insert("reason", Value::from(reason.as_str()));
            }
        }
        Value::Object(o)
    }
}
