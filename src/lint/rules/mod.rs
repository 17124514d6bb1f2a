//! The rule registry: one line per rule.

mod broken_anchor;
mod claim_mismatch;
mod cross_language_link;
mod dead_external_link;
mod divergent_claim;
mod duplicate_id;
mod empty_link;
mod link_label_mismatch;
mod malformed_markup;
mod missing_target;
mod moved_external_link;
mod page_load;
mod placeholder_link;
mod stale_host;
mod translation_drift;
mod unchecked_external_link;
mod unused_suppression;

use super::Rule;

/// Every rule, in code order.
pub static REGISTRY: &[Rule] = &[
    Rule::PageAndSite(&page_load::PageLoad),
    Rule::Suppressions(&unused_suppression::UnusedSuppression),
    Rule::Page(&broken_anchor::BrokenAnchor),
    Rule::Page(&missing_target::MissingTarget),
    Rule::Page(&stale_host::StaleHost),
    Rule::Page(&placeholder_link::PlaceholderLink),
    Rule::Page(&empty_link::EmptyLink),
    Rule::Page(&dead_external_link::DeadExternalLink),
    Rule::Page(&moved_external_link::MovedExternalLink),
    Rule::Page(&unchecked_external_link::UncheckedExternalLink),
    Rule::Page(&duplicate_id::DuplicateId),
    Rule::Page(&malformed_markup::MalformedMarkup),
    Rule::Analysis(&divergent_claim::DivergentClaim),
    Rule::Across(&translation_drift::TranslationDrift),
    Rule::Across(&link_label_mismatch::LinkLabelMismatch),
    Rule::Page(&cross_language_link::CrossLanguageLink),
    Rule::Analysis(&claim_mismatch::ClaimMismatch),
];

/// A rule by name or code.
pub fn find(name: &str) -> Option<Rule> {
    REGISTRY.iter().copied().find(|rule| {
        rule.meta().name.eq_ignore_ascii_case(name) || rule.meta().code.eq_ignore_ascii_case(name)
    })
}

/// Where a part of a link's URL is written, when the URL is written verbatim
/// (the source under the span is the URL itself, so offsets carry over).
pub(crate) fn url_part_span(link: &crate::page::Link, start: usize, end: usize) -> Option<crate::span::Span> {
    link.verbatim
        .then(|| crate::span::Span::new(link.span.start as usize + start, link.span.start as usize + end))
}

/// The fragment of a verbatim URL (after `#`), with its span.
pub(crate) fn fragment_span(link: &crate::page::Link) -> Option<(crate::span::Span, &str)> {
    let hash = link.url.find('#')?;
    let span = url_part_span(link, hash + 1, link.url.len())?;
    Some((span, &link.url[hash + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in REGISTRY {
            let meta = rule.meta();
            assert!(seen.insert(meta.name), "duplicate name {}", meta.name);
            assert!(seen.insert(meta.code), "duplicate code {}", meta.code);
            let doc = meta.documentation();
            for section in ["## What it does", "## Why it matters", "## Example", "## Fix"] {
                assert!(doc.contains(section), "{} lacks `{section}`", meta.name);
            }
            assert!(meta.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }
}
