//! The migration report: `migration-report.json` in the output folder and
//! a human summary.

use std::io::{self, Write};

use serde::Serialize;

use super::notes::Notes;
use super::verify::Fidelity;

/// One page of the migration.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub source: String,
    pub output: String,
    /// `legacy-html`, `acom-markdown`...
    pub kind: &'static str,
    pub title: String,
    pub fidelity: Fidelity,
    /// Broken anchors and missing targets the source page already had.
    pub defects_carried_over: usize,
    /// Broken anchors and missing targets the output has and the source did not.
    pub new_link_problems: Vec<String>,
    pub notes: Notes,
    /// Why the page needs a human look (empty when it passed every check).
    pub needs_review: Vec<String>,
    /// Whether the output page was written (not for pages not converted,
    /// nor in dry runs).
    #[serde(skip)]
    pub written: bool,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Migration {
    pub source_root: String,
    pub output_root: String,
    pub dry_run: bool,
    pub pages: Vec<PageReport>,
    pub assets: usize,
    /// Whether the output was checked as a site (not in dry runs).
    pub site_checked: bool,
    pub totals: Totals,
    /// Files of the site that could not be read, so are not in the output.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_read: Vec<NotRead>,
}

/// A file (or folder) of the site the migration could not read.
#[derive(Debug, Clone, Serialize)]
pub struct NotRead {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub pages: usize,
    pub needs_review: usize,
    pub source_words: usize,
    /// Words found, over all pages.
    pub text_recall: f64,
    pub lowest_text_recall: f64,
    pub links: usize,
    pub links_missing: usize,
    pub anchors: usize,
    pub anchors_missing: usize,
    pub chrome_leaked: usize,
    pub placeholders_removed: usize,
    pub links_unlinked: usize,
    pub hosts_rewritten: usize,
    pub comments_kept: usize,
    pub html_kept: usize,
    pub defects_carried_over: usize,
    pub new_link_problems: usize,
    pub titles_from_file_names: usize,
}

impl Totals {
    pub fn of(pages: &[PageReport]) -> Totals {
        let mut totals = Totals {
            pages: pages.len(),
            lowest_text_recall: 1.0,
            ..Totals::default()
        };
        let mut found_words = 0.0;
        for page in pages {
            let f = &page.fidelity;
            totals.needs_review += usize::from(!page.needs_review.is_empty());
            totals.source_words += f.source_words;
            found_words += f.text_recall * f.source_words as f64;
            totals.lowest_text_recall = totals.lowest_text_recall.min(f.text_recall);
            totals.links += f.links_expected;
            totals.links_missing += f.links_missing.len();
            totals.anchors += f.anchors_expected;
            totals.anchors_missing += f.anchors_missing.len();
            totals.chrome_leaked += f.chrome_leaked.len();
            totals.placeholders_removed += page.notes.placeholders_removed.len();
            totals.links_unlinked += page.notes.links_unlinked.len();
            totals.hosts_rewritten += page.notes.hosts_rewritten.len();
            totals.comments_kept += page.notes.comments_kept;
            totals.html_kept += page.notes.html_kept.len();
            totals.defects_carried_over += page.defects_carried_over;
            totals.new_link_problems += page.new_link_problems.len();
            totals.titles_from_file_names += usize::from(page.notes.title_from_file_name);
        }
        totals.text_recall = if totals.source_words == 0 {
            1.0
        } else {
            found_words / totals.source_words as f64
        };
        totals
    }
}

impl Migration {
    /// The human summary: totals, then every page that needs a look.
    pub fn write_summary(&self, out: &mut dyn Write) -> io::Result<()> {
        let t = &self.totals;
        let verb = if self.dry_run {
            "Would convert"
        } else {
            "Converted"
        };
        writeln!(
            out,
            "{verb} {} pages ({} assets) to {}.",
            t.pages, self.assets, self.output_root
        )?;
        writeln!(
            out,
            "Text recall {:.3}% over {} words (lowest page {:.3}%); links {}/{} kept; anchors {}/{} resolvable; chrome strings leaked: {}.",
            t.text_recall * 100.0,
            t.source_words,
            t.lowest_text_recall * 100.0,
            t.links - t.links_missing,
            t.links,
            t.anchors - t.anchors_missing,
            t.anchors,
            t.chrome_leaked
        )?;
        writeln!(
            out,
            "Placeholders removed: {}; links to nowhere unlinked (words kept): {}; hosts rewritten: {}; comments kept: {}; constructs kept as HTML: {}.",
            t.placeholders_removed, t.links_unlinked, t.hosts_rewritten, t.comments_kept, t.html_kept
        )?;
        if self.site_checked {
            writeln!(
                out,
                "Broken anchors and missing targets: {} carried over from the source, {} new.",
                t.defects_carried_over, t.new_link_problems
            )?;
        } else {
            writeln!(out, "The output was not checked as a site (dry run).")?;
        }
        if t.titles_from_file_names > 0 {
            let pages: Vec<&str> = self
                .pages
                .iter()
                .filter(|p| p.notes.title_from_file_name)
                .map(|p| p.source.as_str())
                .collect();
            let more = if pages.len() > 10 {
                format!(" and {} more", pages.len() - 10)
            } else {
                String::new()
            };
            writeln!(
                out,
                "Titles taken from file names (the page names none): {}{more}.",
                pages[..pages.len().min(10)].join(", ")
            )?;
        }
        if !self.not_read.is_empty() {
            writeln!(
                out,
                "{} file(s) or folder(s) of the site could not be read and are not in the output:",
                self.not_read.len()
            )?;
            for file in &self.not_read {
                writeln!(out, "  {}: {}", file.path, file.reason)?;
            }
        }
        if t.needs_review == 0 {
            if self.not_read.is_empty() {
                writeln!(out, "Every page passed every check.")?;
            }
            return Ok(());
        }
        writeln!(out, "{} page(s) need a human look:", t.needs_review)?;
        for page in self.pages.iter().filter(|p| !p.needs_review.is_empty()) {
            writeln!(out, "  {}: {}", page.source, page.needs_review.join("; "))?;
        }
        Ok(())
    }

    /// Whether everything was converted and passed every check.
    pub fn passed(&self) -> bool {
        self.totals.needs_review == 0 && self.not_read.is_empty()
    }
}
