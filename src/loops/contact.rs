//! `createOrUpdateContact`'s body, exactly as Segment's `perform` builds it.

use super::lists;
use crate::json::{Object, Value};

/// `{ ...customAttributes, ...rest, mailingLists }` where `mailingLists` is the mapped
/// value when it is non-empty, else `customAttributes.mailingLists`, filtered; always
/// last, `{}` at least. `customAttributes.mailingLists` is never spread. Mapped fields
/// overwrite same-named attributes in place (JS assignment keeps the key's position).
/// Whether the mapped `mailingLists` win over `customAttributes.mailingLists`: a
/// non-empty object or any other truthy value.
pub fn lists_are_mapped(mapped_lists: Option<&Value>) -> bool {
    match mapped_lists {
        Some(Value::Object(o)) => !o.is_empty(),
        Some(v) => v.is_truthy(),
        None => false,
    }
}

pub fn body(mut payload: Object) -> Object {
    let custom = match payload.remove("customAttributes") {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    };
    let mapped_lists = payload.remove("mailingLists");
    let mut body = custom.unwrap_or_default();
    let traits_lists = body.remove("mailingLists");

    let lists_to_use = if lists_are_mapped(mapped_lists.as_ref()) { mapped_lists } else { traits_lists.or(mapped_lists) };
    let filtered = match lists_to_use {
        Some(v) if v.is_truthy() => lists::filter(&v),
        _ => Object::new(),
    };

    for (k, v) in payload {
        body.insert(k, v);
    }
    body.insert("mailingLists", Value::Object(filtered));
    body
}
