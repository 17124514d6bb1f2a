//! The links family's sections of `tclint.toml`: `[stale-host]` and
//! `[placeholder-link]`, additions to the shipped data (`Config` holds
//! them as its `stale_host` and `placeholder_link`).

use serde::{Deserialize, Serialize};

/// `[stale-host]`: words and hosts added to `lints/stale-hosts.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StaleHostConfig {
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub label_suffixes: Vec<String>,
    #[serde(default)]
    pub platform_suffixes: Vec<String>,
    /// Hosts that look like staging but are production.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// `[placeholder-link]`: texts and patterns added to `lints/placeholders.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderConfig {
    #[serde(default)]
    pub texts: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
}
