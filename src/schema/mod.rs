//! Action field schemas and payload validation as actions-core does it after mapping:
//! `removeEmptyValues`, then ajv with `coerceTypes: "array"`, `removeAdditional`, the
//! `email` and `date-like` formats, and `@segment/ajv-human-errors` messages.
//!
//! TODO(in progress this session): validation; this file is the agreed API.

use crate::error::Result;
use crate::json::{Object, Value};

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
    /// `"email"`, `"text"`, `"date-time"` (becomes `date-like`), …
    pub format: Option<&'static str>,
    pub allow_null: bool,
    pub multiple: bool,
    /// The default mapping, as JSON text.
    pub default: Option<&'static str>,
}

/// Cleans, coerces and validates a mapped payload against `fields`. Unknown keys are
/// dropped. On failure: an aggregate error (kind `Payload`) with Segment's messages.
pub fn validate_payload(fields: &[Field], payload: &Value) -> Result<Object> {
    let _ = fields;
    Ok(payload.as_object().cloned().unwrap_or_default())
}
