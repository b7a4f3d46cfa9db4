//! Applying compiled nodes to an event: mapping-kit's `resolve` and its directives.

use super::js::{loosely_differs_from_empty_string, real_type_of};
use crate::json::v8::utf16_units;
use super::node::{CaseOperator, Condition, Directive, JsonMode, Kind, Node, ReplacePlan, Source};
use super::path::{Got, Path};
use super::template::Template;
use super::Clock;
use crate::error::{Error, Result};
use crate::json::{self, Object, Value};

impl Node {
    pub fn eval(&self, data: &Value, now: Clock) -> Result<Value> {
        match self {
            Node::Value(v) => Ok(v.clone()),
            Node::Array(items) => items.iter().map(|n| n.eval(data, now)).collect::<Result<Vec<_>>>().map(Value::Array),
            Node::Object(entries) => {
                let mut out = Object::with_capacity(entries.len());
                for (k, n) in entries {
                    out.insert(k.clone(), n.eval(data, now)?);
                }
                Ok(Value::Object(out))
            }
            Node::Directive(d) => d.eval(data, now),
            Node::Fail(e) => Err((**e).clone()),
        }
    }

    /// `eval` without copying what a ready `@path` finds in the event, for checks that
    /// only look at the value.
    pub(super) fn peek<'a>(&self, data: &'a Value, now: Clock) -> Result<Got<'a>> {
        match self {
            Node::Directive(d) => match &d.kind {
                Kind::Path(Source::Ready(path)) => Ok(path.get(data)),
                _ => d.eval(data, now).map(Got::Owned),
            },
            _ => self.eval(data, now).map(Got::Owned),
        }
    }
}

impl Directive {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::mapping(self.at.as_str(), message)
    }

    /// A string argument, checked as `registerStringDirective` does.
    fn string_arg<'s, T>(&self, source: &'s Source<T>, data: &Value, now: Clock, name: &str) -> Result<StrArg<'s, T>> {
        match source {
            Source::Ready(t) => Ok(StrArg::Ready(t)),
            Source::Resolved(node) => match node.eval(data, now)? {
                Value::String(s) => Ok(StrArg::Text(s)),
                v => Err(self.error(format!("{name}: expected string, got {}", real_type_of(&v)))),
            },
        }
    }

    fn eval(&self, data: &Value, now: Clock) -> Result<Value> {
        // One small function per directive, to keep each level's stack frame small.
        match &self.kind {
            Kind::If { condition, then, otherwise } => eval_if(condition, then.as_ref(), otherwise.as_ref(), data, now),
            Kind::Case { operator, value } => self.eval_case(*operator, value.as_ref(), data, now),
            Kind::Replace { value, plan } => eval_replace(value.as_ref(), plan, data, now),
            Kind::ArrayPath { root, shape } => eval_array_path(root, shape.as_ref(), data, now),
            Kind::Path(source) => self.eval_path(source, data, now),
            Kind::Template(source) => self.eval_template(source, data, now),
            Kind::Literal(node) => node.eval(data, now),
            Kind::Flatten { separator, value, omit_arrays } => self.eval_flatten(separator, value, *omit_arrays, data, now),
            Kind::Json { mode, value } => eval_json(*mode, value, data, now),
            Kind::Merge { direction, objects } => eval_merge(direction, objects, data, now),
            Kind::Transform { apply, mapping } => mapping.eval(&apply.run(data, now)?, now),
            Kind::ExcludeWhenNull(node) => Ok(match node.eval(data, now)? {
                Value::Null => Value::Undefined,
                mut v => {
                    clean_nulls(&mut v);
                    v
                }
            }),
            Kind::Liquid(template) => template.render(data, now).map(Value::String),
        }
    }

    fn eval_case(&self, operator: CaseOperator, value: Option<&Node>, data: &Value, now: Clock) -> Result<Value> {
        let Some(node) = value else { return Ok(Value::Undefined) };
        match (node.eval(data, now)?, operator) {
            (Value::String(s), CaseOperator::Lower) => Ok(Value::String(s.to_lowercase())),
            (Value::String(s), CaseOperator::Upper) => Ok(Value::String(s.to_uppercase())),
            (Value::String(_), CaseOperator::Other) => Err(self.error("operator key should have a value of \"lower\" or \"upper\"")),
            (v, _) => Ok(v),
        }
    }

    fn eval_path(&self, source: &Source<Path>, data: &Value, now: Clock) -> Result<Value> {
        Ok(match self.string_arg(source, data, now, "@path")? {
            StrArg::Ready(path) => path.get(data).into_value(),
            StrArg::Text(p) => Path::parse(&p.replacen("$.", "", 1)).get(data).into_value(),
        })
    }

    fn eval_template(&self, source: &Source<Template>, data: &Value, now: Clock) -> Result<Value> {
        Ok(Value::String(match self.string_arg(source, data, now, "@template")? {
            StrArg::Ready(t) => t.render(data),
            StrArg::Text(t) => Template::parse(&t).render(data),
        }))
    }

    fn eval_flatten(&self, separator: &Node, value: &Node, omit_arrays: bool, data: &Value, now: Clock) -> Result<Value> {
        let Value::String(separator) = separator.eval(data, now)? else {
            return Err(self.error("@flatten requires a string separator"));
        };
        let mut out = Object::new();
        flatten_into(value.eval(data, now)?, String::new(), &separator, omit_arrays, &mut out);
        Ok(Value::Object(out))
    }
}

fn eval_if(condition: &Condition, then: Option<&Node>, otherwise: Option<&Node>, data: &Value, now: Clock) -> Result<Value> {
    let holds = match condition {
        Condition::Exists(n) => !n.peek(data, now)?.value().is_nullish(),
        Condition::Blank(n) => {
            let v = n.peek(data, now)?;
            !v.value().is_nullish() && loosely_differs_from_empty_string(v.value())
        }
    };
    match (holds, then, otherwise) {
        (true, Some(n), _) | (false, _, Some(n)) => n.eval(data, now),
        _ => Ok(Value::Undefined),
    }
}

fn eval_replace(value: Option<&Node>, plan: &ReplacePlan, data: &Value, now: Clock) -> Result<Value> {
    let Some(node) = value else { return Ok(Value::Undefined) };
    let text = match node.eval(data, now)? {
        Value::String(s) => s,
        v @ (Value::Bool(_) | Value::Number(_)) => v.to_js_string(),
        _ => return Ok(Value::from("")),
    };
    match plan {
        ReplacePlan::Empty => Ok(Value::from("")),
        ReplacePlan::Fail(e) => Err((**e).clone()),
        ReplacePlan::Run(first, second) => {
            let once = first.replace(&text);
            Ok(Value::String(match second {
                Some(r) => r.replace(&once),
                None => once,
            }))
        }
    }
}

fn eval_array_path(root: &Source<Path>, shape: Option<&Node>, data: &Value, now: Clock) -> Result<Value> {
    let resolved;
    let root = match root {
        Source::Ready(path) => path.get(data),
        Source::Resolved(node) => {
            resolved = node.eval(data, now)?;
            Got::Ref(&resolved)
        }
    };
    match (shape, root.value()) {
        (Some(shape), Value::Array(items)) => items.iter().map(|item| shape.eval(item, now)).collect::<Result<_>>().map(Value::Array),
        (Some(shape), item @ Value::Object(_)) => Ok(Value::Array(vec![shape.eval(item, now)?])),
        _ => Ok(root.into_value()),
    }
}

fn eval_json(mode: JsonMode, value: &Node, data: &Value, now: Clock) -> Result<Value> {
    let v = value.eval(data, now)?;
    Ok(match (mode, v) {
        (JsonMode::Encode, v) => json::stringify(&v).map_or(Value::Undefined, Value::String),
        (JsonMode::Decode, Value::String(s)) => json::parse(&s).unwrap_or(Value::String(s)),
        (JsonMode::Decode, v) => v,
        (JsonMode::Other, _) => Value::Undefined,
    })
}

fn eval_merge(direction: &Node, objects: &Result<Vec<Node>, Box<Error>>, data: &Value, now: Clock) -> Result<Value> {
    let direction = direction.eval(data, now)?;
    let nodes = objects.as_ref().map_err(|e| (**e).clone())?;
    let mut values = nodes.iter().map(|n| n.eval(data, now)).collect::<Result<Vec<_>>>()?;
    if direction.as_str() == Some("left") {
        values.reverse();
    }
    let mut out = Object::new();
    values.iter().for_each(|v| assign(&mut out, v));
    Ok(Value::Object(out))
}

enum StrArg<'s, T> {
    Ready(&'s T),
    Text(String),
}

/// `Object.assign(out, v)` for one source: strings and arrays give their index keys.
fn assign(out: &mut Object, v: &Value) {
    match v {
        Value::Object(o) => out.assign(o),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| out.insert(i.to_string(), x.clone())),
        Value::String(s) => utf16_units(s).enumerate().for_each(|(i, u)| out.insert(i.to_string(), Value::String(u))),
        _ => {}
    }
}

/// `flattenObject`: nested keys joined with `separator`; arrays too unless `omit_arrays`.
fn flatten_into(input: Value, prefix: String, separator: &str, omit_arrays: bool, out: &mut Object) {
    let key = |k: &str| if prefix.is_empty() { k.to_owned() } else { format!("{prefix}{separator}{k}") };
    match input {
        Value::Object(o) => o.into_iter().for_each(|(k, v)| flatten_into(v, key(&k), separator, omit_arrays, out)),
        Value::Array(items) if !omit_arrays => {
            items.into_iter().enumerate().for_each(|(i, v)| flatten_into(v, key(&i.to_string()), separator, omit_arrays, out))
        }
        v => out.insert(prefix, v),
    }
}

/// `@excludeWhenNull`'s `cleanNulls`: null keys become `undefined`, nested objects too
/// (arrays are left alone).
fn clean_nulls(v: &mut Value) {
    if let Value::Object(o) = v {
        for (_, val) in o.iter_mut() {
            match val {
                Value::Null => *val = Value::Undefined,
                Value::Object(_) => clean_nulls(val),
                _ => {}
            }
        }
    }
}

/// `removeUndefined`: drops object keys whose value is `undefined`, recursively
/// (array items stay). It copies with `Object.assign`, where a `__proto__` key sets a
/// prototype instead of a key, so that key goes too.
pub fn remove_undefined(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(remove_undefined),
        Value::Object(o) => {
            o.retain(|k, x| !x.is_undefined() && k != "__proto__");
            o.iter_mut().for_each(|(_, x)| remove_undefined(x));
        }
        _ => {}
    }
}
