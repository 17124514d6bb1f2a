//! The links family's data: `lints/stale-hosts.toml` and
//! `lints/placeholders.toml`, compiled into the binary and extended by the
//! family's sections of `tclint.toml`.

use regex::RegexSet;
use serde::Deserialize;

use super::settings::{PlaceholderConfig, StaleHostConfig};
use crate::data::error::DataError;

const STALE_HOSTS: &str = include_str!("../../../../lints/stale-hosts.toml");
const PLACEHOLDERS: &str = include_str!("../../../../lints/placeholders.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StaleHostPatterns {
    pub labels: Vec<String>,
    pub label_suffixes: Vec<String>,
    pub platform_suffixes: Vec<String>,
    pub local_hosts: Vec<String>,
    pub allow: Vec<String>,
    /// Verdicts by host: a site links to few hosts, many times.
    #[serde(skip)]
    verdicts: std::sync::RwLock<rustc_hash::FxHashMap<String, Option<String>>>,
}

impl Clone for StaleHostPatterns {
    fn clone(&self) -> StaleHostPatterns {
        StaleHostPatterns {
            labels: self.labels.clone(),
            label_suffixes: self.label_suffixes.clone(),
            platform_suffixes: self.platform_suffixes.clone(),
            local_hosts: self.local_hosts.clone(),
            allow: self.allow.clone(),
            verdicts: Default::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Placeholders {
    /// Lower-cased placeholder texts.
    texts: rustc_hash::FxHashSet<String>,
    /// All patterns, matched in one pass.
    patterns: RegexSet,
    hrefs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceholderFile {
    texts: Vec<String>,
    patterns: Vec<String>,
    hrefs: Vec<String>,
}

impl StaleHostPatterns {
    /// The shipped patterns with the configuration's additions.
    pub fn load(extra: &StaleHostConfig) -> Result<StaleHostPatterns, DataError> {
        let mut stale_hosts: StaleHostPatterns =
            toml::from_str(STALE_HOSTS).map_err(|e| DataError::in_file("lints/stale-hosts.toml", e))?;
        stale_hosts.labels.extend(extra.labels.iter().cloned());
        stale_hosts
            .label_suffixes
            .extend(extra.label_suffixes.iter().cloned());
        stale_hosts
            .platform_suffixes
            .extend(extra.platform_suffixes.iter().cloned());
        stale_hosts.allow.extend(extra.allow.iter().cloned());
        Ok(stale_hosts)
    }
}

impl Placeholders {
    /// The shipped placeholders with the configuration's additions.
    pub fn load(extra: &PlaceholderConfig) -> Result<Placeholders, DataError> {
        let file: PlaceholderFile =
            toml::from_str(PLACEHOLDERS).map_err(|e| DataError::in_file("lints/placeholders.toml", e))?;
        let texts = file
            .texts
            .iter()
            .chain(&extra.texts)
            .map(|text| text.trim().to_lowercase())
            .collect();
        let patterns = RegexSet::new(file.patterns.iter().chain(&extra.patterns))
            .map_err(DataError::PlaceholderPatterns)?;
        Ok(Placeholders {
            texts,
            patterns,
            hrefs: file.hrefs,
        })
    }
}

impl Placeholders {
    /// True when a link text is a stand-in ("。。。", "TBD"...).
    pub fn is_placeholder_text(&self, text: &str) -> bool {
        let text = text.trim();
        // Placeholders are short; a sentence is never one.
        if text.is_empty() || text.len() > 64 {
            return false;
        }
        let folded = text.to_lowercase();
        self.texts.contains(&folded) || self.patterns.is_match(text)
    }

    /// True when an href goes nowhere (`#`, empty, `javascript:void(0)`).
    pub fn is_placeholder_href(&self, href: &str) -> bool {
        let href = href.trim();
        self.hrefs.iter().any(|h| h.eq_ignore_ascii_case(href))
    }
}

impl StaleHostPatterns {
    /// Why a host looks like a non-production host, or `None`.
    pub fn why_stale(&self, host: &str) -> Option<String> {
        let cached = self
            .verdicts
            .read()
            .ok()
            .and_then(|verdicts| verdicts.get(host).cloned());
        if let Some(verdict) = cached {
            return verdict;
        }
        let verdict = self.judge(host);
        if let Ok(mut verdicts) = self.verdicts.write() {
            verdicts.insert(host.to_owned(), verdict.clone());
        }
        verdict
    }

    fn judge(&self, host: &str) -> Option<String> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if self.allow.contains(&host) {
            return None;
        }
        if self.local_hosts.contains(&host) || host.ends_with(".localhost") {
            return Some("it names the local machine".to_owned());
        }
        if let Ok(ip) = host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
            return Some(format!(
                "it is a raw IP address ({ip}), not a published host name"
            ));
        }
        if let Some(suffix) = self.platform_suffixes.iter().find(|s| host.ends_with(s.as_str())) {
            return Some(format!(
                "`*{suffix}` is a default web-app host (a deployment slot or preview)"
            ));
        }
        let labels: Vec<&str> = host.split('.').collect();
        // The last label is the top-level domain; it never says anything.
        for label in &labels[..labels.len().saturating_sub(1)] {
            if let Some(word) = label
                .split('-')
                .find(|word| self.labels.iter().any(|l| l == word))
            {
                return Some(format!("its label `{label}` names a `{word}` environment"));
            }
            if let Some(suffix) = self
                .label_suffixes
                .iter()
                .find(|s| label.len() > s.len() && label.ends_with(s.as_str()))
            {
                return Some(format!(
                    "its label `{label}` ends in `{suffix}`, a non-production environment"
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stale_hosts() -> StaleHostPatterns {
        StaleHostPatterns::load(&StaleHostConfig::default()).expect("shipped data parses")
    }

    #[test]
    fn stale_hosts_from_the_reference_site() {
        let hosts = &stale_hosts();
        assert!(hosts.why_stale("trustcenterstage.chinacloudsites.cn").is_some());
        assert!(hosts.why_stale("wacnppe.blob.core.chinacloudapi.cn").is_some());
        assert!(
            hosts
                .why_stale("wacndevelop.blob.core.chinacloudapi.cn")
                .is_some()
        );
        assert!(hosts.why_stale("o365datacentermap.azurewebsites.net").is_some());
        assert!(hosts.why_stale("localhost").is_some());
        assert!(hosts.why_stale("10.0.0.3").is_some());
    }

    #[test]
    fn production_hosts_are_not_stale() {
        let hosts = &stale_hosts();
        for host in [
            "www.trustcenter.cn",
            "wacnstorage.blob.core.chinacloudapi.cn",
            "www.azure.cn",
            "devblogs.microsoft.com",
            "dev.azure.com",
            "latest.example.com",
            "www.contest.org",
            "download.microsoft.com",
        ] {
            assert_eq!(hosts.why_stale(host), None, "{host}");
        }
    }

    #[test]
    fn placeholder_texts() {
        let placeholders = &Placeholders::load(&PlaceholderConfig::default()).expect("shipped data parses");
        for text in [
            "。。。",
            "...",
            "…",
            "TBD",
            "todo: add link",
            "xxxx",
            "待定",
            " ... ",
        ] {
            assert!(placeholders.is_placeholder_text(text), "{text}");
        }
        for text in ["Learn more", "Trusted Cloud", "数据中心", "Next...", "x"] {
            assert!(!placeholders.is_placeholder_text(text), "{text}");
        }
        assert!(placeholders.is_placeholder_href("#"));
        assert!(placeholders.is_placeholder_href(" javascript:void(0) "));
        assert!(!placeholders.is_placeholder_href("#top"));
    }
}
