//! `Idempotency-Key` for `events/send` and `transactional`, from the Segment `messageId`:
//! the same message gives the same key on every retry and redelivery, so Loops answers
//! a repeat with 409 instead of sending twice.

use crate::digest;
use crate::json::Value;

/// Loops' limit on the key's length.
pub const MAX_LEN: usize = 100;

/// The key for one subscription of an event. Each request needs its own key: Loops may
/// scope keys per team rather than per endpoint, and then an event and a transactional
/// email of one message sharing a key would make the second a 409, never sent. So
/// `scope` names the action (`None` for `sendEvent`, whose key stays the bare
/// `messageId`), and `ordinal` tells apart several subscriptions of the same action on
/// one message (0 for the first). A `messageId` that is too long, or not plain visible
/// ASCII (a header value), is replaced by its SHA-256. No usable `messageId`, no key.
pub fn key(message_id: Option<&Value>, scope: Option<&str>, ordinal: usize) -> Option<String> {
    let id = match message_id? {
        Value::String(s) if !s.is_empty() => s.clone(),
        n @ Value::Number(x) if x.is_finite() => n.to_js_string(),
        _ => return None,
    };
    let scoped = match scope {
        Some(scope) => format!("{id}~{scope}"),
        None => id,
    };
    let key = if ordinal == 0 { scoped } else { format!("{scoped}~{}", ordinal + 1) };
    let header_safe = key.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if key.len() <= MAX_LEN && header_safe {
        Some(key)
    } else {
        Some(format!("sha256-{}", digest::sha256_hex(key.as_bytes())))
    }
}
