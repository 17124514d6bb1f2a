use crate::declare_rule;
use crate::lint::{Finding, Fix, PageContext, Rule, RuleMeta};
use crate::page::Anchor;
use crate::site::Lookup;
use crate::site::url::{Scope, Via};

use super::fragment_span;

declare_rule! {
    /// ## What it does
    /// Checks every `#fragment` link into this site (same page, another page,
    /// an absolute URL of a production host, or of a staging host whose
    /// production twin is this site) and reports those whose target page has
    /// no element with that `id` (or `<a name>`, or Markdown heading slug).
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
        for (link, resolved) in cx.page.links.iter().zip(cx.links) {
            if !link.region.is_rendered() {
                continue;
            }
            let Some(fragment) = resolved.url.fragment.as_deref().filter(|f| !f.is_empty()) else {
                continue;
            };
            let Scope::Site { via, .. } = &resolved.scope else {
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
            let case_match = target_page
                .anchors
                .iter()
                .find(|a| a.name.to_lowercase() == fragment.to_lowercase());
            let finding = match case_match {
                Some(anchor) => Finding::new(
                    &Self::META,
                    &cx.page.path,
                    span,
                    format!(
                        "anchor `#{fragment}` is not on {place}, which has `#{}`: fragments are case-sensitive",
                        anchor.name
                    ),
                )
                .with_label("differs only in letter case")
                .with_fix((written == fragment).then(|| {
                    Fix::replace(format!("use `#{}`", anchor.name), span, written, &*anchor.name)
                }).flatten()),
                None => {
                    let finding = Finding::new(
                        &Self::META,
                        &cx.page.path,
                        span,
                        format!("{place} has no anchor `#{fragment}`"),
                    )
                    .with_label("no such anchor");
                    match closest_anchor(&target_page.anchors, fragment) {
                        Some(best) => finding.with_help(format!("did you mean `#{best}`?")),
                        None => finding.with_help(anchor_list(&target_page.anchors)),
                    }
                }
            };
            out.push(finding);
        }
    }
}

/// The existing anchor nearest to `wanted`, if it is near enough to be a
/// plausible typo or rename.
fn closest_anchor<'a>(anchors: &'a [Anchor], wanted: &str) -> Option<&'a str> {
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
        .map(|anchor| (score(&anchor.name), &*anchor.name))
        .filter(|(similarity, _)| *similarity >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, name)| name)
}

fn anchor_list(anchors: &[Anchor]) -> String {
    if anchors.is_empty() {
        return "the target page has no anchors at all".to_owned();
    }
    let names: Vec<String> = anchors.iter().take(8).map(|a| format!("`#{}`", a.name)).collect();
    let more = if anchors.len() > 8 {
        format!(" and {} more", anchors.len() - 8)
    } else {
        String::new()
    };
    format!("anchors on the target page: {}{more}", names.join(", "))
}
