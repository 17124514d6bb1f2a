//! Applying safe fixes: byte-exact outside the edits, atomic writes.
//!
//! A file is edited only if it is valid UTF-8 (so offsets are file offsets)
//! and every edit still finds the text it expects; overlapping fixes are
//! left for the next run. Line endings and byte-order marks are untouched
//! because nothing outside an edit is.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::lint::{Edit, Finding};

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

/// Applies non-overlapping fixes whose edits find their expected text.
/// Returns the new text, the number of fixes applied, and why others were not.
fn edit_text(text: &str, fixes: &[(&Finding, &[Edit])]) -> (String, usize, Vec<String>) {
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut skipped = Vec::new();
    for (finding, edits) in fixes {
        let stale = edits
            .iter()
            .any(|edit| text.get(edit.span.range()) != Some(edit.expected.as_str()));
        if stale {
            skipped.push(format!(
                "{}: the file changed since it was checked",
                finding.rule.name
            ));
            continue;
        }
        let overlaps = edits.iter().any(|edit| {
            accepted
                .iter()
                .any(|a| edit.span.start < a.span.end && a.span.start < edit.span.end)
        });
        if overlaps {
            skipped.push(format!(
                "{}: overlaps another fix; run --fix again",
                finding.rule.name
            ));
            continue;
        }
        accepted.extend(edits.iter());
        applied += 1;
    }
    accepted.sort_by_key(|edit| edit.span.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in accepted {
        out.push_str(&text[last..edit.span.start as usize]);
        out.push_str(&edit.replacement);
        last = edit.span.end as usize;
    }
    out.push_str(&text[last..]);
    (out, applied, skipped)
}

/// Writes through a temporary file in the same directory, then renames it
/// over the original, keeping the original's permissions: a crash leaves the
/// old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, bytes, true)
}

/// Like [`write_atomically`] (readers never see half a file), without
/// waiting for the disk: for generated output that a rerun recreates (a
/// migration writes thousands of files; flushing each one to disk
/// dominated its time).
pub fn write_generated(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, bytes, false)
}

fn write_through_temporary(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let directory = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(directory)?;
    temporary.write_all(bytes)?;
    if durable {
        temporary.as_file().sync_all()?;
    }
    if let Ok(metadata) = std::fs::metadata(path) {
        temporary.as_file().set_permissions(metadata.permissions())?;
    }
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// A unified diff of a change, for `--diff`.
pub fn unified_diff(change: &FileChange) -> String {
    similar::TextDiff::from_lines(&change.before, &change.after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{}", change.path), &format!("b/{}", change.path))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Fix, rules};
    use crate::span::Span;

    fn finding_with(edits: Vec<Edit>) -> Finding {
        let rule = rules::find("broken-anchor").unwrap().meta();
        let mut finding = Finding::new(rule, "a.md", Span::default(), "m");
        finding.fix = Some(Fix {
            description: "d".into(),
            edits,
        });
        finding
    }

    fn edit(start: usize, end: usize, expected: &str, replacement: &str) -> Edit {
        Edit {
            span: Span::new(start, end),
            expected: expected.into(),
            replacement: replacement.into(),
            location: Default::default(),
        }
    }

    #[test]
    fn edits_are_byte_exact_and_keep_crlf_and_bom() {
        let text = "\u{feff}<a href=\"#Data\">x</a>\r\n<p>数据</p>\r\n";
        let start = text.find("Data").unwrap();
        let finding = finding_with(vec![edit(start, start + 4, "Data", "data")]);
        let fixes = [(&finding, finding.fix.as_ref().unwrap().edits.as_slice())];
        let (after, applied, skipped) = edit_text(text, &fixes);
        assert_eq!(applied, 1);
        assert!(skipped.is_empty());
        assert_eq!(after, text.replace("#Data", "#data"));
    }

    #[test]
    fn stale_and_overlapping_edits_are_skipped() {
        let text = "abcdef";
        let good = finding_with(vec![edit(0, 3, "abc", "X")]);
        let overlapping = finding_with(vec![edit(2, 4, "cd", "Y")]);
        let stale = finding_with(vec![edit(4, 6, "zz", "Z")]);
        let fixes: Vec<(&Finding, &[Edit])> = [&good, &overlapping, &stale]
            .into_iter()
            .map(|f| (f, f.fix.as_ref().unwrap().edits.as_slice()))
            .collect();
        let (after, applied, skipped) = edit_text(text, &fixes);
        assert_eq!((after.as_str(), applied, skipped.len()), ("Xdef", 1, 2));
    }
}
