//! Loops-aware checks on a finished request body: things Loops would refuse or quietly
//! get wrong (docs/loops-api.md, "Bodies" and "Value limits"). They are warnings; in strict mode, errors.

use super::{ActionKind, Settings};
use crate::error::pointer_push;
use crate::json::{Object, Value};
use crate::schema::humanize_type_of;

/// Something in a request that Loops will likely refuse or mishandle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub message: String,
    /// JSON pointer into the request body.
    pub path: String,
}

/// Loops' limit on one value, counting the JSON quotes around a string.
pub const MAX_VALUE_CHARS: usize = 500;

/// Property names Loops reserves or does not let the API set.
const RESERVED: &[&str] = &["id", "listId", "softDeleteAt", "teamId", "updatedAt", "optInStatus"];

/// Top-level keys that are part of the request, not contact properties.
fn is_request_key(action: ActionKind, key: &str) -> bool {
    matches!(key, "email" | "userId" | "mailingLists")
        || (action == ActionKind::SendEvent && matches!(key, "eventName" | "eventProperties"))
}

pub fn check(action: ActionKind, body: &Object, settings: &Settings) -> Vec<Warning> {
    let mut out = Vec::new();
    long_values(body, "", &mut out);
    if matches!(action, ActionKind::CreateOrUpdateContact | ActionKind::SendEvent) {
        for (key, value) in body.iter().filter(|(k, _)| !is_request_key(action, k)) {
            contact_property(key, value, settings, &mut out);
        }
        let has_email = matches!(body.get("email"), Some(Value::String(s)) if !s.is_empty());
        if action == ActionKind::CreateOrUpdateContact && !has_email {
            out.push(warn(
                "/email",
                "No email: if Loops has no contact with this userId it cannot create one and answers 400.",
            ));
        }
    }
    if action == ActionKind::SendEvent {
        if let Some(Value::Object(props)) = body.get("eventProperties") {
            for (key, value) in props.iter() {
                event_property(key, value, || pointer_push("/eventProperties", key), &mut out);
            }
        }
    }
    if action == ActionKind::SendTransactionalEmail {
        if let Some(Value::Object(vars)) = body.get("dataVariables") {
            for (key, value) in vars.iter() {
                data_variable(value, &pointer_push("/dataVariables", key), &mut out);
            }
        }
    }
    out
}

fn warn(path: impl Into<String>, message: impl Into<String>) -> Warning {
    Warning { message: message.into(), path: path.into() }
}

/// Keys and string values longer than Loops' limit, anywhere but attachment data.
/// Pointers are built only where a warning or a nested object needs one.
fn long_values(o: &Object, path: &str, out: &mut Vec<Warning>) {
    for (key, value) in o.iter() {
        let here = || pointer_push(path, key);
        if path == "/attachments" || (key == "data" && path.starts_with("/attachments/")) {
            continue;
        }
        // A char is at least a byte: count chars only where the bytes could be over.
        let too_long = |s: &str| s.len() + 2 > MAX_VALUE_CHARS && s.chars().count() + 2 > MAX_VALUE_CHARS;
        if too_long(key) {
            let key_len = key.chars().count() + 2;
            out.push(warn(here(), format!("This key is {key_len} characters long with its quotes; Loops refuses keys and values over {MAX_VALUE_CHARS}.")));
        }
        match value {
            Value::String(s) if too_long(s) => {
                let len = s.chars().count() + 2;
                out.push(warn(here(), format!("This value is {len} characters long with its quotes; Loops refuses values over {MAX_VALUE_CHARS}.")));
            }
            Value::Object(inner) => long_values(inner, &here(), out),
            Value::Array(items) if items.iter().any(|i| matches!(i, Value::Object(_))) => {
                let here = here();
                for (i, item) in items.iter().enumerate() {
                    if let Value::Object(inner) = item {
                        long_values(inner, &pointer_push(&here, &i.to_string()), out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn contact_property(key: &str, value: &Value, settings: &Settings, out: &mut Vec<Warning>) {
    let path = || pointer_push("", key);
    if RESERVED.contains(&key) {
        out.push(warn(path(), format!("'{key}' is reserved in Loops and cannot be set as a contact property.")));
    } else if key == "notes" {
        out.push(warn(path(), "'notes' cannot be set through the Loops API."));
    }
    if key == "subscribed" {
        match value {
            Value::Bool(true) => out.push(warn(path(), "subscribed: true re-subscribes contacts who unsubscribed; Loops advises leaving it out unless that is meant.")),
            Value::Bool(false) | Value::Null | Value::Undefined => {}
            _ => out.push(warn(path(), format!("subscribed must be true or false; Loops refuses {}.", humanize_type_of(value)))),
        }
        return;
    }
    match value {
        Value::Object(_) | Value::Array(_) => {
            out.push(warn(path(), format!("Loops contact properties take strings, numbers, booleans or null, not {}.", humanize_type_of(value))));
            return;
        }
        Value::Null | Value::Undefined => return,
        _ => {}
    }
    let known = settings.contact_properties.as_ref().and_then(|list| list.iter().find(|p| p.key == key));
    match known {
        Some(p) => {
            let fits = match p.property_type.as_str() {
                "string" => matches!(value, Value::String(_)),
                "number" => matches!(value, Value::Number(_)),
                "boolean" => matches!(value, Value::Bool(_)),
                "date" => matches!(value, Value::Number(_) | Value::String(_)),
                _ => true,
            };
            if !fits {
                out.push(warn(path(), format!("Loops has '{key}' as a {} property, but this value is {}.", p.property_type, humanize_type_of(value))));
            } else if p.property_type == "date" {
                date_value(value, path, out);
            }
        }
        None if looks_like_date_key(key) => date_value(value, path, out),
        None => {}
    }
}

fn event_property(key: &str, value: &Value, path: impl Fn() -> String, out: &mut Vec<Warning>) {
    match value {
        Value::Object(_) | Value::Array(_) | Value::Null => {
            out.push(warn(path(), format!("Loops event properties take strings, numbers, booleans or dates, not {}.", humanize_type_of(value))))
        }
        _ if looks_like_date_key(key) => date_value(value, path, out),
        _ => {}
    }
}

fn data_variable(value: &Value, path: &str, out: &mut Vec<Warning>) {
    match value {
        Value::Null => out.push(warn(path, "null does not work for a Loops data variable; send \"\" for an optional one.")),
        Value::String(_) | Value::Number(_) => {}
        Value::Array(items) if items.iter().all(|i| matches!(i, Value::Object(_))) => {}
        _ => out.push(warn(path, format!("Loops data variables take strings, numbers or arrays of objects, not {}.", humanize_type_of(value)))),
    }
}

/// `createdAt`, `signupDate`, `trialEndsAt`, …: camel-case names that end in a date word.
fn looks_like_date_key(key: &str) -> bool {
    key == "createdAt" || ["At", "Date"].iter().any(|end| key.len() > end.len() && key.ends_with(end))
}

/// Loops reads a number as milliseconds and refuses a millisecond timestamp as text.
fn date_value(value: &Value, path: impl Fn() -> String, out: &mut Vec<Warning>) {
    match value {
        Value::Number(n) if (1e8..1e11).contains(&n.abs()) => out.push(warn(
            path(),
            "This date looks like seconds since 1970; Loops reads numbers as milliseconds (it would land in 1970). Multiply by 1000 or send an ISO date.",
        )),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => out.push(warn(
            path(),
            "Loops refuses a timestamp sent as text; send milliseconds as a number or an ISO date.",
        )),
        _ => {}
    }
}
