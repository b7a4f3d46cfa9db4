//! `applyJsonSpliced`'s answer: the result of a mapping on event text, where each long
//! stretch copied as is from the event is named (UTF-16 offsets into the event) instead
//! of sent back, so that a JS caller slices it from its own string (V8 shares slices,
//! does not copy them). Written here, natively tested; the binding only passes it on.

use super::{Clock, Mapping};
use crate::error::Result;
use crate::json::v8::utf16_offsets;
use crate::json::write_js_number;

/// Below this many bytes a copied stretch is sent back as text.
pub const SPLICE_MIN_BYTES: usize = 256;

impl Mapping {
    /// The result text of `apply_text(text)` (`"null"` for `undefined`), or
    /// `"\u{1}at,start,end,…\u{1}rest"`: the stretch `text.slice(start, end)` goes at
    /// `rest` offset `at` (UTF-16 offsets, ascending `at`).
    pub fn apply_text_spliced(&self, text: &str, now: Clock) -> Result<String> {
        let mut spans = Vec::new();
        let out = self.apply_text_placing(text, now, &mut |out, range| {
            // Short stretches cost more to name than to copy. U+FFFD may stand for a
            // lone surrogate that the UTF-8 crossing replaced: the caller's slice
            // would then differ from what was read.
            let slice = text.get(range.clone()).unwrap_or_default();
            if slice.len() < SPLICE_MIN_BYTES || slice.contains('\u{FFFD}') {
                return false;
            }
            spans.push((out.len(), range));
            true
        })?;
        let Some(out) = out else { return Ok("null".into()) };
        if spans.is_empty() {
            return Ok(out);
        }
        let at = utf16_offsets(&out, spans.iter().map(|(at, _)| *at).collect());
        let ends = utf16_offsets(text, spans.iter().flat_map(|(_, r)| [r.start, r.end]).collect());
        let mut coded = String::with_capacity(out.len() + 16 * spans.len() + 2);
        coded.push('\u{1}');
        for (i, at) in at.iter().enumerate() {
            for (j, n) in [*at, ends[2 * i], ends[2 * i + 1]].into_iter().enumerate() {
                if i + j > 0 {
                    coded.push(',');
                }
                write_js_number(n as f64, &mut coded);
            }
        }
        coded.push('\u{1}');
        coded.push_str(&out);
        Ok(coded)
    }
}

#[cfg(test)]
mod tests {
    use crate::json::parse;
    use crate::mapping::Mapping;

    #[test]
    fn long_copied_stretches_are_named_short_ones_sent() {
        let m = Mapping::compile(&parse(r#"{"p":{"@path":"$.a"},"q":{"@path":"$.b"},"r":{"@path":"$.c"}}"#).unwrap()).unwrap();
        let now = || 0.0;
        let text = format!(r#"{{"a":"{}","b":"{}","c":[1,2,3]}}"#, "é".repeat(300), "x".repeat(400));
        assert_eq!(m.apply_text_spliced(&text, &now).unwrap(), "\u{1}5,5,307,10,312,714\u{1}{\"p\":,\"q\":,\"r\":[1,2,3]}");
        assert_eq!(m.apply_text_spliced(r#"{"a":"short"}"#, &now).unwrap(), r#"{"p":"short"}"#);
        let undefined = Mapping::compile(&parse(r#"{"@path":"$.none"}"#).unwrap()).unwrap();
        assert_eq!(undefined.apply_text_spliced("{}", &now).unwrap(), "null");
    }
}
