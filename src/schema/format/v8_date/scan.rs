//! The tokenizer of V8's DateParser (`InputReader` + `DateStringTokenizer`) and its keyword table.

use super::MAX_SIGNIFICANT_DIGITS;
use crate::json::is_js_whitespace;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Keyword {
    Invalid,
    MonthName,
    TimeZoneName,
    TimeSeparator,
    AmPm,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Token {
    Invalid,
    Unknown,
    WhiteSpace,
    Number {
        value: i64,
        len: usize,
    },
    Symbol(char),
    EndOfInput,
    Keyword {
        kind: Keyword,
        value: i64,
        len: usize,
    },
}

impl Token {
    pub(super) fn is_number(self) -> bool {
        matches!(self, Token::Number { .. })
    }
    pub(super) fn is_fixed_length_number(self, n: usize) -> bool {
        matches!(self, Token::Number { len, .. } if len == n)
    }
    pub(super) fn number(self) -> i64 {
        match self {
            Token::Number { value, .. } => value,
            _ => 0,
        }
    }
    pub(super) fn is_symbol(self, c: char) -> bool {
        self == Token::Symbol(c)
    }
    pub(super) fn ascii_sign(self) -> Option<i64> {
        match self {
            Token::Symbol('+') => Some(1),
            Token::Symbol('-') => Some(-1),
            _ => None,
        }
    }
    pub(super) fn is_keyword_type(self, k: Keyword) -> bool {
        matches!(self, Token::Keyword { kind, .. } if kind == k)
    }
    pub(super) fn is_keyword_z(self) -> bool {
        matches!(
            self,
            Token::Keyword {
                kind: Keyword::TimeZoneName,
                value: 0,
                len: 1
            }
        )
    }
}

/// V8's keyword table: a word matches an entry on its first three lower-cased
/// characters; only month names may be longer than their entry.
pub(super) const KEYWORDS: [([u32; 3], Keyword, i64); 27] = {
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

pub(super) fn lookup_keyword(prefix: [u32; 3], len: usize) -> (Keyword, i64) {
    KEYWORDS
        .iter()
        .find(|(p, kind, _)| *p == prefix && (len <= 3 || *kind == Keyword::MonthName))
        .map_or((Keyword::Invalid, 0), |&(_, kind, value)| (kind, value))
}

/// V8's `InputReader` + `DateStringTokenizer`: one token of lookahead. A NUL
/// character reads as the end of input, as in V8.
pub(super) struct Scanner<'a> {
    s: &'a [char],
    pos: usize,
    next: Token,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(s: &'a [char]) -> Self {
        let mut sc = Scanner {
            s,
            pos: 0,
            next: Token::EndOfInput,
        };
        sc.next = sc.scan();
        sc
    }
    pub(super) fn ch(&self) -> u32 {
        self.s.get(self.pos).map_or(0, |&c| c as u32)
    }
    pub(super) fn is_digit(&self) -> bool {
        (b'0' as u32..=b'9' as u32).contains(&self.ch())
    }
    /// A word character: from 'A' up, non-ASCII included, but not white space (line
    /// terminators U+2028/2029 do count as word characters, as in V8).
    pub(super) fn is_word_char(&self) -> bool {
        let c = self.ch();
        c >= 'A' as u32
            && (c == 0x2028
                || c == 0x2029
                || !self.s.get(self.pos).is_some_and(|&c| is_js_whitespace(c)))
    }
    pub(super) fn next(&mut self) -> Token {
        let t = self.next;
        self.next = self.scan();
        t
    }
    pub(super) fn peek(&self) -> Token {
        self.next
    }
    pub(super) fn skip_symbol(&mut self, c: char) -> bool {
        if self.next.is_symbol(c) {
            self.next = self.scan();
            true
        } else {
            false
        }
    }
    pub(super) fn scan(&mut self) -> Token {
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
            return Token::Number {
                value: n,
                len: self.pos - start,
            };
        }
        if let Some(c) = [':', '-', '+', '.', ')']
            .into_iter()
            .find(|&c| c as u32 == ch)
        {
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
pub(super) fn read_milliseconds(t: Token) -> i64 {
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
