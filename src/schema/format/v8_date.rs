//! Whether `new Date(s)` is a valid date in V8 (Node 20, V8 11.3): a port of V8's
//! `DateParser` (src/date/dateparser*.{h,cc}) — the ES5 ISO branch, then the legacy
//! token parser with its keyword table — and of the range checks of
//! `ParseDateTimeString`. Only validity is computed. Local time is taken as UTC
//! (as on Segment's servers); that only matters at the ±275760-year edge.

use crate::json::is_js_whitespace;

/// `kMaxSignificantDigits`: digits after the ninth are read but ignored.
const MAX_SIGNIFICANT_DIGITS: usize = 9;
/// `kNone` in V8: a missing component.
const NONE: i64 = i32::MAX as i64;
/// `DateCache::kMaxTimeInMs` (8.64e15) and the 10-day slack allowed before a local → UTC shift.
const MAX_TIME_MS: f64 = 8.64e15;
const MAX_TIME_BEFORE_UTC_MS: f64 = 8.64e15 + 864e6;

pub fn is_valid_date(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let Some(fields) = parse(&chars) else { return false };
    fields.in_range()
}

/// `Between(x, lo, hi)`: lo ≤ x ≤ hi.
fn between(x: i64, lo: i64, hi: i64) -> bool {
    (lo..=hi).contains(&x)
}
fn is_month(x: i64) -> bool {
    between(x, 1, 12)
}
fn is_day(x: i64) -> bool {
    between(x, 1, 31)
}
fn is_hour(x: i64) -> bool {
    between(x, 0, 23)
}
fn is_minute(x: i64) -> bool {
    between(x, 0, 59)
}
fn is_millisecond(x: i64) -> bool {
    between(x, 0, 999)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Keyword {
    Invalid,
    MonthName,
    TimeZoneName,
    TimeSeparator,
    AmPm,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Token {
    Invalid,
    Unknown,
    WhiteSpace,
    Number { value: i64, len: usize },
    Symbol(char),
    EndOfInput,
    Keyword { kind: Keyword, value: i64, len: usize },
}

impl Token {
    fn is_number(self) -> bool {
        matches!(self, Token::Number { .. })
    }
    fn is_fixed_length_number(self, n: usize) -> bool {
        matches!(self, Token::Number { len, .. } if len == n)
    }
    fn number(self) -> i64 {
        match self {
            Token::Number { value, .. } => value,
            _ => 0,
        }
    }
    fn is_symbol(self, c: char) -> bool {
        self == Token::Symbol(c)
    }
    fn ascii_sign(self) -> Option<i64> {
        match self {
            Token::Symbol('+') => Some(1),
            Token::Symbol('-') => Some(-1),
            _ => None,
        }
    }
    fn is_keyword_type(self, k: Keyword) -> bool {
        matches!(self, Token::Keyword { kind, .. } if kind == k)
    }
    fn is_keyword_z(self) -> bool {
        matches!(self, Token::Keyword { kind: Keyword::TimeZoneName, value: 0, len: 1 })
    }
}

/// V8's keyword table: a word matches an entry on its first three lower-cased
/// characters; only month names may be longer than their entry.
const KEYWORDS: [([u32; 3], Keyword, i64); 27] = {
    const fn k(s: &[u8]) -> [u32; 3] {
        let mut out = [0u32; 3];
        let mut i = 0;
        while i < s.len() {
            out[i] = s[i] as u32;
            i += 1;
        }
        out
    }
    use Keyword::*;
    [
        (k(b"jan"), MonthName, 1),
        (k(b"feb"), MonthName, 2),
        (k(b"mar"), MonthName, 3),
        (k(b"apr"), MonthName, 4),
        (k(b"may"), MonthName, 5),
        (k(b"jun"), MonthName, 6),
        (k(b"jul"), MonthName, 7),
        (k(b"aug"), MonthName, 8),
        (k(b"sep"), MonthName, 9),
        (k(b"oct"), MonthName, 10),
        (k(b"nov"), MonthName, 11),
        (k(b"dec"), MonthName, 12),
        (k(b"am"), AmPm, 0),
        (k(b"pm"), AmPm, 12),
        (k(b"ut"), TimeZoneName, 0),
        (k(b"utc"), TimeZoneName, 0),
        (k(b"z"), TimeZoneName, 0),
        (k(b"gmt"), TimeZoneName, 0),
        (k(b"cdt"), TimeZoneName, -5),
        (k(b"cst"), TimeZoneName, -6),
        (k(b"edt"), TimeZoneName, -4),
        (k(b"est"), TimeZoneName, -5),
        (k(b"mdt"), TimeZoneName, -6),
        (k(b"mst"), TimeZoneName, -7),
        (k(b"pdt"), TimeZoneName, -7),
        (k(b"pst"), TimeZoneName, -8),
        (k(b"t"), TimeSeparator, 0),
    ]
};

fn lookup_keyword(prefix: [u32; 3], len: usize) -> (Keyword, i64) {
    KEYWORDS
        .iter()
        .find(|(p, kind, _)| *p == prefix && (len <= 3 || *kind == Keyword::MonthName))
        .map_or((Keyword::Invalid, 0), |&(_, kind, value)| (kind, value))
}

/// V8's `InputReader` + `DateStringTokenizer`: one token of lookahead. A NUL
/// character reads as the end of input, as in V8.
struct Scanner<'a> {
    s: &'a [char],
    pos: usize,
    next: Token,
}

impl<'a> Scanner<'a> {
    fn new(s: &'a [char]) -> Self {
        let mut sc = Scanner { s, pos: 0, next: Token::EndOfInput };
        sc.next = sc.scan();
        sc
    }
    fn ch(&self) -> u32 {
        self.s.get(self.pos).map_or(0, |&c| c as u32)
    }
    fn is_digit(&self) -> bool {
        (b'0' as u32..=b'9' as u32).contains(&self.ch())
    }
    /// A word character: from 'A' up, non-ASCII included, but not white space (line
    /// terminators U+2028/2029 do count as word characters, as in V8).
    fn is_word_char(&self) -> bool {
        let c = self.ch();
        c >= 'A' as u32
            && (c == 0x2028 || c == 0x2029 || !self.s.get(self.pos).is_some_and(|&c| is_js_whitespace(c)))
    }
    fn next(&mut self) -> Token {
        let t = self.next;
        self.next = self.scan();
        t
    }
    fn peek(&self) -> Token {
        self.next
    }
    fn skip_symbol(&mut self, c: char) -> bool {
        if self.next.is_symbol(c) {
            self.next = self.scan();
            true
        } else {
            false
        }
    }
    fn scan(&mut self) -> Token {
        let start = self.pos;
        let ch = self.ch();
        if ch == 0 {
            return Token::EndOfInput;
        }
        if self.is_digit() {
            // Leading zeros are skipped, then nine significant digits are kept.
            while self.ch() == '0' as u32 {
                self.pos += 1;
            }
            let significant_start = self.pos;
            let mut n = 0i64;
            while self.is_digit() {
                if self.pos - significant_start < MAX_SIGNIFICANT_DIGITS {
                    n = n * 10 + i64::from(self.ch() - b'0' as u32);
                }
                self.pos += 1;
            }
            return Token::Number { value: n, len: self.pos - start };
        }
        if let Some(c) = [':', '-', '+', '.', ')'].into_iter().find(|&c| c as u32 == ch) {
            self.pos += 1;
            return Token::Symbol(c);
        }
        if self.is_word_char() {
            let mut prefix = [0u32; 3];
            let mut len = 0;
            while self.is_word_char() {
                if let Some(p) = prefix.get_mut(len) {
                    *p = self.ch() | 0x20; // V8's AsciiAlphaToLower
                }
                len += 1;
                self.pos += 1;
            }
            let (kind, value) = lookup_keyword(prefix, len);
            return Token::Keyword { kind, value, len };
        }
        if self.s.get(self.pos).is_some_and(|&c| is_js_whitespace(c)) {
            self.pos += 1;
            return Token::WhiteSpace;
        }
        if ch == '(' as u32 {
            let mut balance = 0i64;
            loop {
                match self.ch() {
                    0x29 => balance -= 1,
                    0x28 => balance += 1,
                    _ => {}
                }
                self.pos += 1;
                if !(balance > 0 && self.ch() != 0) {
                    break;
                }
            }
            return Token::Unknown;
        }
        self.pos += 1;
        Token::Unknown
    }
}

/// `ReadMilliseconds`: the first three significant digits of a fraction.
fn read_milliseconds(t: Token) -> i64 {
    let (mut n, len) = match t {
        Token::Number { value, len } => (value, len),
        _ => return 0,
    };
    match len {
        1 => n *= 100,
        2 => n *= 10,
        3 => {}
        _ => {
            let digits = len.min(MAX_SIGNIFICANT_DIGITS);
            n /= 10i64.pow((digits - 3) as u32);
        }
    }
    n
}

#[derive(Default)]
struct DayComposer {
    comp: [i64; 3],
    index: usize,
    named_month: Option<i64>,
    is_iso_date: bool,
}

impl DayComposer {
    fn add(&mut self, n: i64) -> bool {
        match self.comp.get_mut(self.index) {
            Some(slot) => {
                *slot = n;
                self.index += 1;
                true
            }
            None => false,
        }
    }
    fn is_empty(&self) -> bool {
        self.index == 0
    }
    /// (year, month 1-12, day) as `DayComposer::Write` decides them.
    fn write(&mut self) -> Option<(i64, i64, i64)> {
        if self.index < 1 {
            return None;
        }
        // Missing day and month are 1. V8 then tests `index_ == 1` / `index_ == 3`
        // after this fill, so every string counts as having three components.
        for slot in &mut self.comp[self.index..] {
            *slot = 1;
        }
        let c = self.comp;
        let (mut year, month, day) = match self.named_month {
            None if self.is_iso_date || !is_day(c[0]) => (c[0], c[1], c[2]),
            None => (c[2], c[0], c[1]),
            Some(m) if !is_day(c[0]) => (c[0], m, c[1]),
            Some(m) => (c[1], m, c[0]),
        };
        if !self.is_iso_date {
            if between(year, 0, 49) {
                year += 2000;
            } else if between(year, 50, 99) {
                year += 1900;
            }
        }
        (is_month(month) && is_day(day)).then_some((year, month, day))
    }
}

struct TimeComposer {
    comp: [i64; 4],
    index: usize,
    hour_offset: Option<i64>,
}

impl TimeComposer {
    fn is_empty(&self) -> bool {
        self.index == 0
    }
    fn is_expecting(&self, n: i64) -> bool {
        (self.index == 1 && is_minute(n)) || (self.index == 2 && is_minute(n)) || (self.index == 3 && is_millisecond(n))
    }
    fn add(&mut self, n: i64) -> bool {
        match self.comp.get_mut(self.index) {
            Some(slot) => {
                *slot = n;
                self.index += 1;
                true
            }
            None => false,
        }
    }
    fn add_final(&mut self, n: i64) -> bool {
        if !self.add(n) {
            return false;
        }
        self.index = 4; // the remaining slots are already 0
        true
    }
    /// Milliseconds of the day, as `TimeComposer::Write` validates them.
    fn write(&self) -> Option<i64> {
        let [mut hour, minute, second, ms] = self.comp;
        if let Some(offset) = self.hour_offset {
            if !between(hour, 0, 12) {
                return None;
            }
            hour = hour % 12 + offset;
        }
        if !(is_hour(hour) && is_minute(minute) && is_minute(second) && is_millisecond(ms))
            && (hour != 24 || minute != 0 || second != 0 || ms != 0)
        {
            return None;
        }
        Some(((hour * 60 + minute) * 60 + second) * 1000 + ms)
    }
}

struct TimeZoneComposer {
    sign: i64,
    hour: i64,
    minute: i64,
}

impl TimeZoneComposer {
    fn set(&mut self, offset_hours: i64) {
        self.sign = if offset_hours < 0 { -1 } else { 1 };
        self.hour = offset_hours * self.sign;
        self.minute = 0;
    }
    fn is_expecting(&self, n: i64) -> bool {
        self.hour != NONE && self.minute == NONE && is_minute(n)
    }
    fn is_utc(&self) -> bool {
        self.hour == 0 && self.minute == 0
    }
    fn is_empty(&self) -> bool {
        self.hour == NONE
    }
    /// The UTC offset in seconds; `Some(None)` for local time; `None` when invalid.
    fn write(&self) -> Option<Option<i64>> {
        if self.sign == NONE {
            return Some(None);
        }
        let hour = if self.hour == NONE { 0 } else { self.hour };
        let minute = if self.minute == NONE { 0 } else { self.minute };
        // V8 computes this in unsigned 32-bit arithmetic and rejects totals above
        // Smi::kMaxValue (2^31 - 1: Node builds V8 without pointer compression).
        let total = (hour as u32).wrapping_mul(3600).wrapping_add((minute as u32).wrapping_mul(60));
        if total > i32::MAX as u32 {
            return None;
        }
        Some(Some(i64::from(total) * self.sign))
    }
}

/// What `DateParser::Parse` writes out, still to be range-checked.
struct Parsed {
    year: i64,
    month: i64,
    day: i64,
    time_ms: i64,
    utc_offset_s: Option<i64>,
}

impl Parsed {
    /// `MakeDay`/`MakeDate`, then the range checks of `ParseDateTimeString` and `TimeClip`.
    fn in_range(&self) -> bool {
        if !between(self.year, -1_000_000, 1_000_000) {
            return false;
        }
        let days = days_from_civil(self.year, self.month) + self.day - 1;
        let mut date = days as f64 * 86_400_000.0 + self.time_ms as f64;
        match self.utc_offset_s {
            None => {
                if date.abs() > MAX_TIME_BEFORE_UTC_MS {
                    return false;
                }
            }
            Some(offset) => {
                date -= offset as f64 * 1000.0;
                if date.abs() > MAX_TIME_MS {
                    return false;
                }
            }
        }
        date.abs() <= MAX_TIME_MS
    }
}

/// Days from 1970-01-01 to the first of `month` (1-12) in `year`, proleptic Gregorian.
fn days_from_civil(year: i64, month: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse(s: &[char]) -> Option<Parsed> {
    let mut scanner = Scanner::new(s);
    let mut day = DayComposer::default();
    let mut time = TimeComposer { comp: [0; 4], index: 0, hour_offset: None };
    let mut tz = TimeZoneComposer { sign: NONE, hour: NONE, minute: NONE };

    let first = parse_es5(&mut scanner, &mut day, &mut time, &mut tz);
    if first == Token::Invalid {
        return None;
    }
    legacy(&mut scanner, first, &mut day, &mut time, &mut tz)?;
    let (year, month, d) = day.write()?;
    let time_ms = time.write()?;
    let utc_offset_s = tz.write()?;
    Some(Parsed { year, month, day: d, time_ms, utc_offset_s })
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
            Token::Symbol(_) if token.ascii_sign().is_some() && (tz.is_utc() || !time.is_empty()) => {
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
            Token::Symbol(c) if (c == '+' || c == '-' || c == ')') && has_read_number => return None,
            _ => {}
        }
        token = scanner.next();
    }
    Some(())
}

/// `ParseES5DateTime`: `[('-'|'+')yy]yyyy[-MM[-DD]][THH:mm[:ss[.sss]][Z|(+|-)hh:mm]]`.
/// Returns the token the legacy parser continues with, `EndOfInput` when done, or
/// `Invalid` when the string can be no date at all.
fn parse_es5(scanner: &mut Scanner, day: &mut DayComposer, time: &mut TimeComposer, tz: &mut TimeZoneComposer) -> Token {
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
fn parse_es5_time(scanner: &mut Scanner, time: &mut TimeComposer, tz: &mut TimeZoneComposer) -> Option<()> {
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
        if !p.is_fixed_length_number(2) || !is_minute(p.number()) || (hour_is_24 && p.number() > 0) {
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
