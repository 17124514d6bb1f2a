use crate::declare_rule;
use crate::lint::{Finding, PageContext, PageRule};
use crate::online::Outcome;

declare_rule! {
    /// ## What it does
    /// With `--online`, reports links to other sites that are gone: the
    /// server answers 404, 410 or another client error (after redirects, if
    /// any), the host name does not resolve, the connection is refused, TLS
    /// fails, or redirects loop. The message gives the status or the error.
    /// Offline (the default) it reports nothing.
    ///
    /// ## Why it matters
    /// Legacy pages point at privacy statements, agreements and PDFs on other
    /// sites and on blob storage. Those move or disappear without anyone
    /// editing the page, and a reader who follows the link to a compliance
    /// document hits an error page.
    ///
    /// ## Example
    /// ```html
    /// <a href="https://wacnstorage.blob.core.chinacloudapi.cn/marketing-resource/old.pdf">Whitepaper</a>
    /// <!-- 404 Not Found -->
    /// ```
    ///
    /// ## Fix
    /// Find where the document lives now (the publisher's site, a search, a
    /// web archive) and point the link there, or remove the link. A host that
    /// blocks checkers can be left out with `[online] exclude`.
    pub struct DeadExternalLink {
        name: "dead-external-link",
        code: "TC106",
        family: Links,
        severity: Error,
        fix: Never,
        summary: "an external link whose target is gone (404, 410, DNS, TLS, refused)",
        online: true,
    }
}

impl PageRule for DeadExternalLink {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolved) in cx.rendered_links() {
            let Some((url, Outcome::Dead { reason })) = cx.external(link, resolved) else {
                continue;
            };
            out.push(
                Finding::new(
                    &Self::META,
                    &cx.page.path,
                    link.span,
                    format!("dead link `{url}`: {reason}"),
                )
                .with_label("dead")
                .with_help("point the link at the document's current address, or remove it"),
            );
        }
    }
}
