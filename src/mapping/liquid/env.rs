//! What filters use of a render: liquidjs's memory budget and the caller's clock.

use super::error::LiquidError;
use crate::mapping::Clock;

/// liquidjs's `memoryLimit` in Segment's engine.
const MEMORY_LIMIT: f64 = 1e8;

pub(crate) struct Env<'e> {
    memory: f64,
    /// For the date filters' `"now"` and `"today"`.
    pub now: Clock<'e>,
}

impl<'e> Env<'e> {
    pub fn new(now: Clock<'e>) -> Self {
        Env { memory: 0.0, now }
    }

    /// `memoryLimit.use(n)`.
    pub fn use_memory(&mut self, n: f64) -> Result<(), LiquidError> {
        if n > 0.0 {
            if self.memory + n > MEMORY_LIMIT {
                return Err(LiquidError::plain("memory alloc limit exceeded"));
            }
            self.memory += n;
        }
        Ok(())
    }
}
