//! mapping-kit's own JavaScript helpers: `realTypeOf`, validate.js's article, loose
//! `== ''` (V8's value semantics are `json::v8`).

use crate::json::Value;

/// mapping-kit's `realTypeOf`: `Object.prototype.toString` tag, lowercased.
pub fn real_type_of(v: &Value) -> &'static str {
    match v {
        Value::Undefined => "undefined",
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `"a"` or `"an"` before a type name, as validate.js chooses.
pub fn indefinite_article(type_name: &str) -> &'static str {
    match type_name.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => "an",
        _ => "a",
    }
}


/// `v != ''` with JS loose equality, for a value that is not null or undefined.
pub fn loosely_differs_from_empty_string(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null => true,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0,
        Value::String(s) => !s.is_empty(),
        // ToPrimitive: arrays join their elements, objects are "[object Object]".
        Value::Array(_) => !v.to_js_string().is_empty(),
        Value::Object(_) => true,
    }
}
