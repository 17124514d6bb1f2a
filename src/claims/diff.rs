//! Word-level comparison of two wordings: how alike they are, and a word
//! diff for the diagnostic (`[-removed-]` / `{+added+}`, as wdiff writes).

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::text::{is_han, tokens};

/// Share of the words of two wordings that match in order (Dice
/// coefficient over the longest alignment), 0 to 1.
pub fn similarity(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let same: usize = capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    (2 * same) as f32 / (a.len() + b.len()) as f32
}

/// Whether `b` only adds words before or after all of `a` (or the other way
/// round): an extension says more, it does not contradict.
pub fn is_extension(a: &[u64], b: &[u64]) -> bool {
    let ops = capture_diff_slices(Algorithm::Myers, a, b);
    let changes: Vec<(usize, &DiffOp)> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, DiffOp::Equal { .. }))
        .collect();
    match changes.as_slice() {
        [(at, op)] => {
            matches!(op, DiffOp::Insert { .. } | DiffOp::Delete { .. }) && (*at == 0 || *at == ops.len() - 1)
        }
        _ => false,
    }
}

/// A word diff turning `from` into `to`, with unchanged runs longer than
/// six words shortened to their ends.
pub fn word_diff(from: &str, to: &str) -> String {
    let from_tokens = tokens(from);
    let to_tokens = tokens(to);
    let a: Vec<u64> = from_tokens.iter().map(|t| t.hash).collect();
    let b: Vec<u64> = to_tokens.iter().map(|t| t.hash).collect();
    let word_a = |i: usize| &from[from_tokens[i].range.clone()];
    let word_b = |i: usize| &to[to_tokens[i].range.clone()];
    let mut pieces: Vec<String> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                let words: Vec<&str> = (old_index..old_index + len).map(word_a).collect();
                pieces.push(shorten(&words));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => pieces.push(format!(
                "[-{}-]",
                join((old_index..old_index + old_len).map(word_a))
            )),
            DiffOp::Insert {
                new_index, new_len, ..
            } => pieces.push(format!(
                "{{+{}+}}",
                join((new_index..new_index + new_len).map(word_b))
            )),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => pieces.push(format!(
                "[-{}-]{{+{}+}}",
                join((old_index..old_index + old_len).map(word_a)),
                join((new_index..new_index + new_len).map(word_b))
            )),
        }
    }
    join(pieces.iter().map(String::as_str))
}

/// Unchanged words, shortened to their ends when long (Chinese runs keep
/// more characters, as each is a token).
fn shorten(words: &[&str]) -> String {
    let keep = if words.iter().all(|w| w.chars().all(is_han)) {
        6
    } else {
        3
    };
    if words.len() <= 2 * keep {
        return join(words.iter().copied());
    }
    format!(
        "{} … {}",
        join(words[..keep].iter().copied()),
        join(words[words.len() - keep..].iter().copied())
    )
}

/// Joins words with spaces, except between Chinese characters.
fn join<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for word in words {
        let han_edge = out.chars().next_back().is_some_and(is_han) && word.chars().next().is_some_and(is_han);
        if !out.is_empty() && !han_edge {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_what_changed() {
        assert_eq!(
            word_diff(
                "Data is stored exclusively in mainland China.",
                "Data is stored in mainland China."
            ),
            "Data is stored [-exclusively-] in mainland China"
        );
        assert_eq!(
            word_diff("数据仅存储在中国境内", "数据存储在中国境内"),
            "数据 [-仅-] 存储在中国境内"
        );
    }

    #[test]
    fn extensions_are_not_changes() {
        assert!(is_extension(&[1, 2, 3], &[1, 2, 3, 4, 5]));
        assert!(is_extension(&[0, 1, 2, 3], &[1, 2, 3]));
        assert!(!is_extension(&[1, 2, 3], &[1, 9, 3]));
        assert!(!is_extension(&[1, 2, 3], &[0, 1, 2, 3, 4]));
    }

    #[test]
    fn similarity_counts_words_in_order() {
        assert_eq!(similarity(&[1, 2, 3, 4], &[1, 2, 3, 4]), 1.0);
        assert_eq!(similarity(&[1, 2, 3, 4], &[1, 2, 5, 4]), 0.75);
        assert_eq!(similarity(&[1, 2], &[3, 4]), 0.0);
    }
}
