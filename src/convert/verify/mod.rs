//! Proof that a conversion lost nothing, page by page: what the source
//! shows ([`expected`], read from its DOM or Markdown, independently of the
//! converter) is compared with what the output re-parses to ([`reader`]):
//! its words in order ([`recall`]), links, anchors, emphasis, structure, and
//! no chrome leaked.

pub mod expected;
pub mod reader;
mod recall;

use std::collections::BTreeMap;

use serde::Serialize;

use super::blocks::Shape;
use super::context::Context;
use crate::page::{Page, ParseOptions};
use crate::shared::whitespace::join_words;
use expected::Expected;
use reader::{plain_text, read_markdown};
use recall::{recall, tokens};

/// A link as (target, text with whitespace removed).
pub type LinkFact = (String, String);

/// The fidelity figures of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fidelity {
    /// Share of the source's main-content words found in the output, in order.
    pub text_recall: f64,
    pub source_words: usize,
    pub links_expected: usize,
    /// Links of the source missing from the output, as (target, text).
    pub links_missing: Vec<(String, String)>,
    /// Links of the output not in the source.
    pub links_unexpected: Vec<(String, String)>,
    pub anchors_expected: usize,
    pub anchors_missing: Vec<String>,
    pub chrome_leaked: Vec<String>,
    /// Strong and emphasis counts: (source, output).
    pub strong: (usize, usize),
    pub emphasis: (usize, usize),
    /// Differences between the structure written and the structure read back.
    pub structure: Vec<String>,
}

/// The output as `Site::load` will parse it when the output is checked as a
/// site (which reuses this page instead of reading the file again).
pub fn parse_output(cx: &Context<'_>, path: &str, markdown: &str) -> Page {
    let bytes = markdown.as_bytes().to_vec();
    crate::site::page_from_bytes(path, bytes, cx.config, cx.data, &ParseOptions::default())
}

/// Compares the output with what was expected. `output_page` is
/// [`parse_output`] of `output` (for its anchors).
pub fn check(
    cx: &Context<'_>,
    expected: &Expected,
    output: &str,
    output_page: &Page,
    intended: Option<&Shape>,
) -> Fidelity {
    let body_start = crate::page::frontmatter::split(output).body_start;
    let read = read_markdown(&output[body_start..]);
    let mut fidelity = Fidelity {
        source_words: expected.tokens.len(),
        links_expected: expected.links.len(),
        anchors_expected: expected.anchors.len(),
        strong: (expected.strong, read.strong),
        emphasis: (expected.emphasis, read.emphasis),
        ..Fidelity::default()
    };
    let mut output_tokens = Vec::new();
    tokens(&read.text, &mut output_tokens);
    fidelity.text_recall = recall(&expected.tokens, &output_tokens);
    let (missing, unexpected) = multiset_difference(&expected.links, &read.links);
    fidelity.links_missing = missing;
    fidelity.links_unexpected = unexpected;
    let mut anchors: Vec<&str> = output_page
        .anchors
        .iter()
        .filter(|a| a.region.is_rendered())
        .map(|a| &*a.name)
        .collect();
    anchors.sort_unstable();
    fidelity.anchors_missing = expected
        .anchors
        .iter()
        .filter(|a| anchors.binary_search(&a.as_str()).is_err())
        .cloned()
        .collect();
    fidelity.chrome_leaked = leaked_chrome(&cx.chrome.strings, &read.text, &expected.text);
    if let Some(intended) = intended {
        fidelity.structure = structure_differences(intended, &read.shape);
    }
    fidelity
}

/// Chrome strings the output has more of than the source's content. Texts
/// are normalized only when a string's first word appears at all.
fn leaked_chrome(strings: &[String], output: &str, source: &str) -> Vec<String> {
    let mut normalized: Option<(String, String)> = None;
    let mut leaked = Vec::new();
    for string in strings {
        let first_word = string.split_whitespace().next().unwrap_or(string);
        if !output.contains(first_word) {
            continue;
        }
        let (output, source) = normalized.get_or_insert_with(|| (join_words(output), join_words(source)));
        let in_output = count_phrase(output, string);
        if in_output > count_phrase(source, string) {
            leaked.push(string.clone());
        }
    }
    leaked
}

/// Occurrences of `phrase` as whole words.
fn count_phrase(text: &str, phrase: &str) -> usize {
    let mut count = 0;
    for (at, _) in text.match_indices(phrase) {
        let before = text[..at].chars().last();
        let after = text[at + phrase.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            count += 1;
        }
    }
    count
}

/// (in `expected` but not `actual`, in `actual` but not `expected`).
fn multiset_difference(expected: &[LinkFact], actual: &[LinkFact]) -> (Vec<LinkFact>, Vec<LinkFact>) {
    let mut counts: BTreeMap<&LinkFact, isize> = BTreeMap::new();
    for link in expected {
        *counts.entry(link).or_default() += 1;
    }
    for link in actual {
        *counts.entry(link).or_default() -= 1;
    }
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    for (link, count) in counts {
        for _ in 0..count.max(0) {
            missing.push(link.clone());
        }
        for _ in 0..(-count).max(0) {
            unexpected.push(link.clone());
        }
    }
    (missing, unexpected)
}

fn structure_differences(intended: &Shape, read: &Shape) -> Vec<String> {
    let mut differences = Vec::new();
    let intended_headings: Vec<(u8, String)> = intended
        .headings
        .iter()
        .map(|(level, text)| (*level, plain_text(text)))
        .collect();
    if intended_headings != read.headings {
        differences.push(format!(
            "headings: wrote {}, read back {}",
            intended_headings.len(),
            read.headings.len()
        ));
    }
    if intended.list_items != read.list_items {
        differences.push(format!(
            "list items: wrote {} (deepest {}), read back {} (deepest {})",
            intended.list_items.len(),
            intended.list_items.iter().max().unwrap_or(&0),
            read.list_items.len(),
            read.list_items.iter().max().unwrap_or(&0)
        ));
    }
    if intended.tables != read.tables {
        differences.push(format!(
            "tables: wrote {:?}, read back {:?}",
            intended.tables, read.tables
        ));
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_count_as_whole_words() {
        assert_eq!(count_phrase("Next steps; Nextcloud; Next", "Next"), 2);
    }
}
