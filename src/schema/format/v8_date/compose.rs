//! V8's DateParser composers (day, time, time zone) and the range checks of
//! `ParseDateTimeString`.

use super::{
    between, is_day, is_hour, is_millisecond, is_minute, is_month, MAX_TIME_BEFORE_UTC_MS,
    MAX_TIME_MS, NONE,
};

#[derive(Default)]
pub(super) struct DayComposer {
    pub(super) comp: [i64; 3],
    pub(super) index: usize,
    pub(super) named_month: Option<i64>,
    pub(super) is_iso_date: bool,
}

impl DayComposer {
    pub(super) fn add(&mut self, n: i64) -> bool {
        match self.comp.get_mut(self.index) {
            Some(slot) => {
                *slot = n;
                self.index += 1;
                true
            }
            None => false,
        }
    }
    pub(super) fn is_empty(&self) -> bool {
        self.index == 0
    }
    /// (year, month 1-12, day) as `DayComposer::Write` decides them.
    pub(super) fn write(&mut self) -> Option<(i64, i64, i64)> {
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

pub(super) struct TimeComposer {
    pub(super) comp: [i64; 4],
    pub(super) index: usize,
    pub(super) hour_offset: Option<i64>,
}

impl TimeComposer {
    pub(super) fn is_empty(&self) -> bool {
        self.index == 0
    }
    pub(super) fn is_expecting(&self, n: i64) -> bool {
        (self.index == 1 && is_minute(n))
            || (self.index == 2 && is_minute(n))
            || (self.index == 3 && is_millisecond(n))
    }
    pub(super) fn add(&mut self, n: i64) -> bool {
        match self.comp.get_mut(self.index) {
            Some(slot) => {
                *slot = n;
                self.index += 1;
                true
            }
            None => false,
        }
    }
    pub(super) fn add_final(&mut self, n: i64) -> bool {
        if !self.add(n) {
            return false;
        }
        self.index = 4; // the remaining slots are already 0
        true
    }
    /// Milliseconds of the day, as `TimeComposer::Write` validates them.
    pub(super) fn write(&self) -> Option<i64> {
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

pub(super) struct TimeZoneComposer {
    pub(super) sign: i64,
    pub(super) hour: i64,
    pub(super) minute: i64,
}

impl TimeZoneComposer {
    pub(super) fn set(&mut self, offset_hours: i64) {
        self.sign = if offset_hours < 0 { -1 } else { 1 };
        self.hour = offset_hours * self.sign;
        self.minute = 0;
    }
    pub(super) fn is_expecting(&self, n: i64) -> bool {
        self.hour != NONE && self.minute == NONE && is_minute(n)
    }
    pub(super) fn is_utc(&self) -> bool {
        self.hour == 0 && self.minute == 0
    }
    pub(super) fn is_empty(&self) -> bool {
        self.hour == NONE
    }
    /// The UTC offset in seconds; `Some(None)` for local time; `None` when invalid.
    pub(super) fn write(&self) -> Option<Option<i64>> {
        if self.sign == NONE {
            return Some(None);
        }
        let hour = if self.hour == NONE { 0 } else { self.hour };
        let minute = if self.minute == NONE { 0 } else { self.minute };
        // V8 computes this in unsigned 32-bit arithmetic and rejects totals above
        // Smi::kMaxValue (2^31 - 1: Node builds V8 without pointer compression).
        let total = (hour as u32)
            .wrapping_mul(3600)
            .wrapping_add((minute as u32).wrapping_mul(60));
        if total > i32::MAX as u32 {
            return None;
        }
        Some(Some(i64::from(total) * self.sign))
    }
}

/// What `DateParser::Parse` writes out, still to be range-checked.
pub(super) struct Parsed {
    pub(super) year: i64,
    pub(super) month: i64,
    pub(super) day: i64,
    pub(super) time_ms: i64,
    pub(super) utc_offset_s: Option<i64>,
}

impl Parsed {
    /// `MakeDay`/`MakeDate`, then the range checks of `ParseDateTimeString` and `TimeClip`.
    pub(super) fn in_range(&self) -> bool {
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
pub(super) fn days_from_civil(year: i64, month: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
