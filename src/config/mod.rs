//! `tclint.toml`: where the site is, what belongs to it, what to check.
//!
//! Found by walking up from the checked path (or the working directory), or
//! given with `--config`. Unknown keys are errors: a typo must not silently
//! turn a check off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod online;

pub use online::{HumanDuration, OnlineConfig};

use crate::lint::rules::claims::settings::ClaimsConfig;
use crate::lint::rules::links::settings::{PlaceholderConfig, StaleHostConfig};

pub const CONFIG_FILE: &str = "tclint.toml";

/// The parsed configuration. Every section is optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub files: FilesConfig,
    #[serde(default)]
    pub site: SiteConfig,
    #[serde(default)]
    pub lint: LintConfig,
    #[serde(default)]
    pub stale_host: StaleHostConfig,
    #[serde(default)]
    pub placeholder_link: PlaceholderConfig,
    #[serde(default)]
    pub online: OnlineConfig,
    /// Additions to the claims data (`lints/claims.toml`).
    #[serde(default)]
    pub claims: ClaimsConfig,
    /// Per-rule level: `error`, `warning` or `off`, by name, code or family.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Off,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilesConfig {
    /// Globs (relative to the site root) of files to check; empty means all.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files to leave out (on top of `.gitignore`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Extensions of files that may be pages; their kind is decided by content.
    #[serde(default = "default_page_extensions")]
    pub page_extensions: Vec<String>,
    /// Pages larger than this many bytes are reported, not parsed.
    #[serde(default = "default_max_page_bytes")]
    pub max_page_bytes: u64,
    /// Folders outside the site that symbolic links in it may lead into
    /// (`--follow-links`). Only the command line sets them, never a
    /// configuration file: a pull request can change `tclint.toml`, not the
    /// command its CI runs.
    #[serde(skip)]
    pub link_roots: Vec<PathBuf>,
}

impl Default for FilesConfig {
    fn default() -> FilesConfig {
        FilesConfig {
            include: Vec::new(),
            exclude: Vec::new(),
            page_extensions: default_page_extensions(),
            max_page_bytes: default_max_page_bytes(),
            link_roots: Vec::new(),
        }
    }
}

fn default_page_extensions() -> Vec<String> {
    ["md", "markdown", "html", "htm"].map(String::from).to_vec()
}

fn default_max_page_bytes() -> u64 {
    crate::source::DEFAULT_MAX_PAGE_BYTES
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteConfig {
    /// The site root, relative to this file. Default: the file's directory.
    pub root: Option<PathBuf>,
    /// Hosts whose absolute URLs are pages of this site (`www.trustcenter.cn`).
    #[serde(default)]
    pub production_hosts: Vec<String>,
    /// Staging host -> its production twin.
    #[serde(default)]
    pub staging: BTreeMap<String, String>,
    /// Site-absolute path prefixes this checkout owns. Site-absolute links
    /// outside them belong to another site on the same host: external.
    #[serde(default = "default_owned_prefixes")]
    pub owned_prefixes: Vec<String>,
    /// Page names a directory URL serves (`/privacy/` -> `privacy/default.md`).
    #[serde(default = "default_index_pages")]
    pub index_pages: Vec<String>,
    /// URL patterns the publishing system maps to files
    /// (`/documentation/articles/{name}/` -> `articles/**/{name}.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteConfig>,
    /// Production hosts read off the site's own links when none is
    /// configured (`site::hosts`); never read from a file.
    #[serde(skip)]
    pub inferred: Option<InferredHosts>,
}

/// `[[site.routes]]`: URLs matching `url` are served by the one file
/// matching `file`, the `{name}` parts filled in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RouteConfig {
    pub url: String,
    pub file: String,
}

/// Production hosts tclint found by itself, and the URL paths of theirs
/// that belong to this checkout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InferredHosts {
    pub hosts: Vec<String>,
    /// Site-absolute prefixes (`/privacy/`, `/default.html`): the checkout's
    /// top-level entries and the routes' fixed beginnings. A path of an
    /// inferred host outside them belongs to another site on that host.
    pub prefixes: Vec<String>,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            root: None,
            production_hosts: Vec::new(),
            staging: BTreeMap::new(),
            owned_prefixes: default_owned_prefixes(),
            index_pages: default_index_pages(),
            routes: Vec::new(),
            inferred: None,
        }
    }
}

fn default_owned_prefixes() -> Vec<String> {
    vec!["/".to_owned()]
}

fn default_index_pages() -> Vec<String> {
    ["index", "default"].map(String::from).to_vec()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Rules, codes or families to run (default: all).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules, codes or families to skip.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Run the rules in preview too (as `--preview` does).
    #[serde(default)]
    pub preview: bool,
    /// A baseline file (relative to this file): findings recorded in it are
    /// not reported.
    pub baseline: Option<PathBuf>,
    /// Where the rule documentation is published; SARIF links each rule to
    /// it with `#rule-name`.
    pub rule_docs_url: Option<String>,
}

/// Why configuration text cannot be used. The texts are what the CLI prints.
#[derive(Debug, thiserror::Error)]
pub enum InvalidConfig {
    /// Not TOML, or not the configuration's shape; `span` is where.
    #[error("{message}")]
    Toml {
        span: Option<std::ops::Range<usize>>,
        message: String,
    },
    #[error("site.owned-prefixes: `{0}` must start with `/`")]
    OwnedPrefix(String),
    #[error("site.staging: `{staging}` = `{production}`: give host names, not URLs")]
    StagingNotAHost { staging: String, production: String },
    #[error("site.routes: {0}")]
    Route(#[from] crate::site::routes::RouteError),
    #[error("files: bad glob `{glob}`: {error}")]
    Glob { glob: String, error: globset::Error },
    #[error("online: `concurrency` and `per-host` must be at least 1")]
    NoConcurrency,
    #[error("online: `timeout` must be more than zero")]
    NoTimeout,
    #[error("online.exclude: bad regular expression `{pattern}`: {error}")]
    OnlineExclude { pattern: String, error: regex::Error },
    #[error("`{0}` is not a duration: write a number and ms, s, m, h or d (`20s`)")]
    DurationUnit(String),
    #[error("`{0}` is not a duration: write a number and a unit (`20s`)")]
    DurationNumber(String),
}

impl InvalidConfig {
    /// Byte range of the offending text, when known.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        match self {
            InvalidConfig::Toml { span, .. } => span.clone(),
            _ => None,
        }
    }
}

/// A configuration file that could not be used, with where the problem is.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub source_text: String,
    /// Byte range of the offending text, when known.
    pub span: Option<std::ops::Range<usize>>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let source_text = std::fs::read_to_string(path).map_err(|error| ConfigError {
            path: path.to_owned(),
            source_text: String::new(),
            span: None,
            message: format!("cannot read the configuration: {error}"),
        })?;
        Config::parse(&source_text).map_err(|invalid| ConfigError {
            path: path.to_owned(),
            source_text: source_text.clone(),
            span: invalid.span(),
            message: invalid.to_string(),
        })
    }

    /// Parses configuration text; the error carries the byte range at fault.
    pub fn parse(text: &str) -> Result<Config, InvalidConfig> {
        let config: Config = toml::from_str(text).map_err(|error| InvalidConfig::Toml {
            span: error.span(),
            message: with_suggestion(error.message()),
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), InvalidConfig> {
        for prefix in &self.site.owned_prefixes {
            if !prefix.starts_with('/') {
                return Err(InvalidConfig::OwnedPrefix(prefix.clone()));
            }
        }
        for (staging, production) in &self.site.staging {
            if staging.contains('/') || production.contains('/') {
                return Err(InvalidConfig::StagingNotAHost {
                    staging: staging.clone(),
                    production: production.clone(),
                });
            }
        }
        for route in &self.site.routes {
            crate::site::routes::Route::compile(route)?;
        }
        for glob in self.files.include.iter().chain(&self.files.exclude) {
            globset::Glob::new(glob).map_err(|error| InvalidConfig::Glob {
                glob: glob.clone(),
                error,
            })?;
        }
        self.online.validate()
    }

    /// The nearest `tclint.toml` in `start` or one of its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE))
            .find(|candidate| candidate.is_file())
    }

    /// A configured production host, or one inferred from the site.
    pub fn is_production_host(&self, host: &str) -> bool {
        self.site
            .production_hosts
            .iter()
            .chain(self.site.inferred.iter().flat_map(|inferred| &inferred.hosts))
            .any(|h| h.eq_ignore_ascii_case(host))
    }

    /// True when `host` is an inferred production host and `path` is under
    /// one of the checkout's prefixes (configured hosts own every path).
    pub fn owns_path_of(&self, host: &str, path: &str) -> bool {
        if self
            .site
            .production_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(host))
        {
            return true;
        }
        self.site.inferred.as_ref().is_some_and(|inferred| {
            inferred.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
                && inferred
                    .prefixes
                    .iter()
                    .any(|prefix| path.starts_with(prefix.as_str()))
        })
    }

    /// The production twin of a configured staging host.
    pub fn production_twin(&self, host: &str) -> Option<&str> {
        self.site
            .staging
            .iter()
            .find(|(staging, _)| staging.eq_ignore_ascii_case(host))
            .map(|(_, production)| production.as_str())
    }
}

/// Adds "did you mean" to serde's "unknown field `x`, expected one of ..." message.
fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_owned();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_owned();
    };
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|candidate| (strsim::levenshtein(candidate, unknown), candidate))
        .filter(|(distance, _)| *distance <= 3)
        .min();
    match best {
        Some((_, candidate)) => format!("{message}; did you mean `{candidate}`?"),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let config = Config::parse(
            r#"
[files]
exclude = ["LQ/**"]

[site]
production-hosts = ["www.trustcenter.cn"]
owned-prefixes = ["/"]

[site.staging]
"trustcenterstage.chinacloudsites.cn" = "www.trustcenter.cn"
"#,
        )
        .unwrap();
        assert!(config.is_production_host("WWW.trustcenter.cn"));
        assert_eq!(
            config.production_twin("trustcenterstage.chinacloudsites.cn"),
            Some("www.trustcenter.cn")
        );
        assert_eq!(config.site.index_pages, ["index", "default"]);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_position() {
        let text = "[site]\nproduction_host = [\"x\"]\n";
        let invalid = Config::parse(text).unwrap_err();
        let span = invalid.span().expect("toml reports where");
        assert_eq!(&text[span], "production_host");
        let message = invalid.to_string();
        assert!(message.contains("unknown field"), "{message}");
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(Config::parse("[site]\nowned-prefixes = [\"support\"]\n").is_err());
        assert!(Config::parse("[site.staging]\n\"a\" = \"https://b/\"\n").is_err());
        assert!(Config::parse("[files]\nexclude = [\"a/[\"]\n").is_err());
        assert!(Config::parse("[site\n").is_err());
    }
}
