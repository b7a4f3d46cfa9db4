//! Runtime values: a borrowed or owned JSON value, or one of liquidjs's drops
//! (`nil`, `empty`, `blank`), with liquidjs's conversions, comparisons and property reads.

use crate::json::v8::{self, utf16_len};
use crate::json::{js_string_to_number, Value};

static NULL: Value = Value::Null;
static EMPTY_STRING: Value = Value::String(String::new());

#[derive(Clone, Debug)]
pub(crate) enum Val<'e> {
    Ref(&'e Value),
    Own(Value),
    Nil,
    Empty,
    Blank,
}

impl<'e> Val<'e> {
    pub const UNDEFINED: Val<'static> = Val::Own(Value::Undefined);

    /// `toValue`: the JSON value (drops give `null` / `""`).
    pub fn value(&self) -> &Value {
        match self {
            Val::Ref(v) => v,
            Val::Own(v) => v,
            Val::Nil => &NULL,
            Val::Empty | Val::Blank => &EMPTY_STRING,
        }
    }

    pub fn into_value(self) -> Value {
        match self {
            Val::Own(v) => v,
            other => other.value().clone(),
        }
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self.value(), Value::Undefined)
    }

    /// Only `false`, `nil` and undefined are falsy in Liquid.
    pub fn is_truthy(&self) -> bool {
        !matches!(self.value(), Value::Bool(false) | Value::Null | Value::Undefined)
    }

    fn is_drop(&self) -> bool {
        matches!(self, Val::Nil | Val::Empty | Val::Blank)
    }
}

impl From<Value> for Val<'_> {
    fn from(v: Value) -> Self {
        Val::Own(v)
    }
}

/// `liquid_stringify`: strings as is, nil/undefined as "", arrays joined with no separator.
pub(crate) fn liquid_stringify(v: &Value) -> String {
    let mut out = String::new();
    liquid_stringify_into(v, &mut out);
    out
}

pub(crate) fn liquid_stringify_into(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Null | Value::Undefined => {}
        Value::Array(items) => items.iter().for_each(|i| liquid_stringify_into(i, out)),
        other => other.write_js_string(out),
    }
}

/// `+v || 0` (liquidjs `toNumber`).
pub(crate) fn to_number(v: &Value) -> f64 {
    let n = v8::to_number(v);
    if n.is_nan() {
        0.0
    } else {
        n
    }
}


/// liquidjs `equals`: drops compare by their rules, arrays element-wise, the rest by `===`.
pub(crate) fn equals(l: &Val, r: &Val) -> bool {
    if l.is_drop() {
        return drop_equals(l, r);
    }
    if r.is_drop() {
        return drop_equals(r, l);
    }
    value_equals(l, l.value(), r.value(), r)
}

fn value_equals(lv: &Val, l: &Value, r: &Value, rv: &Val) -> bool {
    match (l, r) {
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equals(&Val::Ref(x), &Val::Ref(y)))
        }
        (Value::Array(_), _) => false,
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        // Objects are equal only to themselves.
        (Value::Object(_), Value::Object(_)) => match (lv, rv) {
            (Val::Ref(a), Val::Ref(b)) => std::ptr::eq(*a, *b),
            _ => false,
        },
        _ => false,
    }
}

fn drop_equals(d: &Val, other: &Val) -> bool {
    match d {
        Val::Nil => other.value().is_nullish(),
        Val::Empty => empty_equals(other),
        Val::Blank => {
            let v = other.value();
            if matches!(v, Value::Bool(false)) || v.is_nullish() {
                return true;
            }
            if let (false, Value::String(s)) = (other.is_drop(), v) {
                return s.chars().all(|c| c.is_whitespace() || c == '\u{feff}');
            }
            empty_equals(other)
        }
        _ => false,
    }
}

fn empty_equals(other: &Val) -> bool {
    if matches!(other, Val::Empty | Val::Blank) {
        return false;
    }
    match other.value() {
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// `<`, `>`, `<=`, `>=`: drops are never ordered; otherwise JavaScript's comparison.
pub(crate) fn compare(l: &Val, r: &Val, op: super::ast::Op) -> bool {
    use super::ast::Op;
    if l.is_drop() || r.is_drop() {
        return false;
    }
    let (a, b) = (l.value(), r.value());
    let ord = match (primitive(a), primitive(b)) {
        (Prim::Str(x), Prim::Str(y)) => Some(cmp_utf16(&x, &y)),
        (x, y) => x.number().partial_cmp(&y.number()),
    };
    let Some(ord) = ord else { return false };
    match op {
        Op::Lt => ord.is_lt(),
        Op::Gt => ord.is_gt(),
        Op::Le => ord.is_le(),
        Op::Ge => ord.is_ge(),
        _ => false,
    }
}

enum Prim {
    Str(String),
    Num(f64),
}

impl Prim {
    fn number(&self) -> f64 {
        match self {
            Prim::Str(s) => js_string_to_number(s),
            Prim::Num(n) => *n,
        }
    }
}

/// `ToPrimitive` for comparison: arrays and objects become their strings.
fn primitive(v: &Value) -> Prim {
    match v {
        Value::String(s) => Prim::Str(s.clone()),
        Value::Array(_) | Value::Object(_) => Prim::Str(v.to_js_string()),
        other => Prim::Num(v8::to_number(other)),
    }
}

/// JavaScript string order: by UTF-16 code units.
pub(crate) fn cmp_utf16(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `contains`: array membership by `equals`, or substring of a string.
pub(crate) fn contains(l: &Val, r: &Val) -> bool {
    match l.value() {
        Value::Array(items) => items.iter().any(|i| equals(&Val::Ref(i), r)),
        Value::String(s) => {
            let needle = r.value().to_js_string();
            s.contains(needle.as_str())
        }
        _ => false,
    }
}


/// A child of `v` chosen by `pick`, borrowed when `v` is.
fn child<'e>(v: &Val<'e>, pick: impl Fn(&Value) -> Option<&Value>) -> Option<Val<'e>> {
    match v {
        Val::Ref(r) => pick(r).map(Val::Ref),
        Val::Own(o) => pick(o).cloned().map(Val::Own),
        _ => None,
    }
}

/// liquidjs `readProperty` with `ownPropertyOnly`, plus `size`, `first`, `last`.
pub(crate) fn read_property<'e>(obj: &Val<'e>, key: &Value) -> Val<'e> {
    if matches!(obj, Val::Nil | Val::Empty | Val::Blank) {
        return Val::UNDEFINED;
    }
    let v = obj.value();
    if v.is_nullish() {
        return obj.clone();
    }
    if let (Value::Array(a), Value::Number(n)) = (v, key) {
        let idx = if *n < 0.0 { a.len() as f64 + n } else { *n };
        if idx >= 0.0 && idx.fract() == 0.0 && idx < a.len() as f64 {
            return child(obj, |v| v.as_array().and_then(|a| a.get(idx as usize))).unwrap_or(Val::UNDEFINED);
        }
        return Val::UNDEFINED;
    }
    let name = match key {
        Value::String(s) => s.clone(),
        other => other.to_js_string(),
    };
    let own = own_property(obj, &name);
    let special = matches!(key, Value::String(_));
    match (special, name.as_str()) {
        (true, "size") => {
            if let Some(o) = own {
                return o;
            }
            Val::Own(match v {
                Value::Array(a) => Value::Number(a.len() as f64),
                Value::String(s) => Value::Number(utf16_len(s) as f64),
                Value::Object(o) => Value::Number(o.len() as f64),
                _ => Value::Undefined,
            })
        }
        (true, "first") if matches!(v, Value::Array(_)) => {
            child(obj, |v| v.as_array().and_then(|a| a.first())).unwrap_or(Val::UNDEFINED)
        }
        (true, "last") if matches!(v, Value::Array(_)) => {
            child(obj, |v| v.as_array().and_then(|a| a.last())).unwrap_or(Val::UNDEFINED)
        }
        _ => own.unwrap_or(Val::UNDEFINED),
    }
}

fn own_property<'e>(obj: &Val<'e>, name: &str) -> Option<Val<'e>> {
    match obj.value() {
        Value::Object(_) => child(obj, |v| v.get(name)),
        Value::Array(a) => {
            if name == "length" {
                return Some(Val::Own(Value::Number(a.len() as f64)));
            }
            let idx = canonical_index(name)?;
            child(obj, |v| v.as_array().and_then(|a| a.get(idx)))
        }
        Value::String(s) => {
            if name == "length" {
                return Some(Val::Own(Value::Number(utf16_len(s) as f64)));
            }
            let idx = canonical_index(name)?;
            let unit = s.encode_utf16().nth(idx)?;
            Some(Val::Own(Value::String(String::from_utf16_lossy(&[unit]))))
        }
        _ => None,
    }
}

fn canonical_index(name: &str) -> Option<usize> {
    if crate::json::is_array_index(name) {
        name.parse().ok()
    } else {
        None
    }
}
