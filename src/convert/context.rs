//! What converting any page of a site reads: the site with its
//! configuration and data, the chrome to leave out, where every page goes
//! (through the link rewriter), each page's translations, and the anchors
//! that some link of the site targets.

use rayon::prelude::*;

use super::Chrome;
use super::html::Targeted;
use super::links::Rewriter;
use crate::config::Config;
use crate::data::LintData;
use crate::page::Locale;
use crate::site::url::{Scope, parse_url, scope};
use crate::site::{Lookup, Site, twins};

/// Everything the conversion of any page needs.
pub struct Context<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    pub chrome: &'a Chrome,
    pub rewriter: Rewriter<'a>,
    /// For each page, its translations.
    pub twins: Vec<Vec<(Locale, usize)>>,
    pub targeted: Targeted,
}

impl<'a> Context<'a> {
    /// The context of `site` whose pages are written to `outputs` (by page
    /// index, site-relative).
    pub fn new(
        site: &'a Site,
        config: &'a Config,
        data: &'a LintData,
        chrome: &'a Chrome,
        outputs: &'a [String],
    ) -> Context<'a> {
        Context {
            site,
            config,
            data,
            chrome,
            rewriter: Rewriter {
                site,
                config,
                data,
                outputs,
            },
            twins: twins::twins(site, config),
            targeted: targeted_anchors(site, config),
        }
    }
}

/// (page, fragment) of every rendered link of the site into one of its
/// pages: the ids of layout wrappers are kept only where a link needs them.
fn targeted_anchors(site: &Site, config: &Config) -> Targeted {
    site.pages
        .par_iter()
        .flat_map_iter(|page| {
            page.links
                .iter()
                .filter(|l| l.region.is_rendered())
                .filter_map(|link| {
                    let parsed = parse_url(&link.url);
                    let fragment = parsed.fragment.clone().filter(|f| !f.is_empty())?;
                    let Scope::Site { path, .. } = scope(&parsed, &page.path, config) else {
                        return None;
                    };
                    match site.lookup(&path, config) {
                        Lookup::Page(target) => Some((target, fragment)),
                        _ => None,
                    }
                })
        })
        .collect()
}
