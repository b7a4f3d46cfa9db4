//! The filters Segment allows, ported from liquidjs 10.30 (`filters/*.ts`).

use super::error::LiquidError;
use super::env::Env;
use super::text;
use crate::digest;
use super::value::{equals, read_property, liquid_stringify, to_number, Val};
use crate::json::v8::{self, is_js_whitespace, utf16_len};
use crate::json::{js_number_to_string, js_string_to_number, Value};

const DISABLED: [&str; 20] = [
    "array_to_sentence_string", "concat", "find", "find_exp", "find_index", "find_index_exp", "group_by",
    "group_by_exp", "has", "has_exp", "map", "newline_to_br", "reject", "reject_exp", "reverse", "sort",
    "sort_natural", "uniq", "where_exp", "type",
];

type R<'e> = Result<Val<'e>, LiquidError>;

fn own<'e>(v: Value) -> R<'e> {
    Ok(Val::Own(v))
}

fn string<'e>(s: String) -> R<'e> {
    Ok(Val::Own(Value::String(s)))
}

fn number<'e>(n: f64) -> R<'e> {
    Ok(Val::Own(Value::Number(n)))
}

/// Argument `i` as JavaScript sees it: `undefined` when missing.
fn arg<'a>(args: &'a [Val], i: usize) -> &'a Value {
    args.get(i).map_or(&Value::Undefined, |v| v.value())
}

/// Argument `i`, or None when missing or undefined (so a JS default applies).
fn opt<'a>(args: &'a [Val], i: usize) -> Option<&'a Value> {
    args.get(i).map(|v| v.value()).filter(|v| !v.is_undefined())
}

/// `toArray`: nil → [], arrays as is, anything else → [it].
fn to_array(v: &Value) -> Vec<Value> {
    match v {
        Value::Null | Value::Undefined => Vec::new(),
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

pub(crate) fn apply<'e>(env: &mut Env<'e>, name: &str, input: Val<'e>, args: Vec<Val<'e>>) -> R<'e> {
    if DISABLED.contains(&name) {
        return Err(LiquidError::plain(format!("filter \"{name}\" is disabled")));
    }
    let v = input.value();
    let a = &args[..];
    match name {
        // ---- math (`argumentsToNumber`: a missing argument stays undefined → NaN) ----
        "abs" => number(to_number(v).abs()),
        "at_least" => number(math2(v, a, f64::max_js)),
        "at_most" => number(math2(v, a, f64::min_js)),
        "ceil" => number(to_number(v).ceil()),
        "floor" => number(to_number(v).floor()),
        "divided_by" => {
            let d = num_arg(a, 0);
            let q = to_number(v) / d;
            number(if a.len() > 1 && to_number(arg(a, 1)) != 0.0 { q.floor() } else { q })
        }
        "minus" => number(to_number(v) - num_arg(a, 0)),
        "plus" => number(to_number(v) + num_arg(a, 0)),
        "times" => number(to_number(v) * num_arg(a, 0)),
        "modulo" => {
            let m = num_arg(a, 0);
            number(((to_number(v) % m) + m) % m)
        }
        "round" => number(round(to_number(v), opt(a, 0).map_or(0.0, to_number))),

        // ---- html ----
        "escape" | "xml_escape" => {
            let s = liquid_stringify(v);
            env.use_memory(s.len() as f64)?;
            string(text::escape(&s))
        }
        "escape_once" => string(text::escape(&text::unescape(&liquid_stringify(v)))),
        "strip_html" => string(text::strip_html(&liquid_stringify(v))),

        // ---- url ----
        "url_decode" => text::decode_uri_component(&liquid_stringify(v).replace('+', " ")).map(Value::String).map(Val::Own),
        "url_encode" => string(text::encode_uri_component(&liquid_stringify(v)).replace("%20", "+")),
        "cgi_escape" => {
            let s = text::encode_uri_component(&liquid_stringify(v)).replace("%20", "+");
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                match c {
                    '!' | '\'' | '(' | ')' | '*' => out.push_str(&format!("%{:X}", c as u32)),
                    c => out.push(c),
                }
            }
            string(out)
        }
        "uri_escape" => string(text::encode_uri(&liquid_stringify(v)).replace("%5B", "[").replace("%5D", "]")),
        "slugify" => {
            let mode = opt(a, 0).map_or_else(|| "default".to_string(), Value::to_js_string);
            let cased = opt(a, 1).is_some_and(Value::is_truthy);
            string(text::slugify(&liquid_stringify(v), &mode, cased))
        }

        // ---- arrays ----
        "join" => {
            let items = to_array(v);
            let sep = match arg(a, 0) {
                Value::Null | Value::Undefined => " ".to_string(),
                s => liquid_stringify(s),
            };
            let parts: Vec<String> =
                items.iter().map(|i| if i.is_nullish() { String::new() } else { i.to_js_string() }).collect();
            let size = sep.len() * items.len().saturating_sub(1) + parts.iter().map(String::len).sum::<usize>();
            env.use_memory(size as f64)?;
            string(parts.join(&sep))
        }
        "first" | "last" => Ok(first_last(&input, name == "first")),
        "size" => own(match &input {
            Val::Nil | Val::Empty | Val::Blank => Value::Number(0.0),
            _ => match v {
                Value::String(s) => Value::Number(utf16_len(s) as f64),
                Value::Array(x) => Value::Number(x.len() as f64),
                Value::Object(o) => match o.get("length") {
                    Some(l) if l.is_truthy() => l.clone(),
                    _ => Value::Number(0.0),
                },
                _ => Value::Number(0.0),
            },
        }),
        "sum" => {
            let mut sum = 0.0;
            let path = opt(a, 0).filter(|p| p.is_truthy()).map(liquid_stringify);
            for item in to_array(v) {
                let n = match &path {
                    Some(p) => {
                        let mut cur = Val::Own(item);
                        for key in p.split('.') {
                            cur = read_property(&cur, &Value::String(key.to_string()));
                        }
                        v8::to_number(cur.value())
                    }
                    None => v8::to_number(&item),
                };
                sum += if n.is_nan() { 0.0 } else { n };
            }
            number(sum)
        }
        "compact" => own(Value::Array(to_array(v).into_iter().filter(|x| !x.is_nullish()).collect())),
        "push" => {
            let mut arr = to_array(v);
            arr.push(arg(a, 0).clone());
            own(Value::Array(arr))
        }
        "unshift" => {
            let mut arr = to_array(v);
            arr.insert(0, arg(a, 0).clone());
            own(Value::Array(arr))
        }
        "pop" => {
            let mut arr = to_array(v);
            arr.pop();
            own(Value::Array(arr))
        }
        "shift" => {
            let mut arr = to_array(v);
            if !arr.is_empty() {
                arr.remove(0);
            }
            own(Value::Array(arr))
        }
        "slice" => slice(v, arg(a, 0), opt(a, 1).map_or(1.0, v8::to_number)),
        "where" => {
            let path = liquid_stringify(arg(a, 0));
            let expected = args.get(1);
            let mut out = Vec::new();
            for item in to_array(v) {
                let mut cur = Val::Own(item.clone());
                for key in path.split('.') {
                    cur = read_property(&cur, &Value::String(key.to_string()));
                }
                let keep = match expected {
                    None => cur.is_truthy(),
                    Some(e) if e.is_undefined() => cur.is_truthy(),
                    Some(e) => equals(&cur, e),
                };
                if keep {
                    out.push(item);
                }
            }
            own(Value::Array(out))
        }
        "sample" => {
            // liquidjs shuffles randomly; we take the first items (deterministic).
            let items = match v {
                Value::Null | Value::Undefined => return own(Value::Array(Vec::new())),
                Value::Array(x) => x.clone(),
                other => liquid_stringify(other).chars().map(|c| Value::String(c.to_string())).collect(),
            };
            let count = opt(a, 0).map_or(1.0, v8::to_number);
            if count == 1.0 {
                return own(items.into_iter().next().unwrap_or(Value::Undefined));
            }
            own(Value::Array(items.into_iter().take(count.max(0.0) as usize).collect()))
        }

        // ---- dates ----
        "date" => super::date::date_filter(env, &input, opt(a, 0), opt(a, 1)),
        "date_to_xmlschema" => {
            let f = Value::String("%Y-%m-%dT%H:%M:%S%:z".into());
            super::date::date_filter(env, &input, Some(&f), None)
        }
        "date_to_rfc822" => {
            let f = Value::String("%a, %d %b %Y %H:%M:%S %z".into());
            super::date::date_filter(env, &input, Some(&f), None)
        }
        "date_to_string" | "date_to_long_string" => {
            let month = if name == "date_to_string" { "%b" } else { "%B" };
            super::date::stringify_date(env, &input, month, opt(a, 0), opt(a, 1))
        }

        // ---- strings ----
        "append" | "prepend" => {
            if args.len() != 1 {
                return Err(LiquidError::plain(format!("{name} expect 2 arguments")));
            }
            let (l, r) = (liquid_stringify(v), liquid_stringify(arg(a, 0)));
            env.use_memory((l.len() + r.len()) as f64)?;
            string(if name == "append" { l + &r } else { r + &l })
        }
        "lstrip" | "rstrip" | "strip" => {
            let s = liquid_stringify(v);
            env.use_memory(s.len() as f64)?;
            let chars = opt(a, 0).filter(|c| c.is_truthy()).map(liquid_stringify);
            string(text::strip(&s, chars.as_deref(), name != "rstrip", name != "lstrip"))
        }
        "downcase" => string(liquid_stringify(v).to_lowercase()),
        "upcase" => string(liquid_stringify(v).to_uppercase()),
        "capitalize" => string(text::capitalize(&liquid_stringify(v))),
        "remove" => {
            let s = liquid_stringify(v);
            let pat = liquid_stringify(arg(a, 0));
            env.use_memory((s.len() + pat.len()) as f64)?;
            string(text::replace_all(&s, &pat, ""))
        }
        "remove_first" => string(text::replace_first(&liquid_stringify(v), &liquid_stringify(arg(a, 0)), "")),
        "remove_last" => string(text::replace_last(&liquid_stringify(v), &liquid_stringify(arg(a, 0)), "")),
        "replace" => {
            let s = liquid_stringify(v);
            let (pat, rep) = (liquid_stringify(arg(a, 0)), liquid_stringify(arg(a, 1)));
            let out = text::replace_all(&s, &pat, &rep);
            env.use_memory(out.len() as f64)?;
            string(out)
        }
        "replace_first" => string(text::replace_first(&liquid_stringify(v), &liquid_stringify(arg(a, 0)), &liquid_stringify(arg(a, 1)))),
        "replace_last" => string(text::replace_last(&liquid_stringify(v), &liquid_stringify(arg(a, 0)), &liquid_stringify(arg(a, 1)))),
        "split" => {
            let s = liquid_stringify(v);
            env.use_memory(s.len() as f64)?;
            let mut parts: Vec<String> = text::js_split(&s, &liquid_stringify(arg(a, 0)));
            while parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            own(Value::Array(parts.into_iter().map(Value::String).collect()))
        }
        "strip_newlines" => string(liquid_stringify(v).replace("\r\n", "").replace('\n', "")),
        "squish" => string(text::collapse_whitespace(&liquid_stringify(v)).trim_matches(is_js_whitespace).to_string()),
        "normalize_whitespace" => string(text::collapse_whitespace(&liquid_stringify(v))),
        "truncate" => {
            let s = liquid_stringify(v);
            let l = opt(a, 0).map_or(50.0, v8::to_number);
            let o = opt(a, 1).map_or_else(|| "...".to_string(), liquid_stringify);
            env.use_memory((s.len() + o.len()) as f64)?;
            match text::truncate(&s, l, &o) {
                Some(t) => string(t),
                None => Ok(input),
            }
        }
        "truncatewords" => {
            let s = liquid_stringify(v);
            let mut words = opt(a, 0).map_or(15.0, v8::to_number);
            let o = opt(a, 1).map_or_else(|| "...".to_string(), liquid_stringify);
            let arr = text::split_whitespace_js(s.trim_start_matches(is_js_whitespace));
            if words <= 0.0 {
                words = 1.0;
            }
            let take = if words.is_nan() { 0 } else { words.ceil() as usize };
            let mut ret = arr.iter().take(take).cloned().collect::<Vec<_>>().join(" ");
            if arr.len() as f64 >= words {
                ret.push_str(&o);
            }
            string(ret)
        }
        "number_of_words" => {
            let s = liquid_stringify(v);
            let t = s.trim_matches(is_js_whitespace);
            number(if t.is_empty() { 0.0 } else { text::split_whitespace_js(t).len() as f64 })
        }
        "base64_encode" => string(text::base64_encode(liquid_stringify(v).as_bytes())),
        "base64_decode" => {
            let s = liquid_stringify(v);
            match text::base64_decode(&s) {
                Some(bytes) => string(String::from_utf8_lossy(&bytes).into_owned()),
                None => Err(LiquidError::plain("invalid base64 provided to base64_decode")),
            }
        }
        "sha256" => string(digest::sha256_hex(liquid_stringify(v).as_bytes())),
        "hmac_sha256" => {
            string(digest::hex(&digest::hmac_sha256(liquid_stringify(arg(a, 0)).as_bytes(), liquid_stringify(v).as_bytes())))
        }

        // ---- misc ----
        "default" => {
            let is_empty_seq = match v {
                Value::String(s) => Some(s.is_empty()),
                Value::Array(x) => Some(x.is_empty()),
                _ => None,
            };
            let fallback = args.first().cloned().unwrap_or(Val::UNDEFINED);
            if let Some(empty) = is_empty_seq {
                return Ok(if empty { fallback } else { input });
            }
            let allow_false = args.iter().skip(1).any(|x| match x.value() {
                Value::Array(kv) => kv.first().and_then(Value::as_str) == Some("allow_false") && kv.get(1).is_some_and(Value::is_truthy),
                _ => false,
            });
            if matches!(v, Value::Bool(false)) && allow_false {
                return own(Value::Bool(false));
            }
            Ok(if input.is_truthy() { input } else { fallback })
        }
        "json" | "jsonify" | "inspect" => {
            let text = match &input {
                Val::Nil | Val::Empty | Val::Blank => Some("{}".to_string()),
                _ => text::json_with_space(v, arg(a, 0)),
            };
            if let Some(t) = &text {
                env.use_memory(t.len() as f64)?;
            }
            own(text.map_or(Value::Undefined, Value::String))
        }
        "to_integer" => number(v8::to_number(v)),
        // `raw` and unknown filters return their input.
        _ => Ok(input),
    }
}

trait JsMinMax {
    fn max_js(self, other: f64) -> f64;
    fn min_js(self, other: f64) -> f64;
}

impl JsMinMax for f64 {
    fn max_js(self, other: f64) -> f64 {
        if self.is_nan() || other.is_nan() { f64::NAN } else { self.max(other) }
    }
    fn min_js(self, other: f64) -> f64 {
        if self.is_nan() || other.is_nan() { f64::NAN } else { self.min(other) }
    }
}

/// `Math.max(v, arg)` with only the given arguments converted.
fn math2(v: &Value, a: &[Val], f: fn(f64, f64) -> f64) -> f64 {
    let x = to_number(v);
    match a.first() {
        Some(y) => f(x, to_number(y.value())),
        None => x,
    }
}

/// A number argument: `toNumber` when given, NaN (undefined) when missing.
fn num_arg(a: &[Val], i: usize) -> f64 {
    a.get(i).map_or(f64::NAN, |v| to_number(v.value()))
}

/// liquidjs `round`: shifts the decimal point through the number's text.
fn round(v: f64, places: f64) -> f64 {
    let scaled = shift_decimal(v.abs(), places);
    // NaN too: `!(scaled <= MAX_SAFE_INTEGER)`.
    if scaled.is_nan() || scaled > 9007199254740991.0 {
        return v;
    }
    let rounded = shift_decimal(scaled.round(), -places);
    if v < 0.0 {
        -rounded
    } else {
        rounded
    }
}

fn shift_decimal(n: f64, exponent: f64) -> f64 {
    let text = js_number_to_string(n);
    let (mantissa, power) = match text.split_once('e') {
        Some((m, p)) => (m.to_string(), js_string_to_number(p)),
        None => (text.clone(), 0.0),
    };
    js_string_to_number(&format!("{mantissa}e{}", js_number_to_string(power + exponent)))
}

/// `first` / `last`: of arrays and strings (UTF-16 units); "" otherwise.
fn first_last<'e>(input: &Val<'e>, first: bool) -> Val<'e> {
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

fn slice<'e>(v: &Value, begin: &Value, length: f64) -> R<'e> {
    if v.is_nullish() {
        return own(Value::Array(Vec::new()));
    }
    let begin_n = v8::to_number(begin);
    if let Value::Array(items) = v {
        let len = items.len() as f64;
        let b = if begin_n < 0.0 { len + begin_n } else { begin_n };
        if b < 0.0 || length < 0.0 {
            return own(Value::Array(Vec::new()));
        }
        let start = to_index(b, len);
        let end = to_index(b + length, len);
        return own(Value::Array(items.get(start..end.max(start)).unwrap_or(&[]).to_vec()));
    }
    let s = liquid_stringify(v);
    let cps: Vec<char> = s.chars().collect();
    let b = if begin_n < 0.0 { cps.len() as f64 + begin_n } else { begin_n };
    if b < 0.0 || length < 0.0 {
        return string(String::new());
    }
    // advanceCodePoints counts while `i < count`.
    let start = count_up_to(b, cps.len());
    let end = start + count_up_to(length, cps.len() - start);
    string(cps[start..end].iter().collect())
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
