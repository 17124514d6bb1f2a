//! Applying safe fixes: byte-exact outside the edits, atomic writes.
//!
//! A file is edited only if it is valid UTF-8 (so offsets are file offsets)
//! and every edit still finds the text it expects; overlapping fixes are
//! left for the next run. Line endings and byte-order marks are untouched
//! because nothing outside an edit is. Only files a rename can replace
//! faithfully are written (`site_file`): symlinks are written through to
//! their target inside the site, and files with other links, read-only
//! files and files whose owner cannot be kept are refused.

mod diff;
mod edit;
mod site_file;

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::Path;

use crate::lint::{Edit, Finding};
pub use diff::unified_diff;
use edit::edit_text;
use site_file::{NotWritten, SiteFile};

/// What applying fixes did (or would do).
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// Per changed file: its path, old text and new text.
    pub changes: Vec<FileChange>,
    /// Fixes applied.
    pub applied: usize,
    /// Fixes not applied, and files left alone, with why.
    pub skipped: Vec<(String, String)>,
    /// Files that could not be read or written: their fixes were not
    /// applied, and the run must say it failed.
    pub failed: Vec<FileFailure>,
}

/// A file whose fixes were lost to an error of the system.
#[derive(Debug)]
pub struct FileFailure {
    pub path: String,
    /// `read` or `write`.
    pub action: &'static str,
    pub error: std::io::Error,
}

impl std::fmt::Display for FileFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot {} {}: {}", self.action, self.path, self.error)
    }
}

#[derive(Debug)]
pub struct FileChange {
    /// From the site root; for `--fix`, of the file written (a page's
    /// symlinks followed).
    pub path: String,
    pub before: String,
    pub after: String,
}

type Fixes<'a> = Vec<(&'a Finding, &'a [Edit])>;

/// The fixes for one file, from the one page path that reaches it.
struct FileFixes<'a> {
    page: &'a str,
    fixes: Fixes<'a>,
}

/// Plans (and with `write`, applies) the fixes of `findings`. A file that
/// cannot be read or written is recorded in [`FixOutcome::failed`] and
/// the others are still fixed; the error is only for a root that cannot
/// be resolved, before any file is touched.
pub fn apply(root: &Path, findings: &[Finding], write: bool) -> std::io::Result<FixOutcome> {
    let root = root.canonicalize()?;
    let mut outcome = FixOutcome::default();
    for (relative, file) in by_file(&root, findings, &mut outcome) {
        fix_file(&root, &relative, &file.fixes, write, &mut outcome);
    }
    Ok(outcome)
}

/// The fixes of `findings` by the file they edit (the page, or the file
/// its symlinks lead to), keyed by its path from the root.
fn by_file<'a>(
    root: &Path,
    findings: &'a [Finding],
    outcome: &mut FixOutcome,
) -> BTreeMap<String, FileFixes<'a>> {
    let mut by_page: BTreeMap<&str, Fixes<'a>> = BTreeMap::new();
    for finding in findings {
        if let Some(fix) = &finding.fix {
            by_page
                .entry(&finding.path)
                .or_default()
                .push((finding, &fix.edits));
        }
    }
    let mut files = BTreeMap::new();
    for (page, fixes) in by_page {
        match site_file::resolve(root, page) {
            Ok(file) => add_page(&mut files, file, FileFixes { page, fixes }, outcome),
            Err(not_written) => record(outcome, page, not_written),
        }
    }
    files
}

/// Files reached by several page paths (symlinks) are fixed once: with the
/// fixes of the page that is the file itself, if there is one (those of
/// a symlink were found from another folder), else of the first path.
fn add_page<'a>(
    files: &mut BTreeMap<String, FileFixes<'a>>,
    file: String,
    fixes: FileFixes<'a>,
    outcome: &mut FixOutcome,
) {
    let page = fixes.page;
    let alias = match files.entry(file.clone()) {
        Entry::Vacant(entry) => {
            entry.insert(fixes);
            return;
        }
        Entry::Occupied(mut entry) if entry.key() == page => std::mem::replace(entry.get_mut(), fixes),
        Entry::Occupied(_) => fixes,
    };
    let kept = files[&file].page;
    outcome.skipped.push((
        alias.page.to_owned(),
        format!("it is the same file as `{kept}`: fixed once, with the fixes found in `{kept}`"),
    ));
}

/// Applies (or with `write` false, plans) one file's fixes.
fn fix_file(
    root: &Path,
    relative: &str,
    fixes: &[(&Finding, &[Edit])],
    write: bool,
    outcome: &mut FixOutcome,
) {
    let file = match SiteFile::open(&root.join(relative)) {
        Ok(file) => file,
        Err(not_written) => return record(outcome, relative, not_written),
    };
    let Ok(before) = std::str::from_utf8(file.bytes()) else {
        outcome.skipped.push((
            relative.to_owned(),
            "not UTF-8: fixes are never applied to decoded text".to_owned(),
        ));
        return;
    };
    let (after, applied, skipped) = edit_text(before, fixes);
    outcome
        .skipped
        .extend(skipped.into_iter().map(|reason| (relative.to_owned(), reason)));
    if applied == 0 {
        return;
    }
    if write && let Err(not_written) = file.replace(after.as_bytes()) {
        return record(outcome, relative, not_written);
    }
    outcome.applied += applied;
    outcome.changes.push(FileChange {
        path: relative.to_owned(),
        before: before.to_owned(),
        after,
    });
}

fn record(outcome: &mut FixOutcome, path: &str, not_written: NotWritten) {
    match not_written {
        NotWritten::Refused(reason) => outcome.skipped.push((path.to_owned(), reason)),
        NotWritten::Failed(action, error) => outcome.failed.push(FileFailure {
            path: path.to_owned(),
            action,
            error,
        }),
    }
}
