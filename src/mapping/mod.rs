//! Segment's mapping-kit (`@segment/actions-core` 3.170): a mapping is compiled once
//! (validated into typed nodes) and applied to many events.
//!
//! TODO(in progress this session): directives; this file is the agreed API.

pub mod liquid;

use crate::error::{Error, ErrorKind, Result};
use crate::json::Value;

/// A validated, compiled mapping.
#[derive(Clone, Debug)]
pub struct Mapping {
    source: Value,
}

impl Mapping {
    /// Validates `mapping` as mapping-kit's `validate` does. On failure the error is an
    /// aggregate (kind `Mapping`) whose `errors` carry Segment's messages and JSON pointers.
    pub fn compile(mapping: &Value) -> Result<Mapping> {
        Ok(Mapping { source: mapping.clone() })
    }

    /// `transform(mapping, data)`: the resolved mapping with `undefined` removed.
    pub fn apply(&self, data: &Value) -> Result<Value> {
        let _ = (&self.source, data);
        Err(Error::new(ErrorKind::Mapping, "", "not implemented yet"))
    }
}

/// `transform(mapping, data)` of mapping-kit in one call.
pub fn transform(mapping: &Value, data: &Value) -> Result<Value> {
    Mapping::compile(mapping)?.apply(data)
}

/// mapping-kit's validation messages for `mapping`, empty when it is valid.
pub fn validate(mapping: &Value) -> Vec<Error> {
    match Mapping::compile(mapping) {
        Ok(_) => Vec::new(),
        Err(e) => e.flatten().into_iter().cloned().collect(),
    }
}
