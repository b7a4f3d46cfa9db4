//! Array filters (`filters/array.ts`), with `toArray`: nil → [], arrays as is,
//! anything else → [it].

use super::{out_number, out_text, out_value, Call, R};
use crate::json::v8::{self, utf16_len};
use crate::json::Value;
use crate::mapping::liquid::value::{equals, liquid_stringify, read_property, Val};

fn to_array(v: &Value) -> Vec<Value> {
    match v {
        Value::Null | Value::Undefined => Vec::new(),
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

/// `item` read along a dotted `path` (`where`, `sum`).
fn read_path<'e>(item: Value, path: &str) -> Val<'e> {
    let mut cur = Val::Own(item);
    for key in path.split('.') {
        cur = read_property(&cur, &Value::String(key.to_string()));
    }
    cur
}

pub(super) fn join<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let items = to_array(c.value());
    let sep = match c.arg(0) {
        Value::Null | Value::Undefined => " ".to_string(),
        s => liquid_stringify(s),
    };
    let parts: Vec<String> = items.iter().map(|i| if i.is_nullish() { String::new() } else { i.to_js_string() }).collect();
    let size = sep.len() * items.len().saturating_sub(1) + parts.iter().map(String::len).sum::<usize>();
    c.use_memory(size as f64)?;
    out_text(parts.join(&sep))
}

pub(super) fn first<'e>(c: Call<'e, '_>) -> R<'e> {
    Ok(first_or_last(&c.input, true))
}

pub(super) fn last<'e>(c: Call<'e, '_>) -> R<'e> {
    Ok(first_or_last(&c.input, false))
}

/// Of arrays and strings (UTF-16 units); "" otherwise.
fn first_or_last<'e>(input: &Val<'e>, first: bool) -> Val<'e> {
    match input.value() {
        Value::Array(a) => {
            let idx = if first { 0 } else { a.len().wrapping_sub(1) };
            match input {
                Val::Ref(Value::Array(r)) => r.get(idx).map_or(Val::UNDEFINED, Val::Ref),
                _ => a.get(idx).cloned().map_or(Val::UNDEFINED, Val::Own),
            }
        }
        Value::String(s) if !s.is_empty() => {
            let units: Vec<u16> = s.encode_utf16().collect();
            let u = if first { units[0] } else { units[units.len() - 1] };
            Val::Own(Value::String(String::from_utf16_lossy(&[u])))
        }
        _ => Val::Own(Value::String(String::new())),
    }
}

pub(super) fn size<'e>(c: Call<'e, '_>) -> R<'e> {
    out_value(match &c.input {
        Val::Nil | Val::Empty | Val::Blank => Value::Number(0.0),
        _ => match c.value() {
            Value::String(s) => Value::Number(utf16_len(s) as f64),
            Value::Array(x) => Value::Number(x.len() as f64),
            Value::Object(o) => match o.get("length") {
                Some(l) if l.is_truthy() => l.clone(),
                _ => Value::Number(0.0),
            },
            _ => Value::Number(0.0),
        },
    })
}

pub(super) fn sum<'e>(c: Call<'e, '_>) -> R<'e> {
    let path = c.given(0).filter(|p| p.is_truthy()).map(liquid_stringify);
    let mut sum = 0.0;
    for item in to_array(c.value()) {
        let n = match &path {
            Some(p) => v8::to_number(read_path(item, p).value()),
            None => v8::to_number(&item),
        };
        sum += if n.is_nan() { 0.0 } else { n };
    }
    out_number(sum)
}

pub(super) fn compact<'e>(c: Call<'e, '_>) -> R<'e> {
    out_value(Value::Array(to_array(c.value()).into_iter().filter(|x| !x.is_nullish()).collect()))
}

pub(super) fn push<'e>(c: Call<'e, '_>) -> R<'e> {
    let mut arr = to_array(c.value());
    arr.push(c.arg(0).clone());
    out_value(Value::Array(arr))
}

pub(super) fn unshift<'e>(c: Call<'e, '_>) -> R<'e> {
    let mut arr = to_array(c.value());
    arr.insert(0, c.arg(0).clone());
    out_value(Value::Array(arr))
}

pub(super) fn pop<'e>(c: Call<'e, '_>) -> R<'e> {
    let mut arr = to_array(c.value());
    arr.pop();
    out_value(Value::Array(arr))
}

pub(super) fn shift<'e>(c: Call<'e, '_>) -> R<'e> {
    let mut arr = to_array(c.value());
    if !arr.is_empty() {
        arr.remove(0);
    }
    out_value(Value::Array(arr))
}

pub(super) fn where_<'e>(c: Call<'e, '_>) -> R<'e> {
    let path = liquid_stringify(c.arg(0));
    let expected = c.args.get(1).filter(|e| !e.is_undefined());
    let kept = to_array(c.value()).into_iter().filter(|item| {
        let found = read_path(item.clone(), &path);
        expected.map_or_else(|| found.is_truthy(), |e| equals(&found, e))
    });
    out_value(Value::Array(kept.collect()))
}

pub(super) fn sample<'e>(c: Call<'e, '_>) -> R<'e> {
    // liquidjs shuffles randomly; we take the first items (deterministic).
    let items = match c.value() {
        Value::Null | Value::Undefined => return out_value(Value::Array(Vec::new())),
        Value::Array(x) => x.clone(),
        other => liquid_stringify(other).chars().map(|c| Value::String(c.to_string())).collect(),
    };
    let count = c.given(0).map_or(1.0, v8::to_number);
    if count == 1.0 {
        return out_value(items.into_iter().next().unwrap_or(Value::Undefined));
    }
    out_value(Value::Array(items.into_iter().take(count.max(0.0) as usize).collect()))
}

/// Arrays by element, anything else by code point of its text.
pub(super) fn slice<'e>(c: Call<'e, '_>) -> R<'e> {
    let (v, length) = (c.value(), c.given(1).map_or(1.0, v8::to_number));
    if v.is_nullish() {
        return out_value(Value::Array(Vec::new()));
    }
    let begin = v8::to_number(c.arg(0));
    if let Value::Array(items) = v {
        let len = items.len() as f64;
        let b = if begin < 0.0 { len + begin } else { begin };
        if b < 0.0 || length < 0.0 {
            return out_value(Value::Array(Vec::new()));
        }
        let start = to_index(b, len);
        let end = to_index(b + length, len);
        return out_value(Value::Array(items.get(start..end.max(start)).unwrap_or(&[]).to_vec()));
    }
    let s = liquid_stringify(v);
    let cps: Vec<char> = s.chars().collect();
    let b = if begin < 0.0 { cps.len() as f64 + begin } else { begin };
    if b < 0.0 || length < 0.0 {
        return out_text(String::new());
    }
    // advanceCodePoints counts while `i < count`.
    let start = count_up_to(b, cps.len());
    let end = start + count_up_to(length, cps.len() - start);
    out_text(cps[start..end].iter().collect())
}

/// How many steps `for (i = 0; i < count && more; i++)` takes.
fn count_up_to(count: f64, max: usize) -> usize {
    if count.is_nan() || count <= 0.0 {
        0
    } else {
        (count.ceil() as usize).min(max)
    }
}

/// `Array.prototype.slice`'s index conversion.
fn to_index(x: f64, len: f64) -> usize {
    let x = if x.is_nan() { 0.0 } else { x.trunc() };
    let x = if x < 0.0 { (len + x).max(0.0) } else { x.min(len) };
    x as usize
}
