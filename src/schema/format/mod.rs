//! The string formats actions-core's ajv knows: ajv-formats "full" `email`, the
//! always-valid `text` and `password`, and actions-core's own `date-like`.

mod v8_date;

use crate::json::{is_js_whitespace, js_number_to_string, js_string_to_number};

/// Whether `s` passes `format`. Formats we do not model pass (ajv-formats has more,
/// none used by the Loops actions).
pub fn is_valid(format: &str, s: &str) -> bool {
    match format {
        "email" => is_email(s),
        "date-like" => is_date_like(s),
        _ => true,
    }
}

/// The name ajv-human-errors gives a format in "must be a valid … string".
pub fn label(format: &str) -> &str {
    match format {
        "date-time" => "date and time",
        "email" => "email address",
        "ipv4" => "IPv4 address",
        "ipv6" => "IPv6 address",
        "uri" => "URI",
        "uri-reference" => "URI Reference",
        "uri-template" => "URI-template",
        "json-pointer" => "JSON Pointer",
        "relative-json-pointer" => "relative JSON Pointer",
        "regex" => "regular expression",
        other => other,
    }
}

/// ajv-formats' full `email` regex, matched by hand (docs/segment.md, "Payload handling
/// before `perform`", item 3: the measurements behind it):
/// `^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[…]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i`.
/// Non-Unicode `/i` folds ASCII only, so ASCII classes are exact.
pub fn is_email(s: &str) -> bool {
    let local_char = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(b);
    let label_ok = |l: &[u8]| match (l.first(), l.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && l.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        }
        _ => false,
    };
    // Neither part may contain '@', so the first '@' is the only possible split.
    let Some((local, domain)) = s.split_once('@') else { return false };
    let local_ok = local.as_bytes().split(|&c| c == b'.').all(|atom| !atom.is_empty() && atom.iter().all(local_char));
    let mut labels = 0;
    let domain_ok = domain.as_bytes().split(|&c| c == b'.').all(|l| {
        labels += 1;
        label_ok(l)
    });
    local_ok && domain_ok && labels >= 2
}

/// actions-core's `date-like`: `dayjs(s)`, or `dayjs.unix(Number(s))` when `s` is a
/// canonical number (its 13-digit branch is overwritten at once, so dead).
pub fn is_date_like(s: &str) -> bool {
    let n = js_string_to_number(s);
    if js_number_to_string(n) == s {
        // dayjs.unix(n) = new Date(n * 1000): valid within TimeClip's range.
        let ms = n * 1000.0;
        return ms.is_finite() && ms.abs() <= 8.64e15;
    }
    // dayjs parses with REGEX_PARSE unless the string ends in Z; a match always
    // builds a valid local date. Otherwise it is `new Date(s)`.
    let ends_in_z = s.ends_with(['Z', 'z']);
    (!ends_in_z && matches_dayjs_regex(s)) || v8_date::is_valid_date(s)
}

/// One piece of dayjs's `REGEX_PARSE`: a character class repeated min..=max times.
#[derive(Clone, Copy)]
enum Class {
    Digit,
    DashSlash,
    TSpace,
    Colon,
    DotColon,
}

impl Class {
    fn matches(self, c: char) -> bool {
        match self {
            Class::Digit => c.is_ascii_digit(),
            Class::DashSlash => c == '-' || c == '/',
            Class::TSpace => c == 'T' || c == 't' || is_js_whitespace(c),
            Class::Colon => c == ':',
            Class::DotColon => c == '.' || c == ':',
        }
    }
}

/// `^(\d{4})[-/]?(\d{1,2})?[-/]?(\d{0,2})[Tt\s]*(\d{1,2})?:?(\d{1,2})?:?(\d{1,2})?[.:]?(\d+)?$`
/// as (class, min, max); optional groups become `{0,n}`, which match the same strings.
const DAYJS_PARSE: [(Class, usize, usize); 13] = [
    (Class::Digit, 4, 4),
    (Class::DashSlash, 0, 1),
    (Class::Digit, 0, 2),
    (Class::DashSlash, 0, 1),
    (Class::Digit, 0, 2),
    (Class::TSpace, 0, usize::MAX),
    (Class::Digit, 0, 2),
    (Class::Colon, 0, 1),
    (Class::Digit, 0, 2),
    (Class::Colon, 0, 1),
    (Class::Digit, 0, 2),
    (Class::DotColon, 0, 1),
    (Class::Digit, 0, usize::MAX),
];

/// Whether dayjs's regex matches the whole string: a set-of-positions simulation,
/// linear in the length (no backtracking blow-up on hostile input).
fn matches_dayjs_regex(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut reach = vec![false; chars.len() + 1];
    reach[0] = true;
    for (class, min, max) in DAYJS_PARSE {
        let mut next = vec![false; chars.len() + 1];
        for start in reach.iter().enumerate().filter_map(|(p, &r)| r.then_some(p)) {
            let mut count = 0;
            let mut p = start;
            loop {
                if count >= min {
                    if max == usize::MAX && count > min && next[p] {
                        break; // an earlier start of this unbounded run got here: the rest is done
                    }
                    next[p] = true;
                }
                if count == max || !chars.get(p).is_some_and(|&c| class.matches(c)) {
                    break;
                }
                count += 1;
                p += 1;
            }
        }
        reach = next;
    }
    reach[chars.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dayjs_regex() {
        for s in ["2025", "2025-05-05", "2025-13-45", "2025-05-05T25:00:00", "2025/5/5 10:00:00.123", "20250505", "2025 \u{a0} 1"] {
            assert!(matches_dayjs_regex(s), "{s}");
        }
        for s in ["202", "May 2025", "2025-05-05Tx", "2025-05-05 10:00:00 PM", "12:00"] {
            assert!(!matches_dayjs_regex(s), "{s}");
        }
    }
}
