//! One error type for the whole crate: a kind, a JSON path and a message.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Text that is not JSON, or JSON nested too deep.
    Json,
    /// A mapping that fails Segment's validation, or a directive that fails while running.
    Mapping,
    /// A trigger (FQL) that does not parse.
    Subscription,
    /// A mapped payload that fails its action's field schema.
    Payload,
    /// Bad options given to the library (settings, subscriptions, …).
    Config,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Json => "json",
            ErrorKind::Mapping => "mapping",
            ErrorKind::Subscription => "subscription",
            ErrorKind::Payload => "payload",
            ErrorKind::Config => "config",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The text shown to users; for errors Segment also reports, Segment's exact text.
    pub message: String,
    /// Where it happened, as a JSON pointer (`/traits/email`, `/a/@path`); `""` is the whole value.
    pub path: String,
    /// For an error that aggregates several (Segment reports all validation errors at once).
    pub errors: Vec<Error>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), path: path.into(), errors: Vec::new() }
    }

    pub fn json(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Json, path, message)
    }

    pub fn mapping(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Mapping, path, message)
    }

    pub fn payload(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Payload, path, message)
    }

    pub fn config(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, path, message)
    }

    /// One error standing for several, with the given summary message.
    pub fn aggregate(kind: ErrorKind, message: impl Into<String>, errors: Vec<Error>) -> Self {
        Error { kind, message: message.into(), path: String::new(), errors }
    }

    /// The individual errors: itself, or the ones it aggregates.
    pub fn flatten(&self) -> Vec<&Error> {
        if self.errors.is_empty() {
            vec![self]
        } else {
            self.errors.iter().flat_map(Error::flatten).collect()
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Appends one JSON-pointer segment, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(path: &str, segment: &str) -> String {
    let mut out = String::with_capacity(path.len() + segment.len() + 1);
    out.push_str(path);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}
