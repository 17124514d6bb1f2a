//! Rules and the parallel lint pass.
//!
//! Every rule lives in its own file under `rules/`, declared with
//! [`declare_rule!`]: its doc comment is what `tclint rule NAME` prints.
//! Adding a rule is one file, one line in [`rules::REGISTRY`], one fixture.

mod finding;
pub mod rules;
pub mod select;

use std::collections::HashMap;

use rayon::prelude::*;

pub use finding::{Edit, Finding, Fix, Related, Severity};

use crate::config::Config;
use crate::data::LintData;
use crate::page::{Link, Page};
use crate::site::url::{ParsedUrl, Scope, parse_url, scope};
use crate::site::{Lookup, Site};
use crate::source::SourceFile;

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
            summary: $summary:literal $(,)?
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

/// What a rule sees when checking one page.
pub struct PageContext<'a> {
    pub page: &'a Page,
    pub page_index: usize,
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    /// One entry per `page.links` entry, same order.
    pub links: &'a [ResolvedLink],
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
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one page.
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>);

    /// Checks what is not a page (walk failures). `in_scope` tells whether a
    /// site-relative path was asked for.
    fn check_site(&self, _site: &Site, _in_scope: &dyn Fn(&str) -> bool, _out: &mut Vec<Finding>) {}
}

/// Resolves every link of a page against the site.
pub fn resolve_links(page: &Page, site: &Site, config: &Config) -> Vec<ResolvedLink> {
    page.links
        .iter()
        .map(|link| {
            let url = parse_url(&link.url);
            let scope = scope(&url, &page.path, config);
            let lookup = match &scope {
                Scope::Site { path, .. } => Some(site.lookup(path, config)),
                _ => None,
            };
            ResolvedLink { url, scope, lookup }
        })
        .collect()
}

/// Runs `rules` on the pages at `pages` (indexes into `site.pages`), in
/// parallel. The result is sorted: the same whatever the thread count.
pub fn check(
    site: &Site,
    config: &Config,
    data: &LintData,
    rules: &[&'static dyn Rule],
    pages: &[usize],
    in_scope: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = pages
        .par_iter()
        .flat_map_iter(|&page_index| {
            let page = &site.pages[page_index];
            let links = resolve_links(page, site, config);
            let cx = PageContext {
                page,
                page_index,
                site,
                config,
                data,
                links: &links,
            };
            let mut out = Vec::new();
            for rule in rules {
                rule.check(&cx, &mut out);
            }
            locate(site, config, &page.path, &mut out);
            out
        })
        .collect();
    for rule in rules {
        rule.check_site(site, in_scope, &mut findings);
    }
    findings.par_sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// Fills in line and column for a page's findings, their fixes and related
/// locations. The page is read again only if it has findings, here in the
/// parallel pass, and dropped afterwards: sources are never all in memory.
fn locate(site: &Site, config: &Config, path: &str, findings: &mut [Finding]) {
    if findings.is_empty() {
        return;
    }
    let max_bytes = config.files.max_page_bytes;
    let load = |path: &str| SourceFile::load(&site.root.join(path), max_bytes);
    let Some(source) = load(path) else { return };
    let here = source.locator();
    let mut others: HashMap<Box<str>, Option<SourceFile>> = HashMap::new();
    for finding in findings {
        finding.location = here.location(finding.span);
        if let Some(fix) = &mut finding.fix {
            for edit in &mut fix.edits {
                edit.location = here.location(edit.span);
            }
        }
        for related in &mut finding.related {
            if *related.path == *path {
                related.location = here.location(related.span);
                continue;
            }
            let other = others
                .entry(related.path.clone())
                .or_insert_with(|| load(&related.path));
            if let Some(file) = other {
                related.location = file.locator().location(related.span);
            }
        }
    }
}
