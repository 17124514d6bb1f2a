//! Sets of claim patterns with a quick test in front of them.
//!
//! The claim patterns of `lints/claims.toml` use Unicode word boundaries
//! (`\b`). The regex crate's lazy DFA runs those only on ASCII text and
//! gives up at the first non-ASCII byte, so every Chinese statement (and
//! every English one with a curly quote) would go to the slower PikeVM,
//! which would then be most of `claim-mismatch`'s work. The same patterns
//! with their word boundaries taken out match a superset of texts and run
//! on the DFA: a text they do not match cannot match the real patterns,
//! which then run only on the texts that pass.

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};

use crate::data::error::DataError;

/// A set of patterns (does any match?) with, when the patterns hold
/// Unicode word boundaries, the same set without them run first.
///
/// The sets are built without the regex engine's literal prefilters: the
/// patterns are case-insensitive alternations whose literals multiply by
/// case, and building those prefilters would be most of what loading the
/// claims data costs, for statements short enough that the DFA alone
/// reads them quickly.
#[derive(Debug, Clone)]
pub struct PatternSet {
    exact: Regex,
    relaxed: Option<Regex>,
}

impl PatternSet {
    /// The set of `patterns` (regex crate syntax), or why a pattern is wrong.
    pub fn new(patterns: &[String]) -> Result<PatternSet, DataError> {
        let parsed = (patterns.iter())
            .map(|pattern| regex_syntax::parse(pattern).map_err(|e| DataError::PatternSyntax(Box::new(e))))
            .collect::<Result<Vec<Hir>, DataError>>()?;
        let exact = build(&parsed)?;
        let any_boundary = (parsed.iter()).any(|hir| hir.properties().look_set().contains_word_unicode());
        let relaxed = any_boundary
            .then(|| build(&parsed.iter().map(without_word_boundaries).collect::<Vec<_>>()).ok())
            .flatten();
        Ok(PatternSet { exact, relaxed })
    }

    /// Whether any pattern matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        if let Some(relaxed) = &self.relaxed
            && !relaxed.is_match(text)
        {
            return false;
        }
        self.exact.is_match(text)
    }
}

fn build(patterns: &[Hir]) -> Result<Regex, DataError> {
    let config = meta::Config::new()
        .auto_prefilter(false)
        .which_captures(WhichCaptures::None);
    (Regex::builder().configure(config))
        .build_many_from_hir(patterns)
        .map_err(|e| DataError::PatternBuild(Box::new(e)))
}

/// `hir` with every Unicode word-boundary assertion replaced by the empty
/// pattern: it matches wherever `hir` matches, and more.
fn without_word_boundaries(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(look) if is_unicode_word_boundary(*look) => Hir::empty(),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(without_word_boundaries(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(without_word_boundaries(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(without_word_boundaries).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(without_word_boundaries).collect()),
        _ => hir.clone(),
    }
}

fn is_unicode_word_boundary(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(patterns: &[&str]) -> Vec<String> {
        patterns.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn boundaries_are_taken_out_of_the_quick_test_only() {
        let patterns = strings(&[r"(?i)\b(data|content)\b.*\bstored?\b", r"\Bx\B", "数据中心"]);
        let set = PatternSet::new(&patterns).unwrap();
        assert!(set.relaxed.is_some(), "the patterns have word boundaries");
        let hir = regex_syntax::parse(&patterns[0]).unwrap();
        let relaxed = without_word_boundaries(&hir);
        assert!(!relaxed.properties().look_set().contains_word_unicode());
        assert!(hir.properties().look_set().contains_word_unicode());
        // Without word boundaries there is nothing to relax.
        assert!(
            PatternSet::new(&strings(&["数据中心", "(?i)^data"]))
                .unwrap()
                .relaxed
                .is_none()
        );
    }

    #[test]
    fn answers_are_those_of_the_exact_set() {
        let patterns = strings(&[
            r"(?i)\b(data|content)\b.*\b(stored?|hosted)\b",
            r"(?i)\bdata ?cent(er|re)s?\b",
            r"\Bxx\B",
            "(数据|内容).*(存储|托管)",
        ]);
        let set = PatternSet::new(&patterns).unwrap();
        let exact = regex::RegexSet::new(&patterns).unwrap();
        for text in [
            "Customer data is stored in China",
            "客户data is stored在中国",
            "metadata is stored",
            "Data is restored",
            "The datacentres’ roles",
            "数据中心的data centers",
            "数据datacenter",
            "axxb",
            "xx",
            "数据存储在境内",
            "",
        ] {
            assert_eq!(set.is_match(text), exact.is_match(text), "{text}");
        }
        // The quick test lets through texts the exact set then refuses.
        assert!(!set.is_match("metadata is restored"));
        assert!(set.relaxed.as_ref().unwrap().is_match("metadata is restored"));
    }
}
