use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use regex::Regex;

use crate::declare_rule;
use rustc_hash::FxHashMap;

use crate::lint::{ClaimsContext, Finding, Opens, Related, Rule, RuleMeta};
use crate::page::{Page, Region};
use crate::site::twins::{external_key, language_neutral_path};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Compares link labels and targets across the whole site and reports:
    /// a label that names one document on a link to another document's URL
    /// (a "Privacy Statement" link to the subscription agreement; documents
    /// and their URL patterns are listed in `lints/claims.toml`); the same
    /// descriptive label pointing to different targets (the minority target
    /// is reported, with every other use as related locations); one target
    /// under labels that name different documents; and different dates given
    /// next to links to the same target (a news item dated differently in two
    /// lists). Generic labels ("Learn more", "了解更多") are ignored, and a
    /// page and its translation count as one target.
    ///
    /// ## Why it matters
    /// A reader trusts the label: a link that says one thing and opens
    /// another sends them to the wrong terms, and two lists disagreeing on a
    /// date make both doubtful.
    ///
    /// ## Example
    /// ```markdown
    /// [Microsoft Privacy Statement](/support/legal/subscription-agreement)
    /// ```
    ///
    /// ## Fix
    /// Point the link at the document its label names, or change the label;
    /// make the lists agree on the date.
    pub struct LinkLabelMismatch {
        name: "link-label-mismatch",
        code: "TC303",
        family: "claims",
        severity: Warning,
        fix: Never,
        summary: "link labels and targets that disagree across the site",
    }
}

/// One link of the site, reduced to what the comparisons need (borrowed
/// from the page: a large site has hundreds of thousands of links).
struct Use<'s> {
    page: u32,
    span: Span,
    label: Cow<'s, str>,
    /// The document the link opens: links to copies and translations of
    /// one page share it (see [`TargetKeys`]).
    target: u32,
    url: &'s str,
    date: Option<String>,
}

impl Rule for LinkLabelMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_claims(&self, cx: &ClaimsContext<'_>, out: &mut Vec<Finding>) {
        let found: Vec<(Use, Target)> = cx
            .site
            .pages
            .par_iter()
            .enumerate()
            .flat_map_iter(|(index, page)| uses_of(cx, index, page))
            .collect();
        let keys: Vec<TargetKeys> = (0..cx.site.pages.len())
            .into_par_iter()
            .map(|page| page_keys(cx, page))
            .collect();
        let uses = with_targets(found, &keys);
        // Labels repeat across the site: each distinct one is read once.
        let labels = per_distinct(uses.iter().map(|u| &*u.label), |label| LabelFacts {
            names: cx
                .data
                .claims
                .documents
                .iter()
                .position(|d| d.labels.is_match(label)),
            group: is_descriptive(cx, label).then(|| label.to_lowercase()),
        });
        wrong_document(cx, &uses, &labels, out);
        same_label_other_targets(cx, &uses, &labels, out);
        dates_differ(cx, &uses, out);
    }
}

/// What a link opens: a page of the site or an external URL (its key).
enum Target {
    Page(usize),
    External(String),
}

fn uses_of<'s>(cx: &ClaimsContext<'_>, index: usize, page: &'s Page) -> Vec<(Use<'s>, Target)> {
    let mut out = Vec::new();
    let sole_blocks = sole_link_blocks(page);
    let targets = page.links.iter().zip(sole_blocks).zip(&cx.link_targets[index]);
    for ((link, sole_block), opens) in targets {
        if !matches!(link.region, Region::Main | Region::Sidebar | Region::Hero) {
            continue;
        }
        // A link within the page (table of contents) makes no claim.
        let opens = match opens {
            Opens::Page(target) => Target::Page(*target as usize),
            Opens::External => Target::External(format!("url:{}", external_key(&link.url, false))),
            Opens::Fragment | Opens::Other => continue,
        };
        let usage = Use {
            page: index as u32,
            span: link.span,
            label: collapsed(&link.text),
            target: 0,
            url: &link.url,
            date: sole_block.and_then(|block| date_in(page.text_blocks.text(block))),
        };
        out.push((usage, opens));
    }
    out
}

/// The text with runs of whitespace made one space, borrowed when it
/// already is (link texts mostly are: the parser collapses them).
fn collapsed(text: &str) -> Cow<'_, str> {
    let mut previous_space = true;
    let clean = text.chars().all(|c| {
        let ok = if c.is_whitespace() {
            c == ' ' && !previous_space
        } else {
            true
        };
        previous_space = c.is_whitespace();
        ok
    });
    if clean && !text.ends_with(' ') {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// What identifies the document a link opens. Two links open the same
/// document when either key matches: `path`, the target with locale folders
/// (at any depth) and `-cn`/`-en` suffixes taken off (a page, its translation and its copy
/// under `en-us/`); `copy`, the target's file name and title (copies of the
/// page in mirrored trees: `site-a/privacy.md` and `site-b/privacy.md`).
struct TargetKeys {
    path: String,
    copy: Option<String>,
}

fn page_keys(cx: &ClaimsContext<'_>, page: usize) -> TargetKeys {
    let target = &cx.site.pages[page];
    let file = target.path.rsplit('/').next().unwrap_or(&target.path);
    TargetKeys {
        path: format!("page:{}", language_neutral_path(&target.path)),
        copy: target
            .title
            .as_deref()
            .filter(|title| !title.trim().is_empty())
            .map(|title| format!("copy:{file}:{}", title.trim().to_lowercase())),
    }
}

/// Numbers the documents the uses open: uses whose keys match, directly or
/// through other uses, get the same number.
fn with_targets<'s>(found: Vec<(Use<'s>, Target)>, page_keys: &[TargetKeys]) -> Vec<Use<'s>> {
    let mut sets = crate::claims::UnionFind::new(found.len());
    let mut first: FxHashMap<&str, u32> = FxHashMap::default();
    for (index, (_, opens)) in found.iter().enumerate() {
        let keys: [Option<&String>; 2] = match opens {
            Target::Page(page) => [Some(&page_keys[*page].path), page_keys[*page].copy.as_ref()],
            Target::External(url) => [Some(url), None],
        };
        for key in keys.into_iter().flatten() {
            let seen = *first.entry(key).or_insert(index as u32);
            sets.union(seen, index as u32);
        }
    }
    drop(first);
    let targets: Vec<u32> = (0..found.len() as u32).map(|index| sets.find(index)).collect();
    found
        .into_iter()
        .zip(targets)
        .map(|((usage, _), target)| Use { target, ..usage })
        .collect()
}

/// For each link of the page: the text block (list item, row cell) that
/// holds its text and no other link's text, if any.
fn sole_link_blocks(page: &Page) -> Vec<Option<usize>> {
    let blocks = &page.text_blocks;
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by_key(|&index| blocks.get(index).span.start);
    let block_of: Vec<Option<usize>> = page
        .links
        .iter()
        .map(|link| {
            let text = link.text_span?;
            page.block_holding(&order, text).map(|position| order[position])
        })
        .collect();
    let mut links_in = vec![0u32; blocks.len()];
    for &block in block_of.iter().flatten() {
        links_in[block] += 1;
    }
    block_of
        .into_iter()
        .map(|block| block.filter(|&block| links_in[block] == 1))
        .collect()
}

/// The first date written in a text block, as `YYYY-MM-DD`.
fn date_in(text: &str) -> Option<String> {
    static DATE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let date = DATE.get_or_init(|| {
        Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})")
            .unwrap()
    });
    // The DFA finds the date; only its few bytes go through the slower
    // capturing engine.
    let at = date.find(text)?;
    let found = date.captures(&text[at.range()])?;
    if let Some(year) = found.get(1) {
        let month: u32 = found[2].parse().ok()?;
        let day: u32 = found[3].parse().ok()?;
        return Some(format!("{}-{month:02}-{day:02}", year.as_str()));
    }
    let month = MONTHS.iter().position(|m| {
        found[4].eq_ignore_ascii_case(m) || m.get(..3).is_some_and(|s| found[4].eq_ignore_ascii_case(s))
    })? + 1;
    let day: u32 = found[5].parse().ok()?;
    Some(format!("{}-{month:02}-{day:02}", &found[6]))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_descriptive(cx: &ClaimsContext<'_>, label: &str) -> bool {
    let lower = label.to_lowercase();
    let words = label.split_whitespace().count();
    let han = label.chars().filter(|&c| crate::claims::text::is_han(c)).count();
    !cx.data.claims.generic_labels.contains(&lower) && (words >= 3 || han >= 6)
}

fn related(cx: &ClaimsContext<'_>, usage: &Use, message: String) -> Related {
    cx.related(usage.page, usage.span, message)
}

fn finding(cx: &ClaimsContext<'_>, at: &Use, message: String) -> Finding {
    Finding::new(
        &LinkLabelMismatch::META,
        &cx.site.pages[at.page as usize].path,
        at.span,
        message,
    )
}

/// Labels naming one document on URLs of another: one finding per label
/// and URL, at its first reported use, the other uses as related locations.
/// What a label says, whatever link it is on.
struct LabelFacts {
    /// The document of `lints/claims.toml` the label names.
    names: Option<usize>,
    /// Lower-cased, when descriptive enough to be compared across links.
    group: Option<String>,
}

fn wrong_document(
    cx: &ClaimsContext<'_>,
    uses: &[Use],
    labels: &FxHashMap<&str, LabelFacts>,
    out: &mut Vec<Finding>,
) {
    let documents = &cx.data.claims.documents;
    // URLs repeat too: each distinct one is matched once.
    let linked = per_distinct(uses.iter().map(|u| u.url), |url| {
        let matches: Vec<bool> = documents.iter().map(|d| d.urls.is_match(url)).collect();
        (matches.iter().position(|&m| m), matches)
    });
    let mut groups: BTreeMap<(usize, usize, String, &str), Vec<&Use>> = BTreeMap::new();
    for usage in uses {
        let Some(named) = labels[&*usage.label].names else {
            continue;
        };
        let (first_linked, matches) = &linked[usage.url];
        if matches[named] {
            continue;
        }
        if let Some(linked) = *first_linked {
            let key = (named, linked, usage.label.to_lowercase(), usage.url);
            groups.entry(key).or_default().push(usage);
        }
    }
    for ((named, linked, _, _), list) in groups {
        let Some(at) = list.iter().find(|u| cx.reported(u.page)) else {
            continue;
        };
        let (named, linked) = (&documents[named].name, &documents[linked].name);
        let mut report = finding(
            cx,
            at,
            format!("the label names the {named} but the link goes to the {linked}"),
        )
        .with_label(format!("\"{}\" -> {}", at.label, at.url))
        .with_help(format!("link to the {named} or label the link as the {linked}"));
        let others: Vec<&&Use> = list.iter().filter(|u| !std::ptr::eq(**u, *at)).collect();
        for usage in others.iter().take(MAX_RELATED) {
            report
                .related
                .push(related(cx, usage, "the same link here".to_owned()));
        }
        if others.len() > MAX_RELATED {
            report.help = Some(format!(
                "{}; the same link stands in {} more place(s)",
                report.help.unwrap_or_default(),
                others.len() - MAX_RELATED
            ));
        }
        out.push(report);
    }
}

/// `value` of each distinct string of `items`, computed in parallel.
fn per_distinct<'a, T: Send>(
    items: impl Iterator<Item = &'a str>,
    value: impl Fn(&str) -> T + Sync,
) -> FxHashMap<&'a str, T> {
    let distinct: rustc_hash::FxHashSet<&str> = items.collect();
    let distinct: Vec<&str> = distinct.into_iter().collect();
    distinct.into_par_iter().map(|item| (item, value(item))).collect()
}

/// How many other uses a finding lists as related locations.
const MAX_RELATED: usize = 8;

/// Groups uses by a key, keeping site order inside each group; groups in
/// key order. Hashed first: ordered inserts of hundreds of thousands of
/// uses spent their time comparing labels.
fn group_by<'u, 's, K: Ord + std::hash::Hash>(
    uses: &'u [Use<'s>],
    key: impl Fn(&'u Use<'s>) -> Option<K>,
) -> BTreeMap<K, Vec<&'u Use<'s>>> {
    let mut groups: FxHashMap<K, Vec<&Use>> = FxHashMap::default();
    for usage in uses {
        if let Some(key) = key(usage) {
            groups.entry(key).or_default().push(usage);
        }
    }
    groups.into_iter().collect()
}

/// Splits uses by a value, largest share first (ties: site order).
fn shares<'u, 's, V: PartialEq>(
    uses: &[&'u Use<'s>],
    value: impl Fn(&Use) -> V,
) -> Vec<(V, Vec<&'u Use<'s>>)> {
    let mut by_value: Vec<(V, Vec<&Use>)> = Vec::new();
    for &usage in uses {
        let of_use = value(usage);
        match by_value.iter_mut().find(|(v, _)| *v == of_use) {
            Some((_, list)) => list.push(usage),
            None => by_value.push((of_use, vec![usage])),
        }
    }
    by_value.sort_by_key(|(_, list)| std::cmp::Reverse(list.len()));
    by_value
}

/// For each group split by `value`: one finding per value other than the
/// most common, at its first reported use, with the common uses as related
/// locations. `describe(at, value, common_value, common)` words the finding,
/// `label(use)` each related location.
fn report_minorities<K, V: PartialEq>(
    cx: &ClaimsContext<'_>,
    groups: &BTreeMap<K, Vec<&Use>>,
    value: impl Fn(&Use) -> V,
    describe: impl Fn(&Use, &V, &V, &[&Use]) -> Finding,
    label: impl Fn(&Use) -> String,
    out: &mut Vec<Finding>,
) {
    for list in groups.values() {
        let split = shares(list, &value);
        if split.len() < 2 {
            continue;
        }
        let (common_value, common) = &split[0];
        for (minority_value, minority) in &split[1..] {
            let Some(at) = minority.iter().find(|u| cx.reported(u.page)) else {
                continue;
            };
            let mut report = describe(at, minority_value, common_value, common);
            for usage in common.iter().take(MAX_RELATED) {
                report.related.push(related(cx, usage, label(usage)));
            }
            out.push(report);
        }
    }
}

fn same_label_other_targets(
    cx: &ClaimsContext<'_>,
    uses: &[Use],
    labels: &FxHashMap<&str, LabelFacts>,
    out: &mut Vec<Finding>,
) {
    let groups = group_by(uses, |u| labels[&*u.label].group.as_deref());
    let describe = |at: &Use, _: &u32, _: &u32, common: &[&Use]| {
        finding(
            cx,
            at,
            format!(
                "the label \"{}\" leads to `{}` here, but to `{}` on {} other link(s)",
                at.label,
                at.url,
                common[0].url,
                common.len()
            ),
        )
        .with_help("one label should name one document: fix the target or make the labels say what differs")
    };
    let label = |u: &Use| format!("\"{}\" -> {}", u.label, u.url);
    report_minorities(cx, &groups, |u| u.target, describe, label, out);
}

fn dates_differ(cx: &ClaimsContext<'_>, uses: &[Use], out: &mut Vec<Finding>) {
    let groups = group_by(uses, |u| u.date.as_ref().map(|_| u.target));
    let describe = |at: &Use, date: &String, common_date: &String, common: &[&Use]| {
        finding(
            cx,
            at,
            format!(
                "this link to `{}` is dated {date} here but {common_date} on {} other page(s)",
                at.url,
                common.len()
            ),
        )
    };
    let label = |u: &Use| format!("dated {} here", date_of(u));
    report_minorities(cx, &groups, |u| date_of(u).to_owned(), describe, label, out);
}

fn date_of<'u>(usage: &'u Use<'_>) -> &'u str {
    usage.date.as_deref().unwrap_or("")
}
