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
    pub intranet: IntranetPatterns,
    #[serde(default)]
    pub allow: Vec<String>,
    /// Verdicts by host: a site links to few hosts, many times.
    #[serde(skip)]
    verdicts: std::sync::RwLock<rustc_hash::FxHashMap<String, HostVerdict>>,
}

impl Clone for StaleHostPatterns {
    fn clone(&self) -> StaleHostPatterns {
        StaleHostPatterns {
            labels: self.labels.clone(),
            label_suffixes: self.label_suffixes.clone(),
            platform_suffixes: self.platform_suffixes.clone(),
            local_hosts: self.local_hosts.clone(),
            intranet: self.intranet.clone(),
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

/// What a host name says about the environment it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostVerdict {
    /// Nothing: a host like any other.
    Fine,
    /// Not production whichever site links to it: the local machine, a raw
    /// IP address, a web-app platform's default host.
    NotProduction(String),
    /// A web-app platform's default host with no environment in its name
    /// (`name.azurewebsites.net`): this site's preview when `app` is the
    /// site's name, someone's published app otherwise.
    PlatformApp { why: String, app: String },
    /// Inside an organisation's network: readers outside it cannot open it.
    Intranet(String),
    /// A label names an environment (`dev.`, `stage-www.`, `wacnppe.`). That
    /// says "staging" only for a host related to the site that links to it:
    /// `dev.mysql.com` is MySQL's production documentation.
    Environment {
        why: String,
        /// Which label (0 = leftmost).
        label: usize,
        /// The label without its environment word (`wacn` of `wacnppe`),
        /// empty when the label is only that word.
        stem: String,
    },
}

impl StaleHostPatterns {
    /// What the host name says, computed once per host.
    pub fn verdict(&self, host: &str) -> HostVerdict {
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

    fn judge(&self, host: &str) -> HostVerdict {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if self.allow.contains(&host) {
            return HostVerdict::Fine;
        }
        if self.local_hosts.contains(&host) || host.ends_with(".localhost") {
            return HostVerdict::NotProduction("it names the local machine".to_owned());
        }
        if let Ok(ip) = host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
            return HostVerdict::NotProduction(format!(
                "it is a raw IP address ({ip}), not a published host name"
            ));
        }
        if let Some(suffix) = self.platform_suffixes.iter().find(|s| host.ends_with(s.as_str())) {
            let why = format!("`*{suffix}` is a default web-app host (a deployment slot or preview)");
            // An app published under the platform's name with no environment
            // in it may be someone's production (a public tool): it is this
            // site's preview only when its name is the site's.
            return match self.environment(&host) {
                Some(_) => HostVerdict::NotProduction(why),
                None => HostVerdict::PlatformApp {
                    why,
                    app: host.split('.').next().unwrap_or("").to_owned(),
                },
            };
        }
        if let Some(why) = self.intranet.why(&host) {
            return HostVerdict::Intranet(why);
        }
        self.environment(&host).unwrap_or(HostVerdict::Fine)
    }

    fn environment(&self, host: &str) -> Option<HostVerdict> {
        let labels: Vec<&str> = host.split('.').collect();
        // The last label is the top-level domain; it never says anything.
        for (index, label) in labels[..labels.len().saturating_sub(1)].iter().enumerate() {
            let words: Vec<&str> = label.split('-').collect();
            if let Some(word) = words.iter().find(|word| self.labels.iter().any(|l| l == *word)) {
                let stem: Vec<&str> = words.iter().copied().filter(|w| w != word).collect();
                return Some(HostVerdict::Environment {
                    why: format!("its label `{label}` names a `{word}` environment"),
                    label: index,
                    stem: stem.join("-"),
                });
            }
            if let Some(suffix) = self
                .label_suffixes
                .iter()
                .find(|s| label.len() > s.len() && label.ends_with(s.as_str()))
            {
                return Some(HostVerdict::Environment {
                    why: format!("its label `{label}` ends in `{suffix}`, a non-production environment"),
                    label: index,
                    stem: label[..label.len() - suffix.len()]
                        .trim_end_matches('-')
                        .to_owned(),
                });
            }
        }
        None
    }
}

/// `[intranet]` of `lints/stale-hosts.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IntranetPatterns {
    pub labels: Vec<String>,
    pub suffixes: Vec<String>,
    pub member_only_suffixes: Vec<String>,
}

impl IntranetPatterns {
    fn why(&self, host: &str) -> Option<String> {
        if let Some(suffix) = self
            .member_only_suffixes
            .iter()
            .find(|s| host.ends_with(s.as_str()))
        {
            return Some(format!(
                "`*{suffix}` sites open only to the organisation's signed-in members"
            ));
        }
        if let Some(suffix) = self.suffixes.iter().find(|s| host.ends_with(s.as_str())) {
            return Some(format!("`*{suffix}` names exist only inside a private network"));
        }
        if !host.contains('.') && !host.starts_with('[') {
            return Some("a host name without a domain resolves only inside a private network".to_owned());
        }
        let labels: Vec<&str> = host.split('.').collect();
        labels[..labels.len() - 1]
            .iter()
            .find(|label| label.split('-').any(|word| self.labels.iter().any(|l| l == word)))
            .map(|label| format!("its label `{label}` names an internal network"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stale_hosts() -> StaleHostPatterns {
        StaleHostPatterns::load(&StaleHostConfig::default()).expect("shipped data parses")
    }

    #[test]
    fn hosts_no_site_publishes_under() {
        let hosts = &stale_hosts();
        for host in [
            "trustcenterstage.chinacloudsites.cn",
            "wacn-ppe.chinacloudsites.cn",
            "localhost",
            "10.0.0.3",
        ] {
            assert!(
                matches!(hosts.verdict(host), HostVerdict::NotProduction(_)),
                "{host}"
            );
        }
        assert!(matches!(
            hosts.verdict("o365datacentermap.azurewebsites.net"),
            HostVerdict::PlatformApp { app, .. } if app == "o365datacentermap"
        ));
    }

    #[test]
    fn environment_labels_and_their_stems() {
        let hosts = &stale_hosts();
        let environment = |host: &str| match hosts.verdict(host) {
            HostVerdict::Environment { label, stem, .. } => Some((label, stem)),
            _ => None,
        };
        assert_eq!(
            environment("wacnppe.blob.core.chinacloudapi.cn"),
            Some((0, "wacn".into()))
        );
        assert_eq!(
            environment("wacndevelop.blob.core.chinacloudapi.cn"),
            Some((0, "wacn".into()))
        );
        assert_eq!(environment("dev.mysql.com"), Some((0, String::new())));
        assert_eq!(environment("www-stage.example.com"), Some((0, "www".into())));
        assert_eq!(environment("docs.test.example.com"), Some((1, String::new())));
        for host in [
            "www.trustcenter.cn",
            "wacnstorage.blob.core.chinacloudapi.cn",
            "devblogs.microsoft.com",
            "latest.example.com",
            "www.contest.org",
            "download.microsoft.com",
        ] {
            assert_eq!(hosts.verdict(host), HostVerdict::Fine, "{host}");
        }
    }

    #[test]
    fn intranet_hosts() {
        let hosts = &stale_hosts();
        for host in [
            "contoso.sharepoint.com",
            "wiki.corp.example.com",
            "intranet.example.org",
            "build-server",
            "printer.local",
        ] {
            assert!(matches!(hosts.verdict(host), HostVerdict::Intranet(_)), "{host}");
        }
        for host in [
            "www.corporate.com",
            "sharepoint.com.example.org",
            "internals.example.com",
        ] {
            assert!(!matches!(hosts.verdict(host), HostVerdict::Intranet(_)), "{host}");
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
