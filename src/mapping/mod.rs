//! Segment's mapping-kit (`@segment/actions-core` 3.170): a mapping is compiled once
//! (validated into typed nodes) and applied to many events, with Segment's results:
//! same values, key order, number text and error messages.
//!
//! One deliberate approximation: JS objects inherit members (`constructor`,
//! `toString`, `__proto__`, a string's `toUpperCase` …) that a path can reach in
//! Segment; they are functions or prototypes JSON cannot carry, and here they read as
//! `undefined` (see `path.rs`). Also: half of a surrogate pair (`"😀"[0]`) cannot live
//! in a Rust string and becomes U+FFFD; `@json decode` of text nested deeper than
//! `json::MAX_DEPTH` gives back the string; mappings and events nested deeper than
//! that are refused with an error instead of running.

mod eval;
mod js;
pub mod liquid;
mod node;
mod path;
mod replace;
mod spliced;
mod template;
mod to_text;
mod validate;

use crate::error::{pointer_push, Error, Result};
use crate::json::{Object, Value, MAX_DEPTH};
use js::real_type_of;
use crate::json::v8::utf16_units;
use node::Node;

/// `@replace`'s limit on `pattern` (UTF-16 units).
pub const MAX_PATTERN_LENGTH: usize = 10;
/// `@replace`'s limit on `replacement` (UTF-16 units).
pub const MAX_REPLACEMENT_LENGTH: usize = 10;

const ROOT_MAPPING_FIELD_KEY: &str = "__segment_internal_directive";

/// The caller's clock (ms since the epoch) for Liquid's `"now"` and `"today"`, read
/// only when a template asks: the core has no clock of its own (the wasm face passes
/// `Date.now`, tests a fixed time).
pub type Clock<'a> = &'a dyn Fn() -> f64;

/// A validated, compiled mapping.
#[derive(Clone, Debug)]
pub struct Mapping {
    root: Node,
    /// How `apply_text` reads an event, when it can read only parts of it.
    text_plan: Option<to_text::TextPlan>,
}

impl Mapping {
    /// Validates `mapping` as mapping-kit's `validate` does. On failure the error is an
    /// aggregate (kind `Mapping`) whose `errors` carry Segment's messages and JSON
    /// pointers — or a single error where Segment throws a single one.
    pub fn compile(mapping: &Value) -> Result<Mapping> {
        check_depth(mapping, "mapping")?;
        match Compiled::new(mapping, "").root {
            Ok(root) => Ok(Mapping { text_plan: to_text::TextPlan::new(&root), root }),
            Err(e) => Err(*e),
        }
    }

    /// The mapping's own top-level keys, when it is an object (a mapping of fields).
    pub fn top_level_keys(&self) -> Vec<&str> {
        match &self.root {
            Node::Object(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            Node::Value(Value::Object(o)) => o.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// `transform(mapping, data)`: the resolved mapping with `undefined` removed.
    pub fn apply(&self, data: &Value, now: Clock) -> Result<Value> {
        with_event(data, |data| {
            check_depth(data, "data")?;
            let mut out = self.root.eval(data, now)?;
            eval::remove_undefined(&mut out);
            Ok(out)
        })
    }
}

/// `transform(mapping, data)` of mapping-kit in one call (the data is checked first,
/// as Segment does).
pub fn transform(mapping: &Value, data: &Value, now: Clock) -> Result<Value> {
    with_event(data, |_| Ok(()))?;
    Mapping::compile(mapping)?.apply(data, now)
}

/// mapping-kit's validation messages for `mapping`, empty when it is valid.
pub fn validate(mapping: &Value) -> Vec<Error> {
    // mapping-kit's validate() reports nothing for a primitive, null or array mapping (only
    // transform() refuses those).
    if !matches!(mapping, Value::Object(_)) {
        return Vec::new();
    }
    match Mapping::compile(mapping) {
        Ok(_) => Vec::new(),
        Err(e) => e.flatten().into_iter().cloned().collect(),
    }
}

/// Runs `f` on the event a transform reads: an object (`undefined` stands for `{}`,
/// the parameter's default in JS).
fn with_event<T>(data: &Value, f: impl FnOnce(&Value) -> Result<T>) -> Result<T> {
    match data {
        Value::Object(_) => f(data),
        Value::Undefined => f(&Value::Object(Object::new())),
        v => Err(Error::mapping("", format!("data must be an object, got {}", real_type_of(v)))),
    }
}

/// One `transform(mapping, …)` decided ahead: the mapping after root handling and
/// validation, or the error Segment throws for it (deferred: `@transform` throws it
/// only when reached, after checking its data).
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    root: Result<Node, Box<Error>>,
}

impl Compiled {
    fn new(mapping: &Value, at: &str) -> Compiled {
        let root = mapping_to_process(mapping).and_then(|m| {
            validate::validate(&m).map_err(validate::Invalid::into_error)?;
            Ok(node::compile(&m, at))
        });
        Compiled { root: root.map_err(Box::new) }
    }

    /// `transform(mapping, data)` nested in `@transform`.
    fn run(&self, data: &Value, now: Clock) -> Result<Value> {
        with_event(data, |data| {
            let root = self.root.as_ref().map_err(|e| (**e).clone())?;
            let mut out = root.eval(data, now)?;
            eval::remove_undefined(&mut out);
            Ok(out)
        })
    }
}

fn no_object() -> Error {
    Error::mapping("", "Cannot convert undefined or null to object")
}

/// `Object.keys(v)` of any JS value (`null` and `undefined` throw).
fn js_keys(v: &Value) -> Result<Vec<String>> {
    Ok(match v {
        Value::Undefined | Value::Null => return Err(no_object()),
        Value::Object(o) => o.keys().cloned().collect(),
        Value::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
        Value::String(s) => utf16_units(s).enumerate().map(|(i, _)| i.to_string()).collect(),
        Value::Bool(_) | Value::Number(_) => Vec::new(),
    })
}

/// `getMappingToProcess`: `{...mapping}`, or, with a root directive, that directive
/// with the other keys injected as its `mapping`.
fn mapping_to_process(mapping: &Value) -> Result<Value> {
    let keys = js_keys(mapping)?;
    let obj = match mapping {
        Value::Object(o) => o,
        Value::Array(items) => return Ok(Value::Object(items.iter().enumerate().map(|(i, v)| (i.to_string(), v.clone())).collect())),
        Value::String(s) => return Ok(Value::Object(utf16_units(s).enumerate().map(|(i, u)| (i.to_string(), Value::String(u))).collect())),
        _ => return Ok(Value::Object(Object::new())),
    };
    if !keys.iter().any(|k| k == ROOT_MAPPING_FIELD_KEY) {
        return Ok(mapping.clone());
    }
    // `customerMappings[key] = …`: a `__proto__` key sets a prototype, not a key.
    let customer: Object = obj
        .iter()
        .filter(|(k, _)| k.as_str() != ROOT_MAPPING_FIELD_KEY && k.as_str() != "__proto__")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut root = obj.get(ROOT_MAPPING_FIELD_KEY).cloned().unwrap_or_default();
    let root_keys = js_keys(&root)?;
    if root_keys.len() > 1 {
        return Err(Error::mapping("", "The root mapping must only have a single directive object"));
    }
    let first = root_keys.first().map_or("undefined", String::as_str).to_owned();
    match &mut root {
        Value::Object(o) => match o.get_mut(&first) {
            Some(Value::Object(directive)) => directive.insert("mapping", Value::Object(customer)),
            Some(Value::Array(_)) => {} // `.mapping` on an array is invisible to mapping-kit
            _ => return Err(root_not_object()),
        },
        Value::Array(items) => match items.first_mut() {
            Some(Value::Object(directive)) => directive.insert("mapping", Value::Object(customer)),
            Some(Value::Array(_)) => {}
            _ => return Err(root_not_object()),
        },
        _ => return Err(root_not_object()),
    }
    Ok(root)
}

fn root_not_object() -> Error {
    Error::mapping("", "The root directive must be an object")
}

/// Refuses values nested deeper than `MAX_DEPTH`. The first walk recurses at most
/// `MAX_DEPTH + 1` levels (small frames, no allocation); a deep value is then walked
/// again without recursion to say where.
fn check_depth(v: &Value, what: &str) -> Result<()> {
    fn too_deep(v: &Value, depth: usize) -> bool {
        match v {
            Value::Array(_) | Value::Object(_) if depth > MAX_DEPTH => true,
            Value::Array(items) => items.iter().any(|x| too_deep(x, depth + 1)),
            Value::Object(o) => o.values().any(|x| too_deep(x, depth + 1)),
            _ => false,
        }
    }
    if !too_deep(v, 1) {
        return Ok(());
    }
    // Found: walk again, now keeping paths, to say where.
    let mut stack = vec![(v, 1usize, String::new())];
    while let Some((v, depth, at)) = stack.pop() {
        if matches!(v, Value::Array(_) | Value::Object(_)) && depth > MAX_DEPTH {
            return Err(Error::mapping(at, format!("{what} is nested deeper than {MAX_DEPTH} levels")));
        }
        match v {
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().map(|(i, x)| (x, depth + 1, pointer_push(&at, &i.to_string()))))
            }
            Value::Object(o) => stack.extend(o.iter().map(|(k, x)| (x, depth + 1, pointer_push(&at, k)))),
            _ => {}
        }
    }
    Ok(())
}
