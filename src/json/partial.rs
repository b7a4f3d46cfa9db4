//! Reading only the parts of a JSON text that a reader needs. The whole text is still
//! checked exactly as `parse` checks it (same errors, same positions), but members no
//! one reads are skipped without building values, and a value read as a whole can be
//! located as a slice of the text, with whether that slice is already exactly what
//! `JSON.stringify` would write for it (then it can be copied to the output as is).

use super::canonical::{skip_canonical, Scratch, NONE};
use super::lexical::{canonical_u_escape, has_duplicates, plain_run_end, short_decimal_as_js_writes_it};
use super::number::write_js_number;
use super::v8::array_index;
use super::parse::Parser;
use super::{Object, Value};
use crate::error::{Error, Result};

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
    let mut s = Scanner { p: Parser { b: text.as_bytes(), i: 0, text }, canon: true, scratch: Scratch::for_text(text), error: None };
    s.p.ws();
    if s.p.b.get(s.p.i) != Some(&b'{') {
        return Ok(None);
    }
    let Ok(v) = s.object(0, wanted, slots, false) else {
        return Err(s.error.take().unwrap_or_else(|| s.p.err("invalid JSON")));
    };
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
    /// The keys of the objects being checked (a stack), to find repeats, and the fast
    /// path's scratch space.
    scratch: Scratch<'a>,
    /// Why the scan stopped: kept aside so the hot path passes a small `Stop`.
    error: Option<Error>,
}

/// The scan stopped on an error (in `Scanner::error`).
struct Stop;

type Scan<T> = std::result::Result<T, Stop>;

impl<'a> Scanner<'a> {
    /// Keeps the error (the cold path) and stops the scan.
    #[cold]
    fn stash(&mut self, e: Error) -> Stop {
        self.error = Some(e);
        Stop
    }

    #[cold]
    fn fail(&mut self, what: &str) -> Stop {
        let e = self.p.err(what);
        self.stash(e)
    }

    fn at(&self) -> Option<u8> {
        self.p.b.get(self.p.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        // Canonical text has no whitespace: one compare in the common case.
        if self.at().is_none_or(|c| c > b' ') {
            return;
        }
        let start = self.p.i;
        self.p.ws();
        if self.p.i != start {
            self.canon = false;
        }
    }

    /// A partially built object (the scanner is at its `{`). With `track`, also finds
    /// whether the whole object's text is canonical, in the same pass.
    fn object(&mut self, depth: usize, wanted: &Wanted, slots: &mut [Option<RawText>], track: bool) -> Scan<Value> {
        let depth = self.p.enter(depth).map_err(|e| self.stash(e))?;
        self.p.i += 1;
        let mut o = Object::new();
        self.ws();
        if self.at() == Some(b'}') {
            self.p.i += 1;
            return Ok(Value::Object(o));
        }
        let mut order = KeyOrder::new(self.scratch.keys.len());
        loop {
            let (key_start, escaped) = self.member_key(track, &mut order)?;
            let raw_key = &self.p.text[key_start + 1..self.p.i - 1];
            let key: std::borrow::Cow<str> = if escaped {
                let end = self.p.i;
                self.p.i = key_start;
                let decoded = self.p.string().map_err(|e| self.stash(e))?;
                self.p.i = end;
                decoded.into()
            } else {
                raw_key.into()
            };
            self.colon()?;
            match wanted.child(&key) {
                None => self.skip(depth, track)?,
                Some(w) => {
                    w.clear_slots(slots);
                    let start = self.p.i;
                    let outer = std::mem::replace(&mut self.canon, true);
                    let need_canon = track || w.slot.is_some();
                    let built = w.whole || !w.children.is_empty();
                    let v = if let Some(v) = self.fast_object(depth, w, slots)? {
                        Some(v)
                    } else if built && !w.whole && self.at() == Some(b'{') {
                        Some(self.object(depth, w, slots, need_canon)?)
                    } else {
                        if need_canon || !built {
                            self.skip(depth, true)?;
                        }
                        if built {
                            self.p.i = start;
                            Some(self.p.value(depth).map_err(|e| self.stash(e))?)
                        } else {
                            None
                        }
                    };
                    let canonical = self.canon;
                    self.canon = outer && canonical;
                    if let Some(s) = w.slot.and_then(|s| slots.get_mut(s)) {
                        *s = Some(RawText { start, end: self.p.i, canonical });
                    }
                    if let Some(v) = v {
                        o.insert(key.into_owned(), v);
                    }
                }
            }
            if !self.member_end()? {
                break;
            }
        }
        if track {
            order.finish(self);
        }
        Ok(Value::Object(o))
    }

    /// The fast path for an object of which some members are read, each whole or as
    /// text (the contact mapping's `traits`): the canonical skip notes where they are,
    /// then only they are parsed. `None` when the object is not canonical or the reads
    /// go deeper.
    fn fast_object(&mut self, depth: usize, w: &Wanted, slots: &mut [Option<RawText>]) -> Scan<Option<Value>> {
        if w.whole || w.children.is_empty() || self.at() != Some(b'{') || w.children.iter().any(|(_, c)| !c.children.is_empty()) {
            return Ok(None);
        }
        let wanted = |key: &[u8]| w.children.iter().position(|(k, _)| k.as_bytes() == key);
        let mut found = vec![None; w.children.len()];
        let Some(end) = skip_canonical(self.p.text, self.p.i, depth, &wanted, &mut found, &mut self.scratch) else {
            return Ok(None);
        };
        // In text order, as the object would be built.
        let mut members: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for (k, at) in found.iter().enumerate() {
            if let Some(at) = *at {
                let i = members.iter().position(|(m, _)| *m > at).unwrap_or(members.len());
                members.insert(i, (at, k));
            }
        }
        let mut o = Object::new();
        for (at, k) in members {
            let (name, child) = (&w.children[k].0, &w.children[k].1);
            if let Some(slot) = child.slot.and_then(|s| slots.get_mut(s)) {
                let end = skip_canonical(self.p.text, at, depth + 1, &NONE, &mut [], &mut self.scratch).unwrap_or(at);
                *slot = Some(RawText { start: at, end, canonical: true });
            }
            if child.whole {
                self.p.i = at;
                let v = self.p.value(depth + 1).map_err(|e| self.stash(e))?;
                o.insert(name.as_str(), v);
            }
        }
        self.p.i = end;
        Ok(Some(Value::Object(o)))
    }

    /// Checks one value as `Parser::value` does, building nothing. With `track`, also
    /// finds whether it is canonical (clears `canon` where not).
    fn skip(&mut self, depth: usize, track: bool) -> Scan<()> {
        // Canonical text is also valid: the fast path answers for both, or defers.
        if let Some(b'{' | b'[') = self.at() {
            if let Some(end) = skip_canonical(self.p.text, self.p.i, depth, &NONE, &mut [], &mut self.scratch) {
                self.p.i = end;
                return Ok(());
            }
        }
        match self.at() {
            None => Err(self.fail("unexpected end of input")),
            Some(b'{') => self.skip_object(depth, track),
            Some(b'[') => self.skip_array(depth, track),
            Some(b'"') => self.skip_string(track).map(|_| ()),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.skip_number(track),
            Some(_) => Err(self.fail("unexpected character")),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Scan<()> {
        if self.p.b.get(self.p.i..self.p.i + word.len()) == Some(word) {
            self.p.i += word.len();
            Ok(())
        } else {
            Err(self.fail("unexpected character"))
        }
    }

    /// A member's key: where it starts and whether it holds an escape (noted for the
    /// key-order check with `track`).
    fn member_key(&mut self, track: bool, order: &mut KeyOrder) -> Scan<(usize, bool)> {
        self.ws();
        if self.at() != Some(b'"') {
            return Err(self.fail("expected a string key"));
        }
        let key_start = self.p.i;
        let escaped = self.skip_string(track)?;
        if track {
            let text = self.p.text;
            order.note(self, &text[key_start + 1..self.p.i - 1]);
        }
        Ok((key_start, escaped))
    }

    fn colon(&mut self) -> Scan<()> {
        self.ws();
        if self.at() != Some(b':') {
            return Err(self.fail("expected ':'"));
        }
        self.p.i += 1;
        self.ws();
        Ok(())
    }

    /// After a member: `,` (another follows: `true`) or `}` (the object ends: `false`).
    fn member_end(&mut self) -> Scan<bool> {
        self.ws();
        let more = match self.at() {
            Some(b',') => true,
            Some(b'}') => false,
            _ => return Err(self.fail("expected ',' or '}'")),
        };
        self.p.i += 1;
        Ok(more)
    }

    fn skip_object(&mut self, depth: usize, track: bool) -> Scan<()> {
        let depth = self.p.enter(depth).map_err(|e| self.stash(e))?;
        self.p.i += 1;
        self.ws();
        if self.at() == Some(b'}') {
            self.p.i += 1;
            return Ok(());
        }
        let mut order = KeyOrder::new(self.scratch.keys.len());
        loop {
            self.member_key(track, &mut order)?;
            self.colon()?;
            self.skip(depth, track)?;
            if !self.member_end()? {
                break;
            }
        }
        if track {
            order.finish(self);
        }
        Ok(())
    }

    fn skip_array(&mut self, depth: usize, track: bool) -> Scan<()> {
        let depth = self.p.enter(depth).map_err(|e| self.stash(e))?;
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
                _ => return Err(self.fail("expected ',' or ']'")),
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

    fn skip_number(&mut self, track: bool) -> Scan<()> {
        let start = self.p.i;
        if self.at() == Some(b'-') {
            self.p.i += 1;
        }
        match self.at() {
            Some(b'0') => self.p.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("invalid number")),
        }
        let mut plain = true;
        if self.at() == Some(b'.') {
            self.p.i += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
            plain = false;
        }
        if let Some(b'e' | b'E') = self.at() {
            self.p.i += 1;
            if let Some(b'+' | b'-') = self.at() {
                self.p.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
            plain = false;
        }
        if track {
            let text = &self.p.text[start..self.p.i];
            if !short_decimal_as_js_writes_it(text, plain) {
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
    fn skip_string(&mut self, track: bool) -> Scan<bool> {
        self.p.i += 1;
        let mut escaped = false;
        loop {
            self.p.i = plain_run_end(self.p.b, self.p.i);
            match self.at() {
                None => return Err(self.fail("unterminated string")),
                Some(b'"') => {
                    self.p.i += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.p.i += 1;
                    let esc = self.at().ok_or_else(|| self.fail("unterminated string"))?;
                    self.p.i += 1;
                    match esc {
                        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'/' => self.canon = false,
                        b'u' => {
                            if track && !canonical_u_escape(self.p.b.get(self.p.i..self.p.i + 4)) {
                                self.canon = false;
                            }
                            self.p.unicode_escape().map_err(|e| self.stash(e))?;
                        }
                        _ => return Err(self.fail("invalid escape")),
                    }
                }
                Some(_) => return Err(self.fail("control character in string")),
            }
        }
    }
}

/// Checks an object's keys for JS order (array-index keys first, ascending), repeats
/// and `__proto__`, which make its text other than `JSON.stringify`'s.
struct KeyOrder {
    first_key: usize,
    last_index: Option<u32>,
    named: bool,
}

impl KeyOrder {
    fn new(first_key: usize) -> Self {
        KeyOrder { first_key, last_index: None, named: false }
    }

    fn note<'a>(&mut self, s: &mut Scanner<'a>, key: &'a str) {
        let first = key.as_bytes().first().copied().unwrap_or(b'x');
        if first.is_ascii_digit() {
            match array_index(key) {
                Some(n) if self.named || self.last_index.is_some_and(|m| m >= n) => s.canon = false,
                Some(n) => self.last_index = Some(n),
                None => self.named = true,
            }
        } else {
            self.named = true;
            if key == "__proto__" {
                s.canon = false;
            }
        }
        s.scratch.keys.push(key.as_bytes());
    }

    fn finish(self, s: &mut Scanner) {
        if has_duplicates(&s.scratch.keys[self.first_key..], &mut s.scratch.table) {
            s.canon = false;
        }
        s.scratch.keys.truncate(self.first_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, stringify};

    fn raw_of(text: &str) -> Result<Option<RawText>> {
        let mut wanted = Wanted::default();
        wanted.at(&["t".to_owned()]).slot = Some(0);
        // Also read below it: an object is then built in part while its text is checked.
        wanted.at(&["t".to_owned(), "a".to_owned()]).whole = true;
        wanted.at(&["t".to_owned(), "x".to_owned(), "y".to_owned()]).slot = Some(1);
        let mut slots = [None, None];
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

    #[test]
    fn repeated_keys_are_found_in_small_and_big_objects() {
        for n in [2, 16, 17, 500, 1025, 3000] {
            let keys: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            let body: Vec<String> = keys.iter().map(|k| format!("\"{k}\":1")).collect();
            let once = format!("{{\"t\":{{{}}}}}", body.join(","));
            assert!(raw_of(&once).unwrap().unwrap().canonical, "{n}");
            let twice = format!("{{\"t\":{{{},\"k{}\":2}}}}", body.join(","), n / 2);
            assert!(!raw_of(&twice).unwrap().unwrap().canonical, "{n}");
        }
    }
}

