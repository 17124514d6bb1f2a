use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analysis::dates::{BlockDates, Date};
use super::analysis::labels::{self, LabelKey, hash_of};
use crate::declare_rule;
use crate::lint::{AcrossRule, ClaimsContext, Finding, Opens, Related};
use crate::page::{Link, Page, Region};
use crate::shared::whitespace::collapsed;
use crate::site::Site;
use crate::site::twins::{external_key, language_neutral_path};

declare_rule! {
    /// ## What it does
    /// Compares link labels and targets across the whole site and reports:
    /// a label that names one document on a link to another document's URL
    /// (a "Privacy Statement" link to the subscription agreement; kinds of
    /// document in `lints/claims.toml`, a site's own in `[claims]`); the
    /// same descriptive label pointing to different targets among pages of
    /// one language (the minority target is reported, with every other use
    /// as related locations; labels of generic words, short links, and URLs
    /// differing in locale segment or query are not compared); one target
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
        family: Claims,
        severity: Warning,
        fix: Never,
        summary: "link labels and targets that disagree across the site",
        preview: true,
    }
}

/// One link of the site, reduced to numbers: its page and its index in the
/// page's links, its label among the site's distinct labels, the document
/// it opens (links to copies and translations of one page share it: see
/// [`TargetKeys`]). There is one per link of the site.
struct Use {
    page: u32,
    link: u32,
    label: u32,
    target: u32,
    date: Option<Date>,
}

/// The links of the site that the comparisons read.
struct Links<'s> {
    site: &'s Site,
    /// The site's distinct labels (whitespace collapsed), what each says.
    labels: Vec<Label<'s>>,
    /// Links whose label says something or that carry a date, in site order.
    uses: Vec<Use>,
}

struct Label<'s> {
    text: Cow<'s, str>,
    facts: LabelFacts,
}

impl<'s> Links<'s> {
    fn link(&self, usage: &Use) -> &'s Link {
        link_of(self.site, usage)
    }

    fn url(&self, usage: &Use) -> &'s str {
        url_of(self.site, usage)
    }

    fn label(&self, usage: &Use) -> &str {
        &self.labels[usage.label as usize].text
    }

    fn facts(&self, usage: &Use) -> &LabelFacts {
        &self.labels[usage.label as usize].facts
    }
}

impl AcrossRule for LinkLabelMismatch {
    fn check_across(&self, cx: &ClaimsContext<'_>, out: &mut Vec<Finding>) {
        let links = links(cx);
        wrong_document(cx, &links, out);
        same_label_other_targets(cx, &links, out);
        dates_differ(cx, &links, out);
    }
}

fn link_of<'s>(site: &'s Site, usage: &Use) -> &'s Link {
    &site.pages[usage.page as usize].links[usage.link as usize]
}

fn url_of<'s>(site: &'s Site, usage: &Use) -> &'s str {
    &link_of(site, usage).url
}

/// One link of a page, as read in the parallel pass: its index in the
/// page's links, its label ([`OWN_TEXT`]: the link's text as it stands,
/// else an index into the page's collapsed labels), the page it opens
/// ([`EXTERNAL`]: its URL) and the date next to it. Kept small: there is
/// one for every link of the site, and these lists are most of the memory
/// the rule touches.
struct Found {
    /// The label's hash, taken once: labels are numbered, then looked up.
    label_hash: u64,
    link: u32,
    label: u32,
    opens: u32,
    date: Option<Date>,
}

const OWN_TEXT: u32 = u32::MAX;
const EXTERNAL: u32 = u32::MAX;

/// The links of one page that the rule reads.
struct PageLinks {
    found: Vec<Found>,
    /// The labels whose whitespace had to be collapsed (few: the parser
    /// collapses link texts).
    collapsed: Vec<Box<str>>,
}

impl PageLinks {
    fn label<'a>(&'a self, page: &'a Page, found: &Found) -> &'a str {
        match found.label {
            OWN_TEXT => &page.links[found.link as usize].text,
            index => &self.collapsed[index as usize],
        }
    }

    fn key<'a>(&'a self, page: &'a Page, found: &Found) -> LabelKey<'a> {
        LabelKey {
            hash: found.label_hash,
            text: self.label(page, found),
        }
    }
}

fn found_on(cx: &ClaimsContext<'_>, dates: &BlockDates, index: usize, page: &Page) -> PageLinks {
    // A link in the page's chrome, or within the page (table of contents),
    // makes no claim.
    let read = |link: &Link, opens: &Opens| {
        matches!(link.region, Region::Main | Region::Sidebar | Region::Hero)
            && matches!(opens, Opens::Page(_) | Opens::External)
    };
    let count = (page.links.iter().zip(&cx.link_targets[index]))
        .filter(|(link, opens)| read(link, opens))
        .count();
    let mut found = Vec::with_capacity(count);
    let mut collapsed_labels = Vec::new();
    let sole_blocks = sole_link_blocks(page);
    let targets = page.links.iter().zip(sole_blocks).zip(&cx.link_targets[index]);
    for (at, ((link, sole_block), opens)) in targets.enumerate() {
        if !read(link, opens) {
            continue;
        }
        let (label, label_hash) = match collapsed(&link.text) {
            Cow::Borrowed(text) => (OWN_TEXT, hash_of(text)),
            Cow::Owned(text) => {
                let hash = hash_of(&text);
                collapsed_labels.push(text.into_boxed_str());
                (collapsed_labels.len() as u32 - 1, hash)
            }
        };
        found.push(Found {
            label_hash,
            link: at as u32,
            label,
            opens: match opens {
                Opens::Page(target) => *target,
                _ => EXTERNAL,
            },
            date: sole_block.and_then(|block| dates.of(page, block)),
        });
    }
    PageLinks {
        found,
        collapsed: collapsed_labels,
    }
}

/// Reads every link of the site (pages in parallel), numbers labels and
/// documents, and keeps the links the comparisons need: those whose label
/// names a document or is descriptive, and those with a date.
fn links<'s>(cx: &ClaimsContext<'s>) -> Links<'s> {
    let site = cx.site;
    let dates = BlockDates::new(site);
    let found: Vec<PageLinks> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| found_on(cx, &dates, index, page))
        .collect();
    let (labels, label_ids) = number_labels(cx, &found);
    let label_of = |page: usize, one: &Found| label_ids[&found[page].key(&site.pages[page], one)];
    let mut uses: Vec<Use> = (found.par_iter().enumerate())
        .flat_map_iter(|(page, list)| {
            let labels = &labels;
            list.found.iter().filter_map(move |one| {
                let label = label_of(page, one);
                let facts = &labels[label as usize].facts;
                let kept = facts.names.is_some() || facts.group.is_some() || one.date.is_some();
                kept.then_some(Use {
                    page: page as u32,
                    link: one.link,
                    label,
                    target: one.opens,
                    date: one.date,
                })
            })
        })
        .collect();
    let urls = number_urls(site, &mut uses);
    number_documents(cx, &linked_pages(site, &found), &urls, &mut uses);
    Links { site, labels, uses }
}

/// The site's distinct labels, numbered in order of first appearance, as
/// one loop over the links would, but in parallel (on a large site that
/// loop is a large part of the rule's time), and what each says.
fn number_labels<'f, 's: 'f>(
    cx: &ClaimsContext<'s>,
    found: &'f [PageLinks],
) -> (Vec<Label<'s>>, FxHashMap<LabelKey<'f>, u32>) {
    let pages = &cx.site.pages;
    let position = |page: usize, at: usize| ((page as u64) << 32) | at as u64;
    let (firsts, ids) = super::analysis::number_by_first_appearance(
        found.par_iter().enumerate().flat_map_iter(|(page, list)| {
            (list.found.iter().enumerate())
                .map(move |(at, one)| (list.key(&pages[page], one), position(page, at)))
        }),
    );
    let labels = (firsts.par_iter())
        .map(|&first| {
            let page = (first >> 32) as usize;
            let one = &found[page].found[(first & 0xffff_ffff) as usize];
            let text = match one.label {
                OWN_TEXT => Cow::Borrowed(&*pages[page].links[one.link as usize].text),
                index => Cow::Owned(found[page].collapsed[index as usize].to_string()),
            };
            Label {
                facts: LabelFacts::of(cx, &text),
                text,
            }
        })
        .collect();
    (labels, ids)
}

/// Numbers the external URLs of `uses` in order of first appearance (uses
/// are in site order) and makes their targets documents: the page count
/// plus the URL's number. Gives the URLs by number.
fn number_urls<'s>(site: &'s Site, uses: &mut [Use]) -> Vec<&'s str> {
    let (_, ids) = super::analysis::number_by_first_appearance(
        (uses.par_iter().enumerate())
            .filter(|(_, usage)| usage.target == EXTERNAL)
            .map(|(at, usage)| (url_of(site, usage), at as u64)),
    );
    let pages = site.pages.len() as u32;
    for usage in uses.iter_mut().filter(|usage| usage.target == EXTERNAL) {
        usage.target = pages + ids[url_of(site, usage)];
    }
    let mut urls = vec![""; ids.len()];
    for (url, id) in ids {
        urls[id as usize] = url;
    }
    urls
}

/// The pages some link opens. All take part in numbering documents (a page
/// can join two others' keys), whether or not their links are kept.
fn linked_pages(site: &Site, found: &[PageLinks]) -> Vec<bool> {
    let mut linked = vec![false; site.pages.len()];
    for one in found.iter().flat_map(|list| &list.found) {
        if let Some(page) = linked.get_mut(one.opens as usize) {
            *page = true;
        }
    }
    linked
}

/// What identifies the document a link opens. Two links open the same
/// document when either key matches: `path`, the target with locale folders
/// (at any depth) and `-cn`/`-en` suffixes taken off (a page, its translation and its copy
/// under `en-us/`); `copy`, the target's file name and title (copies of the
/// page in mirrored trees: `site-a/privacy.md` and `site-b/privacy.md`);
/// an external URL's key (scheme, fragment, case and trailing slash aside).
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

/// Numbers the documents the uses open (`target` is a page index, or the
/// page count plus an index into `urls`, on entry): targets whose keys
/// match, directly or through other `linked` pages, get the same number.
fn number_documents(cx: &ClaimsContext<'_>, linked: &[bool], urls: &[&str], uses: &mut [Use]) {
    let pages = cx.site.pages.len();
    let keys: Vec<Option<TargetKeys>> = (0..pages)
        .into_par_iter()
        .map(|page| linked[page].then(|| page_keys(cx, page)))
        .collect();
    // Two keys per URL: as written, and without its locale segments and
    // query (`/en-us/x` and `/zh-cn/x` are one document in two languages;
    // `/login?return=a` and `/login?return=b` one page).
    let url_keys: Vec<[String; 2]> = urls
        .par_iter()
        .map(|url| {
            let neutral = external_key(url, true);
            let without_query = neutral.split('?').next().unwrap_or(&neutral);
            [
                format!("url:{}", external_key(url, false)),
                format!("url:{without_query}"),
            ]
        })
        .collect();
    let mut sets = super::analysis::UnionFind::new(pages + urls.len());
    let mut first: FxHashMap<&str, u32> = FxHashMap::default();
    let page_keys = keys.iter().enumerate().filter_map(|(page, keys)| {
        let keys = keys.as_ref()?;
        Some((page, [Some(keys.path.as_str()), keys.copy.as_deref()]))
    });
    let url_keys = url_keys
        .iter()
        .enumerate()
        .map(|(url, [key, neutral])| (pages + url, [Some(key.as_str()), Some(neutral.as_str())]));
    for (node, keys) in page_keys.chain(url_keys) {
        for key in keys.into_iter().flatten() {
            let seen = *first.entry(key).or_insert(node as u32);
            sets.union(seen, node as u32);
        }
    }
    for usage in uses {
        usage.target = sets.find(usage.target);
    }
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

fn related(cx: &ClaimsContext<'_>, links: &Links, usage: &Use, message: String) -> Related {
    cx.related(usage.page, links.link(usage).span, message)
}

fn finding(cx: &ClaimsContext<'_>, links: &Links, at: &Use, message: String) -> Finding {
    Finding::new(
        &LinkLabelMismatch::META,
        &cx.site.pages[at.page as usize].path,
        links.link(at).span,
        message,
    )
}

/// What a label says, whatever link it is on.
struct LabelFacts {
    /// The document (shipped kinds and the site's own) the label names.
    names: Option<usize>,
    /// Lower-cased, when descriptive enough to be compared across links.
    group: Option<String>,
}

impl LabelFacts {
    fn of(cx: &ClaimsContext<'_>, label: &str) -> LabelFacts {
        LabelFacts {
            names: cx
                .data
                .claims
                .documents
                .iter()
                .position(|d| d.labels.is_match(label)),
            group: labels::is_descriptive(&cx.data.claims, label).then(|| label.to_lowercase()),
        }
    }
}

/// Labels naming one document on URLs of another: one finding per label
/// and URL, at its first reported use, the other uses as related locations.
fn wrong_document(cx: &ClaimsContext<'_>, links: &Links, out: &mut Vec<Finding>) {
    let documents = &cx.data.claims.documents;
    let named: Vec<(&Use, usize)> = links
        .uses
        .iter()
        .filter_map(|u| Some((u, links.facts(u).names?)))
        .collect();
    // URLs repeat: each distinct one is matched once.
    let linked = per_distinct(named.iter().map(|(u, _)| links.url(u)), |url| {
        let matches: Vec<bool> = documents.iter().map(|d| d.urls.is_match(url)).collect();
        (matches.iter().position(|&m| m), matches)
    });
    let mut groups: BTreeMap<(usize, usize, String, &str), Vec<&Use>> = BTreeMap::new();
    for (usage, named) in named {
        let url = links.url(usage);
        let (first_linked, matches) = &linked[url];
        if matches[named] {
            continue;
        }
        if let Some(linked) = *first_linked {
            let key = (named, linked, links.label(usage).to_lowercase(), url);
            groups.entry(key).or_default().push(usage);
        }
    }
    for ((named, linked, _, url), list) in groups {
        let Some(at) = list.iter().find(|u| cx.reported(u.page)) else {
            continue;
        };
        let (named, linked) = (&documents[named].name, &documents[linked].name);
        let mut report = finding(
            cx,
            links,
            at,
            format!("the label names the {named} but the link goes to the {linked}"),
        )
        .with_label(format!("\"{}\" -> {url}", links.label(at)))
        .with_help(format!("link to the {named} or label the link as the {linked}"));
        let others: Vec<&&Use> = list.iter().filter(|u| !std::ptr::eq(**u, *at)).collect();
        for usage in others.iter().take(MAX_RELATED) {
            report
                .related
                .push(related(cx, links, usage, "the same link here".to_owned()));
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
/// key order. Hashed first: ordered inserts of every use of a large site
/// would spend their time comparing labels.
fn group_by<'u, K: Ord + std::hash::Hash>(
    uses: &'u [Use],
    key: impl Fn(&'u Use) -> Option<K>,
) -> BTreeMap<K, Vec<&'u Use>> {
    let mut groups: FxHashMap<K, Vec<&Use>> = FxHashMap::default();
    for usage in uses {
        if let Some(key) = key(usage) {
            groups.entry(key).or_default().push(usage);
        }
    }
    groups.into_iter().collect()
}

/// Splits uses by a value, largest share first (ties: site order).
fn shares<'u, V: PartialEq>(uses: &[&'u Use], value: impl Fn(&Use) -> V) -> Vec<(V, Vec<&'u Use>)> {
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
    links: &Links,
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
                report.related.push(related(cx, links, usage, label(usage)));
            }
            out.push(report);
        }
    }
}

/// One label on links to different documents, among pages of one language
/// (a translation links the translated document). Short links
/// (`aka.ms/x`) are left out: offline, where they lead is unknown.
fn same_label_other_targets(cx: &ClaimsContext<'_>, links: &Links, out: &mut Vec<Finding>) {
    let groups = group_by(&links.uses, |u| {
        let label = links.facts(u).group.as_deref()?;
        let known = u.target < cx.site.pages.len() as u32 || !labels::is_short_link(links.url(u));
        known.then(|| (label, cx.site.pages[u.page as usize].locale))
    });
    let describe = |at: &Use, _: &u32, _: &u32, common: &[&Use]| {
        finding(
            cx,
            links,
            at,
            format!(
                "the label \"{}\" leads to `{}` here, but to `{}` on {} other link(s)",
                links.label(at),
                links.url(at),
                links.url(common[0]),
                common.len()
            ),
        )
        .with_help("one label should name one document: fix the target or make the labels say what differs")
    };
    let label = |u: &Use| format!("\"{}\" -> {}", links.label(u), links.url(u));
    report_minorities(cx, links, &groups, |u| u.target, describe, label, out);
}

fn dates_differ(cx: &ClaimsContext<'_>, links: &Links, out: &mut Vec<Finding>) {
    let groups = group_by(&links.uses, |u| u.date.map(|_| u.target));
    let describe = |at: &Use, date: &Option<Date>, common_date: &Option<Date>, common: &[&Use]| {
        finding(
            cx,
            links,
            at,
            format!(
                "this link to `{}` is dated {} here but {} on {} other page(s)",
                links.url(at),
                shown(*date),
                shown(*common_date),
                common.len()
            ),
        )
    };
    let label = |u: &Use| format!("dated {} here", shown(u.date));
    report_minorities(cx, links, &groups, |u| u.date, describe, label, out);
}

/// A date as the messages write it (the groups compared hold only dated links).
fn shown(date: Option<Date>) -> String {
    date.map(|date| date.to_string()).unwrap_or_default()
}
