//! Number ↔ text as JavaScript does it.

/// `String(n)` in JavaScript (also the number text of `JSON.stringify`, except that
/// JSON writes `null` for non-finite numbers).
pub fn js_number_to_string(n: f64) -> String {
    let mut out = String::new();
    write_js_number(n, &mut out);
    out
}

/// Appends `String(n)`. Integers below 2^53 (ids, counts, most numbers in events) are
/// their plain digits in JS; writing them directly skips ryu's shortest-digits search.
pub fn write_js_number(n: f64, out: &mut String) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() < EXACT {
        // `as` is exact here; -0 becomes 0, which JS also prints as "0".
        let v = n as i64;
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = v.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if v < 0 {
            out.push('-');
        }
        out.extend(digits[at..].iter().map(|&d| d as char));
    } else {
        out.push_str(ryu_js::Buffer::new().format(n));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_text_matches_js() {
        // Expected values are what V8 prints for String(n) (ECMA-262 Number::toString).
        for (n, s) in [
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (100.0, "100"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (123456789012345680000.0, "123456789012345680000"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(js_number_to_string(n), s);
        }
    }

    #[test]
    fn integer_digits_equal_ryu() {
        // The direct integer path must print exactly what ryu-js (= V8) prints.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut samples = vec![0.0, -0.0, 1.0, -1.0, 9_007_199_254_740_991.0, -9_007_199_254_740_991.0, 9_007_199_254_740_992.0, 1e20, 0.5];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let magnitude = 10f64.powi((seed % 17) as i32);
            samples.push(((seed >> 11) as f64 / (1u64 << 53) as f64 * magnitude).trunc() * if seed & 1 == 0 { 1.0 } else { -1.0 });
        }
        for n in samples {
            assert_eq!(js_number_to_string(n), ryu_js::Buffer::new().format(n), "{n}");
        }
    }

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
}
