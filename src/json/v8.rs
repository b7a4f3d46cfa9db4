//! What V8 does with a value, in one place: ToNumber (`Number(v)`, StringToNumber),
//! the whitespace set of `trim` and `\s`, and strings as UTF-16 (`length`, `s[i]`).
//! ToString and `typeof` are `Value::to_js_string` and `Value::type_of`, number text
//! `number::write_js_number`.

use super::Value;

/// `Number(v)` in JavaScript (ToNumber; objects through ToPrimitive, i.e. `String(v)`).
pub fn to_number(v: &Value) -> f64 {
    match v {
        Value::Undefined => f64::NAN,
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => *n,
        Value::String(s) => js_string_to_number(s),
        Value::Array(_) | Value::Object(_) => js_string_to_number(&v.to_js_string()),
    }
}

/// `Number(s)` in JavaScript (StringToNumber): trims JS whitespace, accepts decimal
/// literals, `Infinity`, and `0x`/`0o`/`0b` integers; `""` is 0; anything else is NaN.
pub fn js_string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_whitespace);
    if t.is_empty() {
        return 0.0;
    }
    let (sign, body) = match t.as_bytes()[0] {
        b'+' => (1.0, &t[1..]),
        b'-' => (-1.0, &t[1..]),
        _ => (1.0, t),
    };
    if body == "Infinity" {
        return sign * f64::INFINITY;
    }
    // Prefixed integers take no sign in JS.
    if sign == 1.0 && t.as_bytes()[0] != b'+' && body.len() > 2 && body.as_bytes()[0] == b'0' {
        let radix = match body.as_bytes()[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            let digits = &body[2..];
            let mut v = 0f64;
            for c in digits.chars() {
                match c.to_digit(radix) {
                    Some(d) => v = v * radix as f64 + d as f64,
                    None => return f64::NAN,
                }
            }
            return v;
        }
    }
    if !is_decimal_literal(body) {
        return f64::NAN;
    }
    // Rust's parser is correctly rounded, like V8's.
    match body.parse::<f64>() {
        Ok(v) => sign * v,
        Err(_) => f64::NAN,
    }
}

/// StrUnsignedDecimalLiteral: digits [. digits] [e[+-]digits], at least one digit in the mantissa.
fn is_decimal_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let mut mantissa_digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        mantissa_digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            mantissa_digits += 1;
        }
    }
    if mantissa_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// WhiteSpace and LineTerminator of ECMAScript (what `String.prototype.trim` removes).
pub fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{a}' | '\u{b}' | '\u{c}' | '\u{d}' | ' ' | '\u{a0}' | '\u{1680}'
            | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}'
            | '\u{3000}' | '\u{feff}'
    )
}

/// A canonical array index (`"0"`, `"17"`, not `"01"` or `"-1"`), below 2^32 − 1: the
/// property keys JS reads as indexes of arrays and strings, and orders first in objects.
pub fn array_index(key: &str) -> Option<u32> {
    let b = key.as_bytes();
    if b.is_empty() || b.len() > 10 || (b.len() > 1 && b[0] == b'0') || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n: u64 = key.parse().ok()?;
    (n < u32::MAX as u64).then_some(n as u32)
}

/// `s.trim()` in JS (its whitespace set differs from Rust's `str::trim`).
pub fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// `s.length` in JS: UTF-16 code units.
pub fn utf16_len(s: &str) -> usize {
    utf16_len_of_utf8(s.as_bytes())
}

/// UTF-16 code units in UTF-8 `bytes`: one per sequence, two for a 4-byte one. Eight
/// bytes a step: continuation bytes (10xxxxxx) are not counted, 4-byte leads twice.
/// Not inlined: one copy for its dozen callers (1.9 KB of .wasm gzipped otherwise).
#[inline(never)]
pub fn utf16_len_of_utf8(bytes: &[u8]) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut units = 0usize;
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        let w = u64::from_le_bytes(word);
        if w & HI == 0 {
            units += 8;
            continue;
        }
        let continuation = (w & !(w << 1) & HI).count_ones() as usize;
        let four_byte_lead = (w & (w << 1) & (w << 2) & (w << 3) & HI).count_ones() as usize;
        units += 8 - continuation + four_byte_lead;
    }
    for &b in chunks.remainder() {
        units += usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
    }
    units
}

/// JS string offsets (UTF-16 code units, what `s.slice` takes) of byte offsets into
/// `text`, in any order.
pub fn utf16_offsets(text: &str, bytes: Vec<usize>) -> Vec<usize> {
    // Callers mostly pass ascending offsets (a batch's elements): one pass then. Otherwise
    // a handful of them (a mapping's splices): an insertion sort, O(n²) but tiny (the
    // library sorts weigh kilobytes of wasm).
    let order: Vec<usize> = if bytes.windows(2).all(|w| w[0] <= w[1]) {
        (0..bytes.len()).collect()
    } else {
        let mut order = Vec::with_capacity(bytes.len());
        for i in 0..bytes.len() {
            let at = order.iter().position(|&j| bytes[j] > bytes[i]).unwrap_or(order.len());
            order.insert(at, i);
        }
        order
    };
    let mut out = vec![0; bytes.len()];
    let (mut byte, mut unit) = (0usize, 0usize);
    for i in order {
        let to = bytes[i].clamp(byte, text.len());
        unit += utf16_len_of_utf8(&text.as_bytes()[byte..to]);
        byte = to;
        out[i] = unit;
    }
    out
}

/// `s[i]` in JS: the UTF-16 code unit at `i` as a string. Half of a surrogate pair
/// cannot live in a Rust string; it becomes U+FFFD, as at every JS→wasm crossing.
pub fn utf16_unit_at(s: &str, index: usize) -> Option<String> {
    let mut at = 0;
    for c in s.chars() {
        let n = c.len_utf16();
        if index < at + n {
            return Some(if n == 1 { c.to_string() } else { '\u{FFFD}'.to_string() });
        }
        at += n;
    }
    None
}

/// Each UTF-16 code unit of `s` as its own string (what `Object.assign({}, s)` and
/// `{...s}` copy), with surrogate halves as U+FFFD.
pub fn utf16_units(s: &str) -> impl Iterator<Item = String> + '_ {
    s.chars().flat_map(|c| {
        let unit = if c.len_utf16() == 1 { c } else { '\u{FFFD}' };
        std::iter::repeat_n(unit.to_string(), c.len_utf16())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_number_matches_js() {
        assert_eq!(js_string_to_number(""), 0.0);
        assert_eq!(js_string_to_number("  12  "), 12.0);
        assert_eq!(js_string_to_number("1e3"), 1000.0);
        assert_eq!(js_string_to_number("0x1F"), 31.0);
        assert_eq!(js_string_to_number("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(js_string_to_number(".5"), 0.5);
        assert_eq!(js_string_to_number("5."), 5.0);
        for bad in ["abc", "1e", ".", "-0x10", "1_000", "infinity", "1 2"] {
            assert!(js_string_to_number(bad).is_nan(), "{bad}");
        }
    }

    #[test]
    fn utf16_len_counts_what_js_counts() {
        let text = "a\u{e9}b\u{2713}c\u{1F600}d and some ASCII to fill eight-byte words \u{1F600}\u{e9}\u{e9}x";
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let want: usize = text[..i].chars().map(char::len_utf16).sum();
            assert_eq!(utf16_len(&text[..i]), want, "{:?}", &text[..i]);
        }
    }

    #[test]
    fn to_number_is_js_number() {
        let n = |t: &str| to_number(&crate::json::parse(t).unwrap());
        assert_eq!((n("null"), n("true"), n("\" 0x10 \""), n("[]"), n("[\"7\"]")), (0.0, 1.0, 16.0, 0.0, 7.0));
        assert!(n("{}").is_nan() && n("[1,2]").is_nan() && to_number(&Value::Undefined).is_nan());
    }

    #[test]
    fn offsets_agree_with_counting_chars() {
        let text = "a\u{e9}b\u{2713}c\u{1F600}d and some ASCII to fill eight-byte words \u{1F600}\u{e9}\u{e9}x";
        let bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut shuffled = bytes.clone();
        shuffled.reverse();
        shuffled.swap(1, 5);
        let got = utf16_offsets(text, shuffled.clone());
        for (b, u) in shuffled.iter().zip(got) {
            let want: usize = text[..*b].chars().map(char::len_utf16).sum();
            assert_eq!(u, want, "at byte {b}");
        }
    }
}
