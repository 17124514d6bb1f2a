use crate::declare_rule;
use crate::lint::{Finding, PageContext, PageRule};
use crate::online::{Anchors, Outcome, checkable_fragment};

declare_rule! {
    /// ## What it does
    /// With `--online`, reports external links tclint could not judge: the
    /// server kept rate limiting (429 after every retry), denied access (401,
    /// 403), had trouble (5xx after retries), timed out, or the address is
    /// on a private network and `--allow-private` was not given. Also a
    /// `#fragment` on a page larger than `max-body-bytes`, when the anchor is
    /// not in the part read. Offline it reports nothing.
    ///
    /// ## Why it matters
    /// Such a link may be fine or broken; calling it either would be a
    /// guess. A warning says the check did not happen, so a green run is not
    /// mistaken for a verified one.
    ///
    /// ## Example
    /// ```html
    /// <a href="https://busy.example.com/report">Report</a>
    /// <!-- rate limited: 429 Too Many Requests, after 3 retries -->
    /// ```
    ///
    /// ## Fix
    /// Usually nothing to change in the page: run again later, raise
    /// `[online] timeout` or `max-retry-after`, lower `per-host`, or leave
    /// the host out with `[online] exclude`.
    pub struct UncheckedExternalLink {
        name: "unchecked-external-link",
        code: "TC108",
        family: Links,
        severity: Warning,
        fix: Never,
        summary: "an external link that could not be checked (rate limited, denied, timed out)",
        online: true,
    }
}

impl PageRule for UncheckedExternalLink {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolved) in cx.rendered_links() {
            let Some((url, outcome)) = cx.external(link, resolved) else {
                continue;
            };
            let message = match outcome {
                Outcome::Unchecked { reason } => format!("could not check `{url}`: {reason}"),
                _ => match resolved.url.fragment.as_deref().filter(|f| checkable_fragment(f)) {
                    Some(fragment) if unread_anchor(outcome, fragment) => format!(
                        "could not check `#{fragment}` on `{url}`: the page is larger than \
                         `max-body-bytes` and the part read has no such anchor"
                    ),
                    _ => continue,
                },
            };
            out.push(Finding::new(&Self::META, &cx.page.path, link.span, message).with_label("not checked"));
        }
    }
}

/// The anchor is not in the part of the page that was read.
fn unread_anchor(outcome: &Outcome, fragment: &str) -> bool {
    matches!(outcome.anchors(), Some(anchors @ Anchors::Listed { complete: false, .. }) if !anchors.contains(fragment))
}
