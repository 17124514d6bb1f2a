//! Link labels as the claims rules compare them: whitespace collapsed,
//! and keyed by a hash taken once per link (a large site has hundreds of
//! thousands of links; each label was hashed again at every lookup).

use std::borrow::Cow;

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

/// The text with runs of whitespace made one space, borrowed when it
/// already is (link texts mostly are: the parser collapses them).
pub fn collapsed(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether `text` has no whitespace but single spaces between words.
/// ASCII labels (most) are read by bytes.
fn is_collapsed(text: &str) -> bool {
    let mut previous_space = true;
    let clean = if text.is_ascii() {
        text.bytes().all(|b| {
            let space = b.is_ascii_whitespace() || b == 0x0b;
            let ok = !space || (b == b' ' && !previous_space);
            previous_space = space;
            ok
        })
    } else {
        text.chars().all(|c| {
            let ok = !c.is_whitespace() || (c == ' ' && !previous_space);
            previous_space = c.is_whitespace();
            ok
        })
    };
    clean && !text.ends_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_collapsed_as_split_whitespace_joins_them() {
        let by_definition = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        for text in [
            "Privacy Statement",
            " Privacy",
            "Privacy ",
            "Privacy  Statement",
            "Privacy\tStatement",
            "Privacy\u{b}Statement",
            "Privacy\u{c}Statement",
            "Privacy\r\nStatement",
            "隐私 声明",
            "隐私\u{3000}声明",
            "隐私\u{a0}声明",
            "",
            " ",
        ] {
            assert_eq!(collapsed(text), by_definition(text), "{text:?}");
            let borrowed = matches!(collapsed(text), Cow::Borrowed(_));
            assert_eq!(borrowed, by_definition(text) == text, "{text:?}");
        }
    }

    #[test]
    fn keys_are_equal_by_text_whatever_the_hash_says() {
        let key = |hash, text| LabelKey { hash, text };
        assert_eq!(key(hash_of("Terms"), "Terms"), key(hash_of("Terms"), "Terms"));
        assert_ne!(key(7, "Terms"), key(7, "Privacy"), "a shared hash is not enough");
    }
}
