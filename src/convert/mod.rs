//! `tclint convert`: the one-off migration of a legacy site to unified
//! Markdown, verified page by page and site-wide.
//!
//! The site is loaded like for `check` (page model, index, twins); then each
//! page is converted in parallel (HTML through a DOM, Markdown through
//! source edits), verified against its source, and written atomically. At
//! the end the output is checked as a site: no broken anchor or missing
//! target that the source did not already have.

mod acom_metadata;
mod blocks;
mod context;
mod edits;
mod error;
mod escape;
mod front_matter;
mod html;
mod inline;
pub mod links;
mod markdown;
pub mod notes;
mod output;
mod page;
pub mod report;
mod run;
mod stable;
#[cfg(test)]
mod tests;
mod verify;

use serde::Deserialize;

pub use error::ConvertError;
pub use report::{Migration, PageReport};
pub use run::{AssetMode, OnePage, Options, Thresholds, convert_page, run};

const CHROME: &str = include_str!("../../lints/convert.toml");

/// Site chrome, from `lints/convert.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chrome {
    tags: Vec<String>,
    classes: Vec<String>,
    ids: Vec<String>,
    /// Slideshow control texts that must not reach the output.
    pub strings: Vec<String>,
}

impl Chrome {
    pub fn load() -> Result<Chrome, ConvertError> {
        toml::from_str(CHROME).map_err(ConvertError::Chrome)
    }

    /// Whether the element is chrome, removed with its content.
    pub fn is_chrome(&self, element: &scraper::node::Element) -> bool {
        let name = element.name();
        if self.tags.iter().any(|t| t == name) {
            return true;
        }
        if element.id().is_some_and(|id| self.ids.iter().any(|i| i == id)) {
            return true;
        }
        classes(element).any(|class| self.classes.iter().any(|c| c == class))
    }
}

/// The element's classes, read from its attribute. scraper's own
/// `classes()` interns each one in string_cache's global set (a lock shared
/// by the threads, for names used once).
pub fn classes(element: &scraper::node::Element) -> impl Iterator<Item = &str> {
    element.attr("class").unwrap_or_default().split_ascii_whitespace()
}
