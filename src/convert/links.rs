//! Link rewriting for the migration: links into the site become relative
//! links to the converted `.md` pages (or to the mirrored assets), staging
//! hosts become production, site-absolute links outside the migrated set
//! become absolute URLs on the production host. Anything else is kept as
//! written; a link that was already broken stays broken (and is reported).

use serde::Serialize;

use crate::config::Config;
use crate::data::LintData;
use crate::site::url::{Scope, UrlForm, Via, parse_url, relative_url, scope};
use crate::site::{Lookup, Site};

/// Why a link was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// `X.html` -> `X.md`, a directory URL -> its index page.
    PageLink,
    /// A site-absolute or production URL into the migrated set -> relative.
    MadeRelative,
    /// A staging URL of this site -> relative.
    StagingToRelative,
    /// A staging host -> its production twin.
    StagingToProduction,
    /// A site-absolute link outside the migrated set -> production URL.
    ProductionBase,
    /// The target exists with other letter case (legacy servers ignored case).
    CaseFixed,
}

/// What becomes of one `href` or `src`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewritten {
    Keep,
    Changed {
        url: String,
        change: Change,
    },
    /// Goes nowhere (`""`, `#`, `javascript:void(0)`).
    Nowhere,
}

/// Maps source pages to output paths and rewrites links.
pub struct Rewriter<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    /// Output path of each page of `site.pages`.
    pub outputs: &'a [String],
}

/// The output path of a page: same folder, `.md` extension.
pub fn output_path(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && !extension.contains('/') => format!("{stem}.md"),
        _ => format!("{path}.md"),
    }
}

impl Rewriter<'_> {
    /// Rewrites `url`, written on the page at index `from`.
    pub fn rewrite(&self, url: &str, from: usize) -> Rewritten {
        let page = &self.site.pages[from];
        if self.data.placeholders.is_placeholder_href(url) {
            return Rewritten::Nowhere;
        }
        let parsed = parse_url(url);
        let target = scope(&parsed, &page.path, self.config);
        let suffix = query_and_fragment(url);
        match target {
            Scope::Nowhere => Rewritten::Nowhere,
            Scope::NotHttp(_) => Rewritten::Keep,
            Scope::Site {
                via: Via::SamePage, ..
            } => Rewritten::Keep,
            Scope::Site { path, via, .. } => {
                let from_output = &self.outputs[from];
                let (relative, case_fixed) = match self.site.lookup(&path, self.config) {
                    Lookup::Page(index) => (relative_url(from_output, &self.outputs[index]), false),
                    Lookup::Asset(asset) => (relative_url(from_output, &asset), false),
                    Lookup::Missing {
                        case_match: Some(found),
                        ..
                    } => match self.site.page_index(&found) {
                        Some(index) => (relative_url(from_output, &self.outputs[index]), true),
                        None => (relative_url(from_output, &found), true),
                    },
                    Lookup::Missing { .. } => return Rewritten::Keep,
                };
                let new = format!("{}{suffix}", encode_path(&relative));
                if new == url.trim() {
                    return Rewritten::Keep;
                }
                let change = match via {
                    _ if case_fixed => Change::CaseFixed,
                    Via::StagingUrl => Change::StagingToRelative,
                    Via::SiteAbsolute | Via::ProductionUrl => Change::MadeRelative,
                    Via::Relative | Via::SamePage => Change::PageLink,
                };
                Rewritten::Changed { url: new, change }
            }
            Scope::External => self.external(url, &parsed.form),
        }
    }

    fn external(&self, url: &str, form: &UrlForm) -> Rewritten {
        let url = url.trim();
        match form {
            UrlForm::SiteAbsolute => match self.config.site.production_hosts.first() {
                Some(host) => Rewritten::Changed {
                    url: format!("https://{host}{url}"),
                    change: Change::ProductionBase,
                },
                None => Rewritten::Keep,
            },
            UrlForm::Absolute { host, .. } => match self.config.production_twin(host) {
                Some(twin) => {
                    let at = url.to_ascii_lowercase().find(host.as_str());
                    match at {
                        Some(at) => Rewritten::Changed {
                            url: format!("{}{twin}{}", &url[..at], &url[at + host.len()..]),
                            change: Change::StagingToProduction,
                        },
                        None => Rewritten::Keep,
                    }
                }
                None => Rewritten::Keep,
            },
            _ => Rewritten::Keep,
        }
    }
}

/// The query and fragment of a URL, as written (`""` if none).
fn query_and_fragment(url: &str) -> &str {
    let url = url.trim();
    &url[url.find(['?', '#']).unwrap_or(url.len())..]
}

/// Percent-encodes what a Markdown link destination cannot hold as is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            _ => out.push(c),
        }
    }
    out
}

/// A URL as a Markdown link destination: spaces, parentheses and angle
/// brackets encoded, so no `<...>` form is needed.
pub fn destination(url: &str) -> String {
    encode_path(url.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_end_in_md() {
        assert_eq!(output_path("privacy/default.md"), "privacy/default.md");
        assert_eq!(output_path("a/page.html"), "a/page.md");
        assert_eq!(output_path("a.b/README"), "a.b/README.md");
    }

    #[test]
    fn destinations_are_encoded() {
        assert_eq!(destination(" a b(1).pdf "), "a%20b%281%29.pdf");
    }
}
