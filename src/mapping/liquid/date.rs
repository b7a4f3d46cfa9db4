//! The `date` filters: liquidjs's `parseDate` and `strftime`, in UTC (Segment's
//! servers run in UTC, en-US). Strings parse as ISO 8601 (V8's strict format, plus a
//! space separator); other free-form date strings are not understood.

use super::error::LiquidError;
use super::env::Env;
use super::value::{liquid_stringify, Val};
use crate::json::v8::{self, utf16_len};
use crate::json::{js_number_to_string, Value};
use crate::mapping::Clock;

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];
const DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DEFAULT_FORMAT: &str = "%A, %B %-e, %Y at %-l:%M %P %z";
/// JavaScript's Date range: ±8.64e15 ms.
const MAX_TIME: f64 = 8.64e15;

/// A moment shown at a fixed offset (minutes behind UTC, JS sign convention).
struct LiquidDate {
    utc_ms: f64,
    offset: f64,
    /// Set when the filter was given a time zone: `%Z` then shows its name, or
    /// the offset for a zone given in minutes.
    fixed: Option<String>,
}

struct Fields {
    year: i64,
    month: i64, // 0-based
    day: i64,
    hours: i64,
    minutes: i64,
    seconds: i64,
    ms: i64,
    weekday: i64,
}

impl LiquidDate {
    fn fields(&self) -> Fields {
        let t = self.utc_ms - self.offset * 60000.0;
        let days = (t / 86_400_000.0).floor() as i64;
        let ms_of_day = (t - days as f64 * 86_400_000.0) as i64;
        let (year, month, day) = civil_from_days(days);
        Fields {
            year,
            month: month - 1,
            day,
            hours: ms_of_day / 3_600_000,
            minutes: ms_of_day / 60_000 % 60,
            seconds: ms_of_day / 1000 % 60,
            ms: ms_of_day % 1000,
            weekday: (days + 4).rem_euclid(7),
        }
    }
}

/// Days since 1970-01-01 → (year, month 1-12, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `parseDate`: None when the value is not a date (the filter then returns its input).
fn parse_date(v: &Value, tz: Option<&Value>, now: Clock) -> Result<Option<LiquidDate>, LiquidError> {
    let Some(ms) = parse_time(v, now) else { return Ok(None) };
    let (offset, fixed) = match tz {
        None => (0.0, None),
        Some(Value::String(s)) => (timezone_offset(s)?, Some(s.clone())),
        Some(other) => (v8::to_number(other), Some(String::new())),
    };
    // liquidjs checks the shifted display date is a valid Date.
    if offset.is_nan() || (ms - offset * 60000.0).abs() > MAX_TIME {
        return Ok(None);
    }
    Ok(Some(LiquidDate { utc_ms: ms, offset, fixed }))
}

/// `new Date(v)` as `parseDate` calls it, in ms; None for an invalid date. `now` is
/// read only for `"now"` and `"today"`.
fn parse_time(v: &Value, now: Clock) -> Option<f64> {
    let ms = match v {
        Value::Null | Value::Undefined => return None,
        Value::String(s) if s == "now" || s == "today" => now(),
        Value::Number(n) => n * 1000.0,
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            crate::json::js_string_to_number(s) * 1000.0
        }
        Value::String(s) => parse_iso(s)?,
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => return None,
    };
    // `new Date(x)` keeps whole milliseconds within ±8.64e15.
    if !ms.is_finite() || ms.abs() > MAX_TIME {
        return None;
    }
    Some(ms.trunc() + 0.0)
}

/// Time zone names we know: only UTC's (Segment knows every IANA zone).
fn timezone_offset(name: &str) -> Result<f64, LiquidError> {
    match name {
        "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" => Ok(0.0),
        _ => Err(LiquidError::plain(format!("Invalid time zone specified: {name}"))),
    }
}

/// ISO 8601 as V8 reads it: date-only forms are UTC, date-times without an offset local (UTC here).
fn parse_iso(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, n: usize| -> Option<i64> {
        let t = s.get(*i..*i + n)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *i += n;
        t.parse().ok()
    };
    let year = match b.first()? {
        b'+' | b'-' => {
            let neg = b[0] == b'-';
            i = 1;
            let y = num(&mut i, 6)?;
            if neg && y == 0 {
                return None;
            }
            if neg {
                -y
            } else {
                y
            }
        }
        _ => num(&mut i, 4)?,
    };
    let (mut month, mut day) = (1, 1);
    if b.get(i) == Some(&b'-') {
        i += 1;
        month = num(&mut i, 2)?;
        if b.get(i) == Some(&b'-') {
            i += 1;
            day = num(&mut i, 2)?;
        }
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let date_ms = days_from_civil(year, month, day) as f64 * 86_400_000.0;
    if i == b.len() {
        return Some(date_ms);
    }
    if !matches!(b.get(i), Some(b'T' | b't' | b' ')) {
        return None;
    }
    i += 1;
    let h = num(&mut i, 2)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let mi = num(&mut i, 2)?;
    let (mut sec, mut ms) = (0, 0.0);
    if b.get(i) == Some(&b':') {
        i += 1;
        sec = num(&mut i, 2)?;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let frac = s.get(start..i)?;
            if frac.is_empty() {
                return None;
            }
            ms = (frac.chars().chain("000".chars()).take(3).collect::<String>()).parse::<f64>().ok()?;
        }
    }
    if h > 24 || mi > 59 || sec > 59 || (h == 24 && (mi > 0 || sec > 0 || ms > 0.0)) {
        return None;
    }
    let mut offset_min = 0.0;
    match b.get(i) {
        None => {}
        Some(b'Z' | b'z') if i + 1 == b.len() => {}
        Some(b'+' | b'-') => {
            let sign = if b[i] == b'+' { 1.0 } else { -1.0 };
            i += 1;
            let oh = num(&mut i, 2)?;
            if b.get(i) == Some(&b':') {
                i += 1;
            }
            let om = num(&mut i, 2)?;
            if i != b.len() || oh > 23 || om > 59 {
                return None;
            }
            offset_min = sign * (oh * 60 + om) as f64;
        }
        _ => return None,
    }
    let t = date_ms + ((h * 60 + mi) * 60 + sec) as f64 * 1000.0 + ms - offset_min * 60000.0;
    Some(t)
}

pub(crate) fn date_filter<'e>(
    env: &mut Env<'e>,
    input: &Val<'e>,
    format: Option<&Value>,
    tz: Option<&Value>,
) -> Result<Val<'e>, LiquidError> {
    let size = match input.value() {
        Value::String(s) => utf16_len(s),
        Value::Array(a) => a.len(),
        _ => 0,
    } + tz.and_then(Value::as_str).map_or(0, utf16_len);
    env.use_memory(size as f64)?;
    let Some(date) = parse_date(input.value(), tz, env.now)? else { return Ok(input.clone()) };
    let format = match format {
        None | Some(Value::Null) => DEFAULT_FORMAT.to_string(),
        Some(f) => liquid_stringify(f),
    };
    env.use_memory(utf16_len(&format) as f64)?;
    Ok(Val::Own(Value::String(strftime(env, &date, &format)?)))
}

pub(crate) fn stringify_date<'e>(
    env: &mut Env<'e>,
    input: &Val<'e>,
    month: &str,
    kind: Option<&Value>,
    style: Option<&Value>,
) -> Result<Val<'e>, LiquidError> {
    let Some(date) = parse_date(input.value(), None, env.now)? else { return Ok(input.clone()) };
    let format = if kind.and_then(Value::as_str) == Some("ordinal") {
        let d = date.fields().day;
        if style.and_then(Value::as_str) == Some("US") {
            format!("{month} {d}%q, %Y")
        } else {
            format!("{d}%q {month} %Y")
        }
    } else {
        format!("%d {month} %Y")
    };
    Ok(Val::Own(Value::String(strftime(env, &date, &format)?)))
}

fn strftime(env: &mut Env, d: &LiquidDate, format: &str) -> Result<String, LiquidError> {
    let f = d.fields();
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // /%([-_0^#:]+)?(\d+)?([EO])?(.)/
        let mut j = i + 1;
        let flags_start = j;
        while j < chars.len() && "-_0^#:".contains(chars[j]) {
            j += 1;
        }
        let flags: String = chars[flags_start..j].iter().collect();
        let width_start = j;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let width: String = chars[width_start..j].iter().collect();
        if j < chars.len() && (chars[j] == 'E' || chars[j] == 'O') && j + 1 < chars.len() && !is_line_end(chars[j + 1]) {
            j += 1;
        }
        match chars.get(j) {
            Some(&c) if !is_line_end(c) => {
                let whole: String = chars[i..=j].iter().collect();
                out.push_str(&format_one(env, d, &f, &whole, &flags, &width, c)?);
                i = j + 1;
            }
            _ => {
                out.push('%');
                i += 1;
            }
        }
    }
    Ok(out)
}

fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn hour12(h: i64) -> i64 {
    if h % 12 == 0 {
        12
    } else {
        h % 12
    }
}

fn format_one(
    env: &mut Env,
    d: &LiquidDate,
    f: &Fields,
    whole: &str,
    flags: &str,
    width: &str,
    conv: char,
) -> Result<String, LiquidError> {
    let tz = |colon: bool| {
        let off = d.offset;
        let n = off.abs();
        let (h, m) = ((n / 60.0).floor(), n % 60.0);
        format!(
            "{}{:0>2}{}{:0>2}",
            if off > 0.0 { '-' } else { '+' },
            js_number_to_string(h),
            if colon { ":" } else { "" },
            js_number_to_string(m)
        )
    };
    let day_of_year = {
        let start = days_from_civil(f.year, 1, 1);
        days_from_civil(f.year, f.month + 1, f.day) - start + 1
    };
    let week = |start_day: i64| {
        let since = (f.weekday - start_day + 7) % 7;
        (day_of_year - 1 - since + 7).div_euclid(7).to_string()
    };
    let ret: String = match conv {
        'a' => DAYS[f.weekday as usize][..3].to_string(),
        'A' => DAYS[f.weekday as usize].to_string(),
        'b' | 'h' => MONTHS[f.month as usize][..3].to_string(),
        'B' => MONTHS[f.month as usize].to_string(),
        'c' => format!("{}, {}", locale_date(f), locale_time(f)),
        'C' => f.year.div_euclid(100).to_string(),
        'd' | 'e' => f.day.to_string(),
        'H' | 'k' => f.hours.to_string(),
        'I' | 'l' => hour12(f.hours).to_string(),
        'j' => day_of_year.to_string(),
        'L' => f.ms.to_string(),
        'm' => (f.month + 1).to_string(),
        'M' => f.minutes.to_string(),
        'N' => {
            let w = width.parse::<usize>().ok().filter(|w| *w > 0).unwrap_or(9);
            env.use_memory(w as f64 - 3.0)?;
            let s: String = format!("{:0>3}", f.ms).chars().take(w).collect();
            format!("{s:0<w$}")
        }
        'p' => (if f.hours < 12 { "AM" } else { "PM" }).to_string(),
        'P' => (if f.hours < 12 { "am" } else { "pm" }).to_string(),
        'q' => match f.day {
            11..=13 => "th",
            d if d % 10 == 1 => "st",
            d if d % 10 == 2 => "nd",
            d if d % 10 == 3 => "rd",
            _ => "th",
        }
        .to_string(),
        's' => js_number_to_string((d.utc_ms / 1000.0).floor()),
        'S' => f.seconds.to_string(),
        'u' => (if f.weekday == 0 { 7 } else { f.weekday }).to_string(),
        'U' => week(0),
        'w' => f.weekday.to_string(),
        'W' => week(1),
        'x' => locale_date(f),
        'X' => locale_time(f),
        'y' => f.year.rem_euclid(100).to_string(),
        'Y' => f.year.to_string(),
        'z' => tz(flags.contains(':')),
        'Z' => match &d.fixed {
            None => "UTC".to_string(),
            Some(name) if !name.is_empty() => name.clone(),
            Some(_) => tz(flags.contains(':')),
        },
        't' => "\t".into(),
        'n' => "\n".into(),
        '%' => "%".into(),
        _ => return Ok(whole.to_string()),
    };
    let mut ret = ret;
    let mut pad_char = if "aAbBceklpP".contains(conv) { ' ' } else { '0' };
    let default_width = match conv {
        'C' | 'd' | 'e' | 'H' | 'I' | 'k' | 'l' | 'm' | 'M' | 'S' | 'U' | 'W' | 'y' => 2,
        'j' | 'L' => 3,
        'Y' => 4,
        _ => 0,
    };
    let mut pad_width = width.parse::<f64>().ok().map(|w| w.min(1e12) as usize).filter(|w| *w > 0).unwrap_or(default_width);
    if flags.contains('^') {
        ret = ret.to_uppercase();
    } else if flags.contains('#') {
        ret = if ret.chars().any(|c| c.is_ascii_lowercase()) { ret.to_uppercase() } else { ret.to_lowercase() };
    }
    if flags.contains('_') {
        pad_char = ' ';
    } else if flags.contains('0') {
        pad_char = '0';
    }
    if flags.contains('-') {
        pad_width = 0;
    }
    let len = utf16_len(&ret);
    env.use_memory(pad_width as f64 - len as f64)?;
    if pad_char == '0' && ret.starts_with('-') {
        let body = &ret[1..];
        let need = pad_width.saturating_sub(1).saturating_sub(utf16_len(body));
        return Ok(format!("-{}{body}", "0".repeat(need)));
    }
    Ok(format!("{}{ret}", pad_char.to_string().repeat(pad_width.saturating_sub(len))))
}

/// en-US `toLocaleDateString()`: 5/5/2025.
fn locale_date(f: &Fields) -> String {
    format!("{}/{}/{}", f.month + 1, f.day, f.year)
}

/// en-US `toLocaleTimeString()`: 2:17:38 PM.
fn locale_time(f: &Fields) -> String {
    format!("{}:{:02}:{:02} {}", hour12(f.hours), f.minutes, f.seconds, if f.hours < 12 { "AM" } else { "PM" })
}
