//! Rules and the parallel lint pass.
//!
//! Every rule lives in its own file under `rules/`, declared with
//! [`declare_rule!`]: its doc comment is what `tclint rule NAME` prints.
//! What it checks is the trait of its kind it implements; the registry
//! ([`rules::REGISTRY`]) holds each rule as a [`Rule`], which says that kind.
//! Adding a rule is one file, one line in [`rules::REGISTRY`], one fixture.

mod context;
mod finding;
pub mod rules;
mod run;
pub mod select;

pub use context::{
    AnalysisContext, ClaimsContext, Inputs, Opens, PageContext, ResolvedLink, resolve_link, resolve_links,
};
pub use finding::{Edit, Finding, Fix, Related, Severity};
pub use run::check;

pub use select::Plan;

use crate::page::Page;
use crate::site::Site;

/// Whether a rule can offer fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixability {
    Never,
    Sometimes,
}

/// The family of a rule: the folder under `rules/` it lives in, and a
/// selector of `--select`, `--ignore` and `[rules]` (by its [name](Family::name)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// How pages were read and their inline suppressions.
    Page,
    /// Where links lead.
    Links,
    /// The markup of a page.
    Markup,
    /// What pages say, compared across the site (the claims analysis).
    Claims,
}

impl Family {
    /// The name users write and outputs print (`links`).
    pub const fn name(self) -> &'static str {
        match self {
            Family::Page => "page",
            Family::Links => "links",
            Family::Markup => "markup",
            Family::Claims => "claims",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Public id, kebab-case.
    pub name: &'static str,
    /// Stable code (`TC101`).
    pub code: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub fix: Fixability,
    /// One line.
    pub summary: &'static str,
    /// Reports only with `--online` (it judges what servers answer).
    pub online: bool,
    /// Reads every page's twins (translations) from its context: they are
    /// then found once for the run, before any rule runs.
    pub reads_twins: bool,
    /// Reads the pages' vocabularies (`Page::vocabulary`): the parser then
    /// counts attribute names and class tokens.
    pub reads_vocabulary: bool,
    /// In preview: not yet shown to hold on sites it was not developed on
    /// (see the README's precision table), so it runs only with
    /// `--preview` or when named exactly.
    pub preview: bool,
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

/// Declares a rule type whose doc comment becomes its printed documentation,
/// and gives it its [`RuleMeta`] ([`Declared`]). What it checks is the trait
/// of its kind it implements ([`PageRule`], [`AcrossRule`]...).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            name: $rule_name:literal,
            code: $code:literal,
            family: $family:ident,
            severity: $severity:ident,
            fix: $fix:ident,
            summary: $summary:literal
            $(, online: $online:literal)?
            $(, twins: $twins:literal)?
            $(, vocabulary: $vocabulary:literal)?
            $(, preview: $preview:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                name: $rule_name,
                code: $code,
                family: $crate::lint::Family::$family,
                severity: $crate::lint::Severity::$severity,
                fix: $crate::lint::Fixability::$fix,
                summary: $summary,
                online: false $(|| $online)?,
                reads_twins: false $(|| $twins)?,
                reads_vocabulary: false $(|| $vocabulary)?,
                preview: false $(|| $preview)?,
                doc: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::lint::Declared for $name {
            fn meta(&self) -> &'static $crate::lint::RuleMeta {
                &Self::META
            }
        }
    };
}

/// A rule's identity, given by [`declare_rule!`].
pub trait Declared: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
}

/// A rule that checks one page at a time.
pub trait PageRule: Declared {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>);
}

/// A rule that checks what is not a page: the files the walk could not read.
pub trait SiteRule: Declared {
    /// `in_scope` tells whether a site-relative path was asked for.
    fn check_site(&self, site: &Site, in_scope: &dyn Fn(&str) -> bool, out: &mut Vec<Finding>);
}

/// A rule that checks each page and what is not a page.
pub trait PageAndSiteRule: PageRule + SiteRule {}

impl<R: PageRule + SiteRule> PageAndSiteRule for R {}

/// A rule that checks across pages without the claims analysis: it runs
/// while the analysis is computed. Findings for pages outside
/// `cx.in_scope` are dropped.
pub trait AcrossRule: Declared {
    fn check_across(&self, cx: &ClaimsContext<'_>, out: &mut Vec<Finding>);
}

/// A rule that checks across pages with the claims analysis: the analysis
/// is computed when one of them runs, and they run after it. Findings for
/// pages outside `cx.in_scope` are dropped.
pub trait AnalysisRule: Declared {
    fn check_analysis(&self, cx: &AnalysisContext<'_>, out: &mut Vec<Finding>);
}

/// A rule that runs after a page's inline suppressions were applied.
pub trait SuppressionRule: Declared {
    /// `used[i]` says whether `page.suppressions[i]` silenced a finding.
    fn check_suppressions(&self, page: &Page, used: &[bool], plan: &Plan, out: &mut Vec<Finding>);
}

/// A rule of the registry, by the kind of check it makes: the lint pass
/// calls each where its kind runs.
#[derive(Clone, Copy)]
pub enum Rule {
    Page(&'static dyn PageRule),
    PageAndSite(&'static dyn PageAndSiteRule),
    Across(&'static dyn AcrossRule),
    Analysis(&'static dyn AnalysisRule),
    Suppressions(&'static dyn SuppressionRule),
}

impl Rule {
    pub fn meta(self) -> &'static RuleMeta {
        match self {
            Rule::Page(rule) => rule.meta(),
            Rule::PageAndSite(rule) => rule.meta(),
            Rule::Across(rule) => rule.meta(),
            Rule::Analysis(rule) => rule.meta(),
            Rule::Suppressions(rule) => rule.meta(),
        }
    }

    /// The check per page, for the rules that make one.
    pub fn per_page(self) -> Option<&'static dyn PageRule> {
        match self {
            Rule::Page(rule) => Some(rule),
            Rule::PageAndSite(rule) => Some(rule),
            _ => None,
        }
    }

    /// The check of what is not a page, for the rules that make one.
    pub fn per_site(self) -> Option<&'static dyn SiteRule> {
        match self {
            Rule::PageAndSite(rule) => Some(rule),
            _ => None,
        }
    }

    /// The same rule (rules are told apart by their code).
    pub fn is(self, other: Rule) -> bool {
        self.meta().code == other.meta().code
    }
}
