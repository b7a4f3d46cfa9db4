//! One fast hash for object keys (the hash index of big objects, repeated-key checks).
//! Not keyed: on wasm32-unknown-unknown std's `RandomState` has no randomness source
//! either, so SipHash bought no protection there, only cost. Key count is bounded by the
//! event size limits, so chosen collisions can only make one bounded object slower.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a's multiply on eight bytes at a time, with a rotate so high bits mix down.
#[derive(Clone, Copy)]
pub struct KeyHasher(u64);

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.0 = (self.0 ^ u64::from_le_bytes(word)).wrapping_mul(0x100_0000_01b3).rotate_left(29);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }

    /// `str`'s hash ends with a 0xff byte: one step, not a byte loop.
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
}

pub type BuildKeyHasher = BuildHasherDefault<KeyHasher>;
