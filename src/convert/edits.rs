//! Replacements in a source text, applied in one pass: how Markdown pages
//! are converted without rewriting what the author wrote.

use std::ops::Range;

/// One replacement in the source.
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// Applies non-overlapping edits (later ones that overlap are dropped).
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at || edit.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_without_overlap() {
        let edits = vec![
            Edit {
                range: 4..5,
                text: "X".into(),
            },
            Edit {
                range: 0..1,
                text: "".into(),
            },
            Edit {
                range: 4..6,
                text: "overlap".into(),
            },
        ];
        assert_eq!(apply("abcdefg", edits), "bcdXfg");
    }
}
