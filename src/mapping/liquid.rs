//! The Liquid subset Segment's `@liquid` directive allows (liquidjs semantics).
//!
//! TODO(in progress this session): the interpreter; this file is the agreed API.

use crate::error::{Error, Result};
use crate::json::Value;

/// A parsed Liquid template.
#[derive(Clone, Debug)]
pub struct Template {
    source: String,
}

impl Template {
    pub fn parse(source: &str) -> Result<Template> {
        Ok(Template { source: source.to_owned() })
    }

    pub fn render(&self, data: &Value) -> Result<String> {
        let _ = data;
        Err(Error::mapping("", format!("liquid not implemented yet: {}", self.source)))
    }
}
