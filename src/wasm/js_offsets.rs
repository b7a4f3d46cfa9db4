//! Offsets in JS strings: JS indexes strings by UTF-16 code unit, our text is UTF-8.

use crate::json::v8::utf16_len_of_utf8;

/// JS string offsets (UTF-16 code units) of byte offsets into `text`, in any order.
pub fn js_offsets(text: &str, bytes: Vec<usize>) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_agree_with_counting_chars() {
        let text = "a\u{e9}b\u{2713}c\u{1F600}d and some ASCII to fill eight-byte words \u{1F600}\u{e9}\u{e9}x";
        let bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut shuffled = bytes.clone();
        shuffled.reverse();
        shuffled.swap(1, 5);
        let got = js_offsets(text, shuffled.clone());
        for (b, u) in shuffled.iter().zip(got) {
            let want: usize = text[..*b].chars().map(char::len_utf16).sum();
            assert_eq!(u, want, "at byte {b}");
        }
    }
}
