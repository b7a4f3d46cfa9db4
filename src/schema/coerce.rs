//! ajv's type check with `coerceTypes: "array"` (ajv/dist/compile/validate/dataType.js):
//! a value of the wrong type is coerced in place when ajv's table allows it.

use crate::json::{js_number_to_string, js_string_to_number, Value};

/// A JSON Schema type, as ajv names it in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    Integer,
    Boolean,
    Null,
    Object,
    Array,
}

impl JsonType {
    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::Boolean => "boolean",
            JsonType::Null => "null",
            JsonType::Object => "object",
            JsonType::Array => "array",
        }
    }

    /// ajv's `checkDataType` with `strictNumbers` (numbers must be finite).
    pub fn accepts(self, v: &Value) -> bool {
        match (self, v) {
            (JsonType::String, Value::String(_))
            | (JsonType::Boolean, Value::Bool(_))
            | (JsonType::Null, Value::Null)
            | (JsonType::Object, Value::Object(_))
            | (JsonType::Array, Value::Array(_)) => true,
            (JsonType::Number, Value::Number(n)) => n.is_finite(),
            (JsonType::Integer, Value::Number(n)) => n.is_finite() && n.fract() == 0.0,
            _ => false,
        }
    }

    /// One branch of ajv's `coerceSpecificType`: the coerced value, if `v` coerces to this type.
    fn coerce(self, v: &Value) -> Option<Value> {
        match (self, v) {
            (JsonType::String, Value::Number(n)) => Some(Value::String(js_number_to_string(*n))),
            (JsonType::String, Value::Bool(b)) => Some(Value::String(b.to_string())),
            (JsonType::String, Value::Null) => Some(Value::String(String::new())),
            (JsonType::Number | JsonType::Integer, Value::Bool(b)) => Some(Value::Number(f64::from(u8::from(*b)))),
            (JsonType::Number | JsonType::Integer, Value::Null) => Some(Value::Number(0.0)),
            // `data && data == +data` (and `!(data % 1)` for integers).
            (JsonType::Number | JsonType::Integer, Value::String(s)) if !s.is_empty() => {
                let n = js_string_to_number(s);
                let whole = self == JsonType::Number || n.is_infinite() || n.fract() == 0.0;
                (!n.is_nan() && whole).then_some(Value::Number(n))
            }
            (JsonType::Boolean, Value::String(s)) if s == "false" => Some(Value::Bool(false)),
            (JsonType::Boolean, Value::String(s)) if s == "true" => Some(Value::Bool(true)),
            (JsonType::Boolean, Value::Number(n)) if *n == 0.0 => Some(Value::Bool(false)),
            (JsonType::Boolean, Value::Number(n)) if *n == 1.0 => Some(Value::Bool(true)),
            (JsonType::Boolean, Value::Null) => Some(Value::Bool(false)),
            (JsonType::Null, Value::String(s)) if s.is_empty() => Some(Value::Null),
            (JsonType::Null, Value::Number(n)) if *n == 0.0 => Some(Value::Null),
            (JsonType::Null, Value::Bool(false)) => Some(Value::Null),
            (JsonType::Array, Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null) => {
                Some(Value::Array(vec![v.clone()]))
            }
            _ => None,
        }
    }
}

/// Checks `v` against `types` and coerces it in place as ajv does. On failure, gives
/// the `typeof` description of the value ajv reports: after `coerceTypes: "array"`
/// has unwrapped a one-element array, that is the element.
pub fn check_and_coerce(types: &[JsonType], v: &mut Value) -> Result<(), &'static str> {
    if types.iter().any(|t| t.accepts(v)) {
        return Ok(());
    }
    // Objects are not coercible; everything else is (arrays in "array" mode).
    if types.iter().all(|&t| t == JsonType::Object) {
        return Err(humanize_type_of(v));
    }
    let element = match &*v {
        Value::Array(items) => match items.as_slice() {
            [only] => Some(only),
            _ => None,
        },
        _ => None,
    };
    let data = element.unwrap_or(v);
    // ajv tests the unwrapped element with `checkDataTypes(types, data)`, which for a
    // union ANDs the type checks and so never passes: only a single type takes it as is.
    let coerced = match (element, types) {
        (Some(e), [only]) if only.accepts(e) => Some(e.clone()),
        _ => types.iter().find_map(|t| t.coerce(data)),
    };
    match coerced {
        Some(c) => {
            *v = c;
            Ok(())
        }
        None => Err(humanize_type_of(data)),
    }
}

/// ajv-human-errors' `humanizeTypeOf`.
pub fn humanize_type_of(v: &Value) -> &'static str {
    match v {
        Value::Undefined => "undefined",
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
