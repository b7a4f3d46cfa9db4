//! Reading only the parts of a JSON text that a reader needs. The whole text is still
//! checked exactly as `parse` checks it (same errors, same positions), but members no
//! one reads are skipped without building values, and a value read as a whole can be
//! located as a slice of the text, with whether that slice is already exactly what
//! `JSON.stringify` would write for it (then it can be copied to the output as is).

use super::number::write_js_number;
use super::object::array_index;
use super::parse::Parser;
use super::{Object, Value};
use crate::error::Result;

/// Which parts of an object a reader needs, by key.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    /// The value is read as a value: build all of it.
    pub whole: bool,
    /// The value's text is wanted: where it is goes into this slot (see `RawText`).
    pub slot: Option<usize>,
    /// Keys read below this one (objects only are built partially; anything else
    /// that has wanted keys is built whole).
    pub children: Vec<(String, Wanted)>,
}

impl Wanted {
    /// The node for `keys` below this one, made on the way.
    pub fn at(&mut self, keys: &[String]) -> &mut Wanted {
        let mut node = self;
        for key in keys {
            let i = match node.children.iter().position(|(k, _)| k == key) {
                Some(i) => i,
                None => {
                    node.children.push((key.clone(), Wanted::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[i].1;
        }
        node
    }

    fn child(&self, key: &str) -> Option<&Wanted> {
        self.children.iter().find(|(k, _)| k == key).map(|(_, w)| w)
    }

    fn clear_slots(&self, slots: &mut [Option<RawText>]) {
        if let Some(s) = self.slot.and_then(|s| slots.get_mut(s)) {
            *s = None;
        }
        for (_, c) in &self.children {
            c.clear_slots(slots);
        }
    }
}

/// Where a wanted value's text is, and whether `JSON.stringify(JSON.parse(slice))`
/// (with `__proto__` members dropped, as mapping-kit drops them) gives the slice back:
/// no whitespace, numbers as JS writes them, escapes as V8 writes them, object keys in
/// JS order (array-index keys first, ascending), no duplicate or `__proto__` keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawText {
    pub start: usize,
    pub end: usize,
    pub canonical: bool,
}

/// The object `text` holds, with only the `wanted` members built, and the wanted
/// slices in `slots` (the last one where a key repeats, as `JSON.parse` keeps the last).
/// `Ok(None)` when the text is not an object: the caller parses it whole.
pub fn parse_wanted(text: &str, wanted: &Wanted, slots: &mut [Option<RawText>]) -> Result<Option<Value>> {
    let mut s = Scanner { p: Parser { b: text.as_bytes(), i: 0, text }, canon: true, keys: Vec::new() };
    s.p.ws();
    if s.p.b.get(s.p.i) != Some(&b'{') {
        return Ok(None);
    }
    let v = s.object(0, wanted, slots)?;
    s.p.ws();
    if s.p.i < s.p.b.len() {
        return Err(s.p.err("unexpected text after the JSON value"));
    }
    Ok(Some(v))
}

struct Scanner<'a> {
    p: Parser<'a>,
    /// Whether the value being skipped is canonical so far.
    canon: bool,
    /// The keys of the objects being skipped (a stack), to find duplicates.
    keys: Vec<&'a str>,
}

impl<'a> Scanner<'a> {
    fn at(&self) -> Option<u8> {
        self.p.b.get(self.p.i).copied()
    }

    fn ws(&mut self) {
        let start = self.p.i;
        self.p.ws();
        if self.p.i != start {
            self.canon = false;
        }
    }

    /// A partially built object (the scanner is at its `{`).
    fn object(&mut self, depth: usize, wanted: &Wanted, slots: &mut [Option<RawText>]) -> Result<Value> {
        let depth = self.p.enter(depth)?;
        self.p.i += 1;
        let mut o = Object::new();
        self.ws();
        if self.at() == Some(b'}') {
            self.p.i += 1;
            return Ok(Value::Object(o));
        }
        loop {
            self.ws();
            if self.at() != Some(b'"') {
                return Err(self.p.err("expected a string key"));
            }
            let key_start = self.p.i;
            let escaped = self.skip_string(false)?;
            let key: std::borrow::Cow<str> = if escaped {
                self.p.i = key_start;
                self.p.string()?.into()
            } else {
                self.p.text[key_start + 1..self.p.i - 1].into()
            };
            self.ws();
            if self.at() != Some(b':') {
                return Err(self.p.err("expected ':'"));
            }
            self.p.i += 1;
            self.ws();
            match wanted.child(&key) {
                None => self.skip(depth, false)?,
                Some(w) => {
                    w.clear_slots(slots);
                    let start = self.p.i;
                    if let Some(slot) = w.slot {
                        self.canon = true;
                        self.skip(depth, true)?;
                        if let Some(s) = slots.get_mut(slot) {
                            *s = Some(RawText { start, end: self.p.i, canonical: self.canon });
                        }
                    }
                    if w.whole || !w.children.is_empty() {
                        self.p.i = start;
                        let v = if !w.whole && self.at() == Some(b'{') { self.object(depth, w, slots)? } else { self.p.value(depth)? };
                        o.insert(key.into_owned(), v);
                    }
                }
            }
            self.ws();
            match self.at() {
                Some(b',') => self.p.i += 1,
                Some(b'}') => {
                    self.p.i += 1;
                    return Ok(Value::Object(o));
                }
                _ => return Err(self.p.err("expected ',' or '}'")),
            }
        }
    }

    /// Checks one value as `Parser::value` does, building nothing. With `track`, also
    /// finds whether it is canonical (clears `canon` where not).
    fn skip(&mut self, depth: usize, track: bool) -> Result<()> {
        match self.at() {
            None => Err(self.p.err("unexpected end of input")),
            Some(b'{') => self.skip_object(depth, track),
            Some(b'[') => self.skip_array(depth, track),
            Some(b'"') => self.skip_string(track).map(|_| ()),
            Some(b't') => self.p.word("true", Value::Null).map(|_| ()),
            Some(b'f') => self.p.word("false", Value::Null).map(|_| ()),
            Some(b'n') => self.p.word("null", Value::Null).map(|_| ()),
            Some(b'-' | b'0'..=b'9') => self.skip_number(track),
            Some(_) => Err(self.p.err("unexpected character")),
        }
    }

    fn skip_object(&mut self, depth: usize, track: bool) -> Result<()> {
        let depth = self.p.enter(depth)?;
        self.p.i += 1;
        self.ws();
        if self.at() == Some(b'}') {
            self.p.i += 1;
            return Ok(());
        }
        let first_key = self.keys.len();
        let (mut last_index, mut named) = (None::<u32>, false);
        loop {
            self.ws();
            if self.at() != Some(b'"') {
                return Err(self.p.err("expected a string key"));
            }
            let key_start = self.p.i;
            self.skip_string(track)?;
            if track {
                let text = self.p.text;
                let key = &text[key_start + 1..self.p.i - 1];
                match array_index(key) {
                    Some(n) if named || last_index.is_some_and(|m| m >= n) => self.canon = false,
                    Some(n) => last_index = Some(n),
                    None => named = true,
                }
                if key == "__proto__" {
                    self.canon = false;
                }
                self.keys.push(key);
            }
            self.ws();
            if self.at() != Some(b':') {
                return Err(self.p.err("expected ':'"));
            }
            self.p.i += 1;
            self.ws();
            self.skip(depth, track)?;
            self.ws();
            match self.at() {
                Some(b',') => self.p.i += 1,
                Some(b'}') => {
                    self.p.i += 1;
                    break;
                }
                _ => return Err(self.p.err("expected ',' or '}'")),
            }
        }
        if track {
            if has_duplicates(&self.keys[first_key..]) {
                self.canon = false;
            }
            self.keys.truncate(first_key);
        }
        Ok(())
    }

    fn skip_array(&mut self, depth: usize, track: bool) -> Result<()> {
        let depth = self.p.enter(depth)?;
        self.p.i += 1;
        self.ws();
        if self.at() == Some(b']') {
            self.p.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            self.skip(depth, track)?;
            self.ws();
            match self.at() {
                Some(b',') => self.p.i += 1,
                Some(b']') => {
                    self.p.i += 1;
                    return Ok(());
                }
                _ => return Err(self.p.err("expected ',' or ']'")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.p.i;
        while self.at().is_some_and(|c| c.is_ascii_digit()) {
            self.p.i += 1;
        }
        self.p.i - start
    }

    fn skip_number(&mut self, track: bool) -> Result<()> {
        let start = self.p.i;
        if self.at() == Some(b'-') {
            self.p.i += 1;
        }
        match self.at() {
            Some(b'0') => self.p.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.p.err("invalid number")),
        }
        let mut plain = true;
        if self.at() == Some(b'.') {
            self.p.i += 1;
            if self.digits() == 0 {
                return Err(self.p.err("invalid number"));
            }
            plain = false;
        }
        if let Some(b'e' | b'E') = self.at() {
            self.p.i += 1;
            if let Some(b'+' | b'-') = self.at() {
                self.p.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.p.err("invalid number"));
            }
            plain = false;
        }
        if track {
            let text = &self.p.text[start..self.p.i];
            // Up to 15 digits, an integer is exact in an f64 and JS writes its digits.
            let quick = plain && text.len() <= 15 && !text.starts_with("-0");
            if !quick {
                let n: f64 = text.parse().unwrap_or(f64::NAN);
                let mut written = String::new();
                if n.is_finite() {
                    write_js_number(n, &mut written);
                }
                if written != text {
                    self.canon = false;
                }
            }
        }
        Ok(())
    }

    /// Checks a string as `Parser::string` does; says whether it holds an escape.
    fn skip_string(&mut self, track: bool) -> Result<bool> {
        self.p.i += 1;
        let mut escaped = false;
        loop {
            // The plain run, with the text in locals (the hot loop of a skip).
            let (b, mut i) = (self.p.b, self.p.i);
            while let Some(&c) = b.get(i) {
                if STOPS_STRING[c as usize] {
                    break;
                }
                i += 1;
            }
            self.p.i = i;
            match self.at() {
                None => return Err(self.p.err("unterminated string")),
                Some(b'"') => {
                    self.p.i += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.p.i += 1;
                    let esc = self.at().ok_or_else(|| self.p.err("unterminated string"))?;
                    self.p.i += 1;
                    match esc {
                        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'/' => self.canon = false,
                        b'u' => {
                            if track && !canonical_u_escape(self.p.b.get(self.p.i..self.p.i + 4)) {
                                self.canon = false;
                            }
                            self.p.unicode_escape()?;
                        }
                        _ => return Err(self.p.err("invalid escape")),
                    }
                }
                Some(_) => return Err(self.p.err("control character in string")),
            }
        }
    }
}

/// The bytes that end a string's plain run: `"`, `\`, control characters.
const STOPS_STRING: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// V8 writes `\u00xx` (lowercase) only for control characters without a short escape.
fn canonical_u_escape(hex: Option<&[u8]>) -> bool {
    let Some(&[b'0', b'0', hi @ (b'0' | b'1'), lo]) = hex else { return false };
    let lo = match lo {
        b'0'..=b'9' => lo - b'0',
        b'a'..=b'f' => lo - b'a' + 10,
        _ => return false,
    };
    let unit = (hi - b'0') * 16 + lo;
    !matches!(unit, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d)
}

fn has_duplicates(keys: &[&str]) -> bool {
    if keys.len() <= 16 {
        return keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k));
    }
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(keys.len(), Fnv::default());
    !keys.iter().all(|k| seen.insert(*k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, stringify};

    fn raw_of(text: &str) -> Result<Option<RawText>> {
        let mut wanted = Wanted::default();
        wanted.at(&["t".to_owned()]).slot = Some(0);
        let mut slots = [None];
        parse_wanted(text, &wanted, &mut slots)?;
        Ok(slots[0])
    }

    #[test]
    fn canonical_only_where_stringify_gives_the_text_back() {
        let canonical = [
            r#"{"a":1,"b":[true,null,-2.5,1e+21,"x\"\\\n\u001f é"],"c":{}}"#,
            r#"{"0":1,"2":2,"x":{"1":[],"y":""}}"#,
            "123456789012345",
            "-1",
        ];
        for t in canonical {
            let text = format!(r#"{{"t":{t}}}"#);
            let raw = raw_of(&text).unwrap().unwrap();
            assert!(raw.canonical, "{t}");
            assert_eq!(stringify(&parse(t).unwrap()).unwrap(), &text[raw.start..raw.end]);
        }
        let not = [
            "{ \"a\":1}", "[1 ]", "1.0", "1e21", "-0", "1E+21", "0.10", "12345678901234567890", "\"\\/\"", "\"\\u0041\"",
            "\"\\u000a\"", "\"\\u007f\"", "\"\\u001F\"", "{\"b\":1,\"0\":2}", "{\"2\":1,\"1\":2}", "{\"a\":1,\"a\":2}", "{\"__proto__\":1}",
            "\"\\ud800\"", "1e400",
        ];
        for t in not {
            let raw = raw_of(&format!(r#"{{"t":{t}}}"#)).unwrap().unwrap();
            assert!(!raw.canonical, "{t}");
        }
    }

    #[test]
    fn same_errors_as_parse() {
        for bad in ["{", "{\"t\":", "{\"t\":[1,]}", "{\"u\":{'a':1}}", "{\"u\":01}", "{\"t\":\"\\x\"}", "{\"u\":nul}", "{} x", "{\"a\" 1}", "{\"u\":\"\u{1}\"}", "{\"u\":1.}"] {
            let a = parse(bad).unwrap_err();
            let b = raw_of(bad).unwrap_err();
            assert_eq!(a.message, b.message, "{bad}");
        }
        let deep = format!("{{\"u\":{}{}}}", "[".repeat(MAX), "]".repeat(MAX));
        assert_eq!(parse(&deep).unwrap_err().message, raw_of(&deep).unwrap_err().message);
    }
    const MAX: usize = crate::json::MAX_DEPTH;
}

/// FNV-1a: keys of one event object need no defence against chosen collisions here
/// (at worst a slower check), and SipHash would cost more than the rest of the scan.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
}

impl std::hash::BuildHasher for Fnv {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv::default()
    }
}
