//! Segment's event times (`timestamp`, `sentAt`, `receivedAt`) as milliseconds since the
//! epoch. Segment writes them as ISO 8601 (`2024-01-08T10:11:06.123Z`); an offset or a
//! date alone is read too, a time without a zone as UTC (Workers run in UTC). Anything
//! else is `None`: the caller then has no time to go by, never a wrong one.

use crate::json::Value;

/// Milliseconds since 1970-01-01T00:00:00Z of an ISO 8601 date-time.
pub fn iso_ms(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&month) || !(1..=days_in(year, month)).contains(&day) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) as f64 * 86_400_000.0;
    if b.len() == 10 {
        return Some(ms);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (num(11, 2)?, num(14, 2)?);
    let mut at = 16;
    let mut second = 0;
    if b.get(at) == Some(&b':') {
        second = num(17, 2)?;
        at = 19;
    }
    let mut fraction = 0.0;
    if b.get(at) == Some(&b'.') {
        let digits = b[at + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        // Milliseconds: the first three digits, as V8 reads them.
        let first3 = &b[at + 1..at + 1 + digits.min(3)];
        let value = first3.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        fraction = value as f64 * 10f64.powi(3 - first3.len() as i32);
        at += 1 + digits;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset_min = match &b[at..] {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let text = std::str::from_utf8(rest).ok()?;
            let (h, m) = match text.len() {
                5 if text.as_bytes()[2] == b':' => (&text[..2], &text[3..]),
                4 => (&text[..2], &text[2..]),
                2 => (text, "00"),
                _ => return None,
            };
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            if h > 23 || m > 59 {
                return None;
            }
            (h * 60 + m) * if *sign == b'-' { -1 } else { 1 }
        }
        _ => return None,
    };
    ms += ((hour * 60 + minute - offset_min) * 60 + second) as f64 * 1000.0 + fraction;
    Some(ms)
}

/// The newest of an event's `sentAt` and `receivedAt`: when it was sent. (Its
/// `timestamp` is when it happened, which an offline client or an import may put far back.)
pub fn sent_ms(event: &Value) -> Option<f64> {
    ["sentAt", "receivedAt"]
        .iter()
        .filter_map(|k| event.get(k).and_then(Value::as_str).and_then(iso_ms))
        .reduce(f64::max)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::iso_ms;

    #[test]
    fn iso_times_as_js_date_parse_reads_them() {
        // Expected values: Node 20's Date.parse of the same text, except that V8 rolls an
        // impossible day over (2023-02-29 is March 1 to it): no time is safer there.
        let cases: &[(&str, Option<f64>)] = &[
            ("1970-01-01T00:00:00.000Z", Some(0.0)),
            ("2024-01-08T10:11:06.123Z", Some(1_704_708_666_123.0)),
            ("2024-01-08T10:11:06Z", Some(1_704_708_666_000.0)),
            ("2024-01-08T10:11:06.1234567Z", Some(1_704_708_666_123.0)),
            ("2024-01-08T12:11:06.123+02:00", Some(1_704_708_666_123.0)),
            ("2024-01-08T05:11:06-0500", Some(1_704_708_666_000.0)),
            ("2024-02-29", Some(1_709_164_800_000.0)),
            ("2000-03-01T00:00Z", Some(951_868_800_000.0)),
            ("1969-12-31T23:59:59.999Z", Some(-1.0)),
            ("2023-02-29T00:00:00Z", None),
            ("2024-13-01T00:00:00Z", None),
            ("2024-01-08T25:00:00Z", None),
            ("2024-01-08T10:11:06.Z", None),
            ("2024-01-08T10:11:06Q", None),
            ("yesterday", None),
            ("", None),
            ("2024-01-08T10", None),
        ];
        for &(text, want) in cases {
            assert_eq!(iso_ms(text), want, "{text}");
        }
    }
}
