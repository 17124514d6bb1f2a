//! Rules and the parallel lint pass.
//!
//! Every rule lives in its own file under `rules/`, declared with
//! [`declare_rule!`]: its doc comment is what `tclint rule NAME` prints.
//! Adding a rule is one file, one line in [`rules::REGISTRY`], one fixture.

mod finding;
pub mod rules;
mod run;
pub mod select;

pub use finding::{Edit, Finding, Fix, Related, Severity};
pub use run::check;

pub use select::Plan;

use crate::config::Config;
use crate::data::LintData;
use crate::online::{self, Outcome};
use crate::page::{Link, Page};
use crate::site::twins::Twins;
use crate::site::url::{ParsedUrl, Scope, UrlForm, parse_url, scope};
use crate::site::{Lookup, Site};
use crate::span::Span;

/// Whether a rule can offer fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixability {
    Never,
    Sometimes,
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Public id, kebab-case.
    pub name: &'static str,
    /// Stable code (`TC101`).
    pub code: &'static str,
    /// Family, usable in `--select` (`links`, `markup`, `page`).
    pub family: &'static str,
    pub severity: Severity,
    pub fix: Fixability,
    /// One line.
    pub summary: &'static str,
    /// Reports only with `--online` (it judges what servers answer).
    pub online: bool,
    /// The rule's doc comment: what it does, why it matters, example, fix.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The doc comment without the leading space rustdoc keeps on each line.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }
}

/// Declares a rule type whose doc comment becomes its printed documentation.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            name: $rule_name:literal,
            code: $code:literal,
            family: $family:literal,
            severity: $severity:ident,
            fix: $fix:ident,
            summary: $summary:literal
            $(, online: $online:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                name: $rule_name,
                code: $code,
                family: $family,
                severity: $crate::lint::Severity::$severity,
                fix: $crate::lint::Fixability::$fix,
                summary: $summary,
                online: false $(|| $online)?,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// A link of the page, resolved once for all rules.
#[derive(Debug, Clone)]
pub struct ResolvedLink {
    pub url: ParsedUrl,
    pub scope: Scope,
    /// For links into this site: what the path names.
    pub lookup: Option<Lookup>,
}

/// What a link opens, in short: what the rules across pages need of every
/// link of the site, kept for all pages at once (a resolved link is ten
/// times larger).
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
    /// Every page's twins (translations), found once for the run when a
    /// rule that [reads them](Rule::reads_twins) runs (empty otherwise).
    pub twins: &'a Twins,
}

impl<'a> PageContext<'a> {
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

/// What a claims rule sees: the whole site and, for the rules that read
/// it, the claims analysis.
pub struct ClaimsContext<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    /// Set for the rules whose [`Rule::reads_analysis`] is true; rules read
    /// it through [`ClaimsContext::analysis`].
    analysis: Option<&'a crate::claims::Analysis<'a>>,
    /// Per page of the site, per link (same order as `page.links`): what it opens.
    pub link_targets: &'a [Vec<Opens>],
    /// Per page: whether its findings are reported.
    pub in_scope: &'a [bool],
    /// Every page's twins (translations), when a rule that [reads
    /// them](Rule::reads_twins) runs (empty otherwise).
    pub twins: &'a Twins,
}

impl<'a> ClaimsContext<'a> {
    /// The claims analysis. Only for rules whose [`Rule::reads_analysis`]
    /// is true (every rule's fixtures would fail otherwise).
    pub fn analysis(&self) -> &'a crate::claims::Analysis<'a> {
        self.analysis
            .expect("a claims rule read the analysis without declaring Rule::reads_analysis")
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

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one page.
    fn check(&self, _cx: &PageContext<'_>, _out: &mut Vec<Finding>) {}

    /// Checks what is not a page (walk failures). `in_scope` tells whether a
    /// site-relative path was asked for.
    fn check_site(&self, _site: &Site, _in_scope: &dyn Fn(&str) -> bool, _out: &mut Vec<Finding>) {}

    /// Checks across pages, with the claims analysis (only called for rules of
    /// the `claims` family). Findings for pages outside `cx.in_scope` are dropped.
    fn check_claims(&self, _cx: &ClaimsContext<'_>, _out: &mut Vec<Finding>) {}

    /// Whether [`Rule::check_claims`] reads the claims analysis: it is then
    /// computed and these rules run after it, while the others run alongside.
    fn reads_analysis(&self) -> bool {
        false
    }

    /// Whether the rule reads `twins` of its context: every page's twins
    /// are then found once for the run, before any rule runs.
    fn reads_twins(&self) -> bool {
        false
    }

    /// Runs after the page's inline suppressions were applied: `used[i]`
    /// says whether `page.suppressions[i]` silenced a finding.
    fn check_suppressions(&self, _page: &Page, _used: &[bool], _plan: &Plan, _out: &mut Vec<Finding>) {}
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
