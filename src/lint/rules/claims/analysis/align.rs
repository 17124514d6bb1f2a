//! Paragraph alignment between a page and its translation, and what an
//! aligned pair may not differ in (what is not translated: numbers, dates,
//! links, e-mail addresses, claim markers through their bilingual words).

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::page::Page;
use crate::span::Span;

use super::text::{self, Features};
use crate::lint::rules::claims::lexicon::Lexicon;

/// One text block of a page with what survives translation.
#[derive(Debug)]
pub struct Paragraph<'s> {
    pub span: Span,
    pub text: &'s str,
    pub features: &'s Features,
    /// The links in the block: (language-neutral key of the target, URL as
    /// written), sorted by key, one per key.
    pub links: Vec<(String, String)>,
    /// Hashes of the numbers, e-mails and links: what the alignment
    /// compares first. Sorted, deduplicated.
    facts: Vec<u64>,
    /// Hashes of the named things (services, parties, regions).
    names: Vec<u64>,
}

/// The features of paragraph texts, each distinct text read once: the
/// pages compared repeat most of their paragraphs (copies of a page in
/// several trees, shared passages), so there are far fewer distinct texts
/// than paragraphs.
pub struct ParagraphFeatures<'s>(FxHashMap<&'s str, Features>);

impl<'s> ParagraphFeatures<'s> {
    /// The features of every paragraph of `pages` (a page may come more
    /// than once), computed in parallel.
    pub fn of(pages: impl Iterator<Item = &'s Page>, lexicon: &Lexicon) -> ParagraphFeatures<'s> {
        let texts: FxHashSet<&str> = pages
            .flat_map(|page| {
                content_blocks(page)
                    .into_iter()
                    .map(|index| page.text_blocks.text(index))
            })
            .collect();
        let texts: Vec<&str> = texts.into_iter().collect();
        let features = texts
            .into_par_iter()
            .map(|text| {
                let tokens = text::tokens(text);
                let lang = text::language(text, &tokens);
                (text, text::features(text, &tokens, lang, lexicon))
            })
            .collect();
        ParagraphFeatures(features)
    }

    fn get(&self, text: &str) -> &Features {
        self.0.get(text).unwrap_or(&NO_FEATURES)
    }
}

/// The features of a text that says nothing.
static NO_FEATURES: Features = Features::none();

/// A page's main-content blocks (indexes), in source order.
fn content_blocks(page: &Page) -> Vec<usize> {
    let mut blocks: Vec<usize> = (super::content_blocks(page))
        .map(|(index, _)| index as usize)
        .collect();
    blocks.sort_by_key(|&index| page.text_blocks.get(index).span.start);
    blocks
}

/// The main-content paragraphs of a page. `link_keys[i]` is the
/// language-neutral key of `page.links[i]`'s target (None: not compared);
/// `features` holds those of the page's paragraphs.
pub fn paragraphs<'s>(
    page: &'s Page,
    link_keys: &[Option<String>],
    features: &'s ParagraphFeatures<'_>,
) -> Vec<Paragraph<'s>> {
    let blocks = content_blocks(page);
    let mut links: Vec<Vec<(String, String)>> = vec![Vec::new(); blocks.len()];
    for (link, key) in page.links.iter().zip(link_keys) {
        let (Some(text), Some(key)) = (link.text_span, key) else {
            continue;
        };
        if let Some(position) = page.block_holding(&blocks, text) {
            links[position].push((key.clone(), link.url.to_string()));
        }
    }
    blocks
        .into_iter()
        .zip(links)
        .map(|(index, mut links)| {
            let block = page.text_blocks.get(index);
            let block_text = page.text_blocks.text(index);
            let features = features.get(block_text);
            links.sort_unstable();
            links.dedup_by(|a, b| a.0 == b.0);
            let (facts, names) = signature(features, &links);
            Paragraph {
                span: block.span,
                text: block_text,
                features,
                links,
                facts,
                names,
            }
        })
        .collect()
}

fn signature(features: &Features, links: &[(String, String)]) -> (Vec<u64>, Vec<u64>) {
    let hash = |tag: &str, value: &str| text::hash_lower(&format!("{tag}:{value}"));
    let mut facts: Vec<u64> = (features.numbers.iter().map(|n| hash("n", n)))
        .chain(features.emails.iter().map(|e| hash("e", e)))
        .chain(links.iter().map(|(key, _)| hash("l", key)))
        .collect();
    let mut names: Vec<u64> = features.entities.iter().map(|&e| e as u64).collect();
    for list in [&mut facts, &mut names] {
        list.sort_unstable();
        list.dedup();
    }
    (facts, names)
}

fn common(a: &[u64], b: &[u64]) -> usize {
    a.iter().filter(|x| b.binary_search(x).is_ok()).count()
}

/// How strongly two paragraphs match on content (Jaccard of all their
/// facts and names), or 0 when that is not evidence enough: one shared
/// fact, or two shared names (one name, "21Vianet", is on every page).
fn overlap(a: &Paragraph<'_>, b: &Paragraph<'_>) -> f32 {
    let facts = common(&a.facts, &b.facts);
    let names = common(&a.names, &b.names);
    if facts == 0 && names < 2 {
        return 0.0;
    }
    let all = a.facts.len() + a.names.len() + b.facts.len() + b.names.len();
    (facts + names) as f32 / (all - facts - names) as f32
}

/// How much of their signatures two paragraphs must share to be aligned
/// on that alone.
const ANCHOR_OVERLAP: f32 = 0.5;

/// How two paragraphs came to be aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// They share most of their numbers, links, e-mails and named things.
    Shared,
    /// They stand at the same place between two such pairs.
    Order,
}

/// Aligned pairs (index in `left`, index in `right`, evidence), in order.
/// First the anchors: the in-order pairing that shares the most signature
/// (weighted longest common subsequence); then, between two anchors,
/// paragraphs paired by order when both sides have as many.
pub fn align(left: &[Paragraph<'_>], right: &[Paragraph<'_>]) -> Vec<(usize, usize, Evidence)> {
    let anchors = anchors(left, right);
    let mut out = Vec::new();
    let mut previous = (0, 0);
    for &(a, b) in anchors.iter().chain(std::iter::once(&(left.len(), right.len()))) {
        let (gap_left, gap_right) = (a - previous.0, b - previous.1);
        if gap_left == gap_right {
            out.extend((0..gap_left).map(|k| (previous.0 + k, previous.1 + k, Evidence::Order)));
        }
        if a < left.len() && b < right.len() {
            out.push((a, b, Evidence::Shared));
        }
        previous = (a + 1, b + 1);
    }
    out
}

fn anchors(left: &[Paragraph<'_>], right: &[Paragraph<'_>]) -> Vec<(usize, usize)> {
    let (n, m) = (left.len(), right.len());
    let width = m + 1;
    let mut best = vec![0f32; (n + 1) * width];
    let score = |i: usize, j: usize| {
        let overlap = overlap(&left[i], &right[j]);
        if overlap >= ANCHOR_OVERLAP { overlap } else { 0.0 }
    };
    for i in 1..=n {
        for j in 1..=m {
            let skip = best[(i - 1) * width + j].max(best[i * width + j - 1]);
            let matched = match score(i - 1, j - 1) {
                s if s > 0.0 => best[(i - 1) * width + j - 1] + s,
                _ => 0.0,
            };
            best[i * width + j] = skip.max(matched);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = best[i * width + j];
        let s = score(i - 1, j - 1);
        if s > 0.0 && (here - (best[(i - 1) * width + j - 1] + s)).abs() < 1e-6 {
            out.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if best[(i - 1) * width + j] >= best[i * width + j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.reverse();
    out
}

/// What an aligned pair (`a` the English side, `b` the translation)
/// differs in: (message, label at the translation). Markers are compared
/// only between paragraphs aligned on shared content: paragraphs paired by
/// position alone may be different paragraphs, and a marker's absence
/// proves nothing there; a changed figure or link still shows.
pub fn differences(
    a: &Paragraph<'_>,
    b: &Paragraph<'_>,
    evidence: Evidence,
    lexicon: &Lexicon,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (fa, fb) = (&a.features, &b.features);
    // A figure or link left out of a translation is style; one replaced by
    // another is drift.
    let (only_a, only_b) = multiset_difference(&fa.numbers, &fb.numbers);
    if !only_a.is_empty() && !only_b.is_empty() {
        out.push((
            format!(
                "numbers or dates differ from the English twin: {} there, {} here",
                list(&only_a),
                list(&only_b)
            ),
            format!("{} here", list(&only_b)),
        ));
    }
    if fa.emails != fb.emails {
        let (only_a, only_b) = multiset_difference(&fa.emails, &fb.emails);
        out.push((
            format!(
                "e-mail addresses differ from the English twin: {} there, {} here",
                list(&only_a),
                list(&only_b)
            ),
            "e-mail here".to_owned(),
        ));
    }
    let keys = |p: &Paragraph<'_>| p.links.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>();
    let (only_a, only_b) = multiset_difference(&keys(a), &keys(b));
    // A translation linking the Chinese edition of a document (another
    // host, another path) links the same document.
    let localized = |key: &String| {
        ["zh-cn", "zh-hans", "zh_cn"]
            .iter()
            .any(|l| key.to_lowercase().contains(l))
    };
    if !only_a.is_empty() && !only_b.is_empty() && !only_b.iter().all(localized) {
        // Shown as written: the keys hold paths that differ between copies.
        let written = |p: &Paragraph<'_>, only: &[String]| -> Vec<String> {
            p.links
                .iter()
                .filter(|(key, _)| only.contains(key))
                .map(|(_, url)| url.clone())
                .collect()
        };
        let (only_a, only_b) = (written(a, &only_a), written(b, &only_b));
        out.push((
            format!(
                "links differ from the English twin: {} there, {} here",
                list(&only_a),
                list(&only_b)
            ),
            "links here".to_owned(),
        ));
    }
    if evidence == Evidence::Shared {
        marker_differences(a.text, b.text, lexicon, &mut out);
    }
    out
}

/// Markers (their `drift-en` / `drift-zh` words) said on one side and not
/// on the other.
fn marker_differences<'a>(
    english: &str,
    translation: &str,
    lexicon: &'a Lexicon,
    out: &mut Vec<(String, String)>,
) {
    let english_words: Vec<String> = text::tokens(english)
        .iter()
        .map(|t| english[t.range.clone()].to_lowercase())
        .collect();
    let chinese = text::without_false_markers(translation, lexicon);
    let says_en = |words: &'a [String]| -> Option<&'a String> {
        words.iter().find(|w| english_words.contains(&w.to_lowercase()))
    };
    let says_zh =
        |words: &'a [String]| -> Option<&'a String> { words.iter().find(|w| chinese.contains(w.as_str())) };
    for marker in &lexicon.markers {
        if let Some(word) = says_en(&marker.drift_en)
            && says_zh(&marker.zh).is_none()
        {
            out.push((
                format!(
                    "the English twin says \"{word}\" here; the translation has none of {}",
                    marker.zh.join(", ")
                ),
                format!("no {} here", marker.zh.join("/")),
            ));
        }
        if let Some(word) = says_zh(&marker.drift_zh)
            && says_en(&marker.en).is_none()
        {
            out.push((
                format!(
                    "this translation says \"{word}\" ({}); the English twin has none of {}",
                    marker.name,
                    marker.en.join(", ")
                ),
                format!("\"{word}\" only in this language"),
            ));
        }
    }
}

/// What is in `a` and not `b`, and in `b` and not `a`, counting repeats.
/// Both inputs sorted.
fn multiset_difference<T: Ord + Clone>(a: &[T], b: &[T]) -> (Vec<T>, Vec<T>) {
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                only_a.push(x.clone());
                i += 1;
            }
            (Some(_), Some(y)) => {
                only_b.push(y.clone());
                j += 1;
            }
            (Some(x), None) => {
                only_a.push(x.clone());
                i += 1;
            }
            (None, Some(y)) => {
                only_b.push(y.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (only_a, only_b)
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(facts: &[u64]) -> Paragraph<'static> {
        Paragraph {
            span: Span::new(0, 0),
            text: "",
            features: &NO_FEATURES,
            links: Vec::new(),
            facts: facts.to_vec(),
            names: Vec::new(),
        }
    }

    #[test]
    fn anchors_in_order_and_equal_gaps_by_order() {
        // right has an inserted paragraph (9) between the anchors 1 and 2.
        let left = [
            paragraph(&[1]),
            paragraph(&[]),
            paragraph(&[2]),
            paragraph(&[]),
            paragraph(&[3]),
        ];
        let right = [
            paragraph(&[1]),
            paragraph(&[9]),
            paragraph(&[]),
            paragraph(&[2]),
            paragraph(&[]),
            paragraph(&[3]),
        ];
        // 0-0 anchor; gap 1 vs 2 left unpaired; 2-3 anchor; gap 3/4 by order; 4-5 anchor.
        let pairs: Vec<(usize, usize)> = align(&left, &right).into_iter().map(|(a, b, _)| (a, b)).collect();
        assert_eq!(pairs, vec![(0, 0), (2, 3), (3, 4), (4, 5)]);
    }

    fn markdown_page(path: &str, text: &str) -> Page {
        let options = crate::page::ParseOptions {
            text_blocks: true,
            ..Default::default()
        };
        let regions = crate::page::regions::RegionRules::default();
        crate::page::parse_page(path, text, &crate::source::Decoding::Utf8, &options, &regions)
    }

    #[test]
    fn paragraph_features_are_read_once_per_text_and_found_by_text() {
        let shared = "Data is replicated 3 times within 2 regions.";
        let first = markdown_page("a.md", &format!("{shared}\n\nOnly here: 99.9% uptime.\n"));
        let copy = markdown_page("b.md", &format!("{shared}\n"));
        let lexicon = Lexicon::load(&crate::lint::rules::claims::settings::ClaimsConfig::default()).unwrap();
        let features = ParagraphFeatures::of([&first, &copy, &first].into_iter(), &lexicon);
        assert_eq!(features.0.len(), 2, "two distinct paragraph texts");
        let numbers = |page: &Page, at: usize| {
            let keys = vec![None; page.links.len()];
            paragraphs(page, &keys, &features)[at].features.numbers.clone()
        };
        assert_eq!(numbers(&copy, 0), numbers(&first, 0));
        assert!(!numbers(&copy, 0).is_empty(), "the shared paragraph has numbers");
        assert_ne!(numbers(&first, 1), numbers(&first, 0));
    }

    #[test]
    fn multiset_difference_counts_repeats() {
        let (a, b) = multiset_difference(&[1, 2, 2, 5], &[2, 3, 5]);
        assert_eq!((a, b), (vec![1, 2], vec![3]));
    }
}
