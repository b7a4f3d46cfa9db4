//! loops-destination: Segment's mapping-kit and trigger language, Segment's Loops
//! (Actions) destination and a paced, retrying sender — as pure Rust, compiled to
//! WebAssembly for Workers, Node and browsers.
//!
//! The flow runs one way: event → [`subscription`] → [`mapping`] → [`schema`]
//! (payload) → request → delivery → transport. Everything here but `wasm` is plain
//! Rust with no JavaScript and no clock in sight: callers pass the time in.

pub mod delivery;
pub mod digest;
pub mod error;
pub mod json;
pub mod loops;
pub mod mapping;
pub mod options;
pub mod schema;
pub mod segment;
pub mod subscription;

/// The JavaScript face, the only module that reaches JS (its `transport` and offset
/// helpers are private to it); public so wasm-bindgen tests can drive it.
pub mod wasm;

pub use error::{Error, ErrorKind, Result};
pub use json::Value;
