use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analysis::align::{self, Paragraph, ParagraphFeatures};
use crate::declare_rule;
use crate::lint::{AcrossRule, ClaimsContext, Finding, Opens};
use crate::page::{AnchorKind, Locale, Region, Table};
use crate::site::twins::{external_key, language_neutral_path};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Compares each page with its translation (`X.md` / `X-cn.md`, ACOM
    /// `X-en.md` / `X.md`, `en-us/` / `zh-cn/` folders, `[AZURE.LANGUAGE]`
    /// lists, front-matter `translations`) on what does not need translating.
    /// Paragraphs (text blocks) are aligned first: by shared numbers, links,
    /// e-mail addresses and named things, in order, and by order between two
    /// aligned paragraphs when both sides have as many. Then, per aligned
    /// pair: numbers with their units, percentages and dates (formats
    /// normalized: "May 25, 2016" = "2016-05-25" = "2016年5月25日"); link
    /// targets (a page and its twin are one target; `en-us`/`zh-cn` URLs of
    /// one document too, and a Chinese-locale URL in the translation);
    /// e-mail addresses; and the claim markers of `lints/claims.toml` given
    /// `drift-en` / `drift-zh` words (none shipped: "exclusively" is said in
    /// Chinese with the place alone). Figures written in words are not
    /// compared across languages ("one another" / "any two"). Across the
    /// pair: the ids some link of the site opens on either twin, and the
    /// shape of each table (rows and columns, `colspan` counted; a page
    /// with no table left them out). A difference repeated in copies of the
    /// pair (root and `en-us/`) is one finding.
    ///
    /// ## Why it matters
    /// Translations are edited apart: a figure, a date or an "only" changed
    /// in one language and not the other leaves the site saying two things.
    /// These differences do not depend on wording, so they are found without
    /// translating.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- sla.md -->     We guarantee 99.9% availability.
    /// <!-- sla-cn.md -->  我们保证 99.95% 的可用性。
    /// ```
    ///
    /// ## Fix
    /// Decide which language is right and bring the other in line; add the
    /// missing anchor to the translation.
    pub struct TranslationDrift {
        name: "translation-drift",
        code: "TC302",
        family: Claims,
        severity: Warning,
        fix: Never,
        summary: "a page and its translation differ in numbers, dates, links, e-mails, markers or anchors",
        twins: true,
        preview: true,
    }
}

/// One difference between a page and its translation, before grouping.
struct Drift {
    /// The translation's side (or the only side that has the thing).
    page: u32,
    span: Span,
    /// The English side.
    twin: u32,
    twin_span: Span,
    message: String,
    label: String,
}

impl AcrossRule for TranslationDrift {
    fn check_across(&self, cx: &ClaimsContext<'_>, out: &mut Vec<Finding>) {
        let pairs = twin_pairs(cx);
        // Copies of a pair (mirrored trees) are compared once.
        let prints: Vec<u64> = pairs
            .par_iter()
            .map(|&(english, translation)| {
                fingerprint(cx, english) ^ fingerprint(cx, translation).rotate_left(1)
            })
            .collect();
        let mut first_with: FxHashMap<u64, usize> = FxHashMap::default();
        let mut compared: Vec<usize> = Vec::new();
        let same_as: Vec<usize> = prints
            .iter()
            .enumerate()
            .map(|(index, print)| {
                *first_with.entry(*print).or_insert_with(|| {
                    compared.push(index);
                    compared.len() - 1
                })
            })
            .collect();
        let pages = (compared.iter())
            .flat_map(|&index| [pairs[index].0, pairs[index].1])
            .map(|page| &cx.site.pages[page]);
        let features = ParagraphFeatures::of(pages, &cx.data.claims);
        let found: Vec<Vec<PairDrift>> = compared
            .par_iter()
            .map(|&index| compare(cx, &features, pairs[index]))
            .collect();
        let linked = &linked_fragments(cx);
        let drifts: Vec<Drift> = pairs
            .iter()
            .zip(same_as)
            .flat_map(|(&(english, translation), result)| {
                // An anchor no live link of the site opens on either twin
                // breaks nothing.
                let opened = move |name: &str| {
                    [english, translation]
                        .iter()
                        .any(|&page| linked.contains(&(page as u32, name)))
                };
                let linked_anchor = move |d: &&PairDrift| d.anchor.as_deref().is_none_or(opened);
                found[result].iter().filter(linked_anchor).map(move |d| {
                    drift(
                        cx,
                        (english, d.english_span),
                        (translation, d.translation_span),
                        d.message.clone(),
                        d.label.clone(),
                    )
                })
            })
            .collect();
        report_grouped(cx, drifts, out);
    }
}

/// The (page, fragment) pairs that links outside comments open, on their
/// own page or another of the site.
fn linked_fragments<'s>(cx: &ClaimsContext<'s>) -> rustc_hash::FxHashSet<(u32, &'s str)> {
    let mut linked = rustc_hash::FxHashSet::default();
    for (from, (page, targets)) in cx.site.pages.iter().zip(cx.link_targets).enumerate() {
        for (link, opens) in page.links.iter().zip(targets) {
            let Some((_, fragment)) = link.url.split_once('#') else {
                continue;
            };
            let target = match *opens {
                Opens::Page(to) => to,
                Opens::Fragment => from as u32,
                _ => continue,
            };
            if link.region != Region::Comment {
                linked.insert((target, fragment));
            }
        }
    }
    linked
}

/// A difference found between the two pages of a pair, by position.
struct PairDrift {
    english_span: Span,
    translation_span: Span,
    message: String,
    label: String,
    /// For an anchor one twin lacks: its name.
    anchor: Option<Box<str>>,
}

/// What the comparison of a page reads of it: equal for byte-identical
/// copies whose links open the same kinds of things.
fn fingerprint(cx: &ClaimsContext<'_>, page: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    let page_data = &cx.site.pages[page];
    for block in page_data.text_blocks.blocks() {
        (block.hash, block.span.start, block.span.end, block.region as u8).hash(&mut hasher);
    }
    for (link, opens) in page_data.links.iter().zip(&cx.link_targets[page]) {
        (&link.url, link.text_span.map(|s| (s.start, s.end))).hash(&mut hasher);
        std::mem::discriminant(opens).hash(&mut hasher);
    }
    for anchor in &page_data.anchors {
        (&anchor.name, anchor.span.start, anchor.kind as u8).hash(&mut hasher);
    }
    for table in &page_data.tables {
        (table.span.start, table.span.end, table.region as u8, &table.rows).hash(&mut hasher);
    }
    hasher.finish()
}

/// Each (English page, Chinese page) pair of twins once, in site order.
fn twin_pairs(cx: &ClaimsContext<'_>) -> Vec<(usize, usize)> {
    (0..cx.site.pages.len())
        .into_par_iter()
        .filter(|&index| cx.site.pages[index].locale == Some(Locale::EnUs))
        .flat_map_iter(|index| {
            (cx.twins()[index].iter())
                .filter(|&&(locale, _)| locale == Locale::ZhCn)
                .map(move |&(_, twin)| (index, twin))
        })
        .filter(|&(english, translation)| cx.reported(english as u32) || cx.reported(translation as u32))
        .collect()
}

fn compare(
    cx: &ClaimsContext<'_>,
    features: &ParagraphFeatures,
    (english, translation): (usize, usize),
) -> Vec<PairDrift> {
    let lexicon = &cx.data.claims;
    let left = paragraphs(cx, features, english);
    let right = paragraphs(cx, features, translation);
    let mut drifts = Vec::new();
    for (a, b, evidence) in align::align(&left, &right) {
        let (a, b) = (&left[a], &right[b]);
        for (message, label) in align::differences(a, b, evidence, lexicon) {
            drifts.push(PairDrift {
                english_span: a.span,
                translation_span: b.span,
                message,
                label,
                anchor: None,
            });
        }
    }
    drifts.extend(missing_anchors(cx, english, translation));
    drifts.extend(table_shapes(cx, english, translation));
    drifts
}

/// Tables of the main content, paired in order: a row or a column more on
/// one side is content one language has and the other lacks. When the
/// pages do not have as many tables, that alone is reported; a page with
/// no table at all left them out (a summary translation), as a paragraph
/// left out is not reported either.
fn table_shapes(cx: &ClaimsContext<'_>, english: usize, translation: usize) -> Vec<PairDrift> {
    let tables = |page: usize| -> Vec<&Table> {
        cx.site.pages[page]
            .tables
            .iter()
            .filter(|t| matches!(t.region, Region::Main | Region::Hero))
            .collect()
    };
    let (left, right) = (tables(english), tables(translation));
    let (Some(&last_left), Some(&last_right)) = (left.last(), right.last()) else {
        return Vec::new();
    };
    if left.len() != right.len() {
        // The first table without a counterpart, against the other side's last.
        let (english_span, translation_span) = match left.get(right.len()) {
            Some(extra) => (extra.span, last_right.span),
            None => (last_left.span, right[left.len()].span),
        };
        return vec![PairDrift {
            english_span,
            translation_span,
            message: format!(
                "the English twin has {} table(s) in its content, this translation {}",
                left.len(),
                right.len()
            ),
            label: "tables differ in number".to_owned(),
            anchor: None,
        }];
    }
    let mut out = Vec::new();
    for (number, (a, b)) in left.iter().zip(&right).enumerate() {
        let (rows, columns) = ((a.rows.len(), b.rows.len()), (a.columns(), b.columns()));
        if rows.0 == rows.1 && columns.0 == columns.1 {
            continue;
        }
        out.push(PairDrift {
            english_span: a.span,
            translation_span: b.span,
            message: format!(
                "table {} has {} row(s) of {} column(s) here but {} of {} in the English twin",
                number + 1,
                rows.1,
                columns.1,
                rows.0,
                columns.0
            ),
            label: format!(
                "{} x {} here, {} x {} in English",
                rows.1, columns.1, rows.0, columns.0
            ),
            anchor: None,
        });
    }
    out
}

/// A page's paragraphs, its links keyed so that a page and its twin, and
/// the `en-us`/`zh-cn` URLs of one document, are one target.
fn paragraphs<'a>(
    cx: &ClaimsContext<'a>,
    features: &'a ParagraphFeatures,
    page: usize,
) -> Vec<Paragraph<'a>> {
    let site = cx.site;
    let keys: Vec<Option<String>> = site.pages[page]
        .links
        .iter()
        .zip(&cx.link_targets[page])
        .map(|(link, opens)| match opens {
            Opens::Page(target) => Some(format!(
                "{}{}",
                language_neutral_path(&site.pages[*target as usize].path),
                link.url.find('#').map_or("", |at| &link.url[at..])
            )),
            Opens::External => Some(external_key(&link.url, true)),
            Opens::Fragment | Opens::Other => None,
        })
        .collect();
    align::paragraphs(&site.pages[page], &keys, features)
}

/// A drift reported on the translation when it is asked for, else on the
/// English page.
fn drift(
    cx: &ClaimsContext<'_>,
    (english, english_span): (usize, Span),
    (translation, translation_span): (usize, Span),
    message: String,
    label: String,
) -> Drift {
    let on_translation = cx.reported(translation as u32);
    let (page, span, twin, twin_span) = if on_translation {
        (translation, translation_span, english, english_span)
    } else {
        (english, english_span, translation, translation_span)
    };
    Drift {
        page: page as u32,
        span,
        twin: twin as u32,
        twin_span,
        message,
        label,
    }
}

/// Ids and `<a name>` anchors of the main content that one twin has and the
/// other lacks: links made for one language break in the other. (Heading
/// slugs differ by language and are not compared.)
fn missing_anchors(cx: &ClaimsContext<'_>, english: usize, translation: usize) -> Vec<PairDrift> {
    let ids = |page: usize| -> FxHashMap<&str, Span> {
        cx.site.pages[page]
            .anchors
            .iter()
            .filter(|a| a.kind != AnchorKind::HeadingSlug && matches!(a.region, Region::Main | Region::Hero))
            .map(|a| (&*a.name, a.span))
            .collect()
    };
    let (left, right) = (ids(english), ids(translation));
    let start = Span::new(0, 0);
    let mut out = Vec::new();
    for (name, &span) in &left {
        if !right.contains_key(name) {
            let message = format!("the English twin has the anchor `#{name}`; this translation has none");
            let label = format!("no `#{name}` here");
            out.push(PairDrift {
                english_span: span,
                translation_span: start,
                message,
                label,
                anchor: Some((*name).into()),
            });
        }
    }
    for (name, &span) in &right {
        if !left.contains_key(name) {
            let message = format!("this translation has the anchor `#{name}`; the English twin has none");
            let label = format!("`#{name}` only in this language");
            out.push(PairDrift {
                english_span: start,
                translation_span: span,
                message,
                label,
                anchor: Some((*name).into()),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.translation_span.start, a.english_span.start, &a.message).cmp(&(
            b.translation_span.start,
            b.english_span.start,
            &b.message,
        ))
    });
    out
}

/// How many copies of one drift a finding lists as related locations.
const MAX_COPIES: usize = 8;

/// One finding per distinct drift (message, and the text on both sides):
/// copies of a pair of pages (root and `en-us/`) repeat their drifts.
fn report_grouped(cx: &ClaimsContext<'_>, drifts: Vec<Drift>, out: &mut Vec<Finding>) {
    let text_at = |page: u32, span: Span| -> &str {
        let page = &cx.site.pages[page as usize];
        page.text_blocks
            .iter()
            .find(|(block, _)| block.span == span)
            .map_or("", |(_, text)| text)
    };
    let mut groups: FxHashMap<(String, &str, &str), Vec<Drift>> = FxHashMap::default();
    let mut order = Vec::new();
    for drift in drifts {
        let key = (
            drift.message.clone(),
            text_at(drift.page, drift.span),
            text_at(drift.twin, drift.twin_span),
        );
        let group = groups.entry(key).or_insert_with_key(|key| {
            order.push(key.clone());
            Vec::new()
        });
        group.push(drift);
    }
    for key in order {
        let mut copies = groups.remove(&key).unwrap_or_default();
        copies.sort_by_key(|d| (d.page, d.span.start));
        let Some(first) = copies.iter().position(|d| cx.reported(d.page)) else {
            continue;
        };
        let at = &copies[first];
        let twin_path = &cx.site.pages[at.twin as usize].path;
        let mut finding = Finding::new(
            &TranslationDrift::META,
            &cx.site.pages[at.page as usize].path,
            at.span,
            at.message.clone(),
        )
        .with_label(at.label.clone())
        .with_subject(at.label.as_str())
        .with_help(format!(
            "compare with the twin `{twin_path}`; make both say the same"
        ));
        finding
            .related
            .push(cx.related(at.twin, at.twin_span, "the twin says".to_owned()));
        for copy in copies.iter().filter(|d| !std::ptr::eq(*d, at)).take(MAX_COPIES) {
            finding.related.push(cx.related(
                copy.page,
                copy.span,
                "the same difference in a copy".to_owned(),
            ));
        }
        out.push(finding);
    }
}
