//! Compiling a (validated) mapping into nodes: what `resolve` would do, decided once.
//! Checks Segment makes at run time on the mapping alone become `Fail` nodes, thrown
//! only when reached, so errors come in Segment's order (and untaken branches never fail).

use super::js::real_type_of;
use crate::json::v8::utf16_len;
use super::liquid;
use super::path::Path;
use super::replace::Replacer;
use super::template::Template;
use super::{Compiled, MAX_PATTERN_LENGTH, MAX_REPLACEMENT_LENGTH};
use crate::error::{pointer_push, Error};
use crate::json::{Object, Value};

#[derive(Clone, Debug)]
pub enum Node {
    /// Resolves to a copy of itself: no directive inside.
    Value(Value),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
    Directive(Box<Directive>),
    /// An error Segment throws when it reaches this point.
    Fail(Box<Error>),
}

#[derive(Clone, Debug)]
pub struct Directive {
    /// Where the directive sits in the mapping (JSON pointer), for run-time errors.
    pub at: String,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub enum Kind {
    If { condition: Condition, then: Option<Node>, otherwise: Option<Node> },
    Case { operator: CaseOperator, value: Option<Node> },
    Replace { value: Option<Node>, plan: ReplacePlan },
    ArrayPath { root: Source<Path>, shape: Option<Node> },
    Path(Source<Path>),
    Template(Source<Template>),
    Literal(Node),
    Flatten { separator: Node, value: Node, omit_arrays: bool },
    Json { mode: JsonMode, value: Node },
    Merge { direction: Node, objects: Result<Vec<Node>, Box<Error>> },
    Transform { apply: Box<Compiled>, mapping: Node },
    ExcludeWhenNull(Node),
    Liquid(liquid::Template),
}

#[derive(Clone, Debug)]
pub enum Condition {
    Exists(Node),
    Blank(Node),
}

#[derive(Clone, Copy, Debug)]
pub enum CaseOperator {
    Lower,
    Upper,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub enum JsonMode {
    Encode,
    Decode,
    Other,
}

/// What `@replace` does with a string value, known from its options alone.
#[derive(Clone, Debug)]
pub enum ReplacePlan {
    /// An option has the wrong type: the result is `""`.
    Empty,
    Fail(Box<Error>),
    Run(Replacer, Option<Replacer>),
}

/// A string argument: known now, or resolved per event (then it must be a string).
#[derive(Clone, Debug)]
pub enum Source<T> {
    Ready(T),
    Resolved(Node),
}

/// `resolve(mapping)` decided ahead: `at` is the JSON pointer of `v` in the mapping.
pub fn compile(v: &Value, at: &str) -> Node {
    match v {
        Value::Array(items) => {
            let nodes: Vec<Node> = items.iter().enumerate().map(|(i, x)| compile(x, &pointer_push(at, &i.to_string()))).collect();
            if nodes.iter().all(|n| matches!(n, Node::Value(_))) {
                Node::Value(Value::Array(nodes.into_iter().map(into_value).collect()))
            } else {
                Node::Array(nodes)
            }
        }
        Value::Object(obj) if is_directive(obj) => compile_directive(obj, at),
        Value::Object(obj) => {
            // `resolved["__proto__"] = x` sets a prototype, not a key: the key is lost.
            let entries: Vec<(String, Node)> = obj
                .iter()
                .filter(|(k, _)| k.as_str() != "__proto__")
                .map(|(k, x)| (k.clone(), compile(x, &pointer_push(at, k))))
                .collect();
            if entries.iter().all(|(_, n)| matches!(n, Node::Value(_))) {
                Node::Value(Value::Object(entries.into_iter().map(|(k, n)| (k, into_value(n))).collect()))
            } else {
                Node::Object(entries)
            }
        }
        _ => Node::Value(v.clone()),
    }
}

fn into_value(n: Node) -> Value {
    match n {
        Node::Value(v) => v,
        _ => Value::Undefined,
    }
}

/// mapping-kit's `isDirective`: some `@` key, and no other key but `_metadata`.
pub fn is_directive(obj: &Object) -> bool {
    obj.keys().any(|k| k.starts_with('@')) && obj.keys().all(|k| k.starts_with('@') || k == "_metadata")
}

fn fail(at: &str, message: impl Into<String>) -> Node {
    Node::Fail(Box::new(Error::mapping(at, message)))
}

/// `opts[key]`, `undefined` when absent.
fn opt<'a>(opts: &'a Object, key: &str) -> &'a Value {
    opts.get(key).unwrap_or(&Value::Undefined)
}

/// A directive node, or (`Err`) the node that stands for it: a failure, or a constant.
fn compile_directive(obj: &Object, at: &str) -> Node {
    let Some(name) = obj.keys().find(|k| k.starts_with('@')) else {
        return Node::Value(Value::Undefined);
    };
    let value = opt(obj, name);
    let at = pointer_push(at, name);
    let kind = match compile_kind(name, value, &at) {
        Ok(kind) => kind,
        Err(node) => return node,
    };
    Node::Directive(Box::new(Directive { at, kind }))
}

/// A directive's options that are not an object fail with this message.
fn options<'a>(value: &'a Value, at: &str, message: &str) -> Result<&'a Object, Node> {
    value.as_object().ok_or_else(|| fail(at, message))
}

fn compile_kind(name: &str, value: &Value, at: &str) -> Result<Kind, Node> {
    // One small function per directive: a big match would give every level of a deep
    // mapping one big stack frame.
    match name {
        "@if" => compile_if(value, at),
        "@case" => compile_case(value, at),
        "@replace" => compile_replace(value, at),
        "@arrayPath" => compile_array_path(value, at),
        "@path" => Ok(Kind::Path(string_source(name, value, at, |p| Path::parse(&p.replacen("$.", "", 1)))?)),
        "@template" => Ok(Kind::Template(string_source(name, value, at, Template::parse)?)),
        "@literal" => Ok(Kind::Literal(compile(value, at))),
        "@flatten" => compile_flatten(value, at),
        "@json" => compile_json(value, at),
        "@merge" => compile_merge(value, at),
        "@transform" => compile_transform(value, at),
        "@excludeWhenNull" => Ok(Kind::ExcludeWhenNull(compile(value, at))),
        "@liquid" => compile_liquid(value, at),
        _ => Err(fail(at, format!("{name} is not a valid directive, got undefined"))),
    }
}

/// The option `key` of a directive's options, compiled.
fn sub(opts: &Object, key: &str, at: &str) -> Node {
    compile(opt(opts, key), &pointer_push(at, key))
}

fn compile_if(value: &Value, at: &str) -> Result<Kind, Node> {
    let opts = options(value, at, "@if requires an object with an \"exists\" key")?;
    let (exists, blank) = (opt(opts, "exists"), opt(opts, "blank"));
    if !exists.is_truthy() && !blank.is_truthy() {
        return Err(fail(at, "@if requires an \"exists\" key or a \"blank\" key"));
    }
    let condition =
        if !exists.is_undefined() { Condition::Exists(sub(opts, "exists", at)) } else { Condition::Blank(sub(opts, "blank", at)) };
    let then = (!opt(opts, "then").is_undefined()).then(|| sub(opts, "then", at));
    let otherwise = opt(opts, "else").is_truthy().then(|| sub(opts, "else", at));
    Ok(Kind::If { condition, then, otherwise })
}

fn compile_case(value: &Value, at: &str) -> Result<Kind, Node> {
    let opts = options(value, at, "@case requires an object with a \"operator\" key")?;
    let operator = opt(opts, "operator");
    if !operator.is_truthy() {
        return Err(fail(at, "@case requires a \"operator\" key"));
    }
    let operator = match operator.as_str() {
        Some("lower") => CaseOperator::Lower,
        Some("upper") => CaseOperator::Upper,
        _ => CaseOperator::Other,
    };
    Ok(Kind::Case { operator, value: opt(opts, "value").is_truthy().then(|| sub(opts, "value", at)) })
}

fn compile_replace(value: &Value, at: &str) -> Result<Kind, Node> {
    let opts = options(value, at, "@replace requires an object with a \"pattern\" key")?;
    if !opt(opts, "pattern").is_truthy() {
        return Err(fail(at, "@replace requires a \"pattern\" key"));
    }
    Ok(Kind::Replace { value: opt(opts, "value").is_truthy().then(|| sub(opts, "value", at)), plan: replace_plan(opts, at) })
}

fn compile_array_path(value: &Value, at: &str) -> Result<Kind, Node> {
    let Value::Array(items) = value else {
        return Err(fail(at, format!("@arrayPath expected array, got {}", real_type_of(value))));
    };
    let path = items.first().unwrap_or(&Value::Undefined);
    let root = match path {
        Value::String(p) => Source::Ready(Path::parse(&p.replacen("$.", "", 1))),
        _ => Source::Resolved(compile(path, &pointer_push(at, "0"))),
    };
    let shape = match items.get(1) {
        Some(shape @ Value::Object(o)) if !o.is_empty() => Some(compile(shape, &pointer_push(at, "1"))),
        _ => None,
    };
    Ok(Kind::ArrayPath { root, shape })
}

fn compile_flatten(value: &Value, at: &str) -> Result<Kind, Node> {
    let opts = options(value, at, "@flatten requires an object with a \"separator\" key")?;
    if !opt(opts, "separator").is_truthy() {
        return Err(fail(at, "@flatten requires a \"separator\" key"));
    }
    let omit_arrays = opt(opts, "omitArrays").is_truthy();
    Ok(Kind::Flatten { separator: sub(opts, "separator", at), value: sub(opts, "value", at), omit_arrays })
}

fn compile_json(value: &Value, at: &str) -> Result<Kind, Node> {
    let opts = options(value, at, "@json requires an object with a \"value\" key")?;
    let mode = opt(opts, "mode");
    if !mode.is_truthy() {
        return Err(fail(at, "@json requires a \"mode\" key"));
    }
    if !opt(opts, "value").is_truthy() {
        return Err(fail(at, "@json requires a \"value\" key"));
    }
    let mode = match mode.as_str() {
        Some("encode") => JsonMode::Encode,
        Some("decode") => JsonMode::Decode,
        _ => JsonMode::Other,
    };
    Ok(Kind::Json { mode, value: sub(opts, "value", at) })
}

fn compile_merge(value: &Value, at: &str) -> Result<Kind, Node> {
    let opts = options(value, at, "@merge requires an object with an \"objects\" key and a \"direction\" key")?;
    if !opt(opts, "direction").is_truthy() {
        return Err(fail(at, "@merge requires a \"direction\" key"));
    }
    // Checked after `direction` is resolved, so kept as an error to throw then.
    let objects = match opt(opts, "objects") {
        v if !v.is_truthy() => Err(Box::new(Error::mapping(at, "@merge requires a \"objects\" key"))),
        Value::Array(items) => {
            let at = pointer_push(at, "objects");
            Ok(items.iter().enumerate().map(|(i, o)| compile(o, &pointer_push(&at, &i.to_string()))).collect())
        }
        v => Err(Box::new(Error::mapping(at, format!("@merge: expected opts.array, got {}", v.type_of())))),
    };
    Ok(Kind::Merge { direction: sub(opts, "direction", at), objects })
}

fn compile_transform(value: &Value, at: &str) -> Result<Kind, Node> {
    let opts = options(value, at, "@transform requires an object with an \"apply\" key and a \"mapping\" key")?;
    if !opt(opts, "mapping").is_truthy() {
        return Err(fail(at, "@transform requires a \"mapping\" key"));
    }
    let apply = opt(opts, "apply");
    if !apply.is_truthy() {
        return Err(fail(at, "@transform requires a \"apply\" key"));
    }
    if apply.as_object().is_none() {
        return Err(fail(at, "@transform \"apply\" key should be an object"));
    }
    Ok(Kind::Transform { apply: Box::new(Compiled::new(apply, &pointer_push(at, "apply"))), mapping: sub(opts, "mapping", at) })
}

/// `evaluateLiquid`'s checks; `Err` also carries the node for `""` (which renders `""`).
fn compile_liquid(value: &Value, at: &str) -> Result<Kind, Node> {
    let Value::String(source) = value else {
        return Err(fail(at, "liquid template value must be a string"));
    };
    if source.is_empty() {
        return Err(Node::Value(Value::from("")));
    }
    if utf16_len(source) > 1000 {
        return Err(fail(at, "liquid template values are limited to 1000 characters"));
    }
    liquid::Template::parse(source).map(Kind::Liquid).map_err(|e| Node::Fail(Box::new(e)))
}

/// `registerStringDirective`: the argument, resolved, must be a string.
fn string_source<T>(name: &str, value: &Value, at: &str, ready: impl Fn(&str) -> T) -> Result<Source<T>, Node> {
    match value {
        Value::String(s) => Ok(Source::Ready(ready(s))),
        Value::Object(_) | Value::Array(_) => Ok(Source::Resolved(compile(value, at))),
        _ => Err(fail(at, format!("{name}: expected string, got {}", real_type_of(value)))),
    }
}

/// `@replace`'s defaults and type checks, and `performReplace`'s length limits.
fn replace_plan(opts: &Object, at: &str) -> ReplacePlan {
    let or_default = |key: &str, default: Value| match opt(opts, key) {
        v if v.is_nullish() => default,
        v => v.clone(),
    };
    let replacement = or_default("replacement", Value::from(""));
    let ignore_case = or_default("ignorecase", Value::Bool(false));
    let global = or_default("global", Value::Bool(true));
    let (Value::String(pattern), Value::String(replacement), Value::Bool(ignore_case), Value::Bool(global)) =
        (opt(opts, "pattern"), &replacement, ignore_case, global)
    else {
        return ReplacePlan::Empty;
    };
    let replacer = |p: &str, r: &str| {
        if utf16_len(p) > MAX_PATTERN_LENGTH {
            return Err(Box::new(Error::mapping(at, format!("@replace requires a \"pattern\" less than {MAX_PATTERN_LENGTH} characters"))));
        }
        if utf16_len(r) > MAX_REPLACEMENT_LENGTH {
            return Err(Box::new(Error::mapping(
                at,
                format!("@replace requires a \"replacement\" less than {MAX_REPLACEMENT_LENGTH} characters"),
            )));
        }
        Ok(Replacer::new(p, r, global, ignore_case))
    };
    let first = match replacer(pattern, replacement) {
        Ok(r) => r,
        Err(e) => return ReplacePlan::Fail(e),
    };
    let pattern2 = opt(opts, "pattern2");
    let replacement2 = match opt(opts, "replacement2") {
        v if v.is_nullish() && pattern2.is_truthy() => Value::from(""),
        v => v.clone(),
    };
    let second = match (pattern2, &replacement2) {
        (Value::String(p), Value::String(r)) if !p.is_empty() => match replacer(p, r) {
            Ok(r) => Some(r),
            Err(e) => return ReplacePlan::Fail(e),
        },
        _ => None,
    };
    ReplacePlan::Run(first, second)
}
