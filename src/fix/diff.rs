//! Unified diffs of fixed files, for `--diff`.

use super::FileChange;

/// A unified diff of a change, for `--diff`.
pub fn unified_diff(change: &FileChange) -> String {
    similar::TextDiff::from_lines(&change.before, &change.after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{}", change.path), &format!("b/{}", change.path))
        .to_string()
}
