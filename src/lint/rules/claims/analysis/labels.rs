//! Link labels as the claims rules compare them: keyed by a hash taken once
//! per link, since a large site has many links and each label is looked up
//! several times.

/// A label as a key: hashed by the hash taken once, compared by its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelKey<'a> {
    pub hash: u64,
    pub text: &'a str,
}

impl std::hash::Hash for LabelKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hash a label is keyed by.
pub fn hash_of(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_equal_by_text_whatever_the_hash_says() {
        let key = |hash, text| LabelKey { hash, text };
        assert_eq!(key(hash_of("Terms"), "Terms"), key(hash_of("Terms"), "Terms"));
        assert_ne!(key(7, "Terms"), key(7, "Privacy"), "a shared hash is not enough");
    }
}
