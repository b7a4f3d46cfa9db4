//! Byte-level facts both JSON scanners share (the exact one in `partial`, the fast
//! canonical one in `canonical`): where a string's plain run ends, which `\u` escapes
//! and decimals are as `JSON.stringify` writes them, and repeated keys.

/// Whether a number's text (grammar already checked) is surely what JS writes for it,
/// without converting: with at most 15 significant digits a decimal is the shortest text
/// of its double, and JS writes it in this plain form between 1e-6 and 1e21.
pub(super) fn short_decimal_as_js_writes_it(text: &str, plain: bool) -> bool {
    if plain {
        return text.len() <= 15 && !text.starts_with("-0");
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let Some((int, frac)) = digits.split_once('.') else { return false };
    if frac.is_empty() || frac.ends_with('0') || frac.contains(['e', 'E']) {
        return false;
    }
    if int == "0" {
        let zeros = frac.len() - frac.trim_start_matches('0').len();
        zeros <= 5 && frac.len() - zeros <= 15
    } else {
        int.len() + frac.len() <= 15
    }
}

/// Where the plain run of a string that starts at `i` ends: at the first `"`, `\\` or
/// control character, or the end. Eight bytes a step (the hot loop of a skip).
#[inline]
pub(super) fn plain_run_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let stops = string_stops(u64::from_le_bytes(word));
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if STOPS_STRING[c as usize] {
            break;
        }
        i += 1;
    }
    i
}

/// The high bit of each byte of `w` that is `"`, `\\` or below 0x20 (exactly those).
#[inline]
fn string_stops(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // High bit set in each zero byte of x, in no other (no carries between bytes).
    let zero = |x: u64| !(((x & LOW7) + LOW7) | x | LOW7);
    zero(w ^ (ONES * b'"' as u64)) | zero(w ^ (ONES * b'\\' as u64)) | zero(w & (ONES * 0xe0))
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
pub(super) fn canonical_u_escape(hex: Option<&[u8]>) -> bool {
    let Some(&[b'0', b'0', hi @ (b'0' | b'1'), lo]) = hex else { return false };
    let lo = match lo {
        b'0'..=b'9' => lo - b'0',
        b'a'..=b'f' => lo - b'a' + 10,
        _ => return false,
    };
    let unit = (hi - b'0') * 16 + lo;
    !matches!(unit, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d)
}

/// A hash of a key from its length and its first and last eight bytes, one multiply
/// (keys that differ only in the middle collide and are then compared in full).
#[inline]
fn quick_hash(k: &[u8]) -> u64 {
    let n = k.len();
    let load8 = |i: usize| k.get(i..i + 8).map_or(0, |b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]));
    let load4 = |i: usize| k.get(i..i + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64);
    let (head, tail) = match n {
        8.. => (load8(0), load8(n - 8)),
        4..=7 => (load4(0), load4(n - 4)),
        _ => (k.iter().fold(0u64, |w, &c| (w << 8) | c as u64), 0),
    };
    (head ^ tail.rotate_left(29) ^ (n as u64).wrapping_mul(0x9e37_79b9)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Up to 4,096 keys, repeats are found with an open-addressing table of key hashes
/// (chosen collisions could only make this bounded set slower); beyond, by sorting
/// (n log n whatever the keys).
pub(super) fn has_duplicates(keys: &[&[u8]], table: &mut Vec<u32>) -> bool {
    match keys.len() {
        0..=16 => keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k)),
        17..=4096 => {
            let size = (keys.len() * 2).next_power_of_two();
            table.clear();
            table.resize(size, 0);
            let (mask, shift) = (size - 1, 64 - size.trailing_zeros());
            for (i, key) in keys.iter().enumerate() {
                let mut at = (quick_hash(key) >> shift) as usize & mask;
                loop {
                    // Slots hold 1 + the index of a key already seen.
                    match table[at] as usize {
                        0 => {
                            table[at] = i as u32 + 1;
                            break;
                        }
                        j if keys[j - 1] == *key => return true,
                        _ => at = (at + 1) & mask,
                    }
                }
            }
            false
        }
        _ => {
            let mut sorted = keys.to_vec();
            sorted.sort_unstable();
            sorted.windows(2).any(|w| w[0] == w[1])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick number check never calls a text canonical that JS writes otherwise.
    #[test]
    fn quick_number_check_agrees_with_js_number_to_string() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut quick = 0;
        for _ in 0..200_000 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let (int_len, frac_len) = ((rng % 19) as usize, ((rng >> 8) % 19) as usize);
            let digits: String = (0..int_len + frac_len).map(|i| char::from(b'0' + ((rng >> (i % 50)) % 10) as u8)).collect();
            let int = digits[..int_len].trim_start_matches('0');
            let int = if int.is_empty() { "0" } else { int };
            let sign = if rng >> 63 == 1 { "-" } else { "" };
            let text = if frac_len == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{}", &digits[int_len..]) };
            if short_decimal_as_js_writes_it(&text, frac_len == 0) {
                quick += 1;
                assert_eq!(crate::json::js_number_to_string(text.parse().unwrap()), text);
            }
        }
        assert!(quick > 50_000, "{quick}");
    }

    /// Every byte value at every place of a word: flagged exactly when it ends a plain run.
    #[test]
    fn string_stops_flags_exactly_the_stop_bytes() {
        for at in 0..8 {
            for c in 0..=255u8 {
                let mut word = [b'a'; 8];
                word[at] = c;
                let want = if STOPS_STRING[c as usize] { 0x80u64 << (8 * at) } else { 0 };
                assert_eq!(string_stops(u64::from_le_bytes(word)), want, "byte {c:#x} at {at}");
                // And the run ends there, whatever follows.
                let text: Vec<u8> = word.iter().copied().chain(*b"aaaaaaaaa\"").collect();
                let end = if want != 0 { at } else { 17 };
                assert_eq!(plain_run_end(&text, 0), end);
            }
        }
    }
}
