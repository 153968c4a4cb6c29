//! A fast hasher for the small keys of rate tables (commodity codes, pairs of code ids, dates).
//! The standard SipHash resists collision attacks that do not apply to a book's own commodity
//! codes, and costs several times more per short key; a lookup hashes one or two codes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash (as used by rustc): rotate, xor a word, multiply.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct CodeHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl CodeHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for CodeHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in chunks.by_ref() {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`CodeHasher`].
pub(crate) type CodeMap<K, V> = HashMap<K, V, BuildHasherDefault<CodeHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_any_length_hash_apart() {
        let codes = ["EUR", "USD", "JPY", "EURO", "AAPL.US", "LONGERCODE12", "LONGERCODE13"];
        let mut map: CodeMap<&str, usize> = CodeMap::default();
        for (i, c) in codes.iter().enumerate() {
            map.insert(c, i);
        }
        for (i, c) in codes.iter().enumerate() {
            assert_eq!(map.get(c), Some(&i));
        }
        let hash = |s: &str| {
            let mut h = CodeHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("LONGERCODE12"), hash("LONGERCODE13"));
        assert_ne!(hash("EUR"), hash("USD"));
    }
}
