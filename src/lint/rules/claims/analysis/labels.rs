//! Link labels as the claims rules compare them: keyed by a hash taken once
//! per link, since a large site has many links and each label is looked up
//! several times.

use crate::lint::rules::claims::lexicon::Lexicon;

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

/// Whether a label says what it links to: not a generic label, nor made
/// only of generic labels' words and function words ("Click here to
/// download"), and long enough to name something.
pub fn is_descriptive(lexicon: &Lexicon, label: &str) -> bool {
    let lower = label.to_lowercase();
    if lexicon.generic_labels.contains(&lower) {
        return false;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty() && w.is_ascii())
        .collect();
    let saying = (words.iter())
        .filter(|w| !lexicon.generic_label_words.contains(**w) && !lexicon.function_words.contains(**w))
        .count();
    let mut han_text = lower.clone();
    for generic in lexicon.generic_labels.iter().filter(|g| !g.is_ascii()) {
        han_text = han_text.replace(generic.as_str(), "");
    }
    let han = (han_text.chars()).filter(|&c| super::text::is_han(c)).count();
    (words.len() >= 3 && saying >= 2) || han >= 6
}

/// A URL whose path is one word (`aka.ms/x`, `example.com/trustedcloud`,
/// `go.example.com/fwlink/?id=1`): a redirect whose target is unknown
/// offline.
pub fn is_short_link(url: &str) -> bool {
    let rest = url.split_once("//").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let segments: Vec<&str> = path.split('/').skip(1).filter(|s| !s.is_empty()).collect();
    matches!(segments.as_slice(), [one] if !one.contains('.'))
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

    #[test]
    fn generic_words_name_nothing_and_one_word_paths_are_short_links() {
        let lexicon = crate::lint::rules::claims::lexicon::example_lexicon();
        assert!(!super::is_descriptive(&lexicon, "Click here to download"));
        assert!(!super::is_descriptive(&lexicon, "Learn more"));
        assert!(super::is_descriptive(&lexicon, "Privacy Statement for Azure"));
        assert!(super::is_descriptive(&lexicon, "世纪互联运营的隐私声明"));
        assert!(super::is_short_link("https://aka.ms/DSRCompliance"));
        assert!(super::is_short_link("http://go.example.com/fwlink/?linkid=1"));
        assert!(!super::is_short_link("https://www.example.com/a/b.html"));
        assert!(!super::is_short_link("https://www.example.com/contact.html"));
    }
}
