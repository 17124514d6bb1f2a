use std::collections::BTreeMap;

use rayon::prelude::*;
use regex::Regex;

use crate::declare_rule;
use crate::lint::{ClaimsContext, Finding, Related, Rule, RuleMeta, resolve_links};
use crate::page::{Page, Region};
use crate::site::Lookup;
use crate::site::url::{Scope, UrlForm};
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

/// One link of the site, reduced to what the comparisons need.
struct Use {
    page: u32,
    span: Span,
    label: String,
    target: String,
    url: String,
    date: Option<String>,
}

impl Rule for LinkLabelMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_claims(&self, cx: &ClaimsContext<'_>, out: &mut Vec<Finding>) {
        let uses: Vec<Use> = cx
            .site
            .pages
            .par_iter()
            .enumerate()
            .flat_map_iter(|(index, page)| uses_of(cx, index, page))
            .collect();
        wrong_document(cx, &uses, out);
        same_label_other_targets(cx, &uses, out);
        dates_differ(cx, &uses, out);
    }
}

fn uses_of(cx: &ClaimsContext<'_>, index: usize, page: &Page) -> Vec<Use> {
    let resolved = resolve_links(page, cx.site, cx.config);
    let mut out = Vec::new();
    for (link, resolved) in page.links.iter().zip(&resolved) {
        if !matches!(link.region, Region::Main | Region::Sidebar | Region::Hero) {
            continue;
        }
        let label = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
        // A link within the page is a table of contents, not a claim.
        if resolved.url.form == UrlForm::Fragment {
            continue;
        }
        let target = match (&resolved.scope, &resolved.lookup) {
            (_, Some(Lookup::Page(target))) => canonical_page(cx, *target),
            (Scope::External, _) => external_key(&link.url),
            _ => continue,
        };
        out.push(Use {
            page: index as u32,
            span: link.span,
            date: link.text_span.and_then(|text| date_beside(page, text)),
            label,
            target,
            url: link.url.to_string(),
        });
    }
    out
}

/// A page and its translations are one target (the first path of the set),
/// and so are a page and its copy under a locale folder (`en-us/X`, `X`):
/// copies of a site link to their own copies of each page.
fn canonical_page(cx: &ClaimsContext<'_>, page: usize) -> String {
    let path = &cx.site.pages[page].path;
    let path = path
        .strip_prefix("en-us/")
        .or_else(|| path.strip_prefix("zh-cn/"))
        .unwrap_or(path);
    let (stem, extension) = path.rsplit_once('.').unwrap_or((path, ""));
    let stem = stem
        .strip_suffix("-cn")
        .or_else(|| stem.strip_suffix("-en"))
        .unwrap_or(stem);
    format!("page:{stem}.{extension}")
}

fn external_key(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url).trim().to_lowercase();
    let url = url.trim_start_matches("https://").trim_start_matches("http://");
    format!("url:{}", url.trim_end_matches('/'))
}

/// A date written in the same text block as the link's text (list item,
/// row cell), when the block holds that one link only; as `YYYY-MM-DD`.
fn date_beside(page: &Page, span: Span) -> Option<String> {
    static DATE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let date = DATE.get_or_init(|| {
        Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})")
            .unwrap()
    });
    let block = page
        .text_blocks
        .iter()
        .find(|b| b.span.start <= span.start && span.end <= b.span.end)?;
    let links_in_block = page
        .links
        .iter()
        .filter_map(|l| l.text_span)
        .filter(|t| block.span.start <= t.start && t.end <= block.span.end)
        .count();
    if links_in_block != 1 {
        return None;
    }
    let found = date.captures(&block.text)?;
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
    Related {
        path: cx.site.pages[usage.page as usize].path.clone(),
        span: usage.span,
        message,
        location: Default::default(),
    }
}

fn finding(cx: &ClaimsContext<'_>, at: &Use, message: String) -> Finding {
    Finding::new(
        &LinkLabelMismatch::META,
        &cx.site.pages[at.page as usize].path,
        at.span,
        message,
    )
}

/// Labels naming one document on URLs of another.
fn wrong_document(cx: &ClaimsContext<'_>, uses: &[Use], out: &mut Vec<Finding>) {
    let documents = &cx.data.claims.documents;
    for usage in uses.iter().filter(|u| cx.reported(u.page)) {
        let Some(named) = documents.iter().find(|d| d.labels.is_match(&usage.label)) else {
            continue;
        };
        if named.urls.is_match(&usage.url) {
            continue;
        }
        if let Some(linked) = documents.iter().find(|d| d.urls.is_match(&usage.url)) {
            out.push(
                finding(
                    cx,
                    usage,
                    format!(
                        "the label names the {} but the link goes to the {}",
                        named.name, linked.name
                    ),
                )
                .with_label(format!("\"{}\" -> {}", usage.label, usage.url))
                .with_help(format!(
                    "link to the {} or label the link as the {}",
                    named.name, linked.name
                )),
            );
        }
    }
}

/// Groups uses by a key, keeping site order inside each group.
fn group_by(uses: &[Use], key: impl Fn(&Use) -> Option<String>) -> BTreeMap<String, Vec<&Use>> {
    let mut groups: BTreeMap<String, Vec<&Use>> = BTreeMap::new();
    for usage in uses {
        if let Some(key) = key(usage) {
            groups.entry(key).or_default().push(usage);
        }
    }
    groups
}

/// Splits uses by a value, largest share first (ties: site order).
fn shares<'u>(uses: &[&'u Use], value: impl Fn(&Use) -> &str) -> Vec<(String, Vec<&'u Use>)> {
    let mut by_value: Vec<(String, Vec<&Use>)> = Vec::new();
    for &usage in uses {
        match by_value.iter_mut().find(|(v, _)| v == value(usage)) {
            Some((_, list)) => list.push(usage),
            None => by_value.push((value(usage).to_owned(), vec![usage])),
        }
    }
    by_value.sort_by_key(|(_, list)| std::cmp::Reverse(list.len()));
    by_value
}

/// For each group split by `value`: one finding per value other than the
/// most common, at its first reported use, with the common uses as related
/// locations. `describe(at, value, common_value, common)` words the finding,
/// `label(use)` each related location.
fn report_minorities(
    cx: &ClaimsContext<'_>,
    groups: &BTreeMap<String, Vec<&Use>>,
    value: impl Fn(&Use) -> &str,
    describe: impl Fn(&Use, &str, &str, &[&Use]) -> Finding,
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
            for usage in common.iter().take(8) {
                report.related.push(related(cx, usage, label(usage)));
            }
            out.push(report);
        }
    }
}

fn same_label_other_targets(cx: &ClaimsContext<'_>, uses: &[Use], out: &mut Vec<Finding>) {
    let groups = group_by(uses, |u| {
        is_descriptive(cx, &u.label).then(|| u.label.to_lowercase())
    });
    let describe = |at: &Use, _: &str, _: &str, common: &[&Use]| {
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
    report_minorities(cx, &groups, |u| &u.target, describe, label, out);
}

fn dates_differ(cx: &ClaimsContext<'_>, uses: &[Use], out: &mut Vec<Finding>) {
    let groups = group_by(uses, |u| u.date.as_ref().map(|_| u.target.clone()));
    let describe = |at: &Use, date: &str, common_date: &str, common: &[&Use]| {
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
    report_minorities(cx, &groups, date_of, describe, label, out);
}

fn date_of(usage: &Use) -> &str {
    usage.date.as_deref().unwrap_or("")
}
