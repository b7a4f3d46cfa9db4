//! `JSON.stringify(transform(mapping, data))` without copying the event into the result
//! where the result is a copy of the event: a top-level field that is a plain `@path` is
//! written straight from the event. (The contact mapping's `customAttributes: $.traits`
//! is most of its output; copying it to a tree and then writing the tree cost more than
//! everything else the mapping does.)

use super::eval::remove_undefined;
use super::node::Node;
use super::path::Got;
use super::{check_depth, with_event, Mapping};
use crate::error::Result;
use crate::json::{self, Value};

/// mapping-kit removes `__proto__` keys with the `undefined` values, at every depth.
const PROTO: &str = "__proto__";

impl Mapping {
    /// The JSON text of `apply(data)`; `None` where `JSON.stringify` gives `undefined`.
    pub fn apply_to_text(&self, data: &Value) -> Result<Option<String>> {
        let Node::Object(entries) = &self.root else {
            return Ok(json::stringify(&self.apply(data)?));
        };
        with_event(data, |data| {
            check_depth(data, "data")?;
            let mut out = String::from("{");
            // The same fields, in the same order, evaluated in the same order (so the
            // same first error) as `apply`.
            for (key, node) in entries {
                let found = node.peek(data)?;
                let owned;
                let value = match found {
                    Got::Ref(v) => v,
                    Got::Owned(mut v) => {
                        remove_undefined(&mut v);
                        owned = v;
                        &owned
                    }
                };
                if value.is_undefined() || key == PROTO {
                    continue;
                }
                if out.len() > 1 {
                    out.push(',');
                }
                json::write_string(key, &mut out);
                out.push(':');
                json::stringify_into_without(value, &mut out, PROTO);
            }
            out.push('}');
            Ok(Some(out))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::json::{self, Value};
    use crate::mapping::Mapping;

    /// On every mapping fixture (Segment-recorded), the text path gives exactly the text
    /// of the tree path, or the same error.
    #[test]
    fn same_text_as_apply_on_every_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mapping");
        let mut checked = 0;
        for file in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let case = json::parse(line).unwrap();
                let Ok(mapping) = Mapping::compile(case.get("mapping").unwrap_or(&Value::Undefined)) else { continue };
                let data = case.get("input").cloned().unwrap_or_default();
                let tree = mapping.apply(&data).map(|v| json::stringify(&v));
                let text = mapping.apply_to_text(&data);
                assert_eq!(format!("{tree:?}"), format!("{text:?}"), "{line}");
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} fixtures checked");
    }

    #[test]
    fn proto_keys_and_undefined_are_left_out_at_every_depth() {
        let mapping = Mapping::compile(&json::parse(r#"{"a":{"@path":"$.t"},"__proto__":{"@path":"$.t"},"b":{"@path":"$.missing"}}"#).unwrap()).unwrap();
        let data = json::parse(r#"{"t":{"x":1,"__proto__":{"y":2},"z":[{"__proto__":3,"w":4}]}}"#).unwrap();
        let text = mapping.apply_to_text(&data).unwrap().unwrap();
        assert_eq!(text, r#"{"a":{"x":1,"z":[{"w":4}]}}"#);
        assert_eq!(Some(text), json::stringify(&mapping.apply(&data).unwrap()));
    }
}
