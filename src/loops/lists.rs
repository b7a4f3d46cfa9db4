//! Mailing lists: Segment's filter (`filterMailingLists`) and the shapes Loops documents.

use crate::json::{Object, Value};

/// Segment's `filterMailingLists`: walks `for (key in v)` and keeps booleans and the
/// exact strings `"true"`/`"false"` (as booleans); everything else is dropped. Arrays are
/// walked by index; a string's characters are never `"true"`, so it gives `{}`.
///
/// Beyond Segment, an array in Loops' documented shape (`[{ "id"|"listId", "subscribed" }]`)
/// or an array of list ids is read as such (see [`from_array`]).
pub fn filter(v: &Value) -> Object {
    match v {
        Value::Object(o) => filter_entries(o.iter().map(|(k, v)| (k.clone(), v))),
        Value::Array(items) => from_array(items)
            .unwrap_or_else(|| filter_entries(items.iter().enumerate().map(|(i, v)| (i.to_string(), v)))),
        _ => Object::new(),
    }
}

fn filter_entries<'a>(entries: impl Iterator<Item = (String, &'a Value)>) -> Object {
    let mut out = Object::new();
    for (key, value) in entries {
        if let Some(b) = as_subscribed(value) {
            out.insert(key, Value::Bool(b));
        }
    }
    out
}

/// A boolean, or the exact text of one.
fn as_subscribed(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// An array of list entries `{ "id"|"listId": "…", "subscribed": bool }` (a missing
/// `subscribed` means "add") or of list ids (each "add"), as `{listId: bool}`. `None` when
/// the array has no such element, so that Segment's walk by index applies.
pub fn from_array(items: &[Value]) -> Option<Object> {
    let mut out = Object::new();
    let mut loops_shaped = false;
    for item in items {
        match item {
            Value::Object(entry) => {
                let id = entry.get("listId").or_else(|| entry.get("id")).and_then(list_id);
                let Some(id) = id else { continue };
                loops_shaped = true;
                let subscribed = match entry.get("subscribed") {
                    None | Some(Value::Undefined) => Some(true),
                    Some(v) => as_subscribed(v),
                };
                if let Some(b) = subscribed {
                    out.insert(id, Value::Bool(b));
                }
            }
            Value::String(s) if !s.is_empty() && s != "true" && s != "false" => {
                loops_shaped = true;
                out.insert(s.clone(), Value::Bool(true));
            }
            _ => {}
        }
    }
    loops_shaped.then_some(out)
}

fn list_id(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) if n.is_finite() => Some(v.to_js_string()),
        _ => None,
    }
}

/// Before payload validation: a mapped `mailingLists` array (which Segment rejects as
/// "must be an object") becomes the object Loops wants, when it is in a Loops shape.
pub fn normalize_mapped(payload: &mut Value) {
    let Some(o) = payload.as_object_mut() else { return };
    let Some(Value::Array(items)) = o.get("mailingLists") else { return };
    if let Some(lists) = from_array(items) {
        o.insert("mailingLists", Value::Object(lists));
    }
}
