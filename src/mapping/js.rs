//! Small JavaScript semantics mapping-kit relies on: `realTypeOf`, UTF-16 lengths,
//! `String.prototype.trim`, loose `== ''`.

use crate::json::{is_js_whitespace, Value};

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

/// `s.length` in JS: UTF-16 code units.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `s.trim()` in JS (its whitespace set differs from Rust's `str::trim`).
pub fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// `s[i]` in JS: the UTF-16 code unit at `i` as a string. Half of a surrogate pair
/// cannot live in a Rust string; it becomes U+FFFD, as at every JS→wasm crossing.
pub fn utf16_unit_at(s: &str, index: usize) -> Option<String> {
    let mut at = 0;
    for c in s.chars() {
        let n = c.len_utf16();
        if index < at + n {
            return Some(if n == 1 { c.to_string() } else { '\u{FFFD}'.to_string() });
        }
        at += n;
    }
    None
}

/// Each UTF-16 code unit of `s` as its own string (what `Object.assign({}, s)` and
/// `{...s}` copy), with surrogate halves as U+FFFD.
pub fn utf16_units(s: &str) -> impl Iterator<Item = String> + '_ {
    s.chars().flat_map(|c| {
        let unit = if c.len_utf16() == 1 { c } else { '\u{FFFD}' };
        std::iter::repeat_n(unit.to_string(), c.len_utf16())
    })
}

/// A canonical array index (`"0"`, `"17"`, not `"01"` or `"-1"`), as JS reads
/// property keys on arrays and strings.
pub fn array_index(key: &str) -> Option<usize> {
    let b = key.as_bytes();
    if b.is_empty() || b.len() > 10 || (b.len() > 1 && b[0] == b'0') || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n: u64 = key.parse().ok()?;
    if n < u32::MAX as u64 {
        usize::try_from(n).ok()
    } else {
        None
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
