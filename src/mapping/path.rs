//! Segment's `get(obj, path)`: lodash-like paths, walked as `o && o[k]`.

use crate::json::v8::{array_index, utf16_len, utf16_unit_at};
use crate::json::Value;

/// A path split once into its keys.
#[derive(Clone, Debug)]
pub enum Path {
    /// `""` and `"."`: the object itself.
    Root,
    Keys(Vec<String>),
}

impl Path {
    /// Splits as `path.split(/\[(?="|'|\d)|\.|(?<="|'|\d)]+/g)`, drops empty parts, then
    /// removes every `'` and `"` (a part of only quotes becomes the key `""`).
    pub fn parse(path: &str) -> Path {
        if path.is_empty() || path == "." {
            return Path::Root;
        }
        let is_mark = |c: char| c == '"' || c == '\'' || c.is_ascii_digit();
        let chars: Vec<char> = path.chars().collect();
        let mut keys = Vec::new();
        let mut part = String::new();
        let mut i = 0;
        let flush = |part: &mut String, keys: &mut Vec<String>| {
            if !part.is_empty() {
                keys.push(part.chars().filter(|&c| c != '"' && c != '\'').collect());
                part.clear();
            }
        };
        while let Some(&c) = chars.get(i) {
            let next_is_mark = chars.get(i + 1).is_some_and(|&n| is_mark(n));
            let prev_is_mark = i > 0 && chars.get(i - 1).is_some_and(|&p| is_mark(p));
            if (c == '[' && next_is_mark) || c == '.' {
                flush(&mut part, &mut keys);
                i += 1;
            } else if c == ']' && prev_is_mark {
                flush(&mut part, &mut keys);
                while chars.get(i) == Some(&']') {
                    i += 1;
                }
            } else {
                part.push(c);
                i += 1;
            }
        }
        flush(&mut part, &mut keys);
        Path::Keys(keys)
    }

    /// `get(obj, path)`: a falsy value met on the way is the result.
    pub fn get<'a>(&self, obj: &'a Value) -> Got<'a> {
        let keys = match self {
            Path::Root => return Got::Ref(obj),
            Path::Keys(keys) => keys,
        };
        let mut cur = Got::Ref(obj);
        for key in keys {
            if !cur.value().is_truthy() {
                return cur;
            }
            cur = match cur {
                Got::Ref(v) => property(v, key),
                Got::Owned(v) => property(&v, key).into_owned_got(),
            };
        }
        cur
    }
}

/// A value found by `get`: borrowed from the data, or made (a string's length or character).
#[derive(Debug)]
pub enum Got<'a> {
    Ref(&'a Value),
    Owned(Value),
}

impl Got<'_> {
    pub fn value(&self) -> &Value {
        match self {
            Got::Ref(v) => v,
            Got::Owned(v) => v,
        }
    }

    pub fn into_value(self) -> Value {
        match self {
            Got::Ref(v) => v.clone(),
            Got::Owned(v) => v,
        }
    }

    fn into_owned_got<'b>(self) -> Got<'b> {
        Got::Owned(self.into_value())
    }
}

const UNDEFINED: Value = Value::Undefined;

/// `v[key]` for own data. Inherited members (`constructor`, `toString`, `__proto__`,
/// a number's `toFixed` …) are JS functions or prototypes that JSON cannot carry;
/// they read as `undefined` here.
fn property<'a>(v: &'a Value, key: &str) -> Got<'a> {
    match v {
        Value::Object(o) => Got::Ref(o.get(key).unwrap_or(&UNDEFINED)),
        Value::Array(items) if key == "length" => Got::Owned(Value::Number(items.len() as f64)),
        Value::Array(items) => Got::Ref(array_index(key).and_then(|i| items.get(i as usize)).unwrap_or(&UNDEFINED)),
        Value::String(s) if key == "length" => Got::Owned(Value::Number(utf16_len(s) as f64)),
        Value::String(s) => match array_index(key).and_then(|i| utf16_unit_at(s, i as usize)) {
            Some(unit) => Got::Owned(Value::String(unit)),
            None => Got::Ref(&UNDEFINED),
        },
        _ => Got::Ref(&UNDEFINED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(p: &str) -> Vec<String> {
        match Path::parse(p) {
            Path::Root => vec!["<root>".into()],
            Path::Keys(k) => k,
        }
    }

    #[test]
    fn splits_like_segment() {
        assert_eq!(keys("a[0].b"), ["a", "0", "b"]);
        assert_eq!(keys("a['x y']"), ["a", "x y"]);
        assert_eq!(keys("a[b]"), ["a[b]"]);
        assert_eq!(keys("a[\"\"]"), ["a", ""]);
        assert_eq!(keys("a[0]]]b"), ["a", "0", "b"]);
        assert_eq!(keys("."), ["<root>"]);
    }
}
