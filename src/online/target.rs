//! Which URLs an online run requests: one per distinct external link of the
//! checked pages, written the way the server is asked for it.

use std::collections::BTreeMap;

use regex::RegexSet;
use reqwest::Url;

use super::OnlineError;
use crate::config::Config;
use crate::site::Site;
use crate::site::url::{ParsedUrl, Scope, UrlForm, parse_url, scope};

/// One URL to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The request URL without fragment (see [`request_key`]).
    pub key: String,
    /// A link to it has a fragment: the page's anchors are needed.
    pub needs_anchors: bool,
}

/// The URL requested for an external link: fragment dropped, protocol-
/// relative links on https, site-absolute links outside the owned prefixes
/// on the first production host, normalized so that spellings of one URL
/// share a key. `None` for links that are not external. A site-absolute link
/// with no production host configured keeps its path as key: it cannot be
/// requested and is reported as unchecked.
pub fn request_key(raw: &str, parsed: &ParsedUrl, scope: &Scope, config: &Config) -> Option<String> {
    if *scope != Scope::External {
        return None;
    }
    let without_fragment = raw.trim().split('#').next().unwrap_or("");
    let absolute = match &parsed.form {
        UrlForm::Absolute {
            protocol_relative: true,
            ..
        } => format!("https:{without_fragment}"),
        UrlForm::Absolute { .. } => without_fragment.to_owned(),
        UrlForm::SiteAbsolute => match config.site.production_hosts.first() {
            Some(host) => format!("https://{host}{without_fragment}"),
            None => return Some(without_fragment.to_owned()),
        },
        _ => return None,
    };
    Some(Url::parse(&absolute).map_or(absolute, String::from))
}

/// Whether a fragment names an anchor worth looking for. Client-side routes
/// (`#/path`, `#!path`), text fragments (`#:~:text=`) and `#top` (which
/// browsers honour without an anchor) are not.
pub fn checkable_fragment(fragment: &str) -> bool {
    !fragment.is_empty()
        && !fragment.starts_with(['/', '!'])
        && !fragment.contains(":~:")
        && !fragment.eq_ignore_ascii_case("top")
}

/// The distinct external URLs of the rendered links of the pages at `pages`,
/// sorted, minus those `[online] exclude` matches. Links inside comments are
/// left out: nobody follows them.
pub fn targets(site: &Site, pages: &[usize], config: &Config) -> Result<Vec<Target>, OnlineError> {
    let excluded = RegexSet::new(&config.online.exclude)?;
    let mut wanted: BTreeMap<String, bool> = BTreeMap::new();
    for &index in pages {
        let page = &site.pages[index];
        for link in page.links.iter().filter(|link| link.region.is_rendered()) {
            let parsed = parse_url(&link.url);
            let link_scope = scope(&parsed, &page.path, config);
            let Some(key) = request_key(&link.url, &parsed, &link_scope, config) else {
                continue;
            };
            if excluded.is_match(&key) {
                continue;
            }
            let needs_anchors = parsed.fragment.as_deref().is_some_and(checkable_fragment);
            *wanted.entry(key).or_default() |= needs_anchors;
        }
    }
    Ok(wanted
        .into_iter()
        .map(|(key, needs_anchors)| Target { key, needs_anchors })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str, config: &Config) -> Option<String> {
        let parsed = parse_url(raw);
        let link_scope = scope(&parsed, "a/page.md", config);
        request_key(raw, &parsed, &link_scope, config)
    }

    #[test]
    fn keys_are_normalized_request_urls() {
        let mut config = Config::default();
        config.site.production_hosts = vec!["www.trustcenter.cn".to_owned()];
        config.site.owned_prefixes = vec!["/support/trust-center/".to_owned()];
        assert_eq!(
            key("HTTP://Example.COM/a#x", &config).unwrap(),
            "http://example.com/a"
        );
        assert_eq!(
            key("//cdn.example.com/x.pdf", &config).unwrap(),
            "https://cdn.example.com/x.pdf"
        );
        assert_eq!(
            key("/support/legal/#terms", &config).unwrap(),
            "https://www.trustcenter.cn/support/legal/"
        );
        assert_eq!(key("/support/trust-center/x.html", &config), None);
        assert_eq!(
            key("https://www.trustcenter.cn/support/trust-center/", &config),
            None
        );
        assert_eq!(key("mailto:a@example.com", &config), None);
        assert_eq!(key("../b.html", &config), None);
        config.site.production_hosts.clear();
        assert_eq!(key("/support/legal/", &config).unwrap(), "/support/legal/");
    }

    #[test]
    fn only_anchor_like_fragments_are_checked() {
        for fragment in ["intro", "section-2", "Data_Other"] {
            assert!(checkable_fragment(fragment), "{fragment}");
        }
        for fragment in ["", "/route/x", "!page", ":~:text=hello", "top", "TOP"] {
            assert!(!checkable_fragment(fragment), "{fragment}");
        }
    }
}
