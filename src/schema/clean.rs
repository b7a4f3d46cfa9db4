//! actions-core's `removeEmptyValues(payload, schema, isRoot = true)` followed by
//! `arrifyFields`, for a schema built from action fields (remove-empty-values.js,
//! arrify.js).

use super::coerce::JsonType;
use super::Field;
use crate::json::{Object, Value};

/// The cleaned copy of the payload, or `None` when the payload is no object (ajv then
/// reports the root's type).
pub fn remove_empty_values(fields: &[Field], payload: Value) -> Option<Object> {
    let Value::Object(input) = payload else { return None };
    let mut out = Object::with_capacity(input.len());
    for (key, value) in input {
        let field = fields.iter().find(|f| f.key == key);
        let kept = match field {
            Some(field) => clean_field_value(field, value),
            // No schema for the key: returned as is (ajv removes it later).
            None => (!value.is_undefined()).then_some(value),
        };
        match kept {
            // `""` goes at the root whatever the field's type.
            Some(Value::String(s)) if s.is_empty() => {}
            Some(v) => {
                let v = match field {
                    Some(f) if f.multiple => arrify(v),
                    _ => v,
                };
                out.insert(key, v);
            }
            None => {}
        }
    }
    Some(out)
}

/// `removeEmptyValues(value, fieldSchema)`: objects (no `properties`) and arrays of a
/// non-multiple field are left alone; a multiple field loses its empty items.
fn clean_field_value(field: &Field, value: Value) -> Option<Value> {
    match value {
        Value::Array(items) if field.multiple => {
            let item_types = field.item_types();
            let kept = items.into_iter().filter(|item| !is_empty_for(item, item_types)).collect();
            Some(Value::Array(kept))
        }
        Value::Array(_) | Value::Object(_) => Some(value),
        _ => (!is_empty_for(&value, field.schema_types())).then_some(value),
    }
}

/// Whether a scalar counts as empty for a schema of these types: `null` unless the
/// type allows null, `""` unless it allows strings; `undefined` always.
fn is_empty_for(value: &Value, types: &[JsonType]) -> bool {
    match value {
        Value::Undefined => true,
        Value::Null => !types.contains(&JsonType::Null),
        Value::String(s) => s.is_empty() && !types.contains(&JsonType::String),
        _ => false,
    }
}

/// `arrify(value, false)` for a field whose schema type is `array`.
fn arrify(value: Value) -> Value {
    match value {
        Value::Array(_) | Value::Null | Value::Undefined => value,
        other => Value::Array(vec![other]),
    }
}
