//! What rules see: the inputs of a lint pass, a page's resolved links,
//! and the contexts of the rules per page and across pages.

use super::Related;
use super::select::Plan;
use crate::config::Config;
use crate::data::LintData;
use crate::online::{self, Outcome};
use crate::page::{Link, Page};
use crate::site::twins::Twins;
use crate::site::url::{ParsedUrl, Scope, UrlForm, parse_url, scope};
use crate::site::{Lookup, Site};
use crate::span::Span;

/// A link of the page, resolved once for all rules.
#[derive(Debug, Clone)]
pub struct ResolvedLink {
    pub url: ParsedUrl,
    pub scope: Scope,
    /// For links into this site: what the path names.
    pub lookup: Option<Lookup>,
}

/// What a link opens, in short: what the rules across pages need of every
/// link of the site, kept for all pages at once (a resolved link is much
/// larger).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// A page of this site (index into `site.pages`).
    Page(u32),
    /// An external URL.
    External,
    /// A fragment of the page itself.
    Fragment,
    /// An asset, a missing target, or nothing to follow.
    Other,
}

impl Opens {
    pub fn of(link: &ResolvedLink) -> Opens {
        if link.url.form == UrlForm::Fragment {
            return Opens::Fragment;
        }
        match (&link.scope, &link.lookup) {
            (_, Some(Lookup::Page(page))) => Opens::Page(*page as u32),
            (Scope::External, _) => Opens::External,
            _ => Opens::Other,
        }
    }
}

/// Everything a lint pass reads.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    pub plan: &'a Plan,
    /// What requesting the external links found (`--online` only).
    pub online: Option<&'a online::Results>,
    /// Whether findings get their line, column and fingerprint, which reads
    /// every page with findings again. A migration that only compares
    /// messages needs none.
    pub locate: bool,
}

/// What a rule sees when checking one page.
pub struct PageContext<'a> {
    pub page: &'a Page,
    pub page_index: usize,
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    /// One entry per `page.links` entry, same order.
    pub links: &'a [ResolvedLink],
    /// What requesting the external links found (`--online` only).
    pub online: Option<&'a online::Results>,
    /// Every page's twins (translations): set for the rules that declare
    /// [`reads_twins`](super::RuleMeta::reads_twins); read through
    /// [`PageContext::twins`].
    pub(super) twins: Option<&'a Twins>,
}

impl<'a> PageContext<'a> {
    /// Every page's twins (translations). Only for rules that declare
    /// `twins: true` (their fixtures fail otherwise).
    pub fn twins(&self) -> &'a Twins {
        self.twins.expect(UNDECLARED_TWINS)
    }

    /// Every link with its resolution.
    pub fn resolved_links(&self) -> impl Iterator<Item = (&'a Link, &'a ResolvedLink)> + 'a {
        self.page.links.iter().zip(self.links)
    }

    /// Links readers see (not inside comments), with their resolution.
    pub fn rendered_links(&self) -> impl Iterator<Item = (&'a Link, &'a ResolvedLink)> + 'a {
        self.resolved_links()
            .filter(|(link, _)| link.region.is_rendered())
    }

    /// For an external link checked online: the URL requested and what it
    /// answered. `None` offline, and for links not requested.
    pub fn external(&self, link: &Link, resolved: &ResolvedLink) -> Option<(String, &'a Outcome)> {
        let results = self.online?;
        let key = online::request_key(&link.url, &resolved.url, &resolved.scope, self.config)?;
        let outcome = results.get(&key)?;
        Some((key, outcome))
    }
}

const UNDECLARED_TWINS: &str = "a rule read the twins without declaring `twins: true`";

/// What a rule across pages sees: the whole site.
#[derive(Clone, Copy)]
pub struct ClaimsContext<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    /// Per page of the site, per link (same order as `page.links`): what it opens.
    pub link_targets: &'a [Vec<Opens>],
    /// Per page: whether its findings are reported.
    pub in_scope: &'a [bool],
    /// Every page's twins (translations): set for the rules that declare
    /// [`reads_twins`](super::RuleMeta::reads_twins); read through
    /// [`ClaimsContext::twins`].
    pub(super) twins: Option<&'a Twins>,
}

impl<'a> ClaimsContext<'a> {
    /// Every page's twins (translations). Only for rules that declare
    /// `twins: true` (their fixtures fail otherwise).
    pub fn twins(&self) -> &'a Twins {
        self.twins.expect(UNDECLARED_TWINS)
    }

    pub fn reported(&self, page: u32) -> bool {
        self.in_scope[page as usize]
    }

    /// A related location on page `page` of the site.
    pub fn related(&self, page: u32, span: Span, message: String) -> Related {
        Related {
            path: self.site.pages[page as usize].path.clone(),
            span,
            message,
            location: Default::default(),
        }
    }
}

/// Resolves every link of a page against the site.
pub fn resolve_links(page: &Page, site: &Site, config: &Config) -> Vec<ResolvedLink> {
    page.links
        .iter()
        .map(|link| resolve_link(link, page, site, config))
        .collect()
}

/// Resolves one link of `page` against the site.
pub fn resolve_link(link: &Link, page: &Page, site: &Site, config: &Config) -> ResolvedLink {
    let url = parse_url(&link.url);
    let scope = scope(&url, &page.path, config);
    let lookup = match &scope {
        Scope::Site { path, .. } => Some(site.lookup(path, config)),
        _ => None,
    };
    ResolvedLink { url, scope, lookup }
}

/// What a rule reading the claims analysis sees: the site, and the analysis.
pub struct AnalysisContext<'a> {
    pub(super) cx: ClaimsContext<'a>,
    pub(super) analysis: &'a crate::lint::rules::claims::analysis::Analysis<'a>,
}

impl<'a> AnalysisContext<'a> {
    /// The claims analysis of the site.
    pub fn analysis(&self) -> &'a crate::lint::rules::claims::analysis::Analysis<'a> {
        self.analysis
    }
}

impl<'a> std::ops::Deref for AnalysisContext<'a> {
    type Target = ClaimsContext<'a>;

    fn deref(&self) -> &ClaimsContext<'a> {
        &self.cx
    }
}
