//! The FQL lexer, a character-for-character port of `@segment/fql-ts` 1.10's `Lexer`.
//!
//! Its quirks are Segment's and are kept on purpose: `and`/`or`/`null`/`!=`/`<=` count
//! only when a terminator (space, `,`, `]`, `)` or the end) follows; a string's closing
//! quote is eaten only when a terminator follows it; an identifier must be followed by a
//! terminator, `.`, `(`, `=` or `!`. Segment throws these errors away (every one becomes
//! `Cannot read properties of undefined (reading 'type')`); ours say what and where.

/// fql-ts' limits on one string, number or identifier, in UTF-16 units as JS counts them.
const MAX_LEN: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Ident,
    Dot,
    Operator,
    Conditional,
    Str,
    Number,
    Null,
    BrackLeft,
    BrackRight,
    ParenLeft,
    ParenRight,
    Comma,
    Eos,
}

/// A token as fql-ts makes it: `value` is its JS `value` (strings keep their quotes).
#[derive(Clone, Debug)]
pub(super) struct Token {
    pub kind: Kind,
    pub value: String,
    /// Character index where the token starts, for messages.
    pub pos: usize,
}

/// Tokens of `code`, ending with `Eos`; or a clear message of the first lexer error.
pub(super) fn lex(code: &str) -> Result<Vec<Token>, String> {
    let mut lexer = Lexer {
        chars: code.chars().collect(),
        pos: 0,
    };
    lexer.lex()
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
}

fn is_whitespace(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\n'))
}

fn is_alpha(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic())
}

fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

fn is_ident(c: Option<char>) -> bool {
    is_alpha(c) || is_digit(c) || matches!(c, Some('_' | '-' | '\\'))
}

/// `None` is the end of input, which fql-ts counts as a terminator.
fn is_terminator(c: Option<char>) -> bool {
    c.is_none() || is_whitespace(c) || matches!(c, Some(',' | ']' | ')'))
}

fn shown(c: Option<char>) -> String {
    c.map_or_else(|| "the end".to_owned(), |c| format!("{:?}", c.to_string()))
}

impl Lexer {
    fn next(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn token(kind: Kind, value: impl Into<String>, pos: usize) -> Token {
        Token {
            kind,
            value: value.into(),
            pos,
        }
    }

    fn lex(&mut self) -> Result<Vec<Token>, String> {
        let mut tokens = Vec::new();
        loop {
            let start = self.pos;
            let Some(c) = self.next() else {
                tokens.push(Self::token(Kind::Eos, "eos", start));
                return Ok(tokens);
            };
            if is_whitespace(Some(c)) {
                continue;
            }
            if c == '!' && (is_alpha(self.peek()) || self.peek() == Some('(')) {
                tokens.push(Self::token(Kind::Operator, "!", start));
                continue;
            }
            let token = match c {
                c if c.is_ascii_alphabetic() || matches!(c, '!' | '=' | '>' | '<' | '\\' | '_') => {
                    self.operator_or_conditional(c, start)?
                }
                c if c.is_ascii_digit() || c == '-' || c == '+' => self.number(c, start)?,
                '"' | '\'' => self.string(c, start)?,
                '.' => Self::token(Kind::Dot, ".", start),
                '[' => Self::token(Kind::BrackLeft, "[", start),
                ']' => Self::token(Kind::BrackRight, "]", start),
                ',' => Self::token(Kind::Comma, ",", start),
                '(' => Self::token(Kind::ParenLeft, "(", start),
                ')' => Self::token(Kind::ParenRight, ")", start),
                c => return Err(format!("unexpected character {} at position {start}", shown(Some(c)))),
            };
            tokens.push(token);
        }
    }

    /// fql-ts `accept`: consumes `word` when it is next and a terminator follows. Its bug
    /// is kept: running into the end part way leaves the consumed characters consumed
    /// (`an` at the very end lexes as the identifier `a`).
    fn accept(&mut self, word: &str) -> bool {
        let start = self.pos;
        let mut got = String::new();
        for _ in word.chars() {
            let Some(c) = self.next() else { return false };
            got.push(c);
            if is_terminator(Some(c)) {
                break;
            }
        }
        if got == word && is_terminator(self.peek()) {
            return true;
        }
        self.pos = start;
        false
    }

    fn operator_or_conditional(&mut self, first: char, start: usize) -> Result<Token, String> {
        let token = |kind, value: &str| Ok(Self::token(kind, value, start));
        match first {
            '=' => token(Kind::Operator, "="),
            '!' if self.accept("=") => token(Kind::Operator, "!="),
            '!' => Err(format!(
                "\"!\" at position {start} must be \"!=\" followed by a space, or come right before a function (got {})",
                shown(self.peek())
            )),
            'a' if self.accept("nd") => token(Kind::Conditional, "and"),
            'o' if self.accept("r") => token(Kind::Conditional, "or"),
            'n' if self.accept("ull") => token(Kind::Null, "null"),
            '<' | '>' => {
                let op = if self.accept("=") { format!("{first}=") } else { first.to_string() };
                Ok(Self::token(Kind::Operator, op, start))
            }
            _ => self.ident(first, start),
        }
    }

    fn ident(&mut self, first: char, start: usize) -> Result<Token, String> {
        let mut text = String::new();
        let mut units = 0;
        let mut c = first;
        loop {
            if c == '\\' {
                c = self.next().ok_or_else(|| {
                    format!(
                        "the escape character \"\\\" at position {} has nothing after it",
                        self.pos - 1
                    )
                })?;
            }
            text.push(c);
            units += c.len_utf16();
            if units >= MAX_LEN {
                return Err(format!("the name starting at position {start} is too long"));
            }
            if !is_ident(self.peek()) {
                break;
            }
            c = self.next().unwrap_or_default();
        }
        let after = self.peek();
        if !(is_terminator(after) || matches!(after, Some('.' | '(' | '=' | '!'))) {
            return Err(format!(
                "unexpected {} at position {} right after the name {:?} (put a space between them)",
                shown(after),
                self.pos,
                text
            ));
        }
        Ok(Self::token(Kind::Ident, text, start))
    }

    fn number(&mut self, first: char, start: usize) -> Result<Token, String> {
        let mut text = first.to_string();
        let mut decimal = false;
        while is_digit(self.peek()) || self.peek() == Some('.') {
            let c = self.next().unwrap_or_default();
            text.push(c);
            if c == '.' {
                if is_terminator(self.peek()) {
                    return Err(format!("the number at position {start} ends with a decimal point"));
                }
                if decimal {
                    return Err(format!("the number at position {start} has two decimal points"));
                }
                decimal = true;
            }
            if text.len() > MAX_LEN {
                return Err(format!("the number at position {start} is too long"));
            }
        }
        Ok(Self::token(Kind::Number, text, start))
    }

    fn string(&mut self, quote: char, start: usize) -> Result<Token, String> {
        let mut text = quote.to_string();
        let mut units = 0;
        while self.peek() != Some(quote) {
            let c = self
                .next()
                .ok_or_else(|| format!("unterminated string starting at position {start}"))?;
            text.push(c);
            units += c.len_utf16();
            if units >= MAX_LEN {
                return Err(format!("the string starting at position {start} is too long"));
            }
        }
        // fql-ts eats the closing quote only when a terminator follows; otherwise that
        // quote opens the next string.
        self.accept(&quote.to_string());
        text.push(quote);
        Ok(Self::token(Kind::Str, text, start))
    }
}
