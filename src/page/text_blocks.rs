//! The visible text blocks of a page (paragraphs, list items, cells,
//! headings), whitespace collapsed, their texts shared between pages.
//!
//! A large site has millions of blocks, so a block is not an allocation of
//! its own; and each block's hash lets the claims analysis find copies of
//! a block without reading its text again.
//!
//! While a page is parsed, the text of its blocks is copied as the parser
//! hands it over (whitespace and all, but for a block's leading
//! whitespace: most blocks are only the whitespace between two tags, and
//! get no text) into buffers the thread keeps from page to page, so that
//! they are not grown again for each page. Once the page is parsed, each
//! block is looked up in the [`SharedTexts`] of the parse by a 128-bit
//! hash of that raw text: sites repeat much of their text (language
//! copies, shared paragraphs), and a raw text seen before is neither
//! collapsed nor compared again. A new raw text is collapsed once, and the
//! collapsed texts are stored exactly (compared byte for byte), so two raw
//! texts that collapse alike share one text and number. Without a store,
//! each block's text is collapsed on its own.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use super::Region;
use super::text_table::TextTable;
use crate::shared::whitespace::{collapse_whitespace, whitespace_end};
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
}

/// The `text_id` of blocks parsed without a store.
pub const NO_TEXT_ID: u32 = u32::MAX;

/// The text blocks of a page, in source order.
#[derive(Debug, Clone, Default)]
pub struct TextBlocks {
    blocks: Vec<TextBlock>,
    texts: Texts,
    /// While the page is parsed: the blocks' texts as the parser handed
    /// them over (whitespace not yet collapsed), one after the other...
    buffer: String,
    /// ... and the blocks, their raw texts as ranges of `buffer`.
    pending: Vec<Pending>,
}

/// Where the blocks' texts are.
#[derive(Debug, Clone)]
enum Texts {
    /// Parsed without a store: one text per block, in the same order.
    Own(Vec<Box<str>>),
    /// The store's table, by the blocks' numbers.
    Shared(Arc<TextTable>),
}

impl Default for Texts {
    fn default() -> Texts {
        Texts::Own(Vec::new())
    }
}

#[derive(Debug, Clone)]
struct Pending {
    span: Span,
    region: Region,
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
        match &self.texts {
            Texts::Own(texts) => &texts[index],
            // Every number a block holds was stored before the block was made.
            Texts::Shared(table) => table.get(self.blocks[index].text_id).unwrap_or_default(),
        }
    }

    /// The blocks, in source order, without their texts.
    pub fn blocks(&self) -> &[TextBlock] {
        &self.blocks
    }

    /// Which store numbered the blocks' texts (the same for every page
    /// parsed with one store), if any: the numbers of one store name one
    /// text each.
    pub fn store(&self) -> Option<usize> {
        match &self.texts {
            Texts::Shared(table) => Some(Arc::as_ptr(table) as usize),
            Texts::Own(_) => None,
        }
    }

    /// Blocks with their texts, in source order.
    pub fn iter(&self) -> impl Iterator<Item = (&TextBlock, &str)> {
        (0..self.blocks.len()).map(|index| (&self.blocks[index], self.text(index)))
    }

    /// Where the next block's text starts; text pushed from here on with
    /// [`TextBlocks::push_text`] belongs to it until [`TextBlocks::seal`].
    pub(super) fn open(&self) -> usize {
        self.buffer.len()
    }

    /// Appends a piece of the open block's text (which started at
    /// `start`), as it stands but for the block's leading whitespace
    /// (whitespace is collapsed when the page is finished: see
    /// [`TextBlocks::finish`]). Most blocks are only the whitespace between
    /// two tags: they get no text at all.
    pub(super) fn push_text(&mut self, start: usize, piece: &str) {
        if self.buffer.len() == start {
            self.buffer.push_str(&piece[whitespace_end(piece, 0)..]);
        } else {
            self.buffer.push_str(piece);
        }
    }

    /// Ends the block whose text started at `start`; a block without text
    /// is dropped.
    pub(super) fn seal(&mut self, start: usize, span: Span, region: Region) {
        if self.buffer.len() > start {
            self.pending.push(Pending {
                span,
                region,
                start: start as u32,
                end: self.buffer.len() as u32,
            });
        }
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

    /// Once the page is parsed: each block takes its collapsed text from
    /// `shared` (collapsed and stored there if new; a block that collapses
    /// to nothing is dropped), and the collecting buffers go back to the
    /// thread for the next page.
    pub(super) fn finish(&mut self, shared: &SharedTexts) {
        if self.buffer.capacity() == 0 && self.pending.capacity() == 0 {
            return;
        }
        let raw = |block: &Pending| &self.buffer[block.start as usize..block.end as usize];
        let block = |block: &Pending, hash, text_id| TextBlock {
            span: block.span,
            region: block.region,
            hash,
            text_id,
        };
        let (blocks, texts) = match &shared.0 {
            Some(store) => {
                let numbers = store.numbers(self.pending.iter().map(raw));
                let blocks = (self.pending.iter().zip(numbers))
                    .filter(|(_, number)| number.text_id != NO_TEXT_ID)
                    .map(|(pending, number)| block(pending, number.hash, number.text_id))
                    .collect();
                (blocks, Texts::Shared(store.table.clone()))
            }
            None => {
                let mut own = Vec::new();
                let blocks = (self.pending.iter())
                    .filter_map(|pending| {
                        let text = collapse_whitespace(raw(pending));
                        (!text.is_empty()).then(|| {
                            let hash = hash_of(&text);
                            own.push(text.into_boxed_str());
                            block(pending, hash, NO_TEXT_ID)
                        })
                    })
                    .collect();
                (blocks, Texts::Own(own))
            }
        };
        let collected = std::mem::replace(
            self,
            TextBlocks {
                blocks,
                texts,
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
    /// Distinguishes this store from others in the threads' caches.
    serial: u64,
    /// The collapsed texts, by their number...
    table: Arc<TextTable>,
    /// ... and their numbers, by their hash...
    shards: [Mutex<Texts64>; SHARDS],
    /// ... and what each raw text collapses to, by its 128-bit hash.
    raw_shards: [Mutex<FxHashMap<RawKey, Number>>; SHARDS],
    /// The number the next new text gets.
    next_id: AtomicU32,
}

/// A raw text's 128-bit hash as two words: a key aligned as a `u64` keeps
/// the entries of the raw-text maps small (a `u128` is aligned to 16), and
/// looking blocks up there is mostly waiting for memory.
type RawKey = [u64; 2];

/// A stored text's number and hash; [`BLANK`] for a raw text that is only
/// whitespace (a guard: the parser skips a block's leading whitespace by
/// the definition collapsing uses, so such blocks never get text; a store
/// numbers texts from 0 and never reaches `u32::MAX`: that would take four
/// billion distinct texts).
#[derive(Clone, Copy)]
struct Number {
    hash: u64,
    text_id: u32,
}

const BLANK: Number = Number {
    hash: 0,
    text_id: NO_TEXT_ID,
};

/// Pages are parsed on all threads: texts are spread over shards by hash
/// so that two threads seldom wait for the same lock.
const SHARDS: usize = 32;

/// Numbers of the texts of one shard, by hash.
#[derive(Default)]
struct Texts64 {
    by_hash: FxHashMap<u64, u32>,
    /// Texts whose hash an earlier, different text has (rare).
    collided: Vec<(u64, u32)>,
}

/// Numbers the stores, for the threads' caches.
static NEXT_SERIAL: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// What raw texts collapse to, for the store this thread last parsed
    /// with (its serial): a raw text seen before on this thread is answered
    /// without a lock. Kept until the thread parses with another store.
    static RAW_SEEN: RefCell<(u64, FxHashMap<RawKey, Number>)> =
        RefCell::new((u64::MAX, FxHashMap::default()));
}

impl SharedTexts {
    /// A new, empty store.
    pub fn new() -> SharedTexts {
        SharedTexts(Some(Arc::new(Store {
            serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
            table: Arc::default(),
            shards: std::array::from_fn(|_| Mutex::default()),
            raw_shards: std::array::from_fn(|_| Mutex::default()),
            next_id: AtomicU32::new(0),
        })))
    }
}

impl Store {
    /// The collapsed texts of a page's blocks, whose raw texts are `raws`
    /// ([`BLANK`] for those that are only whitespace).
    ///
    /// Raw texts are told apart by a 128-bit hash (xxh3): two different
    /// raw texts are taken for one only if their hashes collide, which for
    /// the million blocks of a large site has a probability of about
    /// 10^-27. The collapsed texts they give are stored exactly.
    fn numbers<'r>(&self, raws: impl Iterator<Item = &'r str>) -> Vec<Number> {
        let keyed: Vec<(RawKey, &str)> = raws.map(|raw| (raw_key(raw), raw)).collect();
        RAW_SEEN.with_borrow_mut(|(serial, seen)| {
            if *serial != self.serial {
                *serial = self.serial;
                seen.clear();
            }
            // All lookups first, nothing else in the loop: the processor
            // overlaps their waits for memory.
            let known: Vec<Option<Number>> = keyed.iter().map(|(key, _)| seen.get(key).copied()).collect();
            (keyed.iter().zip(known))
                .map(|(&(key, raw), known)| {
                    known.unwrap_or_else(|| {
                        let found = self.number_of_raw(key, raw);
                        seen.insert(key, found);
                        found
                    })
                })
                .collect()
        })
    }

    /// What raw text `raw` (whose key is `key`) collapses to, asked of the
    /// store (collapsed and stored if no thread met it before).
    fn number_of_raw(&self, key: RawKey, raw: &str) -> Number {
        let shard = &self.raw_shards[(key[0] >> 59) as usize % SHARDS];
        if let Some(&known) = lock(shard).get(&key) {
            return known;
        }
        let text = collapse_whitespace(raw);
        let found = if text.is_empty() {
            BLANK
        } else {
            let hash = hash_of(&text);
            Number {
                hash,
                text_id: self.text_number(hash, &text),
            }
        };
        *lock(shard).entry(key).or_insert(found)
    }

    /// The number of the stored text equal to `text` (whose hash is
    /// `hash`), stored now if there is none.
    fn text_number(&self, hash: u64, text: &str) -> u32 {
        let shard = &self.shards[(hash >> 59) as usize % SHARDS];
        let mut texts = lock(shard);
        let Texts64 { by_hash, collided } = &mut *texts;
        let stored_as = |id: u32| self.table.get(id) == Some(text);
        let new_id = || {
            let id = self.next_id.fetch_add(1, Ordering::Relaxed);
            self.table.set(id, text);
            id
        };
        match by_hash.entry(hash) {
            Entry::Vacant(slot) => return *slot.insert(new_id()),
            Entry::Occupied(slot) if stored_as(*slot.get()) => return *slot.get(),
            Entry::Occupied(_) => {}
        }
        if let Some(&(_, id)) = collided.iter().find(|&&(h, id)| h == hash && stored_as(id)) {
            return id;
        }
        let id = new_id();
        collided.push((hash, id));
        id
    }
}

/// The key a raw text is known by.
fn raw_key(raw: &str) -> RawKey {
    let hash = xxhash_rust::xxh3::xxh3_128(raw.as_bytes());
    [(hash >> 64) as u64, hash as u64]
}

/// The hash blocks carry: of the collapsed text.
fn hash_of(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
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
        let store = shared.0.as_ref().unwrap();
        let ids = [
            store.text_number(7, "first"),
            store.text_number(7, "second"),
            store.text_number(7, "third"),
        ];
        assert_eq!(ids, [0, 1, 2]);
        let table = &store.table;
        let texts: Vec<&str> = ids.iter().map(|&id| table.get(id).unwrap()).collect();
        assert_eq!(texts, ["first", "second", "third"]);
        for (text, id) in [("first", 0), ("second", 1), ("third", 2)] {
            assert_eq!(store.text_number(7, text), id);
        }
    }

    #[test]
    fn raw_texts_that_collapse_alike_share_one_text_and_blank_blocks_go() {
        let shared = SharedTexts::new();
        let one = collect(&["Data  stays\n in China.", " \t\n", "x"], &shared);
        let two = collect(
            &["\u{a0}Data stays in\tChina. ", "Data  stays\n in China."],
            &shared,
        );
        assert_eq!(one.len(), 2, "the blank block is dropped");
        assert_eq!(one.text(0), "Data stays in China.");
        assert!(std::ptr::eq(one.text(0), two.text(0)));
        assert!(std::ptr::eq(one.text(0), two.text(1)));
        assert_eq!(
            (one.get(0).text_id, two.get(0).text_id, two.get(1).text_id),
            (0, 0, 0)
        );
        assert_eq!(one.get(0).hash, two.get(0).hash);
        // Another thread sees the same store and answers alike.
        let shared_again = shared.clone();
        let three = std::thread::spawn(move || {
            let three = collect(&[" Data stays in China.", "x"], &shared_again);
            (
                three.get(0).text_id,
                three.get(1).text_id,
                three.text(0).to_owned(),
            )
        })
        .join()
        .unwrap();
        assert_eq!(three, (0, 1, "Data stays in China.".to_owned()));
        // The thread's cache belongs to its store: a new store starts afresh.
        let fresh = collect(&["x", " Data stays in China."], &SharedTexts::new());
        assert_eq!((fresh.get(0).text_id, fresh.get(1).text_id), (0, 1));
    }

    #[test]
    fn a_page_s_blocks_looked_up_together_get_their_own_numbers() {
        // A page's blocks are looked up together: a repeat of a raw text new
        // to the store was not in the thread's cache when the lookups were
        // made, and the blocks found there must keep their own numbers.
        let shared = SharedTexts::new();
        let first = collect(&["new  text", "new  text", "new text", "other"], &shared);
        let ids = |page: &TextBlocks| {
            page.blocks()
                .iter()
                .map(|block| block.text_id)
                .collect::<Vec<u32>>()
        };
        assert_eq!(ids(&first), [0, 0, 0, 1]);
        let second = collect(&["other", "third", "new  text", "third", "fourth"], &shared);
        assert_eq!(ids(&second), [1, 2, 0, 2, 3]);
        assert_eq!((second.text(1), second.text(4)), ("third", "fourth"));
    }

    /// How blocks were collapsed before: piece by piece as they came, the
    /// block's leading whitespace dropped, its trailing space trimmed.
    fn collapsed_piece_by_piece(pieces: &[&str]) -> String {
        use crate::shared::whitespace::{push_collapsed, whitespace_end};
        let mut out = String::from("previous block");
        let start = out.len();
        for piece in pieces {
            if out.len() == start {
                push_collapsed(&mut out, &piece[whitespace_end(piece, 0)..]);
            } else {
                push_collapsed(&mut out, piece);
            }
        }
        if out.len() > start && out.ends_with(' ') {
            out.pop();
        }
        out[start..].to_owned()
    }

    #[test]
    fn collapsing_the_whole_raw_text_is_collapsing_it_piece_by_piece() {
        let alphabet = [
            " ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{3000}", "\u{2003}", "\u{feff}", "word", "数据",
            "。", "a", "        ", "x y", "\u{2028}", "é",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let shared = SharedTexts::new();
        for _ in 0..3_000 {
            let pieces: Vec<String> = (0..1 + next(6))
                .map(|_| (0..1 + next(4)).map(|_| alphabet[next(alphabet.len())]).collect())
                .collect();
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            let expected = collapsed_piece_by_piece(&pieces);
            for store in [&shared, &SharedTexts::default()] {
                let mut blocks = TextBlocks::collector(true);
                let start = blocks.open();
                pieces.iter().for_each(|piece| blocks.push_text(start, piece));
                blocks.seal(start, Span::new(0, 1), Region::Main);
                blocks.finish(store);
                let got = (blocks.len() == 1).then(|| blocks.text(0).to_owned());
                assert_eq!(got.unwrap_or_default(), expected, "{pieces:?}");
            }
        }
    }
}
