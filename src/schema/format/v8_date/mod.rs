//! Whether `new Date(s)` is a valid date in V8 (Node 20, V8 11.3): a port of V8's
//! `DateParser` (src/date/dateparser*.{h,cc}) — the ES5 ISO branch, then the legacy
//! token parser with its keyword table — and of the range checks of
//! `ParseDateTimeString`. Only validity is computed. Local time is taken as UTC
//! (as on Segment's servers); that only matters at the ±275760-year edge.

mod compose;
mod scan;

use compose::{DayComposer, Parsed, TimeComposer, TimeZoneComposer};
use scan::{read_milliseconds, Keyword, Scanner, Token};

/// `kMaxSignificantDigits`: digits after the ninth are read but ignored.
const MAX_SIGNIFICANT_DIGITS: usize = 9;
/// `kNone` in V8: a missing component.
const NONE: i64 = i32::MAX as i64;
/// `DateCache::kMaxTimeInMs` (8.64e15) and the 10-day slack allowed before a local → UTC shift.
const MAX_TIME_MS: f64 = 8.64e15;
const MAX_TIME_BEFORE_UTC_MS: f64 = 8.64e15 + 864e6;

pub fn is_valid_date(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let Some(fields) = parse(&chars) else {
        return false;
    };
    fields.in_range()
}

/// `Between(x, lo, hi)`: lo ≤ x ≤ hi.
pub(super) fn between(x: i64, lo: i64, hi: i64) -> bool {
    (lo..=hi).contains(&x)
}
pub(super) fn is_month(x: i64) -> bool {
    between(x, 1, 12)
}
pub(super) fn is_day(x: i64) -> bool {
    between(x, 1, 31)
}
pub(super) fn is_hour(x: i64) -> bool {
    between(x, 0, 23)
}
pub(super) fn is_minute(x: i64) -> bool {
    between(x, 0, 59)
}
pub(super) fn is_millisecond(x: i64) -> bool {
    between(x, 0, 999)
}

fn parse(s: &[char]) -> Option<Parsed> {
    let mut scanner = Scanner::new(s);
    let mut day = DayComposer::default();
    let mut time = TimeComposer {
        comp: [0; 4],
        index: 0,
        hour_offset: None,
    };
    let mut tz = TimeZoneComposer {
        sign: NONE,
        hour: NONE,
        minute: NONE,
    };

    let first = parse_es5(&mut scanner, &mut day, &mut time, &mut tz);
    if first == Token::Invalid {
        return None;
    }
    legacy(&mut scanner, first, &mut day, &mut time, &mut tz)?;
    let (year, month, d) = day.write()?;
    let time_ms = time.write()?;
    let utc_offset_s = tz.write()?;
    Some(Parsed {
        year,
        month,
        day: d,
        time_ms,
        utc_offset_s,
    })
}

/// The legacy parser loop of `DateParser::Parse`, from the token the ES5 branch left.
fn legacy(
    scanner: &mut Scanner,
    first: Token,
    day: &mut DayComposer,
    time: &mut TimeComposer,
    tz: &mut TimeZoneComposer,
) -> Option<()> {
    let mut has_read_number = !day.is_empty();
    let mut token = first;
    while token != Token::EndOfInput {
        match token {
            Token::Number { value: n, .. } => {
                has_read_number = true;
                if scanner.skip_symbol(':') {
                    if scanner.skip_symbol(':') {
                        if !time.is_empty() {
                            return None;
                        }
                        time.add(n);
                        time.add(0);
                    } else {
                        if !time.add(n) {
                            return None;
                        }
                        if scanner.peek().is_symbol('.') {
                            scanner.next();
                        }
                    }
                } else if scanner.skip_symbol('.') && time.is_expecting(n) {
                    time.add(n);
                    if !scanner.peek().is_number() {
                        return None;
                    }
                    let ms = read_milliseconds(scanner.next());
                    time.add_final(ms);
                } else if tz.is_expecting(n) {
                    tz.minute = n;
                } else if time.is_expecting(n) {
                    time.add_final(n);
                    // Require end, white space, "Z", "+" or "-" right after the time.
                    let peek = scanner.peek();
                    if !(peek == Token::EndOfInput
                        || peek == Token::WhiteSpace
                        || peek.is_keyword_z()
                        || peek.ascii_sign().is_some())
                    {
                        return None;
                    }
                } else {
                    if !day.add(n) {
                        return None;
                    }
                    scanner.skip_symbol('-');
                }
            }
            Token::Keyword { kind, value, .. } => {
                if kind == Keyword::AmPm && !time.is_empty() {
                    time.hour_offset = Some(value);
                } else if kind == Keyword::MonthName {
                    day.named_month = Some(value);
                    scanner.skip_symbol('-');
                } else if kind == Keyword::TimeZoneName && has_read_number {
                    tz.set(value);
                } else if has_read_number || scanner.peek().is_number() {
                    // Garbage words are illegal after a number, and must be separated from the first one.
                    return None;
                }
            }
            Token::Symbol(_)
                if token.ascii_sign().is_some() && (tz.is_utc() || !time.is_empty()) =>
            {
                // A UTC offset (only after UTC or a time).
                tz.sign = token.ascii_sign().unwrap_or(1);
                let (mut n, mut len) = (0, 0);
                if let Token::Number { value, len: l } = scanner.peek() {
                    scanner.next();
                    (n, len) = (value, l);
                }
                has_read_number = true;
                if scanner.peek().is_symbol(':') {
                    tz.hour = n;
                    tz.minute = NONE;
                } else if len == 1 || len == 2 {
                    tz.hour = n;
                    tz.minute = 0;
                } else if len == 3 || len == 4 {
                    tz.hour = n / 100;
                    tz.minute = n % 100;
                } else {
                    return None;
                }
            }
            Token::Symbol(c) if (c == '+' || c == '-' || c == ')') && has_read_number => {
                return None
            }
            _ => {}
        }
        token = scanner.next();
    }
    Some(())
}

/// `ParseES5DateTime`: `[('-'|'+')yy]yyyy[-MM[-DD]][THH:mm[:ss[.sss]][Z|(+|-)hh:mm]]`.
/// Returns the token the legacy parser continues with, `EndOfInput` when done, or
/// `Invalid` when the string can be no date at all.
fn parse_es5(
    scanner: &mut Scanner,
    day: &mut DayComposer,
    time: &mut TimeComposer,
    tz: &mut TimeZoneComposer,
) -> Token {
    if let Some(sign) = scanner.peek().ascii_sign() {
        let sign_token = scanner.next();
        if !scanner.peek().is_fixed_length_number(6) {
            return sign_token;
        }
        let year = scanner.next().number();
        if sign < 0 && year == 0 {
            return sign_token;
        }
        day.add(sign * year);
    } else if scanner.peek().is_fixed_length_number(4) {
        let year = scanner.next().number();
        day.add(year);
    } else {
        return scanner.next();
    }
    if scanner.skip_symbol('-') {
        let p = scanner.peek();
        if !p.is_fixed_length_number(2) || !is_month(p.number()) {
            return scanner.next();
        }
        day.add(scanner.next().number());
        if scanner.skip_symbol('-') {
            let p = scanner.peek();
            if !p.is_fixed_length_number(2) || !is_day(p.number()) {
                return scanner.next();
            }
            day.add(scanner.next().number());
        }
    }
    if !scanner.peek().is_keyword_type(Keyword::TimeSeparator) {
        if scanner.peek() != Token::EndOfInput {
            return scanner.next();
        }
    } else if parse_es5_time(scanner, time, tz).is_none() {
        return Token::Invalid;
    }
    // Date-only forms are UTC; date-time forms without an offset are local.
    if tz.is_empty() && time.is_empty() {
        tz.set(0);
    }
    day.is_iso_date = true;
    Token::EndOfInput
}

/// The `THH:mm[:ss[.sss]][Z|(+|-)hh:mm]` part; `None` makes the whole string invalid.
fn parse_es5_time(
    scanner: &mut Scanner,
    time: &mut TimeComposer,
    tz: &mut TimeZoneComposer,
) -> Option<()> {
    scanner.next(); // the 'T'
    let p = scanner.peek();
    if !p.is_fixed_length_number(2) || !between(p.number(), 0, 24) {
        return None;
    }
    // 24:00[:00[.000]] is allowed, no other time starting with 24.
    let hour_is_24 = p.number() == 24;
    time.add(scanner.next().number());
    if !scanner.skip_symbol(':') {
        return None;
    }
    let p = scanner.peek();
    if !p.is_fixed_length_number(2) || !is_minute(p.number()) || (hour_is_24 && p.number() > 0) {
        return None;
    }
    time.add(scanner.next().number());
    if scanner.skip_symbol(':') {
        let p = scanner.peek();
        if !p.is_fixed_length_number(2) || !is_minute(p.number()) || (hour_is_24 && p.number() > 0)
        {
            return None;
        }
        time.add(scanner.next().number());
        if scanner.skip_symbol('.') {
            let p = scanner.peek();
            if !p.is_number() || (hour_is_24 && p.number() > 0) {
                return None;
            }
            time.add(read_milliseconds(scanner.next()));
        }
    }
    if scanner.peek().is_keyword_z() {
        scanner.next();
        tz.set(0);
    } else if let Some(sign) = scanner.peek().ascii_sign() {
        scanner.next();
        tz.sign = sign;
        if scanner.peek().is_fixed_length_number(4) {
            // hhmm extension syntax.
            let hhmm = scanner.next().number();
            let (hour, min) = (hhmm / 100, hhmm % 100);
            if !is_hour(hour) || !is_minute(min) {
                return None;
            }
            tz.hour = hour;
            tz.minute = min;
        } else {
            let p = scanner.peek();
            if !p.is_fixed_length_number(2) || !is_hour(p.number()) {
                return None;
            }
            tz.hour = scanner.next().number();
            if !scanner.skip_symbol(':') {
                return None;
            }
            let p = scanner.peek();
            if !p.is_fixed_length_number(2) || !is_minute(p.number()) {
                return None;
            }
            tz.minute = scanner.next().number();
        }
    }
    (scanner.peek() == Token::EndOfInput).then_some(())
}
