//! `sendEvent`'s body, exactly as Segment's `perform` builds it.

use crate::json::{Object, Value};

/// `{ email, eventName, userId, eventProperties, ...contactProperties }`. The four keys
/// hold their places even when absent (`undefined`, dropped when written), so a contact
/// property of the same name lands in that place.
pub fn body(mut payload: Object) -> Object {
    let mut body = Object::with_capacity(payload.len() + 4);
    for key in ["email", "eventName", "userId", "eventProperties"] {
        body.insert(key, payload.remove(key).unwrap_or(Value::Undefined));
    }
    if let Some(Value::Object(props)) = payload.remove("contactProperties") {
        for (k, v) in props {
            body.insert(k, v);
        }
    }
    body
}
