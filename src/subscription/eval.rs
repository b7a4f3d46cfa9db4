//! Matching: `validate.js` and `get.js` of `@segment/destination-subscriptions` 3.37.
//!
//! `get` walks a path with JavaScript property access (`obj && obj[key]`), so it also finds
//! what JS finds: `length` of strings and arrays, string characters, inherited methods
//! (`constructor`, `toString`…), and a falsy value part way stops the walk and is the answer.

use super::prototype::{self, inherits};
use super::{Condition, Expected, Field, Group, Node, Op};
use crate::json::v8::utf16_len;
use crate::json::{is_array_index, Value};

static UNDEFINED: Value = Value::Undefined;

/// What a field lookup finds.
#[derive(Debug)]
pub(super) enum Found<'a> {
    Value(&'a Value),
    /// A `length`.
    Number(f64),
    /// One character of a string.
    String(String),
    /// A built-in JS function or object (an inherited method): present, but no string,
    /// number or boolean.
    Builtin,
}

impl Found<'_> {
    fn is_truthy(&self) -> bool {
        match self {
            Found::Value(v) => v.is_truthy(),
            Found::Number(n) => *n != 0.0 && !n.is_nan(),
            Found::String(s) => !s.is_empty(),
            Found::Builtin => true,
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Found::Value(Value::String(s)) => Some(s),
            Found::String(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn as_number(&self) -> Option<f64> {
        match self {
            Found::Value(Value::Number(n)) | Found::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub(super) fn is_missing(&self) -> bool {
        matches!(self, Found::Value(v) if v.is_nullish())
    }
}

/// `found[key]` in JS, for a truthy `found`.
fn property<'a>(found: Found<'a>, key: &str) -> Found<'a> {
    let inherited = |own: &[&str]| {
        if inherits(own, key) {
            Found::Builtin
        } else {
            Found::Value(&UNDEFINED)
        }
    };
    let index = || {
        if is_array_index(key) {
            key.parse::<usize>().ok()
        } else {
            None
        }
    };
    match found {
        Found::Value(Value::Object(o)) => o.get(key).map_or_else(|| inherited(&[]), Found::Value),
        Found::Value(Value::Array(a)) => match index() {
            Some(i) => Found::Value(a.get(i).unwrap_or(&UNDEFINED)),
            None if key == "length" => Found::Number(a.len() as f64),
            None => inherited(prototype::ARRAY),
        },
        Found::Value(Value::String(s)) => string_property(s, key, index(), inherited),
        Found::String(s) => string_property(&s, key, index(), inherited),
        Found::Value(Value::Number(_)) | Found::Number(_) => inherited(prototype::NUMBER),
        Found::Value(Value::Bool(_)) => inherited(&[]),
        // Inherited functions have more (`name`, `length`); only Object's are modelled.
        Found::Builtin => inherited(&[]),
        Found::Value(Value::Null | Value::Undefined) => Found::Value(&UNDEFINED),
    }
}

fn string_property<'a>(
    s: &str,
    key: &str,
    index: Option<usize>,
    inherited: impl Fn(&[&str]) -> Found<'a>,
) -> Found<'a> {
    match index {
        // JS strings index UTF-16 units.
        Some(i) => s.encode_utf16().nth(i).map_or(Found::Value(&UNDEFINED), |unit| {
            Found::String(String::from_utf16_lossy(&[unit]))
        }),
        None if key == "length" => Found::Number(utf16_len(s) as f64),
        None => inherited(prototype::STRING),
    }
}

/// Where Segment's `validate` throws a TypeError for an event instead of answering.
#[derive(Debug)]
pub(super) struct Throws;

/// `data.type`, or `get(data.properties, name)` and the like.
pub(super) fn lookup<'a>(field: &Field, event: &'a Value) -> Result<Found<'a>, Throws> {
    let key = |k: &str| Found::Value(event.as_object().and_then(|o| o.get(k)).unwrap_or(&UNDEFINED));
    match field {
        Field::Top(name) => Ok(key(name)),
        Field::Nested { path: None, .. } => Ok(Found::Value(&UNDEFINED)),
        Field::Nested { path: Some(path), .. } if path.is_empty() => Err(Throws),
        Field::Nested { root, path: Some(path) } => {
            let mut found = key(root);
            for segment in path {
                if !found.is_truthy() {
                    break;
                }
                found = property(found, segment);
            }
            Ok(found)
        }
    }
}

pub(super) fn group(group: &Group, event: &Value) -> Result<bool, Throws> {
    // Short-circuits as `every`/`some` do: a hole after the deciding child is never reached.
    for child in &group.children {
        if node(child, event)? == group.any {
            return Ok(group.any);
        }
    }
    Ok(!group.any)
}

pub(super) fn node(node: &Node, event: &Value) -> Result<bool, Throws> {
    match node {
        Node::Group(g) => group(g, event),
        Node::Condition(c) => condition(c, event),
        Node::Hole(_) => Err(Throws),
    }
}

pub(super) fn condition(condition: &Condition, event: &Value) -> Result<bool, Throws> {
    Ok(check(
        &lookup(&condition.field, event)?,
        &condition.op,
        &condition.expected,
    ))
}

/// `validateValue(actual, operator, expected)`.
pub(super) fn check(actual: &Found, op: &Op, expected: &Expected) -> bool {
    let number = |test: fn(f64, f64) -> bool| actual.as_number().is_some_and(|n| test(n, expected.number));
    let string = |test: fn(&Expected, &str) -> bool| actual.as_str().is_some_and(|s| test(expected, s));
    match op {
        Op::Equals => actual.as_str() == Some(expected.text.as_str()),
        Op::NotEquals => actual.as_str() != Some(expected.text.as_str()),
        Op::NumberEquals => number(|a, b| a == b),
        Op::NumberNotEquals => number(|a, b| a != b),
        Op::Less => number(|a, b| a < b),
        Op::LessOrEqual => number(|a, b| a <= b),
        Op::Greater => number(|a, b| a > b),
        Op::GreaterOrEqual => number(|a, b| a >= b),
        Op::Contains => string(Expected::is_in),
        Op::NotContains => string(|e, s| !e.is_in(s)),
        Op::StartsWith => string(Expected::starts),
        Op::NotStartsWith => string(|e, s| !e.starts(s)),
        Op::EndsWith => string(Expected::ends),
        Op::NotEndsWith => string(|e, s| !e.ends(s)),
        Op::Exists => !actual.is_missing(),
        Op::NotExists => actual.is_missing(),
        Op::IsTrue => matches!(actual, Found::Value(Value::Bool(true))),
        Op::IsFalse => matches!(actual, Found::Value(Value::Bool(false))),
        Op::Unknown(_) => false,
    }
}

impl Expected {
    fn is_in(&self, s: &str) -> bool {
        match &self.units {
            None => s.contains(self.text.as_str()),
            Some(u) => {
                u.is_empty()
                    || s.encode_utf16()
                        .collect::<Vec<_>>()
                        .windows(u.len())
                        .any(|w| w == u.as_slice())
            }
        }
    }
    fn starts(&self, s: &str) -> bool {
        match &self.units {
            None => s.starts_with(self.text.as_str()),
            Some(u) => s.encode_utf16().collect::<Vec<_>>().starts_with(u),
        }
    }
    fn ends(&self, s: &str) -> bool {
        match &self.units {
            None => s.ends_with(self.text.as_str()),
            Some(u) => s.encode_utf16().collect::<Vec<_>>().ends_with(u),
        }
    }
}
