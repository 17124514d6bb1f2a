//! The markup family's data: `lints/css.toml`, the names of the CSS
//! properties browsers apply, compiled into the binary.

use std::sync::{Arc, RwLock};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::css::Issue;
use crate::data::error::DataError;

const CSS: &str = include_str!("../../../../lints/css.toml");

/// Names longer than any property are not compared for "did you mean"
/// (the comparison costs the product of the lengths).
const LONGEST_COMPARED: usize = 48;

#[derive(Debug)]
pub struct CssProperties {
    /// Lower case.
    names: FxHashSet<String>,
    /// The same names, sorted: suggestions come out in a stable order.
    sorted: Vec<String>,
    /// What each CSS text was found to hold, for this run (`css::memoized`).
    pub(super) memo: Memo,
}

impl Clone for CssProperties {
    fn clone(&self) -> CssProperties {
        CssProperties {
            names: self.names.clone(),
            sorted: self.sorted.clone(),
            memo: Memo::default(),
        }
    }
}

/// Issues by CSS text: a site repeats the same style attributes on page
/// after page, each read once per run. One map per kind of text (a
/// declaration list, a style sheet).
#[derive(Debug, Default)]
pub(super) struct Memo {
    pub(super) by_kind: [RwLock<IssuesByText>; 2],
}

pub(super) type IssuesByText = FxHashMap<Box<str>, Arc<[Issue]>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CssFile {
    properties: Vec<String>,
    legacy: Vec<String>,
}

impl CssProperties {
    pub fn shipped() -> Result<CssProperties, DataError> {
        let file: CssFile = toml::from_str(CSS).map_err(|e| DataError::in_file("lints/css.toml", e))?;
        let mut sorted: Vec<String> = file
            .properties
            .iter()
            .chain(&file.legacy)
            .map(|name| name.to_ascii_lowercase())
            .collect();
        sorted.sort();
        sorted.dedup();
        Ok(CssProperties {
            names: sorted.iter().cloned().collect(),
            sorted,
            memo: Memo::default(),
        })
    }

    /// Whether `name` (any letter case) is a CSS property.
    pub fn contains(&self, name: &str) -> bool {
        if name.bytes().any(|byte| byte.is_ascii_uppercase()) {
            self.names.contains(&name.to_ascii_lowercase())
        } else {
            self.names.contains(name)
        }
    }

    /// The properties closest to a name that is none: at most two edits
    /// away (one for names of four letters or fewer, where two edits reach
    /// unrelated words: `type` is two from `top`), a swap of neighbours
    /// counting as one edit. All those at the smallest distance, so the
    /// caller can tell an unambiguous suggestion from a guess.
    pub fn closest(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        let length = name.chars().count();
        if length > LONGEST_COMPARED {
            return Vec::new();
        }
        let limit = if length <= 4 { 1 } else { 2 };
        let mut best = limit + 1;
        let mut found = Vec::new();
        for candidate in &self.sorted {
            if candidate.len().abs_diff(length) > limit {
                continue;
            }
            let distance = strsim::osa_distance(&name, candidate);
            if distance > limit {
                continue;
            }
            if distance < best {
                best = distance;
                found.clear();
            }
            if distance == best {
                found.push(candidate.as_str());
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::CssProperties;

    #[test]
    fn misspellings_find_their_property_and_short_words_do_not_reach_far() {
        let properties = CssProperties::shipped().unwrap();
        assert!(properties.contains("font-size") && properties.contains("Font-Size"));
        assert!(!properties.contains("font-szie"));
        assert!(
            properties.contains("behavior"),
            "old IE's own properties are known"
        );
        assert_eq!(properties.closest("font-szie"), ["font-size"]);
        assert_eq!(properties.closest("heigth"), ["height"]);
        assert_eq!(properties.closest("colr"), ["color"]);
        assert_eq!(properties.closest("boder"), ["border"]);
        assert_eq!(properties.closest("tap"), ["gap", "top"]);
        assert!(properties.closest("type").is_empty());
        assert!(properties.closest(&"x".repeat(10_000)).is_empty());
    }
}
