//! Offsets in JS strings: JS indexes strings by UTF-16 code unit, our text is UTF-8.

/// JS string offsets (UTF-16 code units) of byte offsets into `text`, in any order.
pub fn js_offsets(text: &str, bytes: Vec<usize>) -> Vec<usize> {
    // A handful of offsets: an insertion sort (the library sorts weigh kilobytes of wasm).
    let mut order: Vec<usize> = Vec::with_capacity(bytes.len());
    for i in 0..bytes.len() {
        let at = order.iter().position(|&j| bytes[j] > bytes[i]).unwrap_or(order.len());
        order.insert(at, i);
    }
    let mut out = vec![0; bytes.len()];
    let (mut byte, mut unit) = (0usize, 0usize);
    for i in order {
        let to = bytes[i].clamp(byte, text.len());
        unit += utf16_len(&text.as_bytes()[byte..to]);
        byte = to;
        out[i] = unit;
    }
    out
}

/// UTF-16 code units in UTF-8 `bytes`: one per sequence, two for a 4-byte one. Eight
/// bytes a step: continuation bytes (10xxxxxx) are not counted, 4-byte leads twice.
fn utf16_len(bytes: &[u8]) -> usize {
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
