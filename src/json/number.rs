//! Number → text as JavaScript writes it (text → number is `v8::js_string_to_number`).

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
}
