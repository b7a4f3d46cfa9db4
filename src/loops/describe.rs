//! Every action as data, for a UI's field table and for the JS `actions()`.

use super::ActionKind;
use crate::json::{self, Object, Value};
use crate::schema::FieldType;

/// `[{ key, title, description, defaultSubscription, fields: [{ key, label, description,
/// type, required, format?, multiple, default? }] }]`
pub fn actions_value() -> Value {
    Value::Array(ActionKind::ALL.iter().map(|&a| action_value(a)).collect())
}

fn action_value(a: ActionKind) -> Value {
    let mut o = Object::new();
    o.insert("key", Value::from(a.key()));
    o.insert("title", Value::from(a.title()));
    o.insert("description", Value::from(a.description()));
    o.insert("defaultSubscription", a.default_subscription().map(Value::from).unwrap_or(Value::Null));
    let fields = a
        .fields()
        .iter()
        .map(|f| {
            let mut o = Object::new();
            o.insert("key", Value::from(f.key));
            o.insert("label", Value::from(f.label));
            o.insert("description", Value::from(f.description));
            o.insert("type", Value::from(type_name(f.field_type)));
            o.insert("required", Value::Bool(f.required));
            if let Some(format) = f.format {
                o.insert("format", Value::from(format));
            }
            o.insert("multiple", Value::Bool(f.multiple));
            // Defaults are our own constant JSON texts; a test parses every one.
            if let Some(default) = f.default.and_then(|d| json::parse(d).ok()) {
                o.insert("default", default);
            }
            Value::Object(o)
        })
        .collect();
    o.insert("fields", Value::Array(fields));
    Value::Object(o)
}

fn type_name(t: FieldType) -> &'static str {
    match t {
        FieldType::String => "string",
        FieldType::Text => "text",
        FieldType::Number => "number",
        FieldType::Integer => "integer",
        FieldType::Boolean => "boolean",
        FieldType::Datetime => "datetime",
        FieldType::Object => "object",
        FieldType::Password => "password",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_mapping_is_json_and_every_action_is_listed() {
        for a in ActionKind::ALL {
            for f in a.fields() {
                if let Some(d) = f.default {
                    assert!(json::parse(d).is_ok(), "{}.{}", a.key(), f.key);
                }
            }
        }
        let v = actions_value();
        let keys: Vec<&str> = v.as_array().unwrap().iter().filter_map(|a| a.get("key")?.as_str()).collect();
        assert_eq!(keys, ["createOrUpdateContact", "sendEvent", "deleteContact", "sendTransactionalEmail"]);
    }
}
