//! The texts of a [`super::SharedTexts`] store, by number: filled by the
//! threads that parse pages and read by any thread, without a lock to read.
//!
//! Blocks hold their text's number, and their page one reference to the
//! table: a reference counted per block (an `Arc<str>` each) was a shared
//! counter that both threads incremented for the same texts, hundreds of
//! thousands of times on a large site.

use std::sync::OnceLock;

/// Slots of the first chunk; each next chunk is twice as large, so a few
/// chunks hold any site and no chunk ever moves.
const FIRST: usize = 1024;
const CHUNKS: usize = 32;

type Chunk = Box<[OnceLock<Box<str>>]>;

#[derive(Default)]
pub(super) struct TextTable {
    chunks: [OnceLock<Chunk>; CHUNKS],
}

impl TextTable {
    /// Stores `text` as number `id` (each number is given once).
    pub(super) fn set(&self, id: u32, text: &str) {
        let (chunk, slot) = place(id);
        let chunk = self.chunks[chunk].get_or_init(|| (0..FIRST << chunk).map(|_| OnceLock::new()).collect());
        let stored = chunk[slot].set(text.into());
        debug_assert!(stored.is_ok(), "text number {id} given twice");
    }

    /// The text numbered `id`, once stored.
    pub(super) fn get(&self, id: u32) -> Option<&str> {
        let (chunk, slot) = place(id);
        Some(&**self.chunks.get(chunk)?.get()?.get(slot)?.get()?)
    }
}

/// The chunk and slot of number `id`: chunk `k` holds `FIRST << k` numbers
/// from `FIRST * (2^k - 1)`.
fn place(id: u32) -> (usize, usize) {
    let biased = id as usize / FIRST + 1;
    let chunk = (usize::BITS - 1 - biased.leading_zeros()) as usize;
    (chunk, id as usize - FIRST * ((1 << chunk) - 1))
}

impl std::fmt::Debug for TextTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextTable").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_find_their_chunks_and_slots() {
        assert_eq!(place(0), (0, 0));
        assert_eq!(place(1023), (0, 1023));
        assert_eq!(place(1024), (1, 0));
        assert_eq!(place(3071), (1, 2047));
        assert_eq!(place(3072), (2, 0));
        assert_eq!(place(u32::MAX).0, 22);
    }

    #[test]
    fn texts_are_found_by_number_from_any_thread() {
        let table = std::sync::Arc::new(TextTable::default());
        let writers: Vec<_> = (0..4u32)
            .map(|part| {
                let table = table.clone();
                std::thread::spawn(move || {
                    for id in (part..5_000).step_by(4) {
                        table.set(id, &format!("text {id}"));
                    }
                })
            })
            .collect();
        writers.into_iter().for_each(|writer| writer.join().unwrap());
        for id in [0, 1, 1023, 1024, 3071, 3072, 4_999] {
            assert_eq!(table.get(id), Some(format!("text {id}").as_str()));
        }
        assert_eq!(table.get(5_000), None);
        assert_eq!(table.get(u32::MAX), None);
    }
}
