//! The rules, one folder per family (its rules, one file each; its
//! settings; its data), and the registry: one line per rule.

pub mod claims;
pub mod links;
pub mod markup;
mod page;

use super::Rule;

/// Every rule, in code order.
pub static REGISTRY: &[Rule] = &[
    Rule::PageAndSite(&page::page_load::PageLoad),
    Rule::Suppressions(&page::unused_suppression::UnusedSuppression),
    Rule::Page(&links::broken_anchor::BrokenAnchor),
    Rule::Page(&links::missing_target::MissingTarget),
    Rule::Page(&links::stale_host::StaleHost),
    Rule::Page(&links::placeholder_link::PlaceholderLink),
    Rule::Page(&links::empty_link::EmptyLink),
    Rule::Page(&links::dead_external_link::DeadExternalLink),
    Rule::Page(&links::moved_external_link::MovedExternalLink),
    Rule::Page(&links::unchecked_external_link::UncheckedExternalLink),
    Rule::Page(&markup::duplicate_id::DuplicateId),
    Rule::Page(&markup::malformed_markup::MalformedMarkup),
    Rule::Page(&markup::invalid_css::InvalidCss),
    Rule::Across(&markup::misspelled_attribute::MisspelledAttribute),
    Rule::Across(&markup::misspelled_class::MisspelledClass),
    Rule::Analysis(&claims::divergent_claim::DivergentClaim),
    Rule::Across(&claims::translation_drift::TranslationDrift),
    Rule::Across(&claims::link_label_mismatch::LinkLabelMismatch),
    Rule::Page(&claims::cross_language_link::CrossLanguageLink),
    Rule::Analysis(&claims::claim_mismatch::ClaimMismatch),
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
