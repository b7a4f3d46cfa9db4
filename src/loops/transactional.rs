//! `sendTransactionalEmail` (beyond Segment): `POST /v1/transactional`.

use crate::json::{Object, Value};

/// `{ transactionalId, email, addToAudience?, dataVariables?, attachments? }`.
pub fn body(mut payload: Object) -> Object {
    let mut body = Object::with_capacity(5);
    for key in ["transactionalId", "email", "addToAudience", "dataVariables", "attachments"] {
        if let Some(v) = payload.remove(key) {
            body.insert(key, v);
        }
    }
    body
}

/// Why an attachment would be refused by Loops: each needs string `filename`,
/// `contentType` and base64 `data`. Returns (index, message) pairs.
pub fn attachment_problems(body: &Object) -> Vec<(String, String)> {
    let Some(Value::Array(items)) = body.get("attachments") else { return Vec::new() };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for key in ["filename", "contentType", "data"] {
            let ok = matches!(item.get(key), Some(Value::String(s)) if !s.is_empty());
            if !ok {
                out.push((format!("/attachments/{i}/{key}"), format!("Each attachment needs a non-empty string '{key}'.")));
            }
        }
        if let Some(Value::String(data)) = item.get("data") {
            if !is_base64(data) {
                out.push((format!("/attachments/{i}/data"), "Attachment data must be base64.".to_owned()));
            }
        }
    }
    out
}

fn is_base64(s: &str) -> bool {
    let trimmed = s.trim_end_matches('=');
    s.len() - trimmed.len() <= 2
        && trimmed.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'\n' || b == b'\r')
}
