//! The boundary to JavaScript: the exports (`exports`, built for wasm32 only), the one
//! I/O module (`transport`: `fetch`, timers, `Date.now`) and JS string offsets. Both
//! helpers are private, so no core module can reach JS; the core gets the time and
//! the randomness it needs as arguments.

#[cfg(target_arch = "wasm32")]
mod exports;
// Pure (no JS): compiled natively too, so its tests run with `cargo test`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod js_offsets;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(target_arch = "wasm32")]
pub use exports::*;
