//! The Liquid subset Segment's `@liquid` directive allows, with the semantics of
//! liquidjs 10.x as `@segment/actions-core` configures it: undefined variables render
//! as "", numbers as JavaScript writes them, unknown filters pass values through,
//! `case for include layout render tablerow` and 20 filters are disabled.
//!
//! Parse once with [`Template::parse`], render per event with [`Template::render`].
//! Error messages are liquidjs's (`tag "for" is disabled, line:1, col:1`).

mod ast;
mod date;
mod env;
mod error;
mod filters;
mod lexer;
mod parse;
mod render;
mod text;
mod value;

use crate::error::{Error, Result};
use crate::json::{v8::utf16_len, Value};
use crate::mapping::Clock;
use std::collections::VecDeque;

/// Segment's limit on a template's length, in UTF-16 units.
pub const MAX_TEMPLATE_LENGTH: usize = 1000;
pub const TOO_LONG_MESSAGE: &str = "liquid template values are limited to 1000 characters";

/// A parsed Liquid template.
#[derive(Clone, Debug)]
pub struct Template {
    nodes: Vec<ast::Node>,
}

impl Template {
    /// Parses `source`. Errors carry Segment's message (`liquid template values are
    /// limited to 1000 characters`, `tag "for" is disabled, line:1, col:1`, …).
    /// Segment reports these when the directive runs, not when the mapping is validated.
    pub fn parse(source: &str) -> Result<Template> {
        if utf16_len(source) > MAX_TEMPLATE_LENGTH {
            return Err(Error::mapping("", TOO_LONG_MESSAGE));
        }
        let chars: Vec<char> = source.chars().collect();
        let tokens = lexer::Tokenizer::new(&chars, 0, chars.len()).read_top_level().map_err(to_error)?;
        let nodes = parse::Parser { chars: &chars }.parse_all(VecDeque::from(tokens)).map_err(to_error)?;
        Ok(Template { nodes })
    }

    /// Renders the template with `data` (the event) as its variables; `now` is read
    /// for the date filters' `"now"` and `"today"`.
    pub fn render(&self, data: &Value, now: Clock) -> Result<String> {
        let mut out = String::new();
        render::Ctx::new(data, now).render_nodes(&self.nodes, &mut out).map_err(to_error)?;
        Ok(out)
    }
}

fn to_error(e: error::LiquidError) -> Error {
    Error::mapping("", e.message)
}
