//! Segment's trigger language (FQL, `@segment/destination-subscriptions` 3.37).
//!
//! TODO(in progress this session): parser and matcher; this file is the agreed API.

use crate::error::{Error, ErrorKind, Result};
use crate::json::Value;

/// A parsed trigger such as `type = "identify"`.
#[derive(Clone, Debug)]
pub struct Subscription {
    source: String,
}

impl Subscription {
    /// Parses a trigger. The error message is the text Segment's `onEvent` reports
    /// (`Invalid subscription : …`, `Failed to validate subscription`) unless ours is clearer.
    pub fn parse(source: &str) -> Result<Subscription> {
        Err(Error::new(ErrorKind::Subscription, "", format!("not implemented yet: {source}")))
    }

    /// Whether `event` matches, as `validate(ast, event)` answers.
    pub fn matches(&self, event: &Value) -> bool {
        let _ = (&self.source, event);
        false
    }
}
