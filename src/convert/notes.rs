//! What the conversion of one page did besides writing Markdown: the
//! placeholders it removed, the links it rewrote, what it kept as HTML.

use std::collections::BTreeMap;

use serde::Serialize;

use super::links::Change;

/// A link that was removed or unlinked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedLink {
    pub text: String,
    pub href: String,
}

/// A URL that was rewritten because of its host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostRewrite {
    pub from: String,
    pub to: String,
    pub change: Change,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Notes {
    /// Placeholder links ("。。。", empty links going nowhere): removed.
    pub placeholders_removed: Vec<RemovedLink>,
    /// Links with real words going nowhere (`#`, `javascript:`): words kept.
    pub links_unlinked: Vec<RemovedLink>,
    /// Every URL whose host changed (staging to production or to a
    /// relative link, site-absolute to the production host).
    pub hosts_rewritten: Vec<HostRewrite>,
    /// How many links were rewritten, by kind of change.
    pub rewrites: BTreeMap<String, usize>,
    pub chrome_removed: usize,
    pub comments_kept: usize,
    pub anchors_kept: usize,
    /// Constructs kept as HTML, with the reason.
    pub html_kept: Vec<String>,
    /// `[AZURE.INCLUDE]` targets that do not exist.
    pub missing_includes: Vec<String>,
    /// The page names no title (front matter, hero or leading heading):
    /// its file name was used.
    pub title_from_file_name: bool,
    /// Elements nested deeper than browsers nest (512 levels): each was
    /// closed at once, what followed it kept in the element at that depth.
    #[serde(skip_serializing_if = "is_zero")]
    pub flattened_elements: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl Notes {
    pub fn placeholder(&mut self, text: &str, href: &str) {
        self.placeholders_removed.push(RemovedLink {
            text: text.to_owned(),
            href: href.to_owned(),
        });
    }

    pub fn unlinked(&mut self, text: &str, href: &str) {
        self.links_unlinked.push(RemovedLink {
            text: text.to_owned(),
            href: href.to_owned(),
        });
    }

    pub fn rewrite(&mut self, from: &str, to: &str, change: Change) {
        let kind = serde_json::to_value(change)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        *self.rewrites.entry(kind).or_default() += 1;
        if matches!(
            change,
            Change::StagingToProduction
                | Change::StagingToRelative
                | Change::ProductionBase
                | Change::MadeRelative
        ) {
            self.hosts_rewritten.push(HostRewrite {
                from: from.trim().to_owned(),
                to: to.to_owned(),
                change,
            });
        }
    }
}
