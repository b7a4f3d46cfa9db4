//! What a mapping produced that the request does not carry, and why, as the steps that
//! drop it decide: fields that map to nothing for this event, keys the action's schema
//! removes (not a field, or an empty value), and values the action's body leaves out
//! (mailing lists that are not true/false, a second identifier of a delete, …). Paths
//! point into the mapped payload, which has the mapping's shape, so a UI can place them
//! at the mapping's fields.

use super::contact::lists_are_mapped;
use super::ActionKind;
use crate::error::pointer_push;
use crate::json::{Object, Value};

/// `"empty"`: a field of the mapping that maps to nothing for this event; `"dropped"`:
/// a value the mapping gave that the request leaves out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropLevel {
    Empty,
    Dropped,
}

impl DropLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            DropLevel::Empty => "empty",
            DropLevel::Dropped => "dropped",
        }
    }
}

/// One value left out, at its JSON pointer into the mapped payload.
#[derive(Clone, Debug, PartialEq)]
pub struct Dropped {
    pub path: String,
    pub level: DropLevel,
    pub message: String,
}

/// What the request leaves out of `mapped` (the mapping's output): `mapping_keys` are
/// the mapping's own top-level keys, `payload_keys` the keys the schema kept, `body`
/// the request body.
pub fn dropped(action: ActionKind, mapping_keys: &[&str], mapped: &Value, payload_keys: &[String], body: &Object) -> Vec<Dropped> {
    let mut out = Vec::new();
    let Value::Object(mapped) = mapped else { return out };
    let at = |keys: &[&str]| keys.iter().fold(String::new(), |p, k| pointer_push(&p, k));
    let present = |o: &Object, k: &str| o.get(k).is_some_and(|v| !v.is_undefined());
    for key in mapping_keys {
        if !mapped.contains_key(key) {
            out.push(Dropped { path: at(&[key]), level: DropLevel::Empty, message: format!("'{key}' maps to nothing in this event, so it is left out.") });
        }
    }
    let drop = |out: &mut Vec<Dropped>, keys: &[&str], message: String| out.push(Dropped { path: at(keys), level: DropLevel::Dropped, message });
    for (key, value) in mapped.iter() {
        let key = key.as_str();
        let Some(field) = action.fields().iter().find(|f| f.key == key) else {
            drop(&mut out, &[key], format!("'{key}' is not a field of \"{}\": the schema removes it.", action.title()));
            continue;
        };
        if !payload_keys.iter().any(|k| k == key) {
            drop(&mut out, &[key], format!("'{key}' is empty ({}): the schema removes empty values.", if matches!(value, Value::Null) { "null" } else { "\"\"" }));
            continue;
        }
        match value {
            Value::Object(inner) if field.field_type == crate::schema::FieldType::Object => {
                // Kept under its own key (mailingLists, eventProperties…) or spread into the
                // body (customAttributes, contactProperties).
                let target = match body.get(key) {
                    Some(Value::Object(o)) => o,
                    _ => body,
                };
                for (inner_key, _) in inner.iter() {
                    let inner_key = inner_key.as_str();
                    if (key, inner_key) == ("customAttributes", "mailingLists") && action == ActionKind::CreateOrUpdateContact {
                        // Never spread: the mailing lists when the mapped ones are empty (contact.rs).
                        if lists_are_mapped(mapped.get("mailingLists")) {
                            drop(&mut out, &[key, inner_key], "customAttributes.mailingLists is not a contact property, and 'mailingLists' is mapped: these lists are left out.".to_owned());
                        }
                        continue;
                    }
                    if present(target, inner_key) {
                        continue;
                    }
                    let message = match key {
                        "mailingLists" => "Loops takes true or false for a mailing list; this value is dropped.".to_owned(),
                        _ => format!("'{inner_key}' is dropped from the request."),
                    };
                    drop(&mut out, &[key, inner_key], message);
                }
            }
            _ if present(body, key) => {}
            _ if action == ActionKind::DeleteContact => {
                drop(&mut out, &[key], format!("Loops deletes by one identifier: the userId when there is one, so '{key}' is left out."))
            }
            _ => drop(&mut out, &[key], format!("'{key}' is not in the request (the action's body leaves it out).")),
        }
    }
    out
}
