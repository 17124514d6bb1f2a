//! The claims analysis shared by the claims rules: every statement of every
//! page (sentences, list items, table cells of the visible text), grouped
//! into distinct wordings ("variants"), near-duplicate wordings found with
//! MinHash, and the groups of near-duplicates that disagree on something
//! claim-bearing.
//!
//! Work is linear in the number of statements: identical wordings (copies
//! of a page) are merged by hash before anything is compared, and only
//! candidate pairs from locality-sensitive hashing are diffed.

pub mod align;
pub mod dates;
pub mod diff;
pub mod labels;
mod minhash;
mod numbers;
pub mod subjects;
pub mod text;

use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::lexicon::{Lexicon, MarkerKind};
use crate::page::{Page, Region, TextBlock};
use crate::site::Site;
use crate::span::Span;
use text::{Features, Lang};

/// How alike two wordings must be (share of their words in order) to be
/// taken as the same statement.
pub const SIMILAR: f32 = 0.75;

/// Where one statement stands: its text block and the sentence's range in
/// the block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub page: u32,
    pub block: u32,
    pub start: u32,
    pub end: u32,
}

impl Occurrence {
    pub fn text<'s>(&self, site: &'s Site) -> &'s str {
        let text = site.pages[self.page as usize]
            .text_blocks
            .text(self.block as usize);
        &text[self.start as usize..self.end as usize]
    }

    pub fn span(&self, site: &Site) -> Span {
        site.pages[self.page as usize]
            .text_blocks
            .get(self.block as usize)
            .span
    }

    pub fn page<'s>(&self, site: &'s Site) -> &'s Page {
        &site.pages[self.page as usize]
    }
}

/// One distinct wording (case, punctuation and whitespace aside) with every
/// place it stands.
#[derive(Debug)]
pub struct Variant {
    pub lang: Lang,
    /// Whether the wording asks rather than states.
    pub question: bool,
    pub occurrences: Vec<Occurrence>,
    pub tokens: Vec<u64>,
    pub features: Features,
}

/// Near-duplicate wordings that do not say the same thing: claim groups
/// (same features), largest first.
#[derive(Debug)]
pub struct Disagreement {
    pub groups: Vec<ClaimGroup>,
}

#[derive(Debug)]
pub struct ClaimGroup {
    pub variants: Vec<u32>,
    /// Every occurrence of every variant, in site order.
    pub occurrences: Vec<Occurrence>,
}

/// The analysis, computed once per run when a claims rule runs.
pub struct Analysis<'s> {
    pub site: &'s Site,
    pub lexicon: &'s Lexicon,
    pub variants: Vec<Variant>,
    /// Similarity of candidate pairs that passed [`SIMILAR`].
    pub similar: FxHashMap<(u32, u32), f32>,
    disagreements: OnceLock<Vec<Disagreement>>,
}

impl<'s> Analysis<'s> {
    /// The analysis of the statements of `site`, but those of the pages
    /// `unreached` marks (see [`reach`](super::reach)).
    pub fn new(site: &'s Site, lexicon: &'s Lexicon, unreached: &[bool]) -> Analysis<'s> {
        let variants = variants(site, lexicon, unreached);
        let items: Vec<(u8, &[u64])> = variants
            .iter()
            // Questions are compared with questions only.
            .map(|v| (((v.lang as u8) << 1) | u8::from(v.question), v.tokens.as_slice()))
            .collect();
        let similar = minhash::candidates(&items)
            .into_par_iter()
            .filter_map(|(a, b)| {
                let (ours, theirs) = (&variants[a as usize].tokens, &variants[b as usize].tokens);
                diff::similarity_at_least(ours, theirs, SIMILAR).map(|score| ((a, b), score))
            })
            .collect();
        Analysis {
            site,
            lexicon,
            variants,
            similar,
            disagreements: OnceLock::new(),
        }
    }

    pub fn similarity(&self, a: u32, b: u32) -> Option<f32> {
        self.similar.get(&(a.min(b), a.max(b))).copied()
    }

    /// The groups of near-duplicates that disagree, in site order.
    pub fn disagreements(&self) -> &[Disagreement] {
        self.disagreements.get_or_init(|| disagreements(self))
    }

    /// What differs between two variants, as claim kinds.
    pub fn differences(&self, a: u32, b: u32) -> Vec<MarkerKind> {
        self.variants[a as usize]
            .features
            .differences(&self.variants[b as usize].features, self.lexicon)
    }
}

/// Whether a text block is content readers see and claims are made in.
fn is_content(region: Region) -> bool {
    matches!(region, Region::Main | Region::Hero)
}

/// One statement of a text block.
struct Statement {
    /// The wording (case, punctuation and whitespace aside) and language.
    key: u64,
    lang: Lang,
    /// Its bytes in the block's text.
    start: u32,
    end: u32,
    /// Its tokens among the block's.
    tokens: std::ops::Range<u32>,
}

/// A text block's tokens (found once for the whole block) and statements.
struct BlockStatements {
    tokens: Vec<text::Token>,
    statements: Vec<Statement>,
}

fn block_statements(text: &str, lexicon: &Lexicon) -> BlockStatements {
    let tokens = text::tokens(text);
    let mut statements = Vec::new();
    for range in text::sentences(text) {
        let within = text::tokens_within(&tokens, &range);
        let sentence_tokens = &tokens[within.clone()];
        let sentence = &text[range.clone()];
        let lang = text::language(text, sentence_tokens);
        if !text::is_statement(sentence, lang, sentence_tokens, lexicon) {
            continue;
        }
        let seed = (lang as u64 + 1) * 2 + u64::from(text::is_question(sentence));
        let key = sentence_tokens.iter().fold(seed, |key, token| {
            (key ^ token.hash).wrapping_mul(0x0000_0100_0000_01b3)
        });
        statements.push(Statement {
            key,
            lang,
            start: range.start as u32,
            end: range.end as u32,
            tokens: within.start as u32..within.end as u32,
        });
    }
    BlockStatements { tokens, statements }
}

impl BlockStatements {
    /// The tokens of statement `index`, their ranges in the statement.
    fn tokens_of(&self, index: usize) -> Vec<text::Token> {
        let statement = &self.statements[index];
        let shift = statement.start as usize;
        self.tokens[statement.tokens.start as usize..statement.tokens.end as usize]
            .iter()
            .map(|token| text::Token {
                range: token.range.start - shift..token.range.end - shift,
                hash: token.hash,
            })
            .collect()
    }
}

/// Every distinct wording of the site, in order of first appearance.
///
/// Sites repeat whole blocks (a page and its `en-us/` copy, shared
/// paragraphs), so each distinct block text is split and tokenized once;
/// its copies only add occurrences, and each wording takes its tokens from
/// the block it was first met in.
fn variants(site: &Site, lexicon: &Lexicon, unreached: &[bool]) -> Vec<Variant> {
    let (texts, mut places) = distinct_blocks(site);
    for (list, _) in places
        .iter_mut()
        .zip(unreached)
        .filter(|(_, unreached)| **unreached)
    {
        list.clear();
    }
    let blocks: Vec<BlockStatements> = texts
        .par_iter()
        .map(|text| block_statements(text, lexicon))
        .collect();
    // Variant index of each statement of each distinct block. Distinct
    // blocks are numbered in order of first appearance, so numbering their
    // wordings block by block numbers variants in order of first appearance.
    let mut by_key: FxHashMap<u64, u32> = FxHashMap::default();
    // Per variant: its language and the (block, statement) it was first met as.
    let mut firsts: Vec<(Lang, (u32, u32))> = Vec::new();
    let variant_of: Vec<Vec<u32>> = (blocks.iter().enumerate())
        .map(|(id, block)| {
            (block.statements.iter().enumerate())
                .map(|(index, statement)| {
                    *by_key.entry(statement.key).or_insert_with(|| {
                        firsts.push((statement.lang, (id as u32, index as u32)));
                        firsts.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    // Occurrences in site order, each variant's list sized once: counted
    // first (a small array), then filled (growing the lists as they are
    // filled would move each of them several times on a large site).
    let each_place = || {
        (places.iter().enumerate())
            .flat_map(|(page, list)| list.iter().map(move |&(id, block)| (id, page as u32, block)))
    };
    let mut counts = vec![0u32; firsts.len()];
    for (id, _, _) in each_place() {
        for &variant in &variant_of[id as usize] {
            counts[variant as usize] += 1;
        }
    }
    let mut occurrences: Vec<Vec<Occurrence>> = (counts.iter())
        .map(|&count| Vec::with_capacity(count as usize))
        .collect();
    for (id, page, block) in each_place() {
        let statements = &blocks[id as usize].statements;
        for (&variant, statement) in variant_of[id as usize].iter().zip(statements) {
            occurrences[variant as usize].push(Occurrence {
                page,
                block,
                start: statement.start,
                end: statement.end,
            });
        }
    }
    // Wordings only unreached pages hold are no one's statement.
    let grouped = (firsts.into_iter().zip(occurrences))
        .filter(|(_, list)| !list.is_empty())
        .map(|((lang, first), list)| (lang, list, first));
    grouped
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(lang, occurrences, (block, statement))| {
            // The wording as first met: the block its tokens come from
            // (its first occurrence may be elsewhere, on a page left out).
            let met = &blocks[block as usize];
            let range = &met.statements[statement as usize];
            let sentence = &texts[block as usize][range.start as usize..range.end as usize];
            let tokens = met.tokens_of(statement as usize);
            let features = text::features(sentence, &tokens, lang, lexicon);
            Variant {
                lang,
                question: text::is_question(sentence),
                occurrences,
                tokens: tokens.iter().map(|t| t.hash).collect(),
                features,
            }
        })
        .collect()
}

/// The distinct texts of the site's content blocks in order of first
/// appearance, and for each page its content blocks as `(number of the
/// block's distinct text, block)`.
///
/// Pages parsed with a store of texts (as `tclint check` parses them) have
/// their texts numbered already: when one store numbered every page's
/// blocks, those numbers name one text each and are put in order with
/// arrays. Otherwise (pages parsed without a store, or a site assembled
/// from pages parsed apart, whose numbers may give two texts one number)
/// blocks are numbered by the hash the parser took (see
/// [`distinct_blocks_hashed`]).
fn distinct_blocks(site: &Site) -> (Vec<&str>, Places) {
    let with_blocks = || (site.pages.iter()).filter(|page| !page.text_blocks.is_empty());
    let store = with_blocks().next().and_then(|page| page.text_blocks.store());
    let one_store = store.is_some() && with_blocks().all(|page| page.text_blocks.store() == store);
    if one_store {
        distinct_blocks_numbered(site)
    } else {
        distinct_blocks_hashed(site, |block| block.hash)
    }
}

/// Whether every block's text is the text of its number (at once when
/// the parser shared one text between them).
fn each_block_has_its_text(site: &Site, texts: &[&str], places: &Places) -> bool {
    places.par_iter().zip(&site.pages).all(|(list, page)| {
        list.iter().all(|&(id, block)| {
            let (first, this) = (texts[id as usize], page.text_blocks.text(block as usize));
            std::ptr::eq(first, this) || first == this
        })
    })
}

/// A page's content blocks: (index, block).
fn content_blocks(page: &Page) -> impl Iterator<Item = (u32, &TextBlock)> {
    (page.text_blocks.blocks().iter().enumerate())
        .filter(|(_, block)| is_content(block.region))
        .map(|(index, block)| (index as u32, block))
}

/// [`distinct_blocks`] for blocks whose texts the parser numbered: the
/// numbers are dense, so each text's first place is found with an array
/// rather than with hash maps of every block, which would be a large part
/// of the analysis.
fn distinct_blocks_numbered(site: &Site) -> (Vec<&str>, Places) {
    let count = (site.pages.par_iter())
        .filter_map(|page| {
            content_blocks(page)
                .map(|(_, block)| block.text_id as usize + 1)
                .max()
        })
        .max()
        .unwrap_or(0);
    let mut first = vec![u64::MAX; count];
    for (index, page) in site.pages.iter().enumerate() {
        for (block, text_block) in content_blocks(page) {
            let slot = &mut first[text_block.text_id as usize];
            *slot = (*slot).min(((index as u64) << 32) | u64::from(block));
        }
    }
    let mut order: Vec<(u64, u32)> = (first.iter().enumerate())
        .filter(|&(_, &at)| at != u64::MAX)
        .map(|(id, &at)| (at, id as u32))
        .collect();
    order.sort_unstable();
    let mut number = vec![0u32; count];
    for (rank, &(_, id)) in order.iter().enumerate() {
        number[id as usize] = rank as u32;
    }
    let texts = (order.iter())
        .map(|&(at, _)| {
            site.pages[(at >> 32) as usize]
                .text_blocks
                .text((at & 0xffff_ffff) as usize)
        })
        .collect();
    let places = (site.pages.par_iter())
        .map(|page| {
            let mut list = Vec::with_capacity(content_blocks(page).count());
            list.extend(
                content_blocks(page).map(|(block, text_block)| (number[text_block.text_id as usize], block)),
            );
            list
        })
        .collect();
    (texts, places)
}

/// [`distinct_blocks`] for blocks without numbers: numbered by a hash
/// (a parameter, so that tests can make blocks collide), without reading
/// their texts; each text is then compared with the first block of the
/// same number (at once when the parser shared one text between them), and
/// a collision, if any, numbers them again by text.
fn distinct_blocks_hashed(site: &Site, hash: impl Fn(&TextBlock) -> u64 + Sync) -> (Vec<&str>, Places) {
    let (texts, places) = number_blocks(site, |block, _| hash(block));
    if each_block_has_its_text(site, &texts, &places) {
        (texts, places)
    } else {
        number_blocks(site, |_, text| text)
    }
}

/// For each page (by index), its content blocks as `(number, block)`.
type Places = Vec<Vec<(u32, u32)>>;

/// Numbers the content blocks by `key`, in order of first appearance. The
/// passes over all blocks are parallel: each key's first place is found per
/// chunk of the site and the chunks' answers merged; only the distinct keys
/// are numbered on one thread. Blocks are listed per page, each list sized
/// once: one flat list of the site's blocks, grown as it is filled, would
/// be copied again and again on a large site.
fn number_blocks<'s, K>(
    site: &'s Site,
    key: impl Fn(&TextBlock, &'s str) -> K + Sync,
) -> (Vec<&'s str>, Places)
where
    K: std::hash::Hash + Eq + Copy + Send + Sync,
{
    let keyed: Vec<Vec<(K, u32)>> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut list = Vec::with_capacity(page.text_blocks.len());
            for (index, block) in content_blocks(page) {
                list.push((key(block, page.text_blocks.text(index as usize)), index));
            }
            list
        })
        .collect();
    let position = |page: usize, at: usize| ((page as u64) << 32) | at as u64;
    let (firsts, ids) =
        number_by_first_appearance(keyed.par_iter().enumerate().flat_map_iter(|(page, list)| {
            list.iter()
                .enumerate()
                .map(move |(at, &(key, _))| (key, position(page, at)))
        }));
    let texts = firsts
        .iter()
        .map(|&first| {
            let page = (first >> 32) as usize;
            let (_, block) = keyed[page][(first & 0xffff_ffff) as usize];
            site.pages[page].text_blocks.text(block as usize)
        })
        .collect();
    let places = keyed
        .par_iter()
        .map(|list| list.iter().map(|&(key, block)| (ids[&key], block)).collect())
        .collect();
    (texts, places)
}

/// Numbers keys in order of first appearance (`position` orders the
/// appearances), in parallel: each key's first position is found per chunk
/// and the chunks merged. Gives the first positions in that order and each
/// key's number: the numbers one loop over the appearances would give.
pub fn number_by_first_appearance<K>(
    keys: impl ParallelIterator<Item = (K, u64)>,
) -> (Vec<u64>, FxHashMap<K, u32>)
where
    K: std::hash::Hash + Eq + Copy + Send,
{
    let earliest = |mut first: FxHashMap<K, u64>, (key, at): (K, u64)| {
        let slot = first.entry(key).or_insert(at);
        *slot = (*slot).min(at);
        first
    };
    let first = keys
        .fold(FxHashMap::default, earliest)
        .reduce(FxHashMap::default, |merged, other| {
            other.into_iter().fold(merged, earliest)
        });
    let mut order: Vec<(u64, K)> = first.into_iter().map(|(key, at)| (at, key)).collect();
    order.sort_unstable_by_key(|&(at, _)| at);
    let ids = order
        .iter()
        .enumerate()
        .map(|(id, &(_, key))| (key, id as u32))
        .collect();
    (order.into_iter().map(|(at, _)| at).collect(), ids)
}

/// Connected groups of similar variants that hold more than one claim.
fn disagreements(analysis: &Analysis<'_>) -> Vec<Disagreement> {
    let mut sets = UnionFind::new(analysis.variants.len());
    let mut pairs: Vec<&(u32, u32)> = analysis.similar.keys().collect();
    pairs.sort_unstable();
    for &(a, b) in pairs {
        sets.union(a, b);
    }
    let mut components: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for index in 0..analysis.variants.len() as u32 {
        let root = sets.find(index);
        components.entry(root).or_default().push(index);
    }
    let mut components: Vec<Vec<u32>> = components.into_values().filter(|c| c.len() > 1).collect();
    components.sort_unstable();
    components
        .into_par_iter()
        .filter_map(|component| claim_groups(analysis, component))
        .collect()
}

fn claim_groups(analysis: &Analysis<'_>, component: Vec<u32>) -> Option<Disagreement> {
    let mut groups: Vec<ClaimGroup> = Vec::new();
    let mut features: Vec<&Features> = Vec::new();
    for index in component {
        let variant = &analysis.variants[index as usize];
        match features.iter().position(|f| **f == variant.features) {
            Some(at) => {
                groups[at].variants.push(index);
                groups[at].occurrences.extend(&variant.occurrences);
            }
            None => {
                features.push(&variant.features);
                groups.push(ClaimGroup {
                    variants: vec![index],
                    occurrences: variant.occurrences.clone(),
                });
            }
        }
    }
    if groups.len() < 2 {
        return None;
    }
    for group in &mut groups {
        group.occurrences.sort_unstable();
    }
    groups.sort_by(|a, b| {
        b.occurrences
            .len()
            .cmp(&a.occurrences.len())
            .then_with(|| a.occurrences[0].cmp(&b.occurrences[0]))
    });
    Some(Disagreement { groups })
}

impl Disagreement {
    /// The group most copies hold, when one holds strictly more than any other.
    pub fn majority(&self) -> Option<&ClaimGroup> {
        let first = self.groups[0].occurrences.len();
        (self.groups[1].occurrences.len() < first).then(|| &self.groups[0])
    }
}

/// Disjoint sets over `0..size`; a set's representative is its smallest
/// member, so results do not depend on the order of unions.
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    pub fn new(size: usize) -> UnionFind {
        UnionFind {
            parent: (0..size as u32).collect(),
        }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    pub fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b) as usize] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests;
