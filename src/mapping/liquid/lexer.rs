//! liquidjs's tokenizer, ported closely: top-level tokens (text, `{% tag %}`,
//! `{{ output }}`), whitespace control, and the expression reader used inside them.
//! Works on `char`s; positions are char indices into the template.

use super::ast::{Arg, Expr, FilterCall, FilteredValue, Lit, Op, Operand};
use super::error::LiquidError;

const WORD: u8 = 1;
const BLANK: u8 = 4;
const QUOTE: u8 = 8;
const NUMBER: u8 = 32;
const SIGN: u8 = 64;

/// liquidjs's character classes (`TYPES`), ASCII part.
const ASCII_TYPES: [u8; 128] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 4, 4, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 2, 8, 0,
    0, 0, 0, 8, 0, 0, 0, 64, 0, 65, 0, 0, 33, 33, 33, 33, 33, 33, 33, 33, 33, 33, 0, 0, 2, 2, 2, 1, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
];

fn char_type(c: char) -> u8 {
    let code = c as u32;
    if code < 128 {
        return ASCII_TYPES[code as usize];
    }
    match code {
        160 | 5760 | 6158 | 8192..=8202 | 8232 | 8233 | 8239 | 8287 | 12288 => BLANK,
        8220 | 8221 => 128,
        _ => 0,
    }
}

pub(super) fn is_blank(c: char) -> bool {
    char_type(c) & BLANK != 0
}

/// `isWord`: ASCII word characters (letters, digits, `_`, `-`, `?`) and almost all non-ASCII.
pub(super) fn is_word(c: char) -> bool {
    if (c as u32) < 128 {
        char_type(c) & WORD != 0
    } else {
        char_type(c) == 0
    }
}

pub(super) enum TopToken {
    Html { begin: usize, end: usize, trim_left: usize, trim_right: usize },
    Tag(Delimited),
    Output(Delimited),
}

/// A `{% … %}`, `{{ … }}` or `{% liquid %}` line: its extent and trimmed content range.
pub(super) struct Delimited {
    pub begin: usize,
    pub end: usize,
    pub content: (usize, usize),
    pub trim_left: bool,
    pub trim_right: bool,
    /// Tags only: the name and where the arguments start.
    pub name: String,
    pub args_begin: usize,
}

impl Delimited {
    fn new(chars: &[char], begin: usize, end: usize, content: (usize, usize)) -> Delimited {
        let (cb, ce) = content;
        let tl = chars.get(cb) == Some(&'-');
        let tr = ce >= 1 && chars.get(ce - 1) == Some(&'-');
        let mut l = if tl { cb + 1 } else { cb };
        let mut r = if tr { ce.saturating_sub(1) } else { ce };
        while l < r && chars.get(l).is_some_and(|&c| is_blank(c)) {
            l += 1;
        }
        while r > l && chars.get(r - 1).is_some_and(|&c| is_blank(c)) {
            r -= 1;
        }
        Delimited { begin, end, content: (l, r), trim_left: tl, trim_right: tr, name: String::new(), args_begin: l }
    }

    /// A tag: reads the name as liquidjs's `TagToken` does.
    fn tag(chars: &[char], begin: usize, end: usize, content: (usize, usize), what: &str) -> Result<Delimited, LiquidError> {
        let mut d = Delimited::new(chars, begin, end, content);
        let mut t = Tokenizer::new(chars, d.content.0, d.content.1);
        d.name = t.read_tag_name();
        if d.name.is_empty() {
            return Err(t.error(what, t.p));
        }
        t.skip_blank();
        d.args_begin = t.p;
        Ok(d)
    }

    pub fn args<'c>(&self, chars: &'c [char]) -> &'c [char] {
        chars.get(self.args_begin..self.content.1.max(self.args_begin)).unwrap_or(&[])
    }

    pub fn text(&self, chars: &[char]) -> String {
        chars.get(self.begin..self.end).unwrap_or(&[]).iter().collect()
    }

    /// A tokenizer over this tag's arguments.
    pub fn args_tokenizer<'c>(&self, chars: &'c [char]) -> Tokenizer<'c> {
        let mut t = Tokenizer::new(chars, self.args_begin, self.content.1.max(self.args_begin));
        t.p = self.args_begin;
        t
    }
}

pub(super) struct Tokenizer<'c> {
    pub chars: &'c [char],
    pub p: usize,
    pub n: usize,
    /// Nesting of values being read (`a[b[c]]`, ranges), bounded to bound the recursion.
    depth: usize,
}

/// Deepest nesting of values in an expression (liquidjs has no limit; no real template nears it).
const MAX_DEPTH: usize = 64;

impl<'c> Tokenizer<'c> {
    pub fn new(chars: &'c [char], p: usize, n: usize) -> Self {
        Tokenizer { chars, p, n: n.min(chars.len()), depth: 0 }
    }

    pub fn error(&self, msg: impl Into<String>, pos: usize) -> LiquidError {
        LiquidError::at(msg, self.chars, pos)
    }

    pub fn end(&self) -> bool {
        self.p >= self.n
    }

    pub fn peek(&self, k: usize) -> Option<char> {
        let i = self.p + k;
        if i >= self.n {
            None
        } else {
            self.chars.get(i).copied()
        }
    }

    fn peek_type(&self, k: usize) -> u8 {
        self.peek(k).map_or(0, char_type)
    }

    fn peek_is_word(&self, k: usize) -> bool {
        self.peek(k).is_some_and(is_word)
    }

    pub fn skip_blank(&mut self) {
        while self.peek_type(0) & BLANK != 0 {
            self.p += 1;
        }
    }

    fn matches(&self, word: &str) -> bool {
        word.chars().enumerate().all(|(i, c)| self.chars.get(self.p + i) == Some(&c))
    }

    fn rmatch(&self, pattern: &str) -> bool {
        let pat: Vec<char> = pattern.chars().collect();
        pat.iter().rev().enumerate().all(|(i, c)| self.p > i && self.chars.get(self.p - 1 - i) == Some(c))
    }

    /// `readTo`: advances past the next `end`; the new position, or None at the end.
    pub fn read_to(&mut self, end: &str) -> Option<usize> {
        while self.p < self.n {
            self.p += 1;
            if self.rmatch(end) {
                return Some(self.p);
            }
        }
        None
    }

    fn read_to_delimiter(&mut self, delimiter: &str, respect_quoted: bool) -> Option<usize> {
        self.skip_blank();
        while self.p < self.n {
            if respect_quoted && self.peek_type(0) & QUOTE != 0 {
                self.read_quoted();
                continue;
            }
            self.p += 1;
            if self.rmatch(delimiter) {
                return Some(self.p);
            }
        }
        None
    }

    /// JSON text of the rest from `begin`, cut to 32 characters (`snapshot`).
    pub fn snapshot(&self, begin: usize) -> String {
        let rest: Vec<char> = self.chars.get(begin.min(self.n)..self.n).unwrap_or(&[]).to_vec();
        let text: String = if rest.len() > 32 { rest[..29].iter().collect::<String>() + "..." } else { rest.iter().collect() };
        let mut out = String::new();
        crate::json::write_string(&text, &mut out);
        out
    }

    // ---- top level ----

    pub fn read_top_level(&mut self) -> Result<Vec<TopToken>, LiquidError> {
        let mut tokens = Vec::new();
        let mut raw_begin: Option<usize> = None;
        while self.p < self.n {
            let token = if let Some(rb) = raw_begin {
                let (tok, closed) = self.read_endraw_or_raw_content(rb)?;
                if closed {
                    raw_begin = None;
                }
                tok
            } else if self.matches("{%") {
                let begin = self.p;
                if self.read_to_delimiter("%}", false).is_none() {
                    return Err(self.error(format!("tag {} not closed", self.snapshot(begin)), begin));
                }
                let tag = Delimited::tag(self.chars, begin, self.p, (begin + 2, self.p.saturating_sub(2)), "illegal tag syntax, tag name expected")?;
                if tag.name == "raw" {
                    raw_begin = Some(begin);
                }
                TopToken::Tag(tag)
            } else if self.matches("{{") {
                let begin = self.p;
                if self.read_to_delimiter("}}", true).is_none() {
                    return Err(self.error(format!("output {} not closed", self.snapshot(begin)), begin));
                }
                TopToken::Output(Delimited::new(self.chars, begin, self.p, (begin + 2, self.p.saturating_sub(2))))
            } else {
                let begin = self.p;
                while self.p < self.n && !self.matches("{%") && !self.matches("{{") {
                    self.p += 1;
                }
                TopToken::Html { begin, end: self.p, trim_left: 0, trim_right: 0 }
            };
            tokens.push(token);
        }
        whitespace_control(self.chars, &mut tokens);
        Ok(tokens)
    }

    /// Inside `{% raw %}`: the raw text, or the `{% endraw %}` tag (then `true`).
    fn read_endraw_or_raw_content(&mut self, raw_begin: usize) -> Result<(TopToken, bool), LiquidError> {
        let begin = self.p;
        let mut left = self.read_to("{%").map(|p| p as isize - 2).unwrap_or(-3);
        while self.p < self.n {
            if self.read_identifier() != "endraw" {
                left = self.read_to("{%").map(|p| p as isize - 2).unwrap_or(-3);
                continue;
            }
            while self.p <= self.n {
                if self.rmatch("%}") {
                    let end = self.p;
                    if begin as isize == left {
                        let tag = Delimited::tag(self.chars, begin, end, (begin + 2, end.saturating_sub(2)), "illegal tag syntax, tag name expected")?;
                        return Ok((TopToken::Tag(tag), true));
                    }
                    let left = left.max(begin as isize) as usize;
                    self.p = left;
                    return Ok((TopToken::Html { begin, end: left, trim_left: 0, trim_right: 0 }, false));
                }
                if self.rmatch("{%") {
                    break;
                }
                self.p += 1;
            }
        }
        Err(self.error(format!("raw {} not closed", self.snapshot(raw_begin)), begin))
    }

    /// `{% liquid %}` lines, each a tag.
    pub fn read_liquid_lines(&mut self) -> Result<Vec<Delimited>, LiquidError> {
        let mut out = Vec::new();
        while self.p < self.n {
            self.skip_blank();
            if self.end() {
                break;
            }
            let begin = self.p;
            self.read_to_delimiter("\n", false);
            let end = self.p;
            out.push(Delimited::tag(self.chars, begin, end, (begin, end), "illegal liquid tag syntax")?);
        }
        Ok(out)
    }

    // ---- words ----

    pub fn read_identifier(&mut self) -> String {
        self.skip_blank();
        let begin = self.p;
        while !self.end() && self.peek_is_word(0) {
            self.p += 1;
        }
        self.chars[begin..self.p].iter().collect()
    }

    fn read_tag_name(&mut self) -> String {
        self.skip_blank();
        if self.peek(0) == Some('#') {
            self.p += 1;
            return "#".into();
        }
        self.read_identifier()
    }

    /// Longest match among `words`, with a word boundary after words ending in a word char.
    fn match_words(&self, words: &[&str]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (k, w) in words.iter().enumerate() {
            if self.matches(w) && self.p + w.chars().count() <= self.n && best.is_none_or(|(_, l)| w.len() > l) {
                best = Some((k, w.len()));
            }
        }
        let (k, len) = best?;
        let word_end = words[k].chars().last().is_some_and(is_word);
        if word_end && self.peek_is_word(len) {
            return None;
        }
        Some((k, len))
    }

    // ---- expressions ----

    pub fn read_filtered_value(&mut self) -> Result<FilteredValue, LiquidError> {
        let begin = self.p;
        let expr = self.read_expression()?;
        if expr.0.is_empty() {
            return Err(self.error(format!("invalid value expression: {}", self.snapshot(self.p)), self.p));
        }
        let filters = self.read_filters()?;
        let text = self.chars[begin..self.p.max(begin)].iter().collect();
        Ok(FilteredValue { expr, filters, text })
    }

    /// Operands and operators until neither reads; then in postfix order.
    fn read_expression(&mut self) -> Result<Expr, LiquidError> {
        let mut postfix = Vec::new();
        let mut ops: Vec<Op> = Vec::new();
        while self.p < self.n {
            if let Some(op) = self.read_operator() {
                while ops.last().is_some_and(|top| top.precedence() > op.precedence()) {
                    postfix.push(Operand::Op(ops.pop().unwrap_or(op)));
                }
                ops.push(op);
                continue;
            }
            match self.read_value()? {
                Some(v) => postfix.push(Operand::Value(v)),
                None => break,
            }
        }
        while let Some(op) = ops.pop() {
            postfix.push(Operand::Op(op));
        }
        Ok(Expr(postfix))
    }

    fn read_operator(&mut self) -> Option<Op> {
        self.skip_blank();
        const OPS: [&str; 10] = ["==", "!=", ">", "<", ">=", "<=", "contains", "not", "and", "or"];
        let (k, len) = self.match_words(&OPS)?;
        self.p += len;
        Some([Op::Eq, Op::Ne, Op::Gt, Op::Lt, Op::Ge, Op::Le, Op::Contains, Op::Not, Op::And, Op::Or][k])
    }

    fn read_filters(&mut self) -> Result<Vec<FilterCall>, LiquidError> {
        let mut filters = Vec::new();
        while let Some(f) = self.read_filter()? {
            filters.push(f);
        }
        Ok(filters)
    }

    fn read_filter(&mut self) -> Result<Option<FilterCall>, LiquidError> {
        self.skip_blank();
        if self.end() || matches!(self.peek(0), Some(')' | ',')) {
            return Ok(None);
        }
        let bar = self.peek(0);
        self.p += 1;
        if bar != Some('|') {
            return Err(self.error("expected \"|\" before filter", self.p));
        }
        let name = self.read_identifier();
        if name.is_empty() {
            if !self.end() {
                return Err(self.error("expected filter name", self.p));
            }
            return Ok(None);
        }
        let mut args = Vec::new();
        self.skip_blank();
        if self.peek(0) == Some(':') {
            loop {
                self.p += 1;
                if let Some(arg) = self.read_filter_arg()? {
                    args.push(arg);
                }
                self.skip_blank();
                if !(self.end() || matches!(self.peek(0), Some(',' | '|' | ')'))) {
                    return Err(self.error(format!("unexpected character {}", self.snapshot(self.p)), self.p));
                }
                if self.peek(0) != Some(',') {
                    break;
                }
            }
        } else if !(self.end() || matches!(self.peek(0), Some('|' | ')' | ','))) {
            return Err(self.error("expected \":\" after filter name", self.p));
        }
        Ok(Some(FilterCall { name, args }))
    }

    fn read_filter_arg(&mut self) -> Result<Option<Arg>, LiquidError> {
        self.skip_blank();
        let begin = self.p;
        let Some(key) = self.read_value()? else { return Ok(None) };
        let key_end = self.p;
        self.skip_blank();
        if self.peek(0) != Some(':') {
            return Ok(Some(Arg::Positional(key)));
        }
        let name: String = self.chars[begin..key_end].iter().collect();
        self.p += 1;
        let value = self.read_value()?;
        Ok(Some(Arg::Keyword(name, value)))
    }

    pub fn read_value(&mut self) -> Result<Option<Lit>, LiquidError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("expression nested too deeply", self.p));
        }
        self.depth += 1;
        let v = self.read_value_inner();
        self.depth -= 1;
        v
    }

    fn read_value_inner(&mut self) -> Result<Option<Lit>, LiquidError> {
        self.skip_blank();
        let mut variable = match self.read_literal() {
            Some(l) => Some(l),
            None => match self.read_quoted() {
                Some(q) => Some(q),
                None => self.read_number(),
            },
        };
        if variable.is_none() && self.peek(0) == Some('(') {
            variable = Some(self.read_range()?);
        }
        let props = self.read_properties(variable.is_none())?;
        if props.is_empty() {
            return Ok(variable);
        }
        Ok(Some(Lit::Path { root: variable.map(Box::new), props }))
    }

    fn read_properties(&mut self, is_begin: bool) -> Result<Vec<Lit>, LiquidError> {
        let mut props = Vec::new();
        loop {
            if self.peek(0) == Some('[') {
                self.p += 1;
                let prop = self.read_value()?.unwrap_or(Lit::Ident(String::new()));
                if self.read_to("]").is_none() {
                    return Err(self.error("[ not closed", self.p));
                }
                props.push(prop);
                continue;
            }
            if is_begin && props.is_empty() {
                let id = self.read_identifier();
                if !id.is_empty() {
                    props.push(Lit::Ident(id));
                    continue;
                }
            }
            if self.peek(0) == Some('.') && self.peek(1) != Some('.') {
                self.p += 1;
                let id = self.read_identifier();
                if id.is_empty() {
                    break;
                }
                props.push(Lit::Ident(id));
                continue;
            }
            break;
        }
        Ok(props)
    }

    fn read_number(&mut self) -> Option<Lit> {
        self.skip_blank();
        let mut decimal = false;
        let mut digit = false;
        let mut k = 0;
        if self.peek_type(0) & SIGN != 0 {
            k += 1;
        }
        while self.p + k <= self.n {
            if self.peek_type(k) & NUMBER != 0 {
                digit = true;
                k += 1;
            } else if self.peek(k) == Some('.') && self.peek(k + 1) != Some('.') {
                if decimal || !digit {
                    return None;
                }
                decimal = true;
                k += 1;
            } else {
                break;
            }
        }
        if digit && !self.peek_is_word(k) {
            let text: String = self.chars[self.p..self.p + k].iter().collect();
            self.p += k;
            return Some(Lit::Number(crate::json::js_string_to_number(&text)));
        }
        None
    }

    fn read_literal(&mut self) -> Option<Lit> {
        self.skip_blank();
        const WORDS: [&str; 6] = ["true", "false", "nil", "null", "empty", "blank"];
        let (k, len) = self.match_words(&WORDS)?;
        self.p += len;
        Some(match k {
            0 => Lit::Bool(true),
            1 => Lit::Bool(false),
            2 | 3 => Lit::Nil,
            4 => Lit::Empty,
            _ => Lit::Blank,
        })
    }

    fn read_range(&mut self) -> Result<Lit, LiquidError> {
        self.skip_blank();
        self.p += 1; // '('
        let lhs = self.read_value_or_throw()?;
        self.skip_blank();
        if self.peek(0) == Some('.') && self.peek(1) == Some('.') {
            self.p += 2;
            let rhs = self.read_value_or_throw()?;
            self.skip_blank();
            let close = self.peek(0);
            self.p += 1;
            if close != Some(')') {
                return Err(self.error("invalid range syntax", self.p));
            }
            return Ok(Lit::Range(Box::new(lhs), Box::new(rhs)));
        }
        Err(self.error("invalid range syntax", self.p))
    }

    fn read_value_or_throw(&mut self) -> Result<Lit, LiquidError> {
        match self.read_value()? {
            Some(v) => Ok(v),
            None => Err(self.error(format!("unexpected token {}, value expected", self.snapshot(self.p)), self.p)),
        }
    }

    pub fn read_quoted(&mut self) -> Option<Lit> {
        self.skip_blank();
        let begin = self.p;
        if self.peek_type(0) & QUOTE == 0 {
            return None;
        }
        let quote = self.chars[begin];
        self.p += 1;
        let mut escaped = false;
        while self.p < self.n {
            self.p += 1;
            let c = self.chars[self.p - 1];
            if c == quote && !escaped {
                break;
            }
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            }
        }
        Some(Lit::Str(parse_string_literal(&self.chars[begin..self.p])))
    }
}

/// `parseStringLiteral`: the quoted text without its quotes, escapes resolved.
fn parse_string_literal(text: &[char]) -> String {
    let mut units: Vec<u16> = Vec::with_capacity(text.len());
    let push = |units: &mut Vec<u16>, c: char| {
        let mut buf = [0u16; 2];
        units.extend_from_slice(c.encode_utf16(&mut buf));
    };
    let last = text.len().saturating_sub(1);
    let mut i = 1;
    while i < last {
        let c = text[i];
        if c != '\\' {
            push(&mut units, c);
            i += 1;
            continue;
        }
        let next = text.get(i + 1).copied().unwrap_or('\0');
        let simple = match next {
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            _ => None,
        };
        if let Some(s) = simple {
            push(&mut units, s);
            i += 2;
        } else if next == 'u' {
            let mut val: u32 = 0;
            let mut j = i + 2;
            while j <= i + 5 && text.get(j).is_some_and(|c| c.is_ascii_hexdigit()) {
                val = val * 16 + text[j].to_digit(16).unwrap_or(0);
                j += 1;
            }
            units.push(val as u16);
            i = j;
        } else if !('0'..='7').contains(&next) {
            if i + 1 < text.len() {
                push(&mut units, next);
            }
            i += 2;
        } else {
            let mut j = i + 1;
            let mut val: u32 = 0;
            while j <= i + 3 && text.get(j).is_some_and(|c| ('0'..='7').contains(c)) {
                val = val * 8 + text[j].to_digit(8).unwrap_or(0);
                j += 1;
            }
            units.push(val as u16);
            i = j;
        }
    }
    String::from_utf16_lossy(&units)
}

/// `whiteSpaceCtrl`: `-` trims the blanks of the neighbouring text (greedy), not inside raw.
fn whitespace_control(chars: &[char], tokens: &mut [TopToken]) {
    let mut in_raw = false;
    for i in 0..tokens.len() {
        let (tl, tr, name) = match &tokens[i] {
            TopToken::Tag(d) => (d.trim_left, d.trim_right, Some(d.name.clone())),
            TopToken::Output(d) => (d.trim_left, d.trim_right, None),
            TopToken::Html { .. } => continue,
        };
        if !in_raw && tl && i > 0 {
            if let Some(TopToken::Html { end, trim_right, .. }) = tokens.get_mut(i - 1) {
                while *end > *trim_right && chars.get(*end - 1 - *trim_right).is_some_and(|&c| is_blank(c)) {
                    *trim_right += 1;
                }
            }
        }
        match name.as_deref() {
            Some("raw") => in_raw = true,
            Some("endraw") => in_raw = false,
            _ => {}
        }
        if !in_raw && tr {
            if let Some(TopToken::Html { begin, trim_left, .. }) = tokens.get_mut(i + 1) {
                while chars.get(*begin + *trim_left).is_some_and(|&c| is_blank(c)) {
                    *trim_left += 1;
                }
                if chars.get(*begin + *trim_left) == Some(&'\n') {
                    *trim_left += 1;
                }
            }
        }
    }
}

/// The text of an HTML token after trimming (`getContent`).
pub(super) fn html_content(chars: &[char], begin: usize, end: usize, trim_left: usize, trim_right: usize) -> String {
    let s = begin + trim_left;
    let e = end.saturating_sub(trim_right);
    if s >= e {
        return String::new();
    }
    chars.get(s..e).unwrap_or(&[]).iter().collect()
}
