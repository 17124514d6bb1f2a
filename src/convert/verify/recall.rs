//! Text recall: the share of the source's words that the output keeps, in
//! order. Words (CJK: single ideographs) are compared as hashes.

use std::hash::Hasher;
use std::time::{Duration, Instant};

use rustc_hash::FxHasher;

use crate::source::is_cjk;

/// Words and CJK characters, lower-cased, hashed. Hashed as they are read
/// (no string per word): this runs over every word of the site twice.
pub fn tokens(text: &str, out: &mut Vec<u64>) {
    let mut word: Option<FxHasher> = None;
    let flush = |word: &mut Option<FxHasher>, out: &mut Vec<u64>| {
        if let Some(hasher) = word.take() {
            out.push(hasher.finish());
        }
    };
    for c in text.chars() {
        match token_class(c) {
            Class::Ideograph => {
                flush(&mut word, out);
                let mut hasher = FxHasher::default();
                hasher.write_u32(c as u32);
                out.push(hasher.finish());
            }
            Class::Letter => {
                let hasher = word.get_or_insert_with(FxHasher::default);
                if c.is_ascii() {
                    hasher.write_u32(c.to_ascii_lowercase() as u32);
                } else {
                    for lower in c.to_lowercase() {
                        hasher.write_u32(lower as u32);
                    }
                }
            }
            Class::Separator => flush(&mut word, out),
        }
    }
    flush(&mut word, out);
}

enum Class {
    /// A CJK ideograph: a token of its own.
    Ideograph,
    /// Part of a word.
    Letter,
    Separator,
}

fn token_class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Letter
        } else {
            Class::Separator
        };
    }
    match c as u32 {
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Class::Ideograph,
        _ if is_cjk(c) => {
            if c.is_alphanumeric() {
                Class::Ideograph
            } else {
                Class::Separator
            }
        }
        _ if c.is_alphanumeric() => Class::Letter,
        _ => Class::Separator,
    }
}

/// Share of `source` found in `output` in order (longest common
/// subsequence, via a Myers diff with a deadline for pathological pages).
pub fn recall(source: &[u64], output: &[u64]) -> f64 {
    if source.is_empty() || is_subsequence(source, output) {
        return 1.0;
    }
    // A common prefix and suffix are part of a longest common subsequence:
    // on most pages they are everything, and the diff is not needed.
    let prefix = source.iter().zip(output).take_while(|(a, b)| a == b).count();
    let (source_rest, output_rest) = (&source[prefix..], &output[prefix..]);
    let suffix = source_rest
        .iter()
        .rev()
        .zip(output_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let source_rest = &source_rest[..source_rest.len() - suffix];
    let output_rest = &output_rest[..output_rest.len() - suffix];
    let matched = prefix + suffix + common_subsequence(source_rest, output_rest);
    matched as f64 / source.len() as f64
}

/// Whether every item of `source` is in `output`, in order (the output
/// usually adds a title and section headings): one greedy pass.
fn is_subsequence(source: &[u64], output: &[u64]) -> bool {
    let mut rest = output.iter();
    source.iter().all(|item| rest.any(|candidate| candidate == item))
}

/// Length of a longest common subsequence (Myers, with a deadline).
fn common_subsequence(source: &[u64], output: &[u64]) -> usize {
    if source.is_empty() || output.is_empty() {
        return 0;
    }
    let deadline = Some(Instant::now() + Duration::from_secs(2));
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, source, output, deadline);
    ops.iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_counts_words_in_order() {
        let mut source = Vec::new();
        tokens("Customer Data is stored in China. 客户数据", &mut source);
        let mut output = Vec::new();
        tokens(
            "**Customer** data is *stored* in China 客户 数据 extra",
            &mut output,
        );
        assert_eq!(recall(&source, &output), 1.0);
        let mut partial = Vec::new();
        tokens("Customer stored in China", &mut partial);
        assert!((recall(&source, &partial) - 4.0 / 10.0).abs() < 1e-9);
    }

    #[test]
    fn tokens_are_words_lower_cased_and_single_ideographs() {
        let read = |text: &str| {
            let mut out = Vec::new();
            tokens(text, &mut out);
            out
        };
        assert_eq!(read("ÉTÉ, Été; été"), read("été été été"));
        assert_eq!(
            read("Azure云服务。ISO/IEC 27001"),
            read("azure 云 服 务 iso iec 27001")
        );
        assert_eq!(read("Azure云服务").len(), 4);
        assert_ne!(read("data"), read("date"));
        assert_ne!(read("ab"), read("a b"));
        assert!(read(" \n\t—“”！").is_empty());
        assert_eq!(read("café data"), read("CAFÉ DATA"));
        assert_eq!(read("naïve"), read("NAÏVE"));
        assert_eq!(read("x1y2 data。"), read("X1Y2 Data ."));
    }

    /// Longest common subsequence by dynamic programming: the reference.
    fn lcs_by_table(a: &[u64], b: &[u64]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diagonal = 0;
            for (j, y) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = if x == y { diagonal + 1 } else { above.max(row[j]) };
                diagonal = above;
            }
        }
        row[b.len()]
    }

    #[test]
    fn recall_with_shared_ends_matches_the_full_subsequence() {
        // Sequences from a small alphabet, sharing a prefix and a suffix
        // of varying lengths, with edits in between.
        let mut state = 0x2545_f491_u64;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        for _ in 0..500 {
            let shared: Vec<u64> = (0..next(6)).map(|_| next(3)).collect();
            let tail: Vec<u64> = (0..next(6)).map(|_| next(3)).collect();
            let mut source = shared.clone();
            source.extend((0..next(8)).map(|_| next(4)));
            source.extend(&tail);
            let mut output = shared;
            output.extend((0..next(8)).map(|_| next(4)));
            output.extend(&tail);
            if source.is_empty() {
                continue;
            }
            let expected = lcs_by_table(&source, &output) as f64 / source.len() as f64;
            assert_eq!(recall(&source, &output), expected, "{source:?} / {output:?}");
        }
    }
}
