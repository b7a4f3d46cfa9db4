//! Segment's trigger language (FQL), exactly as `@segment/destination-subscriptions` 3.37
//! (with the `@segment/fql-ts` 1.10 lexer) parses and matches it, gotchas included:
//! single quotes never match, `!=` is true on a missing field, a flat list takes the last
//! `and`/`or`, `type =` compares with `"eos"`, an unknown field next to known ones is ignored.
//!
//! Parse once ([`Subscription::parse`]), match many ([`Subscription::matches`]).

mod eval;
mod explain;
mod lexer;
mod parser;
mod prototype;

use crate::error::{Error, ErrorKind, Result};
use crate::json::{js_string_to_number, Value, Wanted};

/// What `onEvent` reports for an empty trigger.
pub const FAILED_TO_VALIDATE: &str = "Failed to validate subscription";
/// How `onEvent` starts the message of a trigger that does not parse.
pub const INVALID_PREFIX: &str = "Invalid subscription : ";

/// A parsed trigger such as `type = "identify"`.
#[derive(Clone, Debug)]
pub struct Subscription {
    root: Group,
}

impl Subscription {
    /// Parses a trigger. The error message is the text Segment's `onEvent` reports
    /// (`Failed to validate subscription`, `Invalid subscription : …`), except where Segment
    /// only says `Cannot read properties of undefined (reading 'type')`: there ours says what
    /// is wrong and where, after the same `Invalid subscription : ` prefix.
    pub fn parse(source: &str) -> Result<Subscription> {
        if source.is_empty() {
            return Err(Error::new(ErrorKind::Subscription, "", FAILED_TO_VALIDATE));
        }
        let invalid = |message: String| Error::new(ErrorKind::Subscription, "", format!("{INVALID_PREFIX}{message}"));
        let tokens = lexer::lex(source).map_err(invalid)?;
        let root = parser::parse(normalize(tokens)).map_err(invalid)?;
        Ok(Subscription { root })
    }

    /// Whether `event` matches, as `validate(ast, event)` answers. Where `validate` throws
    /// instead (it reaches an empty `()` or a path of only `.[]`), the answer is no.
    pub fn matches(&self, event: &Value) -> bool {
        !event.is_undefined() && eval::group(&self.root, event).unwrap_or(false)
    }

    /// `matches`, except where Segment's `validate` throws for this event (its `onEvent`
    /// then fails and sends nothing): there, an error saying why.
    pub fn evaluate(&self, event: &Value) -> Result<bool> {
        if event.is_undefined() {
            return Ok(false);
        }
        eval::group(&self.root, event).map_err(|_| {
            Error::new(ErrorKind::Subscription, "", format!("{INVALID_PREFIX}{}", explain::group(&self.root, event)))
        })
    }

    /// Marks in `wanted` (as read whole) every member of an event that `evaluate`,
    /// `matches` and `explain` may read: the top-level keys its conditions name.
    pub fn mark_reads(&self, wanted: &mut Wanted) {
        fn group(g: &Group, wanted: &mut Wanted) {
            for child in &g.children {
                match child {
                    Node::Group(g) => group(g, wanted),
                    Node::Condition(c) => {
                        let key = match &c.field {
                            Field::Top(name) => name,
                            Field::Nested { root, .. } => root,
                        };
                        wanted.at(&[(*key).to_owned()]).whole = true;
                    }
                    Node::Hole(_) => {}
                }
            }
        }
        group(&self.root, wanted)
    }

    /// Why `event` does not match, in one line (e.g. `type is "track", expected "identify"`),
    /// or `matches` when it does.
    pub fn explain(&self, event: &Value) -> String {
        if self.matches(event) {
            return "matches".into();
        }
        if event.is_undefined() {
            return "there is no event".into();
        }
        explain::group(&self.root, event)
    }
}

/// A trigger's errors, none when it parses: what a configuration checks before any
/// event comes. `None` (not a string) or `""` is Segment's `Failed to validate
/// subscription`; the path is the trigger's own (`""`), the message Segment's.
pub fn validate(source: Option<&str>) -> Vec<Error> {
    parse_given(source).err().into_iter().collect()
}

/// [`Subscription::parse`] of a trigger that may not be text (`None`): that is Segment's
/// `Failed to validate subscription`.
pub fn parse_given(source: Option<&str>) -> Result<Subscription> {
    match source {
        Some(s) => Subscription::parse(s),
        None => Err(Error::new(ErrorKind::Subscription, "", FAILED_TO_VALIDATE)),
    }
}

/// Joins `ident . ident` into one identifier, as Segment's `normalize` does.
fn normalize(tokens: Vec<lexer::Token>) -> Vec<lexer::Token> {
    use lexer::Kind;
    let mut out: Vec<lexer::Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        let joins = token.kind == Kind::Dot
            && out.last().is_some_and(|last| last.kind == Kind::Ident)
            && iter.peek().is_some_and(|next| next.kind == Kind::Ident);
        if joins {
            if let (Some(last), Some(next)) = (out.last_mut(), iter.next()) {
                last.value.push('.');
                last.value.push_str(&next.value);
                continue;
            }
        }
        out.push(token);
    }
    out
}

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Group(Group),
    Condition(Condition),
    /// `(…)` with no condition inside, next to other conditions (at this position).
    /// Segment's `validate` throws on reaching it.
    Hole(usize),
}

/// `and` (every child) or `or` (any child).
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub any: bool,
    pub children: Vec<Node>,
}

#[derive(Clone, Debug)]
pub(crate) struct Condition {
    /// The field as written, for explanations.
    pub label: String,
    pub field: Field,
    pub op: Op,
    pub expected: Expected,
}

#[derive(Clone, Debug)]
pub(crate) enum Field {
    /// `type`, `event`, `name` or `userId`: a key of the event itself.
    Top(&'static str),
    /// A path under `properties`, `traits` or `context`. `None` is the empty path, never
    /// found; an empty list (a name made only of `.`, `[`, `]`) makes Segment's `get` throw.
    Nested {
        root: &'static str,
        path: Option<Vec<String>>,
    },
}

/// `validateValue`'s operators. Any other text (a condition takes whatever token follows
/// its field as the operator) never matches.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Op {
    Equals,
    NotEquals,
    NumberEquals,
    NumberNotEquals,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Contains,
    NotContains,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
    Exists,
    NotExists,
    IsTrue,
    IsFalse,
    Unknown(String),
}

impl Op {
    fn of(text: &str) -> Op {
        match text {
            "=" => Op::Equals,
            "!=" => Op::NotEquals,
            "number_equals" => Op::NumberEquals,
            "number_not_equals" => Op::NumberNotEquals,
            "<" => Op::Less,
            "<=" => Op::LessOrEqual,
            ">" => Op::Greater,
            ">=" => Op::GreaterOrEqual,
            "contains" => Op::Contains,
            "not_contains" => Op::NotContains,
            "starts_with" => Op::StartsWith,
            "not_starts_with" => Op::NotStartsWith,
            "ends_with" => Op::EndsWith,
            "not_ends_with" => Op::NotEndsWith,
            "exists" => Op::Exists,
            "not_exists" => Op::NotExists,
            "is_true" => Op::IsTrue,
            "is_false" => Op::IsFalse,
            other => Op::Unknown(other.to_owned()),
        }
    }
}

/// The expected value, converted once: `String(expected)` and `Number(expected)`.
#[derive(Clone, Debug)]
pub(crate) struct Expected {
    pub text: String,
    pub number: f64,
    /// Set only when `match(…)` cut a surrogate pair in half (JS slices UTF-16 units):
    /// the exact units to compare, which `text` cannot hold.
    pub units: Option<Vec<u16>>,
}

impl Expected {
    fn none() -> Expected {
        Expected {
            text: "undefined".into(),
            number: f64::NAN,
            units: None,
        }
    }

    fn text(text: String) -> Expected {
        Expected {
            number: js_string_to_number(&text),
            text,
            units: None,
        }
    }

    fn units(units: &[u16]) -> Expected {
        match String::from_utf16(units) {
            Ok(text) => Expected::text(text),
            Err(_) => Expected {
                text: String::from_utf16_lossy(units),
                number: f64::NAN,
                units: Some(units.to_vec()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_gives_segments_message_at_the_triggers_path() {
        assert!(validate(Some(r#"type = "identify""#)).is_empty());
        let only = |source: Option<&str>| {
            let errors = validate(source);
            assert_eq!(errors.len(), 1, "{errors:?}");
            (errors[0].kind, errors[0].path.clone(), errors[0].message.clone())
        };
        assert_eq!(only(None), (ErrorKind::Subscription, String::new(), FAILED_TO_VALIDATE.to_owned()));
        assert_eq!(only(Some("")), (ErrorKind::Subscription, String::new(), FAILED_TO_VALIDATE.to_owned()));
        let (kind, path, message) = only(Some(r#"type = "track"#));
        assert_eq!((kind, path.as_str()), (ErrorKind::Subscription, ""));
        // Where Segment says only "Cannot read properties of undefined (reading 'type')".
        assert_eq!(message, "Invalid subscription : unterminated string starting at position 7");
        assert!(message.starts_with(INVALID_PREFIX), "{message}");
    }
}
