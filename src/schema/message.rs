//! Error messages exactly as `@segment/ajv-human-errors` words them with
//! `fieldLabels: "title"`: capitalised, ending in a full stop.

use super::coerce::JsonType;
use crate::error::Error;

/// Who the message is about: the field's label (schema `title`) when it has one, else its place.
fn preamble(title: Option<&str>, pointer: &str) -> String {
    match title {
        Some(t) if !t.is_empty() => t.to_owned(),
        _ if pointer.is_empty() => "the root value".to_owned(),
        _ => format!("the value at {pointer}"),
    }
}

/// `capitalize(message) + "."`: JS upper-cases the first UTF-16 unit only, so a
/// character outside the BMP stays as it is.
fn finish(pointer: &str, message: String) -> Error {
    let mut chars = message.chars();
    let text = match chars.next() {
        Some(c) if (c as u32) <= 0xFFFF => format!("{}{}.", c.to_uppercase(), chars.as_str()),
        _ => format!("{message}."),
    };
    Error::payload(pointer, text)
}

pub fn required(key: &str) -> Error {
    finish("", format!("the root value is missing the required field '{key}'"))
}

/// `… must be a string or number but it was an object.`
pub fn wrong_type(title: Option<&str>, pointer: &str, types: &[JsonType], got: &str) -> Error {
    let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
    let expected = match names.as_slice() {
        [] => "nothing".to_owned(),
        [one] => (*one).to_owned(),
        [a, b] => format!("{a} or {b}"),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    };
    let article = if expected.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    finish(pointer, format!("{} must be {article} {expected} but it was {got}", preamble(title, pointer)))
}

pub fn bad_format(title: Option<&str>, pointer: &str, label: &str) -> Error {
    finish(pointer, format!("{} must be a valid {label} string but it was not", preamble(title, pointer)))
}
