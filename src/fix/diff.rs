//! Unified diffs of fixed files, for `--diff`, in the form GNU `patch -p1`
//! and `git apply` read.

use std::fmt::Write;

use super::FileChange;

/// A unified diff of a change, for `--diff`; empty when nothing changes.
pub fn unified_diff(change: &FileChange) -> String {
    let diff = similar::TextDiff::from_lines(&change.before, &change.after);
    let mut out = String::new();
    for hunk in diff.unified_diff().context_radius(2).iter_hunks() {
        if out.is_empty() {
            out.push_str(&header_line("---", "a/", &change.path));
            out.push_str(&header_line("+++", "b/", &change.path));
        }
        let _ = write!(out, "{hunk}");
    }
    out
}

/// A `---` or `+++` line, written as git writes it: a name with `"`, `\`
/// or a control character is C-quoted (GNU patch unquotes it; otherwise a
/// tab or newline would end the name), and a name with a space is followed
/// by a tab, since patch reads an unquoted name only up to a blank unless
/// a tab ends it.
fn header_line(marker: &str, prefix: &str, path: &str) -> String {
    let name = format!("{prefix}{path}");
    let tab = if name.contains(' ') { "\t" } else { "" };
    if !name.chars().any(needs_quoting) {
        return format!("{marker} {name}{tab}\n");
    }
    let mut quoted = String::with_capacity(name.len() + 2);
    quoted.push('"');
    for c in name.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\u{7}' => quoted.push_str("\\a"),
            '\u{8}' => quoted.push_str("\\b"),
            '\t' => quoted.push_str("\\t"),
            '\n' => quoted.push_str("\\n"),
            '\u{b}' => quoted.push_str("\\v"),
            '\u{c}' => quoted.push_str("\\f"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_ascii_control() => {
                let _ = write!(quoted, "\\{:03o}", c as u32);
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    format!("{marker} {quoted}{tab}\n")
}

/// What git's C-quoting escapes; other non-ASCII characters stay as they
/// are (git's `core.quotePath=false`), which patch reads as bytes.
fn needs_quoting(c: char) -> bool {
    c == '"' || c == '\\' || c.is_ascii_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(path: &str) -> String {
        let change = FileChange {
            path: path.to_owned(),
            before: "a\n".to_owned(),
            after: "b\n".to_owned(),
        };
        let diff = unified_diff(&change);
        diff.lines().take(2).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn names_are_written_as_git_writes_them() {
        assert_eq!(headers("p/数据.html"), "--- a/p/数据.html\n+++ b/p/数据.html");
        assert_eq!(
            headers("my page.html"),
            "--- a/my page.html\t\n+++ b/my page.html\t"
        );
        assert_eq!(
            headers("say \"hi\".html"),
            "--- \"a/say \\\"hi\\\".html\"\t\n+++ \"b/say \\\"hi\\\".html\"\t"
        );
        assert_eq!(
            headers("a\\b.html"),
            "--- \"a/a\\\\b.html\"\n+++ \"b/a\\\\b.html\""
        );
        assert_eq!(
            headers("t\tn\nx\u{1}.html"),
            "--- \"a/t\\tn\\nx\\001.html\"\n+++ \"b/t\\tn\\nx\\001.html\""
        );
    }

    #[test]
    fn no_change_no_diff() {
        let change = FileChange {
            path: "a.md".to_owned(),
            before: "same\n".to_owned(),
            after: "same\n".to_owned(),
        };
        assert_eq!(unified_diff(&change), "");
    }
}
