//! liquidjs's error texts: a message, and for most errors `, line:L, col:C` of the
//! token at fault (columns count UTF-16 units, as JavaScript strings do).

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LiquidError {
    pub message: String,
    /// Whether the message already ends with a position.
    pub positioned: bool,
}

impl LiquidError {
    /// An error without a position yet (a plain JS `Error` in liquidjs).
    pub fn plain(message: impl Into<String>) -> Self {
        LiquidError { message: message.into(), positioned: false }
    }

    /// An error located at char index `pos` of the template.
    pub fn at(message: impl Into<String>, chars: &[char], pos: usize) -> Self {
        let mut e = LiquidError::plain(message);
        e.locate(chars, pos);
        e
    }

    /// Gives a plain error the position of the token it happened in (`ParseError`, `RenderError`).
    pub fn locate(&mut self, chars: &[char], pos: usize) {
        if !self.positioned {
            let (line, col) = position(chars, pos);
            self.message = format!("{}, line:{line}, col:{col}", self.message);
            self.positioned = true;
        }
    }
}

/// 1-based line and column of char index `pos`.
pub(crate) fn position(chars: &[char], pos: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    for &c in chars.iter().take(pos) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += c.len_utf16();
        }
    }
    (line, col)
}
