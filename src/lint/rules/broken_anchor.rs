use crate::declare_rule;
use crate::lint::{Finding, Fix, PageContext, Related, ResolvedLink, Rule, RuleMeta};
use crate::online::{Anchors, checkable_fragment};
use crate::page::{Anchor, Link, Page};
use crate::site::Lookup;
use crate::site::url::{Scope, Via};
use crate::span::Span;

use super::fragment_span;

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
        family: "links",
        severity: Error,
        fix: Sometimes,
        summary: "a #fragment link whose target page has no such anchor",
    }
}

impl Rule for BrokenAnchor {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolved) in cx.rendered_links() {
            let Some(fragment) = resolved.url.fragment.as_deref().filter(|f| !f.is_empty()) else {
                continue;
            };
            let Scope::Site { via, .. } = &resolved.scope else {
                check_external(cx, link, resolved, fragment, out);
                continue;
            };
            let Some(Lookup::Page(target)) = resolved.lookup else {
                continue;
            };
            if cx.site.has_anchor(target, fragment) {
                continue;
            }
            let target_page = &cx.site.pages[target];
            if target_page.problems.iter().any(|p| p.kind.markup().is_none()) {
                // The target could not be read: its anchors are unknown.
                continue;
            }
            let place = if *via == Via::SamePage {
                "this page".to_owned()
            } else {
                format!("`{}`", target_page.path)
            };
            let (span, written) = fragment_span(link).unwrap_or((link.span, fragment));
            out.push(diagnose(cx, span, written, &place, fragment, target_page));
        }
    }
}

/// Why `#fragment` is not on `target`: commented out, other letter case, or
/// absent (with the closest existing anchor, or the list of anchors).
fn diagnose(
    cx: &PageContext<'_>,
    span: Span,
    written: &str,
    place: &str,
    fragment: &str,
    target: &Page,
) -> Finding {
    if let Some(anchor) = target
        .anchors
        .iter()
        .find(|a| !a.region.is_rendered() && &*a.name == fragment)
    {
        return commented_out(cx, span, place, fragment, &target.path, anchor);
    }
    let mut rendered: Vec<&str> = Vec::new();
    for anchor in target.anchors.iter().filter(|a| a.region.is_rendered()) {
        if !rendered.contains(&&*anchor.name) {
            rendered.push(&anchor.name);
        }
    }
    missing(cx, span, written, place, fragment, &rendered)
}

/// A fragment none of `anchors` (the target's, in page order) matches
/// exactly: other letter case (fixable), or absent.
fn missing(
    cx: &PageContext<'_>,
    span: Span,
    written: &str,
    place: &str,
    fragment: &str,
    anchors: &[&str],
) -> Finding {
    let lower = fragment.to_lowercase();
    if let Some(&anchor) = anchors.iter().find(|name| name.to_lowercase() == lower) {
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
    match closest_anchor(anchors, fragment) {
        Some(best) => finding.with_help(format!("did you mean `#{best}`?")),
        None => finding.with_help(anchor_list(anchors)),
    }
}

/// A fragment on an external page checked online, when its anchors were
/// read in full.
fn check_external(
    cx: &PageContext<'_>,
    link: &Link,
    resolved: &ResolvedLink,
    fragment: &str,
    out: &mut Vec<Finding>,
) {
    if !checkable_fragment(fragment) {
        return;
    }
    let Some((url, outcome)) = cx.external(link, resolved) else {
        return;
    };
    let Some(Anchors::Listed {
        names,
        complete: true,
    }) = outcome.anchors()
    else {
        return;
    };
    if names.binary_search_by(|name| name.as_str().cmp(fragment)).is_ok() {
        return;
    }
    let anchors: Vec<&str> = names.iter().map(String::as_str).collect();
    let (span, written) = fragment_span(link).unwrap_or((link.span, fragment));
    out.push(missing(
        cx,
        span,
        written,
        &format!("`{url}`"),
        fragment,
        &anchors,
    ));
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

fn closest_anchor<'a>(anchors: &[&'a str], wanted: &str) -> Option<&'a str> {
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

fn anchor_list(anchors: &[&str]) -> String {
    if anchors.is_empty() {
        return "the target page has no anchors at all".to_owned();
    }
    let names: Vec<String> = anchors.iter().take(8).map(|name| format!("`#{name}`")).collect();
    let more = if anchors.len() > 8 {
        format!(" and {} more", anchors.len() - 8)
    } else {
        String::new()
    };
    format!("anchors on the target page: {}{more}", names.join(", "))
}
