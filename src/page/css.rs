//! The CSS a page writes: inline `style` attributes and `<style>` elements,
//! kept as text with where it is written. The page's source is dropped
//! after parsing, so the rules that read CSS read it here.
//!
//! CSS inside an HTML comment is not kept: browsers never apply it.

use super::Region;
use crate::span::Span;

/// Which grammar the text follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CssKind {
    /// A `style` attribute: a list of declarations.
    Declarations,
    /// A `<style>` element: a style sheet.
    StyleSheet,
}

/// One `style` attribute or `<style>` element.
#[derive(Debug, Clone)]
pub struct Css {
    pub kind: CssKind,
    /// The CSS as browsers read it: the attribute value after entity
    /// decoding (line breaks as written when nothing else was decoded),
    /// the element's text as written.
    pub text: Box<str>,
    /// Where the text is written: the attribute value without its quotes,
    /// the content between `<style>` and `</style>`.
    pub span: Span,
    /// True when the source under `span` is exactly `text`, so that an
    /// offset into `text` is an offset from `span.start`.
    pub verbatim: bool,
    /// The start tag of the element that carries it.
    pub element: Span,
    pub region: Region,
}

impl Css {
    /// Where `start..end` of the text is written: exact when the text is
    /// written verbatim, else the whole text's span (an entity-encoded
    /// attribute value's offsets do not carry over).
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        if self.verbatim && start <= end && end <= self.text.len() {
            Span::new(self.span.start as usize + start, self.span.start as usize + end)
        } else {
            self.span
        }
    }
}
