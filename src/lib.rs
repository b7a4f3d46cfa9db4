//! loops-destination: Segment's mapping-kit and trigger language, Segment's Loops
//! (Actions) destination and a paced, retrying sender — as pure Rust, compiled to
//! WebAssembly for Workers, Node and browsers.
//!
//! The flow runs one way: event → [`subscription`] → [`mapping`] → [`schema`]
//! (payload) → request → delivery → transport. Everything here but `wasm` is plain
//! Rust with no JavaScript in sight.

pub mod delivery;
pub mod digest;
pub mod error;
pub mod json;
pub mod loops;
pub mod mapping;
pub mod schema;
pub mod segment;
pub mod subscription;

#[cfg(target_arch = "wasm32")]
mod transport;
/// The JavaScript face; public so wasm-bindgen tests can drive it.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorKind, Result};
pub use json::Value;
