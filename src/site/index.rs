//! [`KeyIndex`]: positions looked up by a string key that the indexed
//! values own, without copies of the keys.

use std::hash::BuildHasher;

/// Positions (indices into a table the caller keeps) by a string key: the
/// keys' hashes, sorted, each with its position. A look-up compares the
/// key with the table's own string, so the index holds no copy of any
/// key: one allocation however many keys (a site of ten thousand pages
/// has four such tables).
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyIndex {
    /// The hashes' seed: drawn for each index (from the standard library's
    /// random keys), so that which keys collide cannot be known in
    /// advance.
    seed: u64,
    entries: Vec<(u64, usize)>,
}

/// The high and low halves of the 128-bit product, mixed.
fn folded_mul(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    // Both halves, truncated on purpose.
    #[allow(clippy::cast_possible_truncation, reason = "the halves of the product")]
    let (low, high) = (p as u64, (p >> 64) as u64);
    low ^ high
}

/// A fast keyed hash of `key` (eight bytes per step, a multiply-fold
/// mix), for look-ups verified against the key itself: a collision costs a
/// comparison, never a wrong answer.
fn hash(seed: u64, key: &str) -> u64 {
    const K: [u64; 2] = [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344];
    let bytes = key.as_bytes();
    let mut h = seed ^ K[0].wrapping_mul(bytes.len() as u64 | 1);
    let mut chunks = bytes.chunks_exact(8);
    for c in chunks.by_ref() {
        let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
        h = folded_mul(h ^ w, K[1] ^ seed);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = folded_mul(h ^ u64::from_le_bytes(last), K[1] ^ seed);
    }
    folded_mul(h, K[0] ^ seed.rotate_left(32))
}

/// A new random seed.
fn new_seed() -> u64 {
    std::collections::hash_map::RandomState::new().hash_one(0u64)
}

impl KeyIndex {
    /// The index of `(key, position)` pairs; positions with one key keep
    /// their order.
    pub fn new<'k>(keys: impl Iterator<Item = (&'k str, usize)>) -> KeyIndex {
        let seed = new_seed();
        let mut entries: Vec<(u64, usize)> = keys.map(|(k, i)| (hash(seed, k), i)).collect();
        // Stable: equal hashes keep the order given.
        entries.sort_by_key(|e| e.0);
        KeyIndex { seed, entries }
    }

    /// The positions whose key (as `key_of` gives it) is `key`, in the
    /// order given to [`KeyIndex::new`].
    pub fn find<'s, F>(&'s self, key: &'s str, key_of: F) -> impl Iterator<Item = usize> + 's
    where
        F: Fn(usize) -> &'s str + 's,
    {
        let h = hash(self.seed, key);
        let start = self.entries.partition_point(|e| e.0 < h);
        self.entries[start..]
            .iter()
            .take_while(move |e| e.0 == h)
            .map(|e| e.1)
            .filter(move |&i| key_of(i) == key)
    }

    /// The first position whose key is `key`.
    pub fn first<'s, F>(&'s self, key: &'s str, key_of: F) -> Option<usize>
    where
        F: Fn(usize) -> &'s str + 's,
    {
        self.find(key, key_of).next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_position_of_a_key_in_order() {
        let keys = ["b", "a", "b", "", "c"];
        let index = KeyIndex::new(keys.iter().enumerate().map(|(i, k)| (*k, i)));
        let of = |i: usize| keys[i];
        assert_eq!(index.find("b", of).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(index.first("a", of), Some(1));
        assert_eq!(index.first("", of), Some(3));
        assert_eq!(index.first("d", of), None);
        assert_eq!(KeyIndex::default().first("a", of), None);
    }
}
