//! Page text for reporting, read again lazily: the lint pass does not keep
//! sources in memory, and only pages with findings are ever re-read.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::source::{LineIndex, Position, decode};
use crate::span::Span;

pub struct Loaded {
    pub text: String,
    pub lines: LineIndex,
}

impl Loaded {
    pub fn new(text: String) -> Loaded {
        let lines = LineIndex::new(&text);
        Loaded { text, lines }
    }

    pub fn position(&self, offset: u32) -> Position {
        self.lines.position(&self.text, offset as usize)
    }

    /// Start and end positions of a span.
    pub fn range(&self, span: Span) -> (Position, Position) {
        (self.position(span.start), self.position(span.end))
    }
}

/// Site-relative path -> text, loaded on first use.
pub struct Sources {
    root: PathBuf,
    /// Files larger than this were not parsed, so they are not read either.
    max_bytes: u64,
    loaded: HashMap<Box<str>, Option<Loaded>>,
}

impl Sources {
    pub fn new(root: PathBuf, max_bytes: u64) -> Sources {
        Sources {
            root,
            max_bytes,
            loaded: HashMap::new(),
        }
    }

    /// A source given directly (tests, `--diff` previews).
    pub fn insert(&mut self, path: &str, text: String) {
        self.loaded.insert(path.into(), Some(Loaded::new(text)));
    }

    /// The page's text, or `None` when it cannot be read (it was reported).
    pub fn get(&mut self, path: &str) -> Option<&Loaded> {
        if !self.loaded.contains_key(path) {
            let full = self.root.join(path);
            let loaded = std::fs::metadata(&full)
                .ok()
                .filter(|m| m.is_file() && m.len() <= self.max_bytes)
                .and_then(|_| std::fs::read(&full).ok())
                .filter(|bytes| !crate::source::looks_binary(bytes))
                .map(|bytes| Loaded::new(decode(bytes).text));
            self.loaded.insert(path.into(), loaded);
        }
        self.loaded.get(path).and_then(Option::as_ref)
    }
}
