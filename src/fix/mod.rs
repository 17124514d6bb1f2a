//! Applying safe fixes: byte-exact outside the edits, atomic writes.
//!
//! A file is edited only if it is valid UTF-8 (so offsets are file offsets)
//! and every edit still finds the text it expects; overlapping fixes are
//! left for the next run. Line endings and byte-order marks are untouched
//! because nothing outside an edit is.

mod diff;
mod edit;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

use crate::lint::{Edit, Finding};
pub use diff::unified_diff;
use edit::edit_text;
pub use write::{write_atomically, write_generated};

/// What applying fixes did (or would do).
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// Per changed file: its path, old text and new text.
    pub changes: Vec<FileChange>,
    /// Fixes applied.
    pub applied: usize,
    /// Fixes not applied, with why.
    pub skipped: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct FileChange {
    pub path: String,
    pub before: String,
    pub after: String,
}

/// Plans (and with `write`, applies) the fixes of `findings`.
pub fn apply(root: &Path, findings: &[Finding], write: bool) -> std::io::Result<FixOutcome> {
    let mut by_file: BTreeMap<&str, Vec<(&Finding, &[Edit])>> = BTreeMap::new();
    for finding in findings {
        if let Some(fix) = &finding.fix {
            by_file
                .entry(&finding.path)
                .or_default()
                .push((finding, &fix.edits));
        }
    }
    let mut outcome = FixOutcome::default();
    for (path, fixes) in by_file {
        let full = root.join(path);
        let Ok(before) = std::fs::read(&full).map(String::from_utf8) else {
            outcome
                .skipped
                .push((path.to_owned(), "cannot read the file".to_owned()));
            continue;
        };
        let Ok(before) = before else {
            outcome.skipped.push((
                path.to_owned(),
                "not UTF-8: fixes are never applied to decoded text".to_owned(),
            ));
            continue;
        };
        let (after, applied, skipped) = edit_text(&before, &fixes);
        outcome
            .skipped
            .extend(skipped.into_iter().map(|reason| (path.to_owned(), reason)));
        if applied == 0 {
            continue;
        }
        if write {
            write_atomically(&full, after.as_bytes())?;
        }
        outcome.applied += applied;
        outcome.changes.push(FileChange {
            path: path.to_owned(),
            before,
            after,
        });
    }
    Ok(outcome)
}
