use reqwest::Url;

use crate::declare_rule;
use crate::lint::{Finding, Fix, PageContext, PageRule};
use crate::online::Outcome;
use crate::page::Link;

declare_rule! {
    /// ## What it does
    /// With `--online`, reports external links that redirect permanently
    /// (301 or 308) and names the address they lead to. Temporary
    /// redirects (302, 303, 307) are the server's business and not reported.
    /// Offline it reports nothing.
    ///
    /// ## Why it matters
    /// A permanent redirect is the publisher saying "update your links". The
    /// old address works today, but every hop costs the reader a round trip,
    /// an `http://` link is an unencrypted first request, and redirects are
    /// the first thing dropped when a site is rebuilt.
    ///
    /// ## Example
    /// ```html
    /// <a href="http://www.example.com/privacy">Privacy</a>
    /// <!-- 301 to https://www.example.com/privacy/ -->
    /// ```
    ///
    /// ## Fix
    /// `--fix` rewrites the URL to where the permanent redirects lead (the
    /// `#fragment` kept) when that address is https and on the same site
    /// (the same host, with or without `www.`). A move to another site is
    /// only reported: check that it is the same document before relinking.
    pub struct MovedExternalLink {
        name: "moved-external-link",
        code: "TC107",
        family: Links,
        severity: Warning,
        fix: Sometimes,
        summary: "an external link that redirects permanently",
        online: true,
    }
}

impl PageRule for MovedExternalLink {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolved) in cx.rendered_links() {
            let Some((url, Outcome::Moved { status, to, .. })) = cx.external(link, resolved) else {
                continue;
            };
            let fix = is_safe_move(&url, to).then(|| rewrite(link, to)).flatten();
            let help = if fix.is_some() {
                "update the link to the new address"
            } else {
                "update the link once you have checked the new address is the same document"
            };
            out.push(
                Finding::new(
                    &Self::META,
                    &cx.page.path,
                    link.span,
                    format!("`{url}` has moved permanently ({status}) to `{to}`"),
                )
                .with_label("moved")
                .with_help(help)
                .with_fix(fix),
            );
        }
    }
}

/// https, and the same host give or take `www.`.
fn is_safe_move(from: &str, to: &str) -> bool {
    let (Ok(from), Ok(to)) = (Url::parse(from), Url::parse(to)) else {
        return false;
    };
    let site = |url: &Url| {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        host.strip_prefix("www.").map(str::to_owned).unwrap_or(host)
    };
    to.scheme() == "https" && !site(&to).is_empty() && site(&from) == site(&to)
}

/// Replaces the URL as written, keeping its fragment. Only for URLs written
/// verbatim (no entities to re-encode).
fn rewrite(link: &Link, to: &str) -> Option<Fix> {
    if !link.verbatim {
        return None;
    }
    let mut replacement = to.split('#').next().unwrap_or(to).to_owned();
    if let Some((_, fragment)) = link.url.split_once('#') {
        replacement.push('#');
        replacement.push_str(fragment);
    }
    Fix::replace(
        format!("use `{replacement}`"),
        link.span,
        &link.url,
        replacement.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_moves_stay_on_the_site_and_use_https() {
        assert!(is_safe_move("http://example.com/a", "https://www.example.com/a/"));
        assert!(is_safe_move("https://www.example.com/a", "https://example.com/b"));
        assert!(!is_safe_move("http://example.com/a", "http://example.com/b"));
        assert!(!is_safe_move(
            "https://example.com/a",
            "https://other.example.org/a"
        ));
        assert!(!is_safe_move("https://a.example.com/", "https://b.example.com/"));
    }

    fn first_link(html: &str) -> Link {
        let page = crate::page::parse_page(
            "a.html",
            html,
            &crate::source::Decoding::Utf8,
            &crate::page::ParseOptions::default(),
            &crate::page::regions::RegionRules::default(),
        );
        page.links[0].clone()
    }

    #[test]
    fn the_fix_keeps_the_fragment_and_skips_encoded_urls() {
        let html = "<a href=\"http://example.com/a#part\">A</a>";
        let fix = rewrite(&first_link(html), "https://www.example.com/a/#ignored").unwrap();
        let edit = &fix.edits[0];
        assert_eq!(
            &html[edit.span.start as usize..edit.span.end as usize],
            "http://example.com/a#part"
        );
        assert_eq!(edit.replacement, "https://www.example.com/a/#part");
        let encoded = first_link("<a href=\"http://example.com/a?x=1&amp;y=2\">A</a>");
        assert!(rewrite(&encoded, "https://example.com/b").is_none());
    }
}
