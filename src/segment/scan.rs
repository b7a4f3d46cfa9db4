//! Finds the elements of a top-level JSON array as byte ranges without building them,
//! so the first one's raw text can be checked against the signature and each one can
//! be queued as it came. Syntax inside an element is checked afterwards by `json::parse`.

use super::Refusal;
use crate::error::Error;

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The body without surrounding whitespace, as a range.
pub fn trimmed(body: &str) -> (usize, usize) {
    let b = body.as_bytes();
    let start = b.iter().position(|&c| !is_ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|&c| !is_ws(c)).map_or(start, |i| i + 1);
    (start, end.max(start))
}

fn bad(at: usize, what: &str) -> Refusal {
    Refusal::BadRequest(Error::json("", format!("Invalid JSON batch at position {at}: {what}")))
}

/// The elements of the array `body` (which starts with `[` after whitespace); more
/// than `max` of them is refused as soon as it is seen.
pub fn element_spans(body: &str, max: usize) -> Result<Vec<(usize, usize)>, Refusal> {
    let b = body.as_bytes();
    let (mut i, end) = trimmed(body);
    i += 1; // the '['
    let skip_ws = |mut i: usize| {
        while i < end && is_ws(b[i]) {
            i += 1;
        }
        i
    };
    let mut spans = Vec::new();
    i = skip_ws(i);
    if i < end && b[i] == b']' {
        return if i + 1 == end { Err(bad(i, "an empty batch")) } else { Err(bad(i + 1, "text after the array")) };
    }
    loop {
        let start = i;
        let mut depth = 0usize;
        let mut in_string = false;
        while i < end {
            let c = b[i];
            if in_string {
                match c {
                    b'\\' => i += 1,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else {
                match c {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b']' | b',' if depth == 0 => break,
                    _ => {}
                }
            }
            i += 1;
        }
        if i >= end {
            return Err(bad(end, "the array is not closed"));
        }
        let mut stop = i;
        while stop > start && is_ws(b[stop - 1]) {
            stop -= 1;
        }
        if stop == start {
            return Err(bad(start, "an empty element"));
        }
        spans.push((start, stop));
        if spans.len() > max {
            return Err(Refusal::TooLarge(format!("A batch holds at most {max} events")));
        }
        if b[i] == b']' {
            return if i + 1 == end { Ok(spans) } else { Err(bad(i + 1, "text after the array")) };
        }
        i = skip_ws(i + 1);
    }
}
