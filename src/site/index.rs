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
    /// The keys' hasher (foldhash, randomly seeded for each index, so that
    /// which keys collide cannot be known in advance).
    hasher: hashbrown::DefaultHashBuilder,
    entries: Vec<(u64, usize)>,
}

impl KeyIndex {
    /// The index of `(key, position)` pairs; positions with one key keep
    /// their order.
    pub fn new<'k>(keys: impl Iterator<Item = (&'k str, usize)>) -> KeyIndex {
        let hasher = hashbrown::DefaultHashBuilder::default();
        let mut entries: Vec<(u64, usize)> = keys.map(|(k, i)| (hasher.hash_one(k), i)).collect();
        // Stable: equal hashes keep the order given.
        entries.sort_by_key(|e| e.0);
        KeyIndex { hasher, entries }
    }

    /// The positions whose key (as `key_of` gives it) is `key`, in the
    /// order given to [`KeyIndex::new`].
    pub fn find<'s, F>(&'s self, key: &'s str, key_of: F) -> impl Iterator<Item = usize> + 's
    where
        F: Fn(usize) -> &'s str + 's,
    {
        let h = self.hasher.hash_one(key);
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
