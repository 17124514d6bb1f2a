//! `tclint check --online`: every distinct external URL of the checked pages
//! is requested once, politely (overall and per-host limits, retries with
//! backoff that honour `Retry-After`), safely (http and https only, never a
//! private address unless allowed, bodies capped) and with a cache of
//! successes. The rules then read the outcomes; nothing here reports.

mod address;
pub mod cache;
mod error;
mod fetch;
pub mod guard;
mod proxy;
mod target;
mod verdict;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::config::{Config, OnlineConfig};
use crate::site::Site;

pub use error::{CacheError, OnlineError};
pub use proxy::{BadProxy, ProxySettings};
pub use target::{Target, checkable_fragment, request_key, targets};

/// What checking one URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// The URL answers with a success (after temporary redirects, if any).
    Alive {
        status: u16,
        #[serde(default)]
        anchors: Option<Anchors>,
    },
    /// The URL redirects permanently (`status`, 301 or 308) to `to`, and the
    /// chain ends in a success.
    Moved {
        status: u16,
        to: String,
        #[serde(default)]
        anchors: Option<Anchors>,
    },
    /// Gone: 404, 410 or another client error, an unknown host, a refused
    /// connection, a TLS failure, a redirect loop.
    Dead { reason: String },
    /// Neither alive nor dead as far as tclint can tell: rate limited, access
    /// denied, a server error, a timeout, a refused private address.
    Unchecked { reason: String },
}

/// What a page offers as `#fragment` targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Anchors {
    /// The ids and `<a name>`s of an HTML page, sorted. `complete` is false
    /// when the page was larger than the body cap and only its start was read.
    Listed { names: Vec<String>, complete: bool },
    /// Not an HTML page: its fragments (`#page=2` of a PDF) are not anchors.
    NotHtml,
}

impl Anchors {
    pub fn contains(&self, name: &str) -> bool {
        match self {
            Anchors::Listed { names, .. } => names.binary_search_by(|n| n.as_str().cmp(name)).is_ok(),
            Anchors::NotHtml => false,
        }
    }
}

impl Outcome {
    /// The page's anchors, when its body was read.
    pub fn anchors(&self) -> Option<&Anchors> {
        match self {
            Outcome::Alive { anchors, .. } | Outcome::Moved { anchors, .. } => anchors.as_ref(),
            Outcome::Dead { .. } | Outcome::Unchecked { .. } => None,
        }
    }

    /// Whether the URL leads to a page (only those are cached).
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Alive { .. } | Outcome::Moved { .. })
    }
}

/// Settings of one online run: `[online]` plus the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub config: OnlineConfig,
    /// Allow loopback, private, link-local and reserved addresses
    /// (`--allow-private`).
    pub allow_private: bool,
    /// Read and write the cache (off with `--no-cache`).
    pub use_cache: bool,
    /// The proxies of the environment.
    pub proxies: ProxySettings,
}

/// Figures of one online run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Distinct URLs the checked pages link to.
    pub urls: usize,
    /// Of which answered from the cache.
    pub from_cache: usize,
    /// HTTP requests sent (retries and redirects included).
    pub requests: usize,
    pub elapsed: Duration,
}

/// The outcome of every checked URL, by request key (see [`request_key`]).
#[derive(Debug, Default)]
pub struct Results {
    outcomes: HashMap<String, Outcome>,
    pub stats: Stats,
    /// Problems that did not stop the run (the cache could not be written).
    pub warnings: Vec<String>,
}

impl Results {
    pub fn get(&self, key: &str) -> Option<&Outcome> {
        self.outcomes.get(key)
    }
}

/// Checks the external links of the pages at `pages` (indexes into
/// `site.pages`). `progress(done, total)` is called as URLs complete.
pub fn check(
    site: &Site,
    pages: &[usize],
    config: &Config,
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Results, OnlineError> {
    let started = Instant::now();
    let wanted = targets(site, pages, config)?;
    check_targets(&site.root, wanted, options, progress).map(|mut results| {
        results.stats.elapsed = started.elapsed();
        results
    })
}

/// Checks the given targets, from the cache when it has them.
pub fn check_targets(
    root: &Path,
    wanted: Vec<Target>,
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Results, OnlineError> {
    let max_age = options.config.cache_max_age.0;
    let mut cache = options.use_cache.then(|| cache::Cache::open(root, max_age));
    let mut results = Results::default();
    results.stats.urls = wanted.len();
    let mut to_fetch = Vec::new();
    for target in wanted {
        match cache
            .as_ref()
            .and_then(|c| c.get(&target.key, target.needs_anchors))
        {
            Some(outcome) => {
                results.stats.from_cache += 1;
                results.outcomes.insert(target.key, outcome);
            }
            None => to_fetch.push(target),
        }
    }
    if !to_fetch.is_empty() {
        let (outcomes, requests) = fetch::fetch_all(&to_fetch, options, progress)?;
        results.stats.requests = requests;
        for (target, outcome) in to_fetch.into_iter().zip(outcomes) {
            if let Some(cache) = &mut cache {
                cache.put(&target.key, &outcome);
            }
            results.outcomes.insert(target.key, outcome);
        }
    }
    if let Some(Err(error)) = cache.as_ref().map(cache::Cache::save) {
        results
            .warnings
            .push(format!("the link cache was not saved: {error}"));
    }
    Ok(results)
}
