//! mapping-kit's `validate` (validate.js), message for message: the same checks in
//! the same order, errors collected where Segment collects them (object keys, a
//! directive's fields) and thrown alone where Segment throws alone.

use super::js::{indefinite_article, real_type_of};
use crate::json::v8::utf16_len;
use super::MAX_PATTERN_LENGTH;
use crate::error::{pointer_push, Error, ErrorKind};
use crate::json::{write_string, Value};

/// A thrown `ValidationError`, or an `AggregateError` of them.
pub enum Invalid {
    One(Error),
    Many(Vec<Error>),
}

impl Invalid {
    /// Segment's AggregateError message (stack frames left out). It is built from each
    /// error's stack passed through `clean-stack`, which turns every `\\` into `/`.
    pub fn into_error(self) -> Error {
        match self {
            Invalid::One(e) => e,
            Invalid::Many(errors) => {
                let message: String =
                    errors.iter().map(|e| format!("\n    ValidationError: {}", e.message.replace('\\', "/"))).collect();
                Error::aggregate(ErrorKind::Mapping, message, errors)
            }
        }
    }
}

type Checked = Result<(), Invalid>;
type Validator = fn(&Value, &[String]) -> Checked;

/// `validate(mapping)`.
pub fn validate(mapping: &Value) -> Checked {
    validate_at(mapping, &[])
}

fn invalid(message: impl std::fmt::Display, stack: &[String]) -> Invalid {
    let pointer = stack.iter().fold(String::new(), |p, s| pointer_push(&p, s));
    Invalid::One(Error::mapping(pointer, format!("/{} {message}.", stack.join("/"))))
}

fn with(stack: &[String], key: &str) -> Vec<String> {
    let mut s = stack.to_vec();
    s.push(key.to_owned());
    s
}

fn json_text(s: &str) -> String {
    let mut out = String::new();
    write_string(s, &mut out);
    out
}

/// `realTypeOrDirective`: an object with any `@` key is a "directive".
fn type_or_directive(v: &Value) -> &'static str {
    match v {
        Value::Object(o) if o.keys().any(|k| k.starts_with('@')) => "directive",
        _ => real_type_of(v),
    }
}

fn a(type_name: &str) -> String {
    format!("{} {type_name}", indefinite_article(type_name))
}

fn collect(results: impl Iterator<Item = Checked>) -> Checked {
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(()) => {}
            Err(Invalid::One(e)) => errors.push(e),
            Err(Invalid::Many(es)) => errors.extend(es),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Invalid::Many(errors))
    }
}

fn validate_at(v: &Value, stack: &[String]) -> Checked {
    match type_or_directive(v) {
        "directive" => validate_directive(v, stack),
        "object" => validate_object(v, stack),
        "array" => validate_array(v, stack),
        _ => Ok(()),
    }
}

fn validate_directive(v: &Value, stack: &[String]) -> Checked {
    let Value::Object(obj) = v else {
        let t = real_type_of(v);
        return Err(invalid(format!("should be a directive object but it is {}", a(t)), stack));
    };
    let directive_keys: Vec<&String> = obj.keys().filter(|k| k.starts_with('@')).collect();
    if directive_keys.len() > 1 {
        let n = directive_keys.len();
        return Err(invalid(format!("should only have one @-prefixed key but it has {n} keys"), stack));
    }
    if obj.keys().any(|k| !k.starts_with('@') && k != "_metadata") {
        let n = obj.len();
        return Err(invalid(format!("should only have one @-prefixed key but it has {n} keys"), stack));
    }
    let Some(name) = directive_keys.first() else {
        return Err(invalid("has an invalid directive: undefined", stack));
    };
    let Some(check) = directive_validator(name) else {
        return Err(invalid(format!("has an invalid directive: {name}"), stack));
    };
    check(obj.get(name.as_str()).unwrap_or(&Value::Undefined), &with(stack, name))
}

fn directive_validator(name: &str) -> Option<Validator> {
    Some(match name {
        "@if" => |v, s| fields(v, s, &[("exists", Opt(or_raw)), ("then", Opt(or_raw)), ("else", Opt(or_raw))]),
        "@case" => |v, s| fields(v, s, &[("operator", Opt(string)), ("value", Opt(or_string))]),
        "@replace" => |v, s| {
            fields(
                v,
                s,
                &[
                    ("pattern", Req(pattern)),
                    ("replacement", Opt(replacement)),
                    ("value", Req(or_string)),
                    ("ignorecase", Opt(boolean)),
                    ("global", Opt(boolean)),
                ],
            )
        },
        "@arrayPath" => |v, s| {
            validate_array(v, s)?;
            let items = v.as_array();
            or_string(items.and_then(|a| a.first()).unwrap_or(&Value::Undefined), s)?;
            validate_at(items.and_then(|a| a.get(1)).unwrap_or(&Value::Undefined), s)
        },
        "@path" | "@template" => or_string,
        "@json" => |v, s| fields(v, s, &[("value", Req(or_raw)), ("mode", Req(json_mode))]),
        "@flatten" => |v, s| fields(v, s, &[("separator", Opt(string)), ("value", Req(or_raw))]),
        "@merge" => |v, s| {
            fields(v, s, &[("direction", Opt(merge_direction)), ("objects", Req(validate_array))])?;
            // Segment checks the objects with an empty path, and stops at the first error.
            let objects = v.get("objects").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            objects.iter().try_for_each(|o| or_object(o, &[]))
        },
        "@literal" | "@excludeWhenNull" => or_raw,
        "@transform" => |v, s| fields(v, s, &[("apply", Req(or_object)), ("mapping", Req(or_object))]),
        "@liquid" => string,
        _ => return None,
    })
}

fn or_raw(v: &Value, stack: &[String]) -> Checked {
    match type_or_directive(v) {
        "directive" => validate_directive(v, stack),
        "object" | "array" | "boolean" | "string" | "number" | "null" => Ok(()),
        t => Err(invalid(format!("should be a mapping directive or a JSON value but it is {}", a(t)), stack)),
    }
}

fn or_string(v: &Value, stack: &[String]) -> Checked {
    match type_or_directive(v) {
        "directive" => validate_directive(v, stack),
        "string" => Ok(()),
        t => Err(invalid(format!("should be a string or a mapping directive but it is {}", a(t)), stack)),
    }
}

fn or_object(v: &Value, stack: &[String]) -> Checked {
    match type_or_directive(v) {
        "directive" => validate_directive(v, stack),
        "object" => validate_object(v, stack),
        t => Err(invalid(format!("should be a object or a mapping directive but it is {}", a(t)), stack)),
    }
}

fn string_length(v: &Value, stack: &[String], min: usize, max: usize) -> Checked {
    if let Value::String(s) = v {
        let n = utf16_len(s);
        if n < min {
            return Err(invalid(format!("should be a string of length {min} or greater"), stack));
        }
        if n > max {
            return Err(invalid(format!("should be a string of length {max} or less"), stack));
        }
    }
    Ok(())
}

fn pattern(v: &Value, stack: &[String]) -> Checked {
    string(v, stack)?;
    string_length(v, stack, 1, MAX_PATTERN_LENGTH)
}

fn replacement(v: &Value, stack: &[String]) -> Checked {
    string(v, stack)?;
    string_length(v, stack, 0, super::MAX_REPLACEMENT_LENGTH)
}

fn string(v: &Value, stack: &[String]) -> Checked {
    match type_or_directive(v) {
        "string" => Ok(()),
        t => Err(invalid(format!("should be a string but it is {}", a(t)), stack)),
    }
}

fn allowed(v: &Value, stack: &[String], allowed: &[&str]) -> Checked {
    string(v, stack)?;
    let s = v.as_str().unwrap_or_default();
    if allowed.contains(&s.to_lowercase().as_str()) {
        Ok(())
    } else {
        Err(invalid(format!("should be one of {} but it is {}", allowed.join(", "), json_text(s)), stack))
    }
}

fn json_mode(v: &Value, stack: &[String]) -> Checked {
    allowed(v, stack, &["encode", "decode"])
}

fn merge_direction(v: &Value, stack: &[String]) -> Checked {
    allowed(v, stack, &["left", "right"])
}

fn boolean(v: &Value, stack: &[String]) -> Checked {
    match type_or_directive(v) {
        "boolean" => Ok(()),
        t => Err(invalid(format!("should be a boolean but it is {}", a(t)), stack)),
    }
}

fn validate_object(v: &Value, stack: &[String]) -> Checked {
    let Value::Object(obj) = v else {
        let t = type_or_directive(v);
        return Err(invalid(format!("should be an object but it is {}", a(t)), stack));
    };
    if obj.keys().any(|k| k.starts_with('@')) {
        let t = type_or_directive(v);
        return Err(invalid(format!("should be an object but it is {}", a(t)), stack));
    }
    collect(obj.iter().map(|(k, item)| validate_at(item, &with(stack, k))))
}

fn validate_array(v: &Value, stack: &[String]) -> Checked {
    match real_type_of(v) {
        "array" => Ok(()),
        t => Err(invalid(format!("should be an array but it is {}", a(t)), stack)),
    }
}

enum Field {
    Req(Validator),
    Opt(Validator),
}
use Field::{Opt, Req};

/// `validateObjectWithFields`: the object and its keys first, then each field in order.
fn fields(v: &Value, stack: &[String], spec: &[(&str, Field)]) -> Checked {
    validate_object(v, stack)?;
    collect(spec.iter().map(|(prop, field)| {
        let value = v.get(prop).unwrap_or(&Value::Undefined);
        match field {
            Req(_) if value.is_undefined() => {
                Err(invalid(format!("should have field {} but it doesn't", json_text(prop)), stack))
            }
            Req(check) => check(value, &with(stack, prop)),
            Opt(_) if value.is_undefined() => Ok(()),
            Opt(check) => check(value, &with(stack, prop)),
        }
    }))
}
