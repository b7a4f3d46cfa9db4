//! The fast path of the partial scan: skipping a value whose text is exactly what
//! `JSON.stringify` writes, which is what Segment sends. It reports no errors: anything
//! unexpected (whitespace, `\/`, a number JS writes otherwise, an array-index or repeated
//! key, nesting too deep, a syntax error) gives `None`, and the caller takes the exact
//! path, which gives the same answer or the exact error.

use super::lexical::{canonical_u_escape, has_duplicates, plain_run_end, short_decimal_as_js_writes_it};
use super::MAX_DEPTH;

/// Scratch space kept between calls.
#[derive(Default)]
pub(super) struct Scratch<'a> {
    /// The keys of the open objects, to find repeats.
    pub keys: Vec<&'a [u8]>,
    pub table: Vec<u32>,
    /// The open containers: whether an object, and where its keys start in `keys`.
    open: Vec<(bool, usize)>,
}

impl Scratch<'_> {
    /// Room for the keys of a typical text of this size, so the stack does not regrow.
    pub fn for_text(text: &str) -> Self {
        Scratch { keys: Vec::with_capacity(text.len() / 16), ..Default::default() }
    }
}

/// For callers that read no member.
pub(super) const NONE: fn(&[u8]) -> Option<usize> = |_| None;

/// Skips the value at `start`, nested in `depth` containers. `Some(end)` when
/// `text[start..end]` is one value exactly as `JSON.stringify` writes it (so also valid
/// JSON). Where the value is an object, the value position of each member that
/// `wanted` knows (by index) goes into `found` at that index.
pub(super) fn skip_canonical<'a>(
    text: &'a str,
    start: usize,
    depth: usize,
    wanted: &dyn Fn(&[u8]) -> Option<usize>,
    found: &mut [Option<usize>],
    s: &mut Scratch<'a>,
) -> Option<usize> {
    let keys_before = s.keys.len();
    let end = skip(text, start, depth, wanted, found, s);
    s.keys.truncate(keys_before);
    s.open.clear();
    end
}

fn skip<'a>(text: &'a str, mut i: usize, depth: usize, wanted: &dyn Fn(&[u8]) -> Option<usize>, found: &mut [Option<usize>], s: &mut Scratch<'a>) -> Option<usize> {
    let b = text.as_bytes();
    'value: loop {
        match *b.get(i)? {
            b'"' => i = string_end(b, i)?,
            open @ (b'{' | b'[') => {
                if depth + s.open.len() >= MAX_DEPTH {
                    return None;
                }
                let object = open == b'{';
                if b.get(i + 1) == Some(if object { &b'}' } else { &b']' }) {
                    i += 2;
                } else {
                    s.open.push((object, s.keys.len()));
                    i = if object { key(text, i + 1, wanted, found, s)? } else { i + 1 };
                    continue 'value;
                }
            }
            b't' => i = word(b, i, b"true")?,
            b'f' => i = word(b, i, b"false")?,
            b'n' => i = word(b, i, b"null")?,
            b'-' | b'0'..=b'9' => i = number(text, i)?,
            _ => return None,
        }
        // After a value: separators and closings.
        loop {
            let Some(&(object, first_key)) = s.open.last() else { return Some(i) };
            match (*b.get(i)?, object) {
                (b',', true) => {
                    i = key(text, i + 1, wanted, found, s)?;
                    continue 'value;
                }
                (b',', false) => {
                    i += 1;
                    continue 'value;
                }
                (b'}', true) => {
                    if has_duplicates(&s.keys[first_key..], &mut s.table) {
                        return None;
                    }
                    s.keys.truncate(first_key);
                }
                (b']', false) => {}
                _ => return None,
            }
            s.open.pop();
            i += 1;
        }
    }
}

/// A member's key at `i` and its `:`; answers where the value starts. Keys JS would
/// reorder (array indexes) or treat specially (`__proto__`), and escaped keys, give `None`.
fn key<'a>(text: &'a str, i: usize, wanted: &dyn Fn(&[u8]) -> Option<usize>, found: &mut [Option<usize>], s: &mut Scratch<'a>) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let end = plain_run_end(b, i + 1);
    if b.get(end) != Some(&b'"') || b.get(end + 1) != Some(&b':') {
        return None;
    }
    let key = b.get(i + 1..end)?;
    if key.first().is_some_and(u8::is_ascii_digit) || key == b"__proto__" {
        return None;
    }
    s.keys.push(key);
    // Members of the outermost object only.
    if s.open.len() == 1 {
        if let Some(k) = wanted(key) {
            *found.get_mut(k)? = Some(end + 2);
        }
    }
    Some(end + 2)
}

/// Past the string at `i` (its opening quote), when its escapes are the ones V8 writes.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut i = i + 1;
    loop {
        i = plain_run_end(b, i);
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => match *b.get(i + 1)? {
                b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                b'u' if canonical_u_escape(b.get(i + 2..i + 6)) => i += 6,
                _ => return None,
            },
            _ => return None,
        }
    }
}

fn word(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    (b.get(i..i + word.len())? == word).then_some(i + word.len())
}

/// Past the number at `i`, when `short_decimal_as_js_writes_it` knows JS writes that
/// number with this very text (exponents and 16+ digits defer to the exact path).
fn number(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let int_start = start + usize::from(b.get(start) == Some(&b'-'));
    let mut end = match *b.get(int_start)? {
        b'0' => int_start + 1,
        b'1'..=b'9' => digits(int_start + 1),
        _ => return None,
    };
    let plain = b.get(end) != Some(&b'.');
    if !plain {
        end = digits(end + 1);
    }
    if let Some(b'e' | b'E') = b.get(end) {
        return None;
    }
    short_decimal_as_js_writes_it(text.get(start..end)?, plain).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, stringify};

    fn next(rng: &mut u64, n: u64) -> u64 {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        *rng % n
    }

    /// Texts made of pieces that are canonical or nearly so, joined at random.
    fn random_text(rng: &mut u64, depth: usize) -> String {
        const SCALARS: &[&str] = &[
            "1", "-1", "0", "-0", "1.5", "1.50", "0.000001", "0.0000001", "123456789012345", "1234567890123456", "1e21", "1E5",
            "true", "false", "null", "\"a\"", "\"é✓😀\"", "\"\\n\\\"\"", "\"\\/\"", "\"\\u001f\"", "\"\\u0041\"", "\"\\ud800\"", "tru", "01", "1.", "\"",
        ];
        const KEYS: &[&str] = &["a", "b", "é", "__proto__", "0", "1", "10", "x y", "a\\n"];
        match if depth > 3 { 0 } else { next(rng, 4) } {
            0 | 1 => SCALARS[next(rng, SCALARS.len() as u64) as usize].to_owned(),
            2 => {
                let items: Vec<String> = (0..next(rng, 4)).map(|_| random_text(rng, depth + 1)).collect();
                format!("[{}]", items.join(if next(rng, 8) == 0 { ", " } else { "," }))
            }
            _ => {
                let n = next(rng, 5);
                let mut members = Vec::new();
                for _ in 0..n {
                    let key = KEYS[(next(rng, KEYS.len() as u64)) as usize];
                    members.push(format!("\"{key}\":{}", random_text(rng, depth + 1)));
                }
                format!("{{{}}}", members.join(","))
            }
        }
    }

    /// `Some` only for text that `JSON.stringify(JSON.parse(text))` gives back exactly;
    /// and canonical text is always taken (the fast path does not give up on it).
    #[test]
    fn fast_skip_answers_only_for_canonical_text() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let (mut taken, mut canonical_seen) = (0, 0);
        for _ in 0..30_000 {
            let text = random_text(&mut rng, 0);
            // The scanner takes the fast path for containers only.
            if !text.starts_with(['{', '[']) {
                continue;
            }
            let end = skip_canonical(&text, 0, 0, &NONE, &mut [], &mut Scratch::default());
            let canonical = parse(&text).ok().and_then(|v| stringify(&v)).is_some_and(|t| t == text)
                && !text.contains("__proto__");
            if end.is_some() {
                taken += 1;
                assert_eq!(end, Some(text.len()), "{text}");
                assert!(canonical, "taken but not canonical: {text}");
            }
            // Defers on array-index and escaped keys, exponents and 16+ digits even when canonical (the
            // exact path decides).
            let deferred_on_purpose = text.contains("\"0\":") || text.contains("\"1\":") || text.contains("\"10\":") || text.contains("e+") || text.contains("1234567890123456")
                || text.contains("a\\n\":");
            if canonical && !deferred_on_purpose {
                canonical_seen += 1;
                assert_eq!(end, Some(text.len()), "canonical but deferred: {text}");
            }
        }
        assert!(taken > 2_000 && canonical_seen > 2_000, "{taken} {canonical_seen}");
    }

    #[test]
    fn bench_traits_are_canonical() {
        let t = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/cases/identify-5kb.json")).unwrap();
        let mut s = Scratch::default();
        let mut found = [None, None];
        let names = |k: &[u8]| [&b"traits"[..], b"userId"].iter().position(|n| *n == k);
        let end = skip_canonical(&t, 0, 0, &names, &mut found, &mut s);
        assert_eq!(end, Some(t.trim_end().len()), "{found:?}");
    }
}
