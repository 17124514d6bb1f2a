//! A page's share of the site's own vocabulary: how often each attribute
//! name and each class token is used in its rendered markup, for the rules
//! that compare a rare name with the names the site uses often
//! (`misspelled-attribute`, `misspelled-class`).
//!
//! The source is dropped after parsing, so the parser records what those
//! rules need, and no more: a count per distinct term, and the place of a
//! term's first uses only while it is rare on the page (a term used more
//! often than [`KEPT_USES`] times on one page is not rare on the site).
//! The names of a page's terms live in one string.

use rustc_hash::FxHashMap;

use crate::span::Span;

/// How many uses of a term keep their place: enough to report each use of
/// a term the site uses this rarely.
pub const KEPT_USES: usize = 2;

/// Longer names and tokens are not counted: nobody misspells a name that
/// long by one letter, and hostile input can make them arbitrarily long.
pub const MAX_TERM_LEN: usize = 64;

/// Where a rare term is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Use {
    /// The name or token as written.
    pub span: Span,
    /// The source under `span` is the term itself (not lowercased by the
    /// tokenizer, no character reference): a fix can replace it.
    pub verbatim: bool,
    /// The other attribute names of the element, as a 64-bit Bloom filter
    /// ([`name_bits`]): whether renaming an attribute would give the
    /// element a name it already has. Zero for class tokens.
    pub siblings: u64,
}

/// The two bits standing for an attribute name in [`Use::siblings`]. Other
/// names may set them too: a fix is then withheld, never wrongly offered.
pub fn name_bits(name: &str) -> u64 {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (1 << (hash % 64)) | (1 << ((hash >> 32) % 64))
}

/// Whether `siblings` may hold `name`.
pub fn may_hold(siblings: u64, name: &str) -> bool {
    let bits = name_bits(name);
    siblings & bits == bits
}

/// A term of a page: its name, how often the page uses it, and where, if
/// it is rare on the page.
#[derive(Debug, Clone, Copy)]
pub struct Term<'a> {
    pub name: &'a str,
    pub count: u32,
    /// The places of its first uses (all of them, if it is used at most
    /// [`KEPT_USES`] times on the page and its uses are kept at all).
    pub uses: &'a [Use],
}

/// The distinct terms of one kind on a page, in order of first use.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    names: String,
    terms: Vec<Stored>,
    uses: Vec<Use>,
}

#[derive(Debug, Clone, Copy)]
struct Stored {
    name_end: u32,
    count: u32,
    /// Index in `uses` of the first kept use.
    uses: u32,
    kept: u8,
}

impl Terms {
    pub fn iter(&self) -> impl Iterator<Item = Term<'_>> + '_ {
        let mut name_start = 0;
        self.terms.iter().map(move |stored| {
            let name = &self.names[name_start..stored.name_end as usize];
            name_start = stored.name_end as usize;
            let first = stored.uses as usize;
            Term {
                name,
                count: stored.count,
                uses: &self.uses[first..first + usize::from(stored.kept)],
            }
        })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// What the rendered markup of a page names.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Attribute names, lowercase as browsers read them. Uses are kept
    /// only for names that are not HTML's own.
    pub attributes: Terms,
    /// Class tokens, as written (they are case-sensitive).
    pub classes: Terms,
}

/// Counts the terms of one kind while a page is parsed.
#[derive(Default)]
pub(crate) struct TermCounter {
    index: FxHashMap<Box<str>, u32>,
    pending: Vec<Pending>,
}

struct Pending {
    count: u32,
    keep: bool,
    kept: [Use; KEPT_USES],
}

impl TermCounter {
    /// Counts one use of `name`. `keep` says, the first time a name is
    /// seen, whether its uses are worth a place; `place` is asked only
    /// for a use that is kept.
    pub(crate) fn add(&mut self, name: &str, keep: impl FnOnce(&str) -> bool, place: impl FnOnce() -> Use) {
        if name.is_empty() || name.len() > MAX_TERM_LEN {
            return;
        }
        let index = match self.index.get(name) {
            Some(&index) => index as usize,
            None => {
                let index = self.pending.len();
                self.index.insert(name.into(), index as u32);
                self.pending.push(Pending {
                    count: 0,
                    keep: keep(name),
                    kept: [Use::default(); KEPT_USES],
                });
                index
            }
        };
        let pending = &mut self.pending[index];
        if pending.keep && (pending.count as usize) < KEPT_USES {
            pending.kept[pending.count as usize] = place();
        }
        pending.count = pending.count.saturating_add(1);
    }

    /// The terms in order of first use; uses kept only for the terms the
    /// page uses at most [`KEPT_USES`] times.
    pub(crate) fn finish(self) -> Terms {
        let mut names: Vec<(Box<str>, u32)> = self.index.into_iter().collect();
        names.sort_unstable_by_key(|&(_, index)| index);
        let mut terms = Terms {
            names: String::with_capacity(names.iter().map(|(name, _)| name.len()).sum()),
            terms: Vec::with_capacity(names.len()),
            uses: Vec::new(),
        };
        for ((name, _), pending) in names.into_iter().zip(self.pending) {
            terms.names.push_str(&name);
            let rare = pending.keep && pending.count as usize <= KEPT_USES;
            let kept = if rare { pending.count as usize } else { 0 };
            terms.terms.push(Stored {
                name_end: terms.names.len() as u32,
                count: pending.count,
                uses: terms.uses.len() as u32,
                kept: kept as u8,
            });
            terms.uses.extend_from_slice(&pending.kept[..kept]);
        }
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_use_and_keeps_the_places_of_rare_terms_only() {
        let mut counter = TermCounter::default();
        let mut at = 0;
        let mut place = || {
            at += 10;
            Use {
                span: Span::new(at, at + 3),
                verbatim: true,
                siblings: 0,
            }
        };
        for name in ["style", "bi:typea", "style", "style", "data-x", "data-x"] {
            counter.add(name, |name| name != "data-x", &mut place);
        }
        let terms = counter.finish();
        let listed: Vec<(&str, u32, usize)> = terms.iter().map(|t| (t.name, t.count, t.uses.len())).collect();
        assert_eq!(listed, [("style", 3, 0), ("bi:typea", 1, 1), ("data-x", 2, 0)]);
        assert_eq!(terms.iter().nth(1).unwrap().uses[0].span, Span::new(20, 23));
    }

    #[test]
    fn siblings_hold_the_names_put_in() {
        let siblings = ["class", "bi:type", "style"]
            .iter()
            .fold(0, |bits, name| bits | name_bits(name));
        for name in ["class", "bi:type", "style"] {
            assert!(may_hold(siblings, name));
            assert!((1..=2).contains(&name_bits(name).count_ones()));
        }
        assert!(!may_hold(0, "class"));
    }
}
