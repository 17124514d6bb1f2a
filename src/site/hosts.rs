//! The site's own hosts, read off its links: which absolute URLs name pages
//! of this site when `tclint.toml` says nothing (inference), and which hosts
//! with an environment in their name are this site's staging.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::url::{Scope, UrlForm, parse_url, scope};
use super::{Lookup, Site};
use crate::config::{Config, InferredHosts};
use crate::lint::rules::links::data::{HostVerdict, StaleHostPatterns};

/// A host is inferred to be this site's when at least this many of its
/// links land on pages of the site...
const MIN_RESOLVING_LINKS: usize = 5;
/// ...naming at least this many different pages (not one menu entry
/// repeated on every page)...
const MIN_DISTINCT_TARGETS: usize = 3;
// ...and when they are most of its links with a path (checked below): a
// host where the site's paths are a minority is a larger site this one is
// part of, or merely shares path names with.

/// The links of one host that have a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEvidence {
    pub host: String,
    /// Links to this host with a path (not just `https://host/`).
    pub links: usize,
    /// Of those, the ones landing on a page or file of this site.
    pub resolving: usize,
    /// How many different files they land on.
    pub targets: usize,
}

impl HostEvidence {
    fn qualifies(&self) -> bool {
        self.resolving >= MIN_RESOLVING_LINKS
            && self.targets >= MIN_DISTINCT_TARGETS
            && self.resolving * 2 > self.links
    }
}

/// What inference found: the hosts taken as production (with their
/// evidence) and the paths of theirs that belong to this checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    pub chosen: Vec<HostEvidence>,
    pub prefixes: Vec<String>,
}

impl Inference {
    pub fn as_config(&self) -> InferredHosts {
        InferredHosts {
            hosts: self.chosen.iter().map(|evidence| evidence.host.clone()).collect(),
            prefixes: self.prefixes.clone(),
        }
    }
}

/// Infers the site's production hosts from its absolute links: the host
/// with the most links landing on pages of this site, when it has enough of
/// them and they are most of its links, with any host sharing its
/// registrable domain that qualifies too (`example.cn` beside
/// `www.example.cn`). `None` when nothing qualifies or two unrelated hosts
/// tie. Hosts named like non-production ones are never candidates.
pub fn infer(site: &Site, config: &Config, stale_hosts: &StaleHostPatterns) -> Option<Inference> {
    let prefixes = checkout_prefixes(site);
    let probe = Config {
        site: crate::config::SiteConfig {
            inferred: None,
            ..config.site.clone()
        },
        ..Config::default()
    };
    let mut evidence: FxHashMap<String, (usize, usize, FxHashSet<String>)> = FxHashMap::default();
    for page in &site.pages {
        for link in &page.links {
            let parsed = parse_url(&link.url);
            let UrlForm::Absolute { host, .. } = &parsed.form else {
                continue;
            };
            if parsed.path.trim_matches('/').is_empty()
                || !matches!(stale_hosts.verdict(host), HostVerdict::Fine)
                || config.production_twin(host).is_some()
            {
                continue;
            }
            let entry = evidence.entry(host.clone()).or_default();
            entry.0 += 1;
            if !prefixes
                .iter()
                .any(|prefix| parsed.path.starts_with(prefix.as_str()))
            {
                continue;
            }
            let site_path = super::url::ParsedUrl {
                form: UrlForm::SiteAbsolute,
                ..parsed.clone()
            };
            if let Scope::Site { path, .. } = scope(&site_path, &page.path, &probe)
                && let found @ (Lookup::Page(_) | Lookup::Asset(_)) = site.lookup(&path, &probe)
            {
                entry.1 += 1;
                entry.2.insert(match found {
                    Lookup::Page(index) => site.pages[index].path.to_string(),
                    Lookup::Asset(file) => file,
                    Lookup::Missing { .. } => unreachable!("matched above"),
                });
            }
        }
    }
    let mut candidates: Vec<HostEvidence> = evidence
        .into_iter()
        .map(|(host, (links, resolving, targets))| HostEvidence {
            host,
            links,
            resolving,
            targets: targets.len(),
        })
        .filter(HostEvidence::qualifies)
        .collect();
    candidates.sort_by(|a, b| b.resolving.cmp(&a.resolving).then_with(|| a.host.cmp(&b.host)));
    let top = candidates.first()?;
    let top_domain = registrable_domain(&top.host);
    let tied_stranger = candidates
        .iter()
        .skip(1)
        .any(|other| other.resolving == top.resolving && registrable_domain(&other.host) != top_domain);
    if tied_stranger {
        return None;
    }
    let chosen = candidates
        .iter()
        .filter(|candidate| registrable_domain(&candidate.host) == top_domain)
        .cloned()
        .collect();
    Some(Inference { chosen, prefixes })
}

/// The configuration to lint with: `config` plus the inferred production
/// hosts, when inference is allowed (not `--isolated`) and `tclint.toml`
/// names no production host (a configuration overrides inference).
pub fn with_inferred<'a>(
    site: &Site,
    config: &'a Config,
    stale_hosts: &StaleHostPatterns,
    allowed: bool,
) -> (std::borrow::Cow<'a, Config>, Option<Inference>) {
    if !allowed || !config.site.production_hosts.is_empty() {
        return (std::borrow::Cow::Borrowed(config), None);
    }
    match infer(site, config, stale_hosts) {
        Some(inference) => {
            let mut inferred = config.clone();
            inferred.site.inferred = Some(inference.as_config());
            (std::borrow::Cow::Owned(inferred), Some(inference))
        }
        None => (std::borrow::Cow::Borrowed(config), None),
    }
}

/// `/folder/` for each top-level folder of the checkout, `/file` for each
/// top-level file, and the fixed beginning of each route.
fn checkout_prefixes(site: &Site) -> Vec<String> {
    let mut prefixes: Vec<String> = site
        .files
        .iter()
        .map(|file| match file.split_once('/') {
            Some((folder, _)) => format!("/{folder}/"),
            None => format!("/{file}"),
        })
        .chain(site.routes().iter().map(|route| route.fixed_prefix().to_owned()))
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    prefixes
}

/// The registrable domain (`example.com.cn` of `www.example.com.cn`), by the
/// Public Suffix List; the host itself when it has none (`localhost`).
pub fn registrable_domain(host: &str) -> &str {
    psl::domain_str(host).unwrap_or(host)
}

/// The hosts this site's pages link to (absolute URLs, lower-cased), built
/// on first use.
pub(super) type LinkedHosts = OnceLock<FxHashSet<String>>;

impl Site {
    pub fn linked_hosts(&self) -> &FxHashSet<String> {
        self.linked_hosts.get_or_init(|| {
            self.pages
                .iter()
                .flat_map(|page| &page.links)
                .filter_map(|link| match parse_url(&link.url).form {
                    UrlForm::Absolute { host, .. } => Some(host),
                    _ => None,
                })
                .collect()
        })
    }
}

/// True when a host whose label `label` names an environment (`stem` is
/// that label without the word) is related to this site, so that the word
/// means this site's staging: it shares the registrable domain of one of the
/// site's production hosts (configured, inferred, or the production twin of
/// a configured staging host), or the stem names one of them
/// (`trustcenterstage` / `www.trustcenter.cn`), or the site links to a
/// sibling host under the same parent whose label begins with the stem
/// (`wacnppe.blob...` / `wacnstorage.blob...`).
pub fn is_related(
    host: &str,
    label: usize,
    stem: &str,
    site: &Site,
    config: &Config,
    stale: &StaleHostPatterns,
) -> bool {
    let domain = registrable_domain(host);
    let production = config
        .site
        .production_hosts
        .iter()
        .chain(config.site.inferred.iter().flat_map(|inferred| &inferred.hosts))
        .chain(config.site.staging.values());
    let mut production_labels = FxHashSet::default();
    for production_host in production {
        let production_host = production_host.to_ascii_lowercase();
        if registrable_domain(&production_host) == domain {
            return true;
        }
        production_labels.extend(production_host.split('.').map(str::to_owned));
    }
    // A stem of one or two letters (`s-dev`) says too little.
    if stem.len() < 3 {
        return false;
    }
    if production_labels.contains(stem) {
        return true;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let parent = labels[label + 1..].join(".");
    site.linked_hosts().iter().any(|other| {
        let Some((first, rest)) = other.split_once('.') else {
            return false;
        };
        label == 0
            && rest == parent
            && other != host
            && first.len() > stem.len()
            && first.starts_with(stem)
            && matches!(stale.verdict(other), HostVerdict::Fine)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains_follow_the_public_suffix_list() {
        assert_eq!(registrable_domain("www.trustcenter.cn"), "trustcenter.cn");
        assert_eq!(registrable_domain("a.b.example.com.cn"), "example.com.cn");
        assert_eq!(registrable_domain("localhost"), "localhost");
    }
}
