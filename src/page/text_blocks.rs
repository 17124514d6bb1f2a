//! The visible text blocks of a page (paragraphs, list items, cells,
//! headings), whitespace collapsed, their texts in one buffer per page.
//!
//! A large site has millions of blocks: one allocation per block was the
//! largest cost of collecting them, and each block's hash, taken here while
//! the text is in cache, lets the claims analysis find copies of a block
//! without reading its text again.
//!
//! A page's blocks are collected into buffers the thread keeps from page to
//! page, then copied into exact allocations: growing fresh buffers for each
//! page (reallocations, new memory faulted in, then a shrink) was about a
//! third of what collecting the text cost (perf, x100 site).

use std::hash::{Hash, Hasher};

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
    start: u32,
    end: u32,
}

/// The text blocks of a page, in source order.
#[derive(Debug, Clone, Default)]
pub struct TextBlocks {
    buffer: String,
    blocks: Vec<TextBlock>,
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
        let block = &self.blocks[index];
        &self.buffer[block.start as usize..block.end as usize]
    }

    /// Blocks with their texts, in source order.
    pub fn iter(&self) -> impl Iterator<Item = (&TextBlock, &str)> {
        self.blocks
            .iter()
            .map(|block| (block, &self.buffer[block.start as usize..block.end as usize]))
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
        self.blocks.push(TextBlock {
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
        self.blocks.extend(other.blocks.iter().map(|block| TextBlock {
            start: block.start + shift,
            end: block.end + shift,
            ..block.clone()
        }));
        self.blocks.sort_by_key(|block| block.span.start);
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

    /// Once the page is parsed: the blocks move to exact-size allocations
    /// and the collecting buffers go back to the thread for the next page.
    pub(super) fn finish(&mut self) {
        if self.buffer.capacity() == 0 && self.blocks.capacity() == 0 {
            return;
        }
        let exact = TextBlocks {
            buffer: self.buffer.as_str().to_owned(),
            blocks: self.blocks.to_vec(),
        };
        std::mem::replace(self, exact).recycle();
    }

    /// Gives collecting buffers back to the thread, cleared; of two, the
    /// larger is kept (a nested parser's and the page's own).
    fn recycle(mut self) {
        if self.buffer.capacity() == 0 || self.buffer.capacity() > MAX_SCRATCH {
            return;
        }
        self.buffer.clear();
        self.blocks.clear();
        let kept = match SCRATCH.take() {
            Some(held) if held.buffer.capacity() >= self.buffer.capacity() => held,
            _ => self,
        };
        SCRATCH.set(Some(kept));
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

    fn collect(texts: &[&str]) -> TextBlocks {
        let mut blocks = TextBlocks::collector(true);
        for (at, text) in texts.iter().enumerate() {
            blocks.push_block(text, Span::new(at * 10, at * 10 + 5), Region::Main);
        }
        blocks.finish();
        blocks
    }

    #[test]
    fn finished_blocks_are_exact_and_the_next_page_starts_empty() {
        let first = collect(&["a first block of text", "a second"]);
        assert_eq!(first.buffer.capacity(), first.buffer.len());
        assert_eq!(first.blocks.capacity(), 2);
        // Same thread: the next page collects into the recycled buffers.
        let scratch = TextBlocks::collector(true);
        assert!(scratch.buffer.is_empty() && scratch.blocks.is_empty());
        assert!(scratch.buffer.capacity() > 0, "the scratch buffers were not kept");
        SCRATCH.set(Some(scratch));
        let second = collect(&["third"]);
        assert_eq!(second.buffer, "third");
        assert_eq!(second.text(0), "third");
        assert_eq!(first.text(1), "a second");
    }
}
