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

/// [`similarity`], when it is at least `threshold`. Cheap bounds come
/// first: most candidate pairs from MinHash are not that alike, and the
/// shared words (in any order) bound the words shared in order.
pub fn similarity_at_least(a: &[u64], b: &[u64], threshold: f32) -> Option<f32> {
    let total = (a.len() + b.len()) as f32;
    let reaches = |same: usize| (2 * same) as f32 >= threshold * total;
    if !reaches(a.len().min(b.len())) {
        return None;
    }
    let (mut sorted_a, mut sorted_b) = (a.to_vec(), b.to_vec());
    sorted_a.sort_unstable();
    sorted_b.sort_unstable();
    if !reaches(shared_count(&sorted_a, &sorted_b)) {
        return None;
    }
    let score = similarity(a, b);
    (score >= threshold).then_some(score)
}

/// Size of the multiset intersection of two sorted slices.
fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
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

    #[test]
    fn bounds_never_turn_away_a_similar_pair() {
        let mut state: u32 = 7;
        let mut next = |below: u32| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (state >> 16) % below
        };
        let mut kept = 0;
        for _ in 0..3000 {
            let a: Vec<u64> = (0..1 + next(12)).map(|_| u64::from(next(6))).collect();
            let mut b = a.clone();
            for _ in 0..next(4) {
                let at = next(b.len() as u32 + 1) as usize;
                match next(3) {
                    0 => b.insert(at, u64::from(next(6))),
                    1 if at < b.len() => drop(b.remove(at)),
                    _ if at < b.len() => b[at] = u64::from(next(6)),
                    _ => {}
                }
            }
            let expected = Some(similarity(&a, &b)).filter(|score| *score >= 0.75);
            assert_eq!(similarity_at_least(&a, &b, 0.75), expected, "{a:?} {b:?}");
            kept += usize::from(expected.is_some());
        }
        assert!(
            kept > 300,
            "the generated pairs must also hold similar ones ({kept})"
        );
    }
}
