//! Candidate pairs of near-duplicate statements without comparing all
//! pairs: MinHash signatures of the statements' word sets, cut into bands;
//! statements sharing a band are candidates (locality-sensitive hashing).
//! With 8 bands of 4 rows, a pair with 75% of its words in common is a
//! candidate with probability 0.95, one with 30% with probability 0.06.
//! Words rather than word pairs: short statements with two edits keep most
//! of their words but few of their pairs.

use rayon::prelude::*;

const BANDS: usize = 8;
const ROWS: usize = 4;
const HASHES: usize = BANDS * ROWS;
/// A band shared by more statements than this says nothing (boilerplate);
/// its members are paired with their neighbours only, keeping the work linear.
const MAX_BUCKET: usize = 64;

/// splitmix64: a fast, well-mixed, stable hash of one `u64`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The MinHash signature of a statement's set of words: each distinct word
/// is hashed once (Chinese statements, a word per character, repeat many).
fn signature(tokens: &[u64]) -> [u64; HASHES] {
    let mut distinct = tokens.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let mut minimums = [u64::MAX; HASHES];
    for &token in &distinct {
        let shingle = mix(token);
        for (seed, minimum) in minimums.iter_mut().enumerate() {
            let value = mix(shingle ^ (seed as u64).wrapping_mul(0xa076_1d64_78bd_642f));
            if value < *minimum {
                *minimum = value;
            }
        }
    }
    minimums
}

/// Pairs `(a, b)`, `a < b`, of items that may be near-duplicates. `group`
/// keeps items of different groups (languages) apart. Sorted, deduplicated.
pub fn candidates(items: &[(u8, &[u64])]) -> Vec<(u32, u32)> {
    let mut keys: Vec<(u64, u32)> = items
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, (group, tokens))| {
            let signature = signature(tokens);
            (0..BANDS).map(move |band| {
                let mut key = mix(u64::from(*group) << 8 | band as u64);
                for row in &signature[band * ROWS..(band + 1) * ROWS] {
                    key = mix(key ^ row);
                }
                (key, index as u32)
            })
        })
        .collect();
    keys.par_sort_unstable();
    let mut pairs = Vec::new();
    for bucket in keys.chunk_by(|a, b| a.0 == b.0) {
        if bucket.len() <= MAX_BUCKET {
            for (i, a) in bucket.iter().enumerate() {
                for b in &bucket[i + 1..] {
                    pairs.push((a.1.min(b.1), a.1.max(b.1)));
                }
            }
        } else {
            for window in bucket.windows(2) {
                pairs.push((window[0].1.min(window[1].1), window[0].1.max(window[1].1)));
            }
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        text.split(' ').map(super::super::text::hash_lower).collect()
    }

    #[test]
    fn near_duplicates_are_candidates_and_strangers_are_not() {
        let a = words("customer data is stored in datacenters located exclusively in mainland china today");
        let b = words("customer data is stored in datacenters located in mainland china today");
        let c = words("the quick brown fox jumps over the lazy dog near the river bank");
        let items = [(0u8, a.as_slice()), (0, b.as_slice()), (0, c.as_slice())];
        assert_eq!(candidates(&items), [(0, 1)]);
    }

    #[test]
    fn repeated_words_leave_the_signature_as_it_is() {
        let by_definition = |tokens: &[u64]| -> Vec<u64> {
            (0..HASHES as u64)
                .map(|seed| {
                    (tokens.iter())
                        .map(|&t| mix(mix(t) ^ seed.wrapping_mul(0xa076_1d64_78bd_642f)))
                        .min()
                        .unwrap_or(u64::MAX)
                })
                .collect()
        };
        let repeated = words("的 数据 的 数据 存储 在 的 中国 the data the data");
        assert_eq!(signature(&repeated).to_vec(), by_definition(&repeated));
        assert_eq!(signature(&[]).to_vec(), by_definition(&[]));
    }

    #[test]
    fn groups_are_kept_apart() {
        let a = words("customer data is stored in datacenters located in mainland china");
        let items = [(0u8, a.as_slice()), (1, a.as_slice())];
        assert!(candidates(&items).is_empty());
    }
}
