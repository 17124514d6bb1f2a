//! The data the parser and the rules read, each part loaded where it is
//! used: the region rules by the page parser ([`RegionRules`]), each
//! family's data by its folder under `lint/rules/`. Shipped in `lints/`,
//! compiled into the binary and extended by `tclint.toml`.

pub mod error;

use crate::config::Config;
use crate::lint::rules::claims::lexicon::Lexicon;
use crate::lint::rules::links::data::{Placeholders, StaleHostPatterns};
use crate::lint::rules::markup::data::CssProperties;
use crate::page::regions::RegionRules;
pub use error::DataError;

/// Everything data-driven the parser and rules use.
#[derive(Debug, Clone)]
pub struct LintData {
    /// Which part of a page an element starts (`lints/regions.toml`).
    pub regions: RegionRules,
    /// `lints/stale-hosts.toml` with `[stale-host]`.
    pub stale_hosts: StaleHostPatterns,
    /// `lints/placeholders.toml` with `[placeholder-link]`.
    pub placeholders: Placeholders,
    /// Markers, entities, documents and canonical claims (`lints/claims.toml`
    /// with `[claims]`).
    pub claims: Lexicon,
    /// The CSS property names (`lints/css.toml`).
    pub css: CssProperties,
}

impl LintData {
    /// The shipped data with the configuration's additions.
    pub fn load(config: &Config) -> Result<LintData, DataError> {
        Ok(LintData {
            regions: RegionRules::shipped()?,
            stale_hosts: StaleHostPatterns::load(&config.stale_host)?,
            placeholders: Placeholders::load(&config.placeholder_link)?,
            claims: Lexicon::load(&config.claims)?,
            css: CssProperties::shipped()?,
        })
    }
}
