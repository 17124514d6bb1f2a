//! Applying a file's fix edits to its text: byte-exact outside the edits.

use crate::lint::{Edit, Finding};

/// Applies non-overlapping fixes whose edits find their expected text.
/// Returns the new text, the number of fixes applied, and why others were not.
pub(super) fn edit_text(text: &str, fixes: &[(&Finding, &[Edit])]) -> (String, usize, Vec<String>) {
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
