//! Action field schemas and payload validation as actions-core does it after mapping:
//! `removeEmptyValues`, then ajv with `coerceTypes: "array"`, `removeAdditional`, the
//! `email` and `date-like` formats, and `@segment/ajv-human-errors` messages.
//!
//! The JSON schema is never built: each field's schema (fields-to-jsonschema.js) is a
//! handful of facts read straight off the static [`Field`].

mod clean;
mod coerce;
mod format;
mod message;

pub use coerce::humanize_type_of;
pub use format::{is_date_like, is_email};

use crate::error::{pointer_push, Error, ErrorKind, Result};
use crate::json::{Object, Value};
use coerce::{check_and_coerce, JsonType};

/// An action field's type, as in actions-core's `InputField.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Text,
    Number,
    Integer,
    Boolean,
    Datetime,
    Object,
    Password,
}

/// One input field of an action (actions-core `InputField`, the parts that matter here).
#[derive(Clone, Debug)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub field_type: FieldType,
    pub required: bool,
    /// `"email"`, `"text"`, … (a `datetime` field always gets `date-like`, a `text`
    /// field `text`, a `password` field `password`).
    pub format: Option<&'static str>,
    pub allow_null: bool,
    pub multiple: bool,
    /// The default mapping, as JSON text.
    pub default: Option<&'static str>,
}

impl Field {
    /// The JSON Schema type of one value of the field (`toJsonSchemaType`).
    fn item_types(&self) -> &'static [JsonType] {
        use JsonType as J;
        match self.field_type {
            FieldType::String | FieldType::Text | FieldType::Password => &[J::String],
            FieldType::Datetime => &[J::String, J::Number],
            FieldType::Number => &[J::Number],
            FieldType::Integer => &[J::Integer],
            FieldType::Boolean => &[J::Boolean],
            FieldType::Object => &[J::Object],
        }
    }

    /// The field's schema `type`: `array` when multiple (items carry the item type,
    /// without `null`), else the item type plus `null` when `allowNull`.
    fn schema_types(&self) -> &'static [JsonType] {
        use JsonType as J;
        if self.multiple {
            return &[J::Array];
        }
        if !self.allow_null {
            return self.item_types();
        }
        match self.field_type {
            FieldType::String | FieldType::Text | FieldType::Password => &[J::String, J::Null],
            FieldType::Datetime => &[J::String, J::Number, J::Null],
            FieldType::Number => &[J::Number, J::Null],
            FieldType::Integer => &[J::Integer, J::Null],
            FieldType::Boolean => &[J::Boolean, J::Null],
            FieldType::Object => &[J::Object, J::Null],
        }
    }

    /// The schema `format`, as fields-to-jsonschema.js sets it.
    fn schema_format(&self) -> Option<&'static str> {
        match self.field_type {
            FieldType::Datetime => Some("date-like"),
            FieldType::Password => Some("password"),
            FieldType::Text => Some("text"),
            _ => self.format,
        }
    }
}

/// Cleans, coerces and validates a mapped payload against `fields`. Unknown keys are
/// dropped. On failure: an aggregate error (kind `Payload`) with Segment's messages,
/// one inner error per ajv error, in ajv's order, each with its JSON pointer.
pub fn validate_payload(fields: &[Field], payload: Value) -> Result<Object> {
    // removeEmptyValues turns a null or "" root into undefined.
    let seen = if matches!(payload, Value::Null) || payload.as_str() == Some("") { "undefined" } else { humanize_type_of(&payload) };
    let mut obj = match clean::remove_empty_values(fields, payload) {
        Some(obj) => obj,
        None => {
            return Err(aggregate(vec![message::wrong_type(None, "", &[JsonType::Object], seen)]));
        }
    };
    let mut errors = Vec::new();
    for field in fields.iter().filter(|f| f.required) {
        if !obj.contains_key(field.key) {
            errors.push(message::required(field.key));
        }
    }
    // removeAdditional with additionalProperties: false.
    obj.retain(|key, _| fields.iter().any(|f| f.key == key));
    for field in fields {
        if let Some(value) = obj.get_mut(field.key) {
            check_field(field, value, &mut errors);
        }
    }
    if errors.is_empty() {
        Ok(obj)
    } else {
        Err(aggregate(errors))
    }
}

fn aggregate(errors: Vec<Error>) -> Error {
    let joined = errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ");
    Error::aggregate(ErrorKind::Payload, joined, errors)
}

/// One property of ajv's `properties` keyword: type (with coercion), then the format
/// of a string, or each item of a multiple field.
fn check_field(field: &Field, value: &mut Value, errors: &mut Vec<Error>) {
    // Made only for an error: most payloads have none.
    let pointer = || pointer_push("", field.key);
    let types = field.schema_types();
    if let Err(seen) = check_and_coerce(types, value) {
        errors.push(message::wrong_type(Some(field.label), &pointer(), types, seen));
        return;
    }
    match value {
        Value::String(s) => {
            if let Some(fmt) = field.schema_format() {
                if !format::is_valid(fmt, s) {
                    errors.push(message::bad_format(Some(field.label), &pointer(), format::label(fmt)));
                }
            }
        }
        Value::Array(items) if field.multiple => {
            // The items schema has no title: messages name the place.
            let item_types = field.item_types();
            for (i, item) in items.iter_mut().enumerate() {
                if let Err(seen) = check_and_coerce(item_types, item) {
                    let at = pointer_push(&pointer(), &i.to_string());
                    errors.push(message::wrong_type(None, &at, item_types, seen));
                }
            }
        }
        _ => {}
    }
}
