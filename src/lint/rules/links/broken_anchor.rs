use crate::declare_rule;
use crate::lint::{Finding, Fix, PageContext, PageRule, Related, ResolvedLink};
use crate::online::{Anchors as OnlineAnchors, checkable_fragment};
use crate::page::{Anchor, Link};
use crate::site::Lookup;
use crate::site::url::{Scope, Via};
use crate::span::Span;

use crate::lint::rules::fragment_span;

declare_rule! {
    /// ## What it does
    /// Checks every `#fragment` link into this site (same page, another page,
    /// an absolute URL of a production host, or of a staging host whose
    /// production twin is this site) and reports those whose target page has
    /// no element with that `id` (or `<a name>`, or Markdown heading slug).
    /// With `--online`, fragments on external HTML pages too (the page is
    /// read up to `max-body-bytes`).
    /// An anchor that exists only inside an HTML comment is named as such,
    /// with the commented-out element as a related location.
    ///
    /// ## Why it matters
    /// A broken fragment still loads the page, so nobody notices: the reader
    /// lands at the top instead of the section the link promised, and link
    /// checkers without anchor support report nothing.
    ///
    /// ## Example
    /// ```html
    /// <!-- privacy/default.md has id="data_other", not "Data_Other" -->
    /// <a href="../privacy/default.html#Data_Other">How we define data</a>
    /// <a href="../privacy/you-are-in-control-of-your-data.html#data_retention">Retention</a>
    /// ```
    ///
    /// ## Fix
    /// When the anchor exists with other letter case, `--fix` rewrites the
    /// fragment to the existing anchor (fragments are case-sensitive). Otherwise
    /// the message suggests the closest existing anchor; point the link at it,
    /// or add the missing `id` to the target page.
    pub struct BrokenAnchor {
        name: "broken-anchor",
        code: "TC101",
        family: Links,
        severity: Error,
        fix: Sometimes,
        summary: "a #fragment link whose target page has no such anchor",
    }
}

impl PageRule for BrokenAnchor {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        let mut budget = SUGGESTION_BUDGET;
        for (link, resolved) in cx.rendered_links() {
            let Some(fragment) = resolved.url.fragment.as_deref().filter(|f| !f.is_empty()) else {
                continue;
            };
            let Scope::Site { via, .. } = &resolved.scope else {
                check_external(cx, link, resolved, fragment, &mut budget, out);
                continue;
            };
            let Some(Lookup::Page(target)) = resolved.lookup else {
                continue;
            };
            if cx.site.has_anchor(target, fragment) {
                continue;
            }
            let target_page = &cx.site.pages[target];
            if target_page.problems.iter().any(|p| p.kind.spoils_content()) {
                // The target could not be read: its anchors are unknown.
                continue;
            }
            let place = if *via == Via::SamePage {
                "this page".to_owned()
            } else {
                format!("`{}`", target_page.path)
            };
            let (span, written) = fragment_span(link).unwrap_or((link.span, fragment));
            let found = Found {
                span,
                written,
                place: &place,
                fragment,
            };
            out.push(diagnose(cx, &found, target, &mut budget));
        }
    }
}

/// Why `#fragment` is not on `target`: commented out, other letter case, or
/// absent (with the closest existing anchor, or the list of anchors).
fn diagnose(cx: &PageContext<'_>, found: &Found<'_>, target: usize, budget: &mut u64) -> Finding {
    let page = &cx.site.pages[target];
    let names = cx.site.anchor_names(target);
    let fragment = found.fragment;
    if let Some(&anchor) = names.commented.get(fragment) {
        return commented_out(
            cx,
            found.span,
            found.place,
            fragment,
            &page.path,
            &page.anchors[anchor as usize],
        );
    }
    let name = |index: &u32| &*page.anchors[*index as usize].name;
    let anchors = Anchors {
        shown: names
            .in_order
            .iter()
            .take(Anchors::shown_of(names.in_order.len()))
            .map(name)
            .collect(),
        count: names.in_order.len(),
        case_match: names.by_lower.get(&*fragment.to_lowercase()).map(name),
    };
    missing(cx, found, &anchors, budget)
}

/// A fragment link whose anchor is not on its target: where it is written
/// and what it names.
struct Found<'a> {
    span: Span,
    /// The fragment as written in the source (percent-encoded, say).
    written: &'a str,
    /// The target, as the message names it.
    place: &'a str,
    fragment: &'a str,
}

/// The anchors a fragment was looked for among.
struct Anchors<'a> {
    /// Distinct names in page order: all of them when there are few enough
    /// to compare the fragment with, else the first few, to list.
    shown: Vec<&'a str>,
    /// How many distinct names there are.
    count: usize,
    /// The first name equal to the fragment but for letter case.
    case_match: Option<&'a str>,
}

impl<'a> Anchors<'a> {
    fn listed(names: &[&'a str], fragment: &str) -> Anchors<'a> {
        let lower = fragment.to_lowercase();
        Anchors {
            shown: names[..Anchors::shown_of(names.len())].to_vec(),
            count: names.len(),
            case_match: names.iter().copied().find(|name| name.to_lowercase() == lower),
        }
    }

    /// How many of `count` names are kept: each broken fragment would be
    /// compared with every one, so pages with more get the list only.
    fn shown_of(count: usize) -> usize {
        if count > MOST_ANCHORS_COMPARED {
            LISTED_ANCHORS
        } else {
            count
        }
    }

    fn comparable(&self) -> bool {
        self.shown.len() == self.count
    }
}

/// A fragment none of `anchors` matches exactly: other letter case
/// (fixable), or absent.
fn missing(cx: &PageContext<'_>, found: &Found<'_>, anchors: &Anchors<'_>, budget: &mut u64) -> Finding {
    let Found {
        span,
        written,
        place,
        fragment,
    } = *found;
    if let Some(anchor) = anchors.case_match {
        let fix = (written == fragment)
            .then(|| Fix::replace(format!("use `#{anchor}`"), span, written, anchor))
            .flatten();
        return Finding::new(
            &BrokenAnchor::META,
            &cx.page.path,
            span,
            format!(
                "anchor `#{fragment}` is not on {place}, which has `#{anchor}`: fragments are case-sensitive"
            ),
        )
        .with_label("differs only in letter case")
        .with_fix(fix);
    }
    let finding = Finding::new(
        &BrokenAnchor::META,
        &cx.page.path,
        span,
        format!("{place} has no anchor `#{fragment}`"),
    )
    .with_label("no such anchor");
    let closest = anchors
        .comparable()
        .then(|| closest_anchor(&anchors.shown, fragment, budget))
        .flatten();
    match closest {
        Some(best) => finding.with_help(format!("did you mean `#{best}`?")),
        None => finding.with_help(anchor_list(&anchors.shown, anchors.count)),
    }
}

/// A fragment on an external page checked online, when its anchors were
/// read in full.
fn check_external(
    cx: &PageContext<'_>,
    link: &Link,
    resolved: &ResolvedLink,
    fragment: &str,
    budget: &mut u64,
    out: &mut Vec<Finding>,
) {
    if !checkable_fragment(fragment) {
        return;
    }
    let Some((url, outcome)) = cx.external(link, resolved) else {
        return;
    };
    let Some(OnlineAnchors::Listed {
        names,
        complete: true,
    }) = outcome.anchors()
    else {
        return;
    };
    if names.binary_search_by(|name| name.as_str().cmp(fragment)).is_ok() {
        return;
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (span, written) = fragment_span(link).unwrap_or((link.span, fragment));
    let place = format!("`{url}`");
    let found = Found {
        span,
        written,
        place: &place,
        fragment,
    };
    out.push(missing(cx, &found, &Anchors::listed(&names, fragment), budget));
}

/// The anchor exists, but only inside an HTML comment.
fn commented_out(
    cx: &PageContext<'_>,
    span: Span,
    place: &str,
    fragment: &str,
    target: &str,
    anchor: &Anchor,
) -> Finding {
    Finding::new(
        &BrokenAnchor::META,
        &cx.page.path,
        span,
        format!(
            "{place} has `#{fragment}` only inside an HTML comment: the section it named was commented out"
        ),
    )
    .with_label("commented-out anchor")
    .with_help("restore the section, or remove or retarget the link")
    .with_related(Related {
        path: target.into(),
        span: anchor.span,
        message: "the anchor, commented out".to_owned(),
        location: Default::default(),
    })
}

/// Pages with more anchors than this get the list, not a suggestion.
const MOST_ANCHORS_COMPARED: usize = 4096;

/// How many anchors the help lists.
const LISTED_ANCHORS: usize = 8;

/// How much comparing fragments with anchors one page may cost, in pairs
/// of bytes compared: a page with thousands of broken links to a page with
/// thousands of long anchors would otherwise take minutes. Real pages stay
/// far below it; past it, findings list the anchors instead of a guess.
const SUGGESTION_BUDGET: u64 = 1 << 27;

/// The anchor the fragment most likely meant, if one is close enough.
/// Compares with every anchor, or with none when that would overspend the
/// page's `budget` (so a suggestion never depends on where the budget ran
/// out).
fn closest_anchor<'a>(anchors: &[&'a str], wanted: &str, budget: &mut u64) -> Option<&'a str> {
    let per_byte = wanted.len() as u64 + 1;
    let cost: u64 = anchors
        .iter()
        .map(|name| (name.len() as u64 + 1).saturating_mul(per_byte))
        .fold(0, u64::saturating_add);
    if cost > *budget {
        return None;
    }
    *budget -= cost;
    let wanted = wanted.to_lowercase();
    let score = |name: &str| {
        let name = name.to_lowercase();
        let similarity = strsim::normalized_levenshtein(&name, &wanted);
        // A shortened or extended id (`remote-access` for
        // `remote-access-to-customer-data`) is a likely intent too.
        let extends = wanted.chars().count() >= 5 && (name.starts_with(&wanted) || wanted.starts_with(&name));
        if extends { similarity.max(0.8) } else { similarity }
    };
    anchors
        .iter()
        .map(|&name| (score(name), name))
        .filter(|(similarity, _)| *similarity >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, name)| name)
}

/// Anchor names longer than this are cut in the list of a finding's help:
/// every broken link to the page repeats the list.
const LONGEST_LISTED_NAME: usize = 120;

/// `name`, cut to [`LONGEST_LISTED_NAME`] characters with an ellipsis.
fn shortened(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(LONGEST_LISTED_NAME) {
        Some((cut, _)) => format!("{}…", &name[..cut]).into(),
        None => name.into(),
    }
}

/// The first anchors of `shown`, and how many more of `count` there are.
fn anchor_list(shown: &[&str], count: usize) -> String {
    if count == 0 {
        return "the target page has no anchors at all".to_owned();
    }
    let names: Vec<String> = shown
        .iter()
        .take(LISTED_ANCHORS)
        .map(|name| format!("`#{}`", shortened(name)))
        .collect();
    let more = if count > LISTED_ANCHORS {
        format!(" and {} more", count - LISTED_ANCHORS)
    } else {
        String::new()
    };
    format!("anchors on the target page: {}{more}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_anchor_is_found_within_the_budget_and_its_cost_spent() {
        let anchors = ["data-retention", "data-location", "privacy"];
        let mut budget = SUGGESTION_BUDGET;
        assert_eq!(
            closest_anchor(&anchors, "Data_Retention", &mut budget),
            Some("data-retention")
        );
        assert_eq!(SUGGESTION_BUDGET - budget, (15 + 14 + 8) * 15);
    }

    #[test]
    fn long_names_are_cut_in_the_list_and_short_ones_kept() {
        let long = "x".repeat(40_000);
        let list = anchor_list(&["intro", &long], 2);
        assert_eq!(
            list,
            format!("anchors on the target page: `#intro`, `#{}…`", "x".repeat(120))
        );
        assert_eq!(shortened(&"数".repeat(120)), "数".repeat(120));
    }

    #[test]
    fn past_the_budget_no_anchor_is_guessed_and_nothing_is_spent() {
        let anchors = ["data-retention", "data-location"];
        let mut budget = 100;
        assert_eq!(closest_anchor(&anchors, "data-retentio", &mut budget), None);
        assert_eq!(budget, 100);
        // A cheaper comparison later on the page still gets its guess.
        let mut budget = 60;
        assert_eq!(closest_anchor(&["ab"], "abc", &mut budget), Some("ab"));
        assert_eq!(budget, 60 - 3 * 4);
    }
}
