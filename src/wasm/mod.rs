//! The boundary to JavaScript: the exports (`exports`, built for wasm32 only) and the
//! one I/O module (`transport`: `fetch`, timers, `Date.now`, `Math.random`), private,
//! so no core module can reach JS; the core gets the time and the randomness it needs
//! as arguments. The exports convert arguments and pass text: every JSON text they
//! answer is written (and tested) in the core.

#[cfg(target_arch = "wasm32")]
mod exports;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(target_arch = "wasm32")]
pub use exports::*;
