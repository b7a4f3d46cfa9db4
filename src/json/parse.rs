//! JSON text → `Value`, as `JSON.parse` reads it, with a nesting limit so hostile
//! input gets an error instead of a stack overflow.

use super::lexical::plain_run_end;
use super::{Object, Value};
use crate::error::{Error, Result};

/// Deeper nesting is refused. Real events nest a handful of levels.
pub const MAX_DEPTH: usize = 256;

pub fn parse(text: &str) -> Result<Value> {
    let mut p = Parser { b: text.as_bytes(), i: 0, text };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

pub(super) struct Parser<'a> {
    pub(super) b: &'a [u8],
    pub(super) i: usize,
    pub(super) text: &'a str,
}

impl Parser<'_> {
    pub(super) fn err(&self, what: &str) -> Error {
        let before = &self.text.as_bytes()[..self.i.min(self.b.len())];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let col = before.iter().rev().take_while(|&&c| c != b'\n').count() + 1;
        Error::json("", format!("Invalid JSON at line {line}, column {col} (position {}): {what}", self.i))
    }

    pub(super) fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    pub(super) fn value(&mut self, depth: usize) -> Result<Value> {
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    pub(super) fn word(&mut self, w: &str, v: Value) -> Result<Value> {
        if self.b[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("unexpected character"))
        }
    }

    pub(super) fn enter(&self, depth: usize) -> Result<usize> {
        if depth >= MAX_DEPTH {
            Err(self.err(&format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(depth + 1)
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value> {
        let depth = self.enter(depth)?;
        self.i += 1;
        let mut o = Object::new();
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Object(o));
        }
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a string key"));
            }
            let k = self.string()?;
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.err("expected ':'"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth)?;
            o.insert(k, v);
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(o));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value> {
        let depth = self.enter(depth)?;
        self.i += 1;
        let mut a = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(a));
        }
        loop {
            self.ws();
            a.push(self.value(depth)?);
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(a));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    pub(super) fn number(&mut self) -> Result<Value> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("invalid number"));
            }
        }
        // Correctly rounded, like V8; out of range gives ±Infinity as in JS.
        let n: f64 = self.text[start..self.i].parse().map_err(|_| self.err("invalid number"))?;
        Ok(Value::Number(n))
    }

    pub(super) fn string(&mut self) -> Result<String> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            self.i = plain_run_end(self.b, self.i);
            out.push_str(&self.text[start..self.i]);
            match self.b.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = *self.b.get(self.i).ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }

    pub(super) fn hex4(&mut self) -> Result<u16> {
        let h = self.b.get(self.i..self.i + 4).ok_or_else(|| self.err("invalid \\u escape"))?;
        let s = std::str::from_utf8(h).map_err(|_| self.err("invalid \\u escape"))?;
        let v = u16::from_str_radix(s, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    /// A `\uXXXX` escape, joining surrogate pairs. A lone surrogate, which JS strings
    /// can hold but Rust strings cannot, becomes U+FFFD (as at every JS→wasm crossing).
    pub(super) fn unicode_escape(&mut self) -> Result<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.b[self.i..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + (((hi as u32) - 0xD800) << 10) + ((lo as u32) - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.i = save;
        }
        Ok(char::from_u32(hi as u32).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_like_js() {
        let v = parse(r#"{"b":1,"2":[true,null,"x\u00e9\ud83d\ude00"],"1":-0.5e1}"#).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.keys().collect::<Vec<_>>(), ["1", "2", "b"]);
        assert_eq!(o.get("1"), Some(&Value::Number(-5.0)));
        assert_eq!(o.get("2").unwrap().as_array().unwrap()[2], Value::from("xé😀"));
    }

    #[test]
    fn repeated_keys_and_nesting_as_js_builds_them() {
        // Expected: V8's JSON.stringify(JSON.parse(text)) (Node 20).
        let cases = [
            (
                r#"{"a":1,"b":{"c":[1,{"d":2,"d":3},[[],[{}]]],"e":[]},"a":4,"x":{}}"#,
                r#"{"a":4,"b":{"c":[1,{"d":3},[[],[{}]]],"e":[]},"x":{}}"#,
            ),
            (r#"{"b":1,"1":2,"a":3,"1":4,"0":5}"#, r#"{"0":5,"1":4,"b":1,"a":3}"#),
            (
                r#"{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k3":"again","k12":12}"#,
                r#"{"k0":0,"k1":1,"k2":2,"k3":"again","k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12}"#,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(super::super::stringify(&parse(text).unwrap()).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn rejects_bad_text_with_position() {
        for bad in ["", "{", "[1,]", "{'a':1}", "01", "1.", "\"\u{1}\"", "nul", "[1] x", "{\"a\" 1}"] {
            let e = parse(bad).unwrap_err();
            assert!(e.message.starts_with("Invalid JSON at line 1"), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse(&deep).unwrap_err().message.contains("nesting deeper than"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn lone_surrogate_becomes_replacement_char() {
        assert_eq!(parse(r#""\ud800x""#).unwrap(), Value::from("\u{FFFD}x"));
    }
}
