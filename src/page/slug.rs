//! Heading anchors the way GitHub makes them, so links into converted pages
//! keep working where they are published.

use std::collections::HashMap;

/// GitHub's slug of a heading text: lower case, punctuation and symbols
/// dropped, each space turned into `-`. Letters of every script are kept.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Hands out unique slugs for one page: the second `Overview` becomes
/// `overview-1`, the third `overview-2`.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub fn unique(&mut self, text: &str) -> String {
        let original = slug(text);
        let mut result = original.clone();
        while self.seen.contains_key(&result) {
            let count = self.seen.entry(original.clone()).or_insert(0);
            *count += 1;
            result = format!("{original}-{count}");
        }
        self.seen.insert(result.clone(), 0);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_rules() {
        assert_eq!(
            slug("You know where and how your data is stored"),
            "you-know-where-and-how-your-data-is-stored"
        );
        assert_eq!(slug("Learn more!"), "learn-more");
        assert_eq!(slug("C++ & Rust: 2 langs"), "c--rust-2-langs");
        assert_eq!(slug("snake_case-and-dash"), "snake_case-and-dash");
        assert_eq!(slug("数据 中心（北京）"), "数据-中心北京");
    }

    #[test]
    fn duplicates_get_numbered() {
        let mut slugger = Slugger::default();
        assert_eq!(slugger.unique("Overview"), "overview");
        assert_eq!(slugger.unique("Overview"), "overview-1");
        assert_eq!(slugger.unique("Overview"), "overview-2");
        assert_eq!(slugger.unique("Overview 1"), "overview-1-1");
    }
}
