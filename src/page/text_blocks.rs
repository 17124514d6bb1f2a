//! The visible text blocks of a page (paragraphs, list items, cells,
//! headings), whitespace collapsed, their texts in one buffer per page.
//!
//! A large site has millions of blocks: one allocation per block was the
//! largest cost of collecting them, and each block's hash, taken here while
//! the text is in cache, lets the claims analysis find copies of a block
//! without reading its text again.
//!
//! A page's blocks are collected into buffers the thread keeps from page to
//! page: growing fresh buffers for each page (reallocations, new memory
//! faulted in, then a shrink) was about a third of what collecting the text
//! cost (perf, x100 site). Once the page is parsed, each block's text is
//! looked up in the [`SharedTexts`] of the parse: sites repeat most of their
//! text (half of the reference site's block text is a copy of a block
//! elsewhere: `en-us/` copies, shared paragraphs), and a text seen before is
//! not stored again.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use super::Region;
use super::html::{push_collapsed, whitespace_end};
use crate::span::Span;

/// One text block. Its text is `TextBlocks::text(index)`.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub span: Span,
    pub region: Region,
    /// Hash of the text (equal texts, equal hashes).
    pub hash: u64,
    /// The text's number in the [`SharedTexts`] store of the parse: equal
    /// texts, equal numbers, and the numbers of a store are dense from 0
    /// ([`NO_TEXT_ID`] when the parse had no store).
    pub text_id: u32,
    text: Arc<str>,
}

/// The `text_id` of blocks parsed without a store.
pub const NO_TEXT_ID: u32 = u32::MAX;

/// The text blocks of a page, in source order.
#[derive(Debug, Clone, Default)]
pub struct TextBlocks {
    blocks: Vec<TextBlock>,
    /// While the page is parsed: the blocks' texts, one after the other...
    buffer: String,
    /// ... and the blocks, their texts as ranges of `buffer`.
    pending: Vec<Pending>,
}

#[derive(Debug, Clone)]
struct Pending {
    span: Span,
    region: Region,
    hash: u64,
    start: u32,
    end: u32,
}

impl TextBlocks {
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub fn get(&self, index: usize) -> &TextBlock {
        &self.blocks[index]
    }

    pub fn text(&self, index: usize) -> &str {
        &self.blocks[index].text
    }

    /// Blocks with their texts, in source order.
    pub fn iter(&self) -> impl Iterator<Item = (&TextBlock, &str)> {
        self.blocks.iter().map(|block| (block, &*block.text))
    }

    /// Where the next block's text starts; text pushed from here on with
    /// [`TextBlocks::push_text`] belongs to it until [`TextBlocks::seal`].
    pub(super) fn open(&self) -> usize {
        self.buffer.len()
    }

    /// Appends a piece of the open block's text (which started at `start`),
    /// whitespace collapsed across pieces.
    pub(super) fn push_text(&mut self, start: usize, piece: &str) {
        if self.buffer.len() == start {
            // A new block: its leading whitespace must go, whatever the
            // previous block ended with.
            push_collapsed(&mut self.buffer, &piece[whitespace_end(piece, 0)..]);
        } else {
            push_collapsed(&mut self.buffer, piece);
        }
    }

    /// Ends the block whose text started at `start`: trailing space
    /// trimmed, an empty block dropped.
    pub(super) fn seal(&mut self, start: usize, span: Span, region: Region) {
        if self.buffer.len() > start && self.buffer.ends_with(' ') {
            self.buffer.pop();
        }
        if self.buffer.len() == start {
            return;
        }
        let mut hasher = rustc_hash::FxHasher::default();
        self.buffer[start..].hash(&mut hasher);
        self.pending.push(Pending {
            span,
            region,
            hash: hasher.finish(),
            start: start as u32,
            end: self.buffer.len() as u32,
        });
    }

    /// One whole block at once.
    pub(super) fn push_block(&mut self, text: &str, span: Span, region: Region) {
        let start = self.open();
        self.push_text(start, text);
        self.seal(start, span, region);
    }

    /// Takes in the blocks of `other` (collected by a nested parser) and
    /// puts all of them back in source order.
    pub(super) fn merge(&mut self, other: TextBlocks) {
        let shift = self.buffer.len() as u32;
        self.buffer.push_str(&other.buffer);
        self.pending.extend(other.pending.iter().map(|block| Pending {
            start: block.start + shift,
            end: block.end + shift,
            ..block.clone()
        }));
        self.pending.sort_by_key(|block| block.span.start);
        other.recycle();
    }

    /// Empty blocks to collect a page's text into: when `collecting`, this
    /// thread's scratch buffers if they are free (a nested parser gets new
    /// ones); else blocks that stay empty and allocate nothing.
    pub(super) fn collector(collecting: bool) -> TextBlocks {
        if collecting {
            SCRATCH.take().unwrap_or_default()
        } else {
            TextBlocks::default()
        }
    }

    /// Once the page is parsed: each block takes its text from `shared`
    /// (stored there if new), and the collecting buffers go back to the
    /// thread for the next page.
    pub(super) fn finish(&mut self, shared: &SharedTexts) {
        if self.buffer.capacity() == 0 && self.pending.capacity() == 0 {
            return;
        }
        let blocks = (self.pending.iter())
            .map(|block| {
                let (text, text_id) =
                    shared.get(block.hash, &self.buffer[block.start as usize..block.end as usize]);
                TextBlock {
                    span: block.span,
                    region: block.region,
                    hash: block.hash,
                    text_id,
                    text,
                }
            })
            .collect();
        let collected = std::mem::replace(
            self,
            TextBlocks {
                blocks,
                ..TextBlocks::default()
            },
        );
        collected.recycle();
    }

    /// Gives collecting buffers back to the thread, cleared; of two, the
    /// larger is kept (a nested parser's and the page's own).
    fn recycle(mut self) {
        if self.buffer.capacity() == 0 || self.buffer.capacity() > MAX_SCRATCH {
            return;
        }
        self.buffer.clear();
        self.pending.clear();
        let kept = match SCRATCH.take() {
            Some(held) if held.buffer.capacity() >= self.buffer.capacity() => held,
            _ => self,
        };
        SCRATCH.set(Some(kept));
    }
}

/// The block texts of the pages parsed with one [`super::ParseOptions`]:
/// equal texts are stored once, and their blocks share it and its number.
/// Cloning shares the store. Pages keep their texts when the store is
/// dropped.
///
/// The default is no store (each block keeps its own copy): options made
/// for one page, as the migration makes them, allocate nothing.
#[derive(Clone, Default)]
pub struct SharedTexts(Option<Arc<Store>>);

struct Store {
    shards: [Mutex<Texts>; SHARDS],
    /// The number the next new text gets.
    next_id: AtomicU32,
}

/// Pages are parsed on all threads: texts are spread over shards by hash
/// so that two threads seldom wait for the same lock.
const SHARDS: usize = 32;

#[derive(Default)]
struct Texts {
    by_hash: FxHashMap<u64, (Arc<str>, u32)>,
    /// Texts whose hash an earlier, different text has (rare).
    collided: Vec<(u64, Arc<str>, u32)>,
}

impl SharedTexts {
    /// A new, empty store.
    pub fn new() -> SharedTexts {
        SharedTexts(Some(Arc::new(Store {
            shards: std::array::from_fn(|_| Mutex::default()),
            next_id: AtomicU32::new(0),
        })))
    }

    /// The stored text equal to `text` (whose hash is `hash`) and its
    /// number, stored now if there is none.
    fn get(&self, hash: u64, text: &str) -> (Arc<str>, u32) {
        let Some(store) = &self.0 else {
            return (Arc::from(text), NO_TEXT_ID);
        };
        let shard = &store.shards[(hash >> 59) as usize % SHARDS];
        let mut texts = shard.lock().unwrap_or_else(PoisonError::into_inner);
        let Texts { by_hash, collided } = &mut *texts;
        let new_id = || store.next_id.fetch_add(1, Ordering::Relaxed);
        match by_hash.entry(hash) {
            Entry::Vacant(slot) => return slot.insert((Arc::from(text), new_id())).clone(),
            Entry::Occupied(slot) if *slot.get().0 == *text => return slot.get().clone(),
            Entry::Occupied(_) => {}
        }
        let same = collided
            .iter()
            .find(|(h, stored, _)| *h == hash && **stored == *text);
        if let Some((_, stored, id)) = same {
            return (stored.clone(), *id);
        }
        let stored: Arc<str> = Arc::from(text);
        let id = new_id();
        collided.push((hash, stored.clone(), id));
        (stored, id)
    }
}

impl std::fmt::Debug for SharedTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedTexts").finish_non_exhaustive()
    }
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<TextBlocks>> = const { std::cell::Cell::new(None) };
}

/// Scratch buffers grown past this by an unusually large page are freed
/// rather than kept for the thread's life.
const MAX_SCRATCH: usize = 4 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(texts: &[&str], shared: &SharedTexts) -> TextBlocks {
        let mut blocks = TextBlocks::collector(true);
        for (at, text) in texts.iter().enumerate() {
            blocks.push_block(text, Span::new(at * 10, at * 10 + 5), Region::Main);
        }
        blocks.finish(shared);
        blocks
    }

    #[test]
    fn finished_blocks_hold_their_texts_and_the_next_page_starts_empty() {
        let shared = SharedTexts::new();
        let first = collect(&["  a first   block of text ", "a second"], &shared);
        assert!(first.buffer.is_empty() && first.pending.is_empty());
        assert_eq!(first.text(0), "a first block of text");
        // Same thread: the next page collects into the recycled buffers.
        let scratch = TextBlocks::collector(true);
        assert!(scratch.buffer.is_empty() && scratch.pending.is_empty());
        assert!(scratch.buffer.capacity() > 0, "the scratch buffers were not kept");
        SCRATCH.set(Some(scratch));
        let second = collect(&["third"], &shared);
        assert_eq!(second.text(0), "third");
        assert_eq!(first.text(1), "a second");
    }

    #[test]
    fn equal_texts_are_stored_once_and_different_ones_apart() {
        let shared = SharedTexts::new();
        let one = collect(&["Data stays in China.", "Only here"], &shared);
        let two = collect(&["Only here", "Data stays in China.", "New"], &shared);
        assert!(std::ptr::eq(one.text(0), two.text(1)));
        assert!(std::ptr::eq(one.text(1), two.text(0)));
        assert!(!std::ptr::eq(one.text(0), one.text(1)));
        // Numbered densely, equal texts alike.
        let ids = |blocks: &TextBlocks| {
            (0..blocks.len())
                .map(|i| blocks.get(i).text_id)
                .collect::<Vec<_>>()
        };
        assert_eq!((ids(&one), ids(&two)), (vec![0, 1], vec![1, 0, 2]));
        // Another parse, another store: equal, not shared.
        let apart = collect(&["Only here"], &SharedTexts::new());
        assert_eq!(apart.text(0), one.text(1));
        assert!(!std::ptr::eq(apart.text(0), one.text(1)));
        assert_eq!(ids(&apart), [0]);
        // No store: each block its own copy, no number.
        let alone = collect(&["Only here", "Only here"], &SharedTexts::default());
        assert_eq!(alone.text(0), alone.text(1));
        assert!(!std::ptr::eq(alone.text(0), alone.text(1)));
        assert_eq!(ids(&alone), [NO_TEXT_ID, NO_TEXT_ID]);
    }

    #[test]
    fn texts_whose_hashes_collide_stay_apart() {
        let shared = SharedTexts::new();
        let (a, b, c) = (
            shared.get(7, "first"),
            shared.get(7, "second"),
            shared.get(7, "third"),
        );
        assert_eq!((&*a.0, &*b.0, &*c.0), ("first", "second", "third"));
        assert_eq!((a.1, b.1, c.1), (0, 1, 2));
        for (text, (stored, id)) in [("first", &a), ("second", &b), ("third", &c)] {
            let again = shared.get(7, text);
            assert!(Arc::ptr_eq(stored, &again.0));
            assert_eq!(*id, again.1);
        }
    }
}
