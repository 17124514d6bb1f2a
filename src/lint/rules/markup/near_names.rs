//! What `misspelled-attribute` and `misspelled-class` share: the site's
//! vocabulary counted across pages, the names it uses often indexed for
//! near misses, and the judgement of whether a rare name is a slip of a
//! frequent one or a deliberate variant of it.
//!
//! A slip changes letters inside one word of a name (a letter wrong,
//! missing, doubled, or two letters swapped): `bi:typea`, `withArow`.
//! Names that differ otherwise are families, not slips: in digits
//! (`span3`/`span4`, `col-md-3`/`col-md-4`, `h1`/`h2`), in separators or
//! whole words (`icon-left`/`icon-right`), in a plural `s`, in letter case
//! only (class selectors ignore case in quirks mode), or in a word so short
//! that a change makes another (`sm`/`md`). Nor is it a slip when the
//! changed word is one the site uses in another name: it is then a word of
//! its vocabulary, chosen.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use crate::page::Page;
use crate::page::vocabulary::Terms;

/// A term used this many times on the whole site at most is rare: the
/// places of its uses are kept by the parser.
pub(super) const RARE: u64 = crate::page::vocabulary::KEPT_USES as u64;

/// A slip changes a letter of a word at least this long (a transposition,
/// one letter shorter: `scr` for `src`).
const SHORTEST_WORD: usize = 4;

/// The most frequent names indexed: a site's vocabulary is far smaller;
/// the cap bounds the index of a hostile site.
const MOST_TARGETS: usize = 5_000;

/// Names indexed at two edits at most this long (each has about n²/2
/// variants); longer ones at one edit.
const LONGEST_AT_TWO_EDITS: usize = 24;

/// How often the whole site uses each term of one kind, and in how many
/// distinct terms each word appears.
pub(super) struct SiteTerms<'a> {
    pub counts: FxHashMap<&'a str, u64>,
    /// Lowercase word to the number of distinct terms holding it.
    words: FxHashMap<String, u32>,
}

impl<'a> SiteTerms<'a> {
    pub(super) fn gather(pages: &'a [Page], terms_of: impl Fn(&'a Page) -> &'a Terms) -> SiteTerms<'a> {
        let mut counts: FxHashMap<&'a str, u64> = FxHashMap::default();
        for page in pages {
            for term in terms_of(page).iter() {
                *counts.entry(term.name).or_default() += u64::from(term.count);
            }
        }
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        let mut seen: Vec<String> = Vec::new();
        for name in counts.keys() {
            seen.clear();
            for word in words_of(name) {
                let word = word.to_lowercase();
                if !seen.contains(&word) {
                    seen.push(word);
                }
            }
            for word in seen.drain(..) {
                *words.entry(word).or_default() += 1;
            }
        }
        SiteTerms { counts, words }
    }

    /// The names used at least `times` times, as targets of slips.
    pub(super) fn used_at_least(&self, times: u64) -> Vec<Target<'a>> {
        self.counts
            .iter()
            .filter(|&(_, &count)| count >= times)
            .map(|(&name, &count)| Target {
                name,
                count,
                language: false,
            })
            .collect()
    }

    pub(super) fn count(&self, name: &str) -> u64 {
        self.counts.get(name).copied().unwrap_or(0)
    }

    /// Whether `word` appears in more than one distinct term.
    fn is_shared_word(&self, word: &str) -> bool {
        self.words
            .get(&word.to_lowercase())
            .is_some_and(|&terms| terms > 1)
    }
}

/// A name a rare one may be a slip of.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target<'a> {
    pub name: &'a str,
    /// Uses on the site.
    pub count: u64,
    /// A name of the HTML language rather than of the site.
    pub language: bool,
}

/// The best near name of a rare one.
#[derive(Debug, Clone, Copy)]
pub(super) struct Guess<'a> {
    pub target: Target<'a>,
    pub distance: usize,
    /// Another name is as near: which one was meant is unclear.
    pub other: Option<Target<'a>>,
}

/// The frequent names, indexed by their variants with up to `edits`
/// letters deleted (a symmetric-delete index: two names within `edits`
/// edits share a variant), variants known by their hash.
pub(super) struct NearIndex<'a> {
    targets: Vec<Target<'a>>,
    variants: FxHashMap<u64, Vec<u32>>,
    edits: usize,
}

impl<'a> NearIndex<'a> {
    /// Indexes `targets`, the most used first if there are too many.
    pub(super) fn new(mut targets: Vec<Target<'a>>, edits: usize) -> NearIndex<'a> {
        targets.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
        targets.truncate(MOST_TARGETS);
        let mut variants: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for (index, target) in targets.iter().enumerate() {
            deletions(target.name, edits, &mut |hash| {
                let list = variants.entry(hash).or_default();
                if list.last() != Some(&(index as u32)) {
                    list.push(index as u32);
                }
            });
        }
        NearIndex {
            targets,
            variants,
            edits,
        }
    }

    /// The nearest frequent name `name` is a slip of, if any: fewest edits,
    /// then most used.
    pub(super) fn guess(
        &self,
        name: &str,
        site: &SiteTerms<'_>,
        allowed: impl Fn(&Target<'_>, usize) -> bool,
    ) -> Option<Guess<'a>> {
        let mut candidates: Vec<u32> = Vec::new();
        deletions(name, self.edits, &mut |hash| {
            if let Some(list) = self.variants.get(&hash) {
                candidates.extend(list);
            }
        });
        candidates.sort_unstable();
        candidates.dedup();
        let mut found: Vec<(usize, Target<'a>)> = candidates
            .into_iter()
            .map(|index| self.targets[index as usize])
            .filter(|target| target.name != name)
            .filter_map(|target| {
                let distance = slip(name, target.name, self.edits, site)?;
                allowed(&target, distance).then_some((distance, target))
            })
            .collect();
        found.sort_by(|(d1, a), (d2, b)| d1.cmp(d2).then(b.count.cmp(&a.count)).then(a.name.cmp(b.name)));
        let (distance, target) = *found.first()?;
        let other = found
            .get(1)
            .filter(|(other_distance, _)| *other_distance == distance)
            .map(|(_, other)| *other);
        Some(Guess {
            target,
            distance,
            other,
        })
    }
}

/// Calls `visit` with the hash of `name` and of each variant with up to
/// `edits` characters deleted (at most two; one for long names).
fn deletions(name: &str, edits: usize, visit: &mut impl FnMut(u64)) {
    let hash = |text: &str| {
        let mut hasher = FxHasher::default();
        hasher.write(text.as_bytes());
        hasher.finish()
    };
    visit(hash(name));
    if edits == 0 {
        return;
    }
    // Each character's byte range.
    let chars: Vec<(usize, usize)> = name
        .char_indices()
        .map(|(at, c)| (at, at + c.len_utf8()))
        .collect();
    let two = edits >= 2 && chars.len() <= LONGEST_AT_TWO_EDITS;
    let mut variant = String::with_capacity(name.len());
    for (first, &(a, b)) in chars.iter().enumerate() {
        variant.clear();
        variant.push_str(&name[..a]);
        variant.push_str(&name[b..]);
        visit(hash(&variant));
        if !two {
            continue;
        }
        for &(c, d) in &chars[first + 1..] {
            variant.clear();
            variant.push_str(&name[..a]);
            variant.push_str(&name[b..c]);
            variant.push_str(&name[d..]);
            visit(hash(&variant));
        }
    }
}

/// The words of a name: its runs of letters and digits.
fn words_of(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// The separators of a name, in order (what lies between its words).
fn separators_of(name: &str) -> impl Iterator<Item = &str> {
    name.split(char::is_alphanumeric).filter(|gap| !gap.is_empty())
}

/// How many edits (letters changed, inserted, deleted or two swapped)
/// make `target` of `name`, if `name` is a slip of it within `most`
/// edits; `None` if they differ in a way people choose (see the module
/// documentation).
pub(super) fn slip(name: &str, target: &str, most: usize, site: &SiteTerms<'_>) -> Option<usize> {
    if !separators_of(name).eq(separators_of(target)) || words_of(name).count() != words_of(target).count() {
        return None;
    }
    let mut total = 0;
    for (word, meant) in words_of(name).zip(words_of(target)) {
        if word != meant {
            total += word_slip(word, meant, site)?;
        }
    }
    (total > 0 && total <= most).then_some(total)
}

/// The edits within one word, if they are a slip.
fn word_slip(word: &str, meant: &str, site: &SiteTerms<'_>) -> Option<usize> {
    let edits = strsim::osa_distance(word, meant);
    let length = meant.chars().count();
    let shortest = if edits == 1 && is_transposition(word, meant) {
        SHORTEST_WORD - 1
    } else {
        SHORTEST_WORD
    };
    let (core, meant_core) = differing_cores(word, meant);
    let plural = |a: &str, b: &str| a.strip_prefix(b).is_some_and(|rest| rest == "s" || rest == "es");
    let deliberate = length < shortest
        || word.to_lowercase() == meant.to_lowercase()
        || core.chars().chain(meant_core.chars()).any(|c| !c.is_alphabetic())
        || plural(word, meant)
        || plural(meant, word)
        || site.is_shared_word(word);
    (!deliberate).then_some(edits)
}

/// Two adjacent letters swapped (`tpye` for `type`).
fn is_transposition(word: &str, meant: &str) -> bool {
    let (core, meant_core) = differing_cores(word, meant);
    let (a, b): (Vec<char>, Vec<char>) = (core.chars().collect(), meant_core.chars().collect());
    a.len() == 2 && b.len() == 2 && a[0] == b[1] && a[1] == b[0]
}

/// What differs between two words once their common beginning and end
/// are set aside: the letters a slip changed.
fn differing_cores<'w>(word: &'w str, meant: &'w str) -> (&'w str, &'w str) {
    let prefix: usize = word
        .chars()
        .zip(meant.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (word_rest, meant_rest) = (&word[prefix..], &meant[prefix..]);
    let suffix: usize = word_rest
        .chars()
        .rev()
        .zip(meant_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix = suffix.min(word_rest.len()).min(meant_rest.len());
    (
        &word_rest[..word_rest.len() - suffix],
        &meant_rest[..meant_rest.len() - suffix],
    )
}

/// "once", "twice", "3 times".
pub(super) fn times(count: u64) -> String {
    match count {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// Each use of a rare term on the reported pages that is a slip of a
/// frequent one, with the term's site count and its guess (judged once per
/// name however many pages use it).
pub(super) fn each_slip<'a>(
    cx: &crate::lint::ClaimsContext<'a>,
    terms_of: impl Fn(&'a Page) -> &'a Terms,
    site: &SiteTerms<'a>,
    index: &NearIndex<'a>,
    allowed: impl Fn(&Target<'_>, usize) -> bool + Copy,
    mut emit: impl FnMut(&'a Page, &'a str, u64, &'a crate::page::vocabulary::Use, &Guess<'a>),
) {
    let mut guesses: FxHashMap<&str, Option<Guess<'a>>> = FxHashMap::default();
    for (page_index, page) in cx.site.pages.iter().enumerate() {
        if !cx.reported(page_index as u32) {
            continue;
        }
        for term in terms_of(page).iter() {
            let count = site.count(term.name);
            if term.uses.is_empty() || count > RARE {
                continue;
            }
            let guess = *guesses
                .entry(term.name)
                .or_insert_with(|| index.guess(term.name, site, allowed));
            if let Some(guess) = guess {
                for used in term.uses {
                    emit(page, term.name, count, used, &guess);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(names: &[&'static str]) -> SiteTerms<'static> {
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        for name in names {
            for word in words_of(name) {
                *words.entry(word.to_lowercase()).or_default() += 1;
            }
        }
        SiteTerms {
            counts: names.iter().map(|name| (*name, 1)).collect(),
            words,
        }
    }

    #[test]
    fn slips_change_letters_inside_a_word() {
        let site = site(&[
            "bi:type",
            "bi:typea",
            "withArrow",
            "withArow",
            "box-title",
            "box-tilte",
        ]);
        assert_eq!(slip("bi:typea", "bi:type", 2, &site), Some(1));
        assert_eq!(slip("withArow", "withArrow", 2, &site), Some(1));
        assert_eq!(slip("box-tilte", "box-title", 2, &site), Some(1));
        assert_eq!(slip("scr", "src", 2, &site), Some(1));
        assert_eq!(slip("framebroder", "frameborder", 2, &site), Some(1));
        assert_eq!(slip("aria-lable", "aria-label", 2, &site), Some(1));
    }

    #[test]
    fn families_are_not_slips() {
        let site = site(&["icon-left", "icon-lift", "tile-grid", "box-tile", "box-title"]);
        for (name, target) in [
            ("span3", "span4"),
            ("col-md-3", "col-md-4"),
            ("h1", "h2"),
            ("mt-2", "mt-3"),
            ("title1Adjustment", "title2Adjustment"),
            ("icon-left", "icon-right"),
            ("col-sm-6", "col-md-6"),
            ("fa-user", "fa-users"),
            ("box", "boxes"),
            ("Tail", "tail"),
            ("image_wrapper", "image-wrapper"),
            ("imagewrapper", "image-wrapper"),
            ("fa-car", "fa-cab"),
            ("box-tile", "box-title"),
        ] {
            assert_eq!(slip(name, target, 2, &site), None, "{name} / {target}");
        }
    }

    #[test]
    fn the_index_finds_names_within_the_edits() {
        let site = site(&["bi:type", "bi:title", "bi:typea", "class"]);
        let targets = ["bi:type", "bi:title", "class"]
            .map(|name| Target {
                name,
                count: 100,
                language: false,
            })
            .to_vec();
        let index = NearIndex::new(targets, 2);
        let guess = index.guess("bi:typea", &site, |_, _| true).unwrap();
        assert_eq!((guess.target.name, guess.distance), ("bi:type", 1));
        assert!(guess.other.is_none());
        assert_eq!(
            index.guess("clsas", &site, |_, _| true).unwrap().target.name,
            "class"
        );
        assert!(index.guess("style", &site, |_, _| true).is_none());
    }
}
