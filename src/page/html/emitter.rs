//! The html5gum emitter that drives the builder.
//!
//! html5gum calls an emitter for every piece of a token and tells it how far
//! the input has advanced (`move_position`), which gives exact byte spans.
//! This emitter hands the builder spans, names and (only where the model
//! needs them) values and text, without building token objects: text and most
//! attribute values are never copied (html5gum's own emitters copy every
//! text run and value into buffers, which is most of what tokenizing costs).
//!
//! html5gum is never asked for errors: when it is, it checks every byte for
//! control characters and noncharacters, a second pass over the page that
//! finds nothing tclint reports. The mistakes that matter are found by the
//! builder from the source (`check_attribute_syntax`, `check_comment`,
//! `check_bogus_comment`) or noticed here at the end of input.

use html5gum::{Emitter, Error as TokenError, State, naive_next_state};

use super::{Builder, utf8};
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    None,
    Start,
    End,
}

pub(super) struct SpanEmitter<'b, 'a> {
    builder: &'b mut Builder<'a>,
    /// Offset of the tokenized slice in the page.
    base: usize,
    /// Bytes of the slice consumed so far.
    position: usize,
    /// Where the current `<...>` started (the `<`).
    taglike_start: usize,
    /// Where the current run of text started.
    text_start: Option<usize>,
    kind: TagKind,
    name: Vec<u8>,
    last_start_tag: Vec<u8>,
    self_closing: bool,
    /// A tag has started and is not finished.
    in_tag: bool,
    /// Tokenizing stops: the builder leaves the rest of the slice to another.
    stop: bool,
}

impl<'b, 'a> SpanEmitter<'b, 'a> {
    pub(super) fn new(builder: &'b mut Builder<'a>, base: usize) -> SpanEmitter<'b, 'a> {
        SpanEmitter {
            builder,
            base,
            position: 0,
            taglike_start: 0,
            text_start: None,
            kind: TagKind::None,
            name: Vec::new(),
            last_start_tag: Vec::new(),
            self_closing: false,
            in_tag: false,
            stop: false,
        }
    }

    /// A position in the slice as an offset in the page.
    fn at(&self, position: usize) -> usize {
        self.base + position
    }

    fn token_span(&self) -> Span {
        Span::new(self.at(self.taglike_start), self.at(self.position))
    }

    /// A tag, comment or doctype is over: back to text.
    fn end_of_markup(&mut self) {
        self.in_tag = false;
        self.text_start = None;
        self.builder.last_token_end = self.at(self.position);
    }
}

/// `bytes` as the slice of `page` it is, if it is one. html5gum hands text
/// without references or carriage returns over as a slice of its input (a
/// slice of the page): that text is taken as it stands in the page (valid
/// UTF-8 already), found by its address, without comparing or validating
/// its bytes (comparing them was a tenth of the instructions collecting
/// the text blocks added to the parse).
fn slice_of<'p>(page: &'p str, bytes: &[u8]) -> Option<&'p str> {
    let offset = (bytes.as_ptr() as usize).checked_sub(page.as_ptr() as usize)?;
    page.get(offset..offset.checked_add(bytes.len())?)
}

/// Whether `bytes` is a non-empty run of ASCII whitespace that collapses to
/// one space (vertical tab aside: it takes the common path). Eight spaces
/// of indentation are tested at once; word-wide tests of every byte class
/// cost more than this on runs of twenty-odd bytes.
fn is_blank(bytes: &[u8]) -> bool {
    let blank = |byte: &u8| matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
    let mut chunks = bytes.chunks_exact(8);
    !bytes.is_empty()
        && chunks.all(|chunk| chunk == b"        " || chunk.iter().all(blank))
        && chunks.remainder().iter().all(blank)
}

impl Emitter for SpanEmitter<'_, '_> {
    type Token = ();

    fn move_position(&mut self, offset: isize) {
        self.position = self.position.saturating_add_signed(offset);
    }

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag.extend(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        let end = self.at(self.position);
        let lone_angle = self.builder.text[..end].trim_end().ends_with('<');
        if self.in_tag || lone_angle {
            self.builder.eof_in_tag(end);
        }
    }

    fn emit_error(&mut self, _: TokenError) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<()> {
        // The only token handed over: the signal to stop.
        self.stop.then_some(())
    }

    fn init_string(&mut self) {
        if self.text_start.is_none() {
            self.text_start = Some(self.position);
        }
    }

    fn emit_string(&mut self, text: &[u8]) {
        // Text after `<`: it was not a tag after all (`a < b`).
        self.in_tag = false;
        let end = self.at(self.position);
        self.builder.last_token_end = end;
        if self.builder.wants_text() {
            let start = self.at(self.text_start.unwrap_or(self.position)).min(end);
            // Most runs of text are the line break and indentation between
            // two tags. Every reader of text collapses whitespace, so such a
            // run is handed over as one space, neither located in the page
            // nor decoded (html5gum copies runs with `\r\n` to normalize them).
            let piece = if is_blank(text) {
                std::borrow::Cow::Borrowed(" ")
            } else {
                match slice_of(self.builder.text, text) {
                    Some(source) => std::borrow::Cow::Borrowed(source),
                    None => utf8(text),
                }
            };
            self.builder.characters(&piece, Span::new(start, end));
        }
    }

    fn init_start_tag(&mut self) {
        self.kind = TagKind::Start;
        self.name.clear();
        self.self_closing = false;
    }

    fn init_end_tag(&mut self) {
        self.kind = TagKind::End;
        self.name.clear();
    }

    fn init_comment(&mut self) {
        let content_start = self.at(self.position);
        self.stop = self.builder.stops_at_comment(content_start);
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        let span = self.token_span();
        let kind = self.kind;
        self.kind = TagKind::None;
        self.end_of_markup();
        let name = utf8(&self.name);
        match kind {
            TagKind::Start => {
                self.builder
                    .finish_start_tag(&name, self.self_closing, span.end as usize);
                self.last_start_tag.clear();
                self.last_start_tag.extend(&self.name);
                naive_next_state(&self.last_start_tag)
            }
            TagKind::End => {
                self.builder.end_tag_token(&name, span);
                None
            }
            TagKind::None => None,
        }
    }

    fn emit_current_comment(&mut self) {
        let span = self.token_span();
        self.end_of_markup();
        self.builder.comment(span);
    }

    fn emit_current_doctype(&mut self) {
        self.end_of_markup();
    }

    fn set_self_closing(&mut self) {
        if self.kind == TagKind::Start {
            self.self_closing = true;
        }
    }

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, name: &[u8]) {
        self.name.extend(name);
    }

    fn push_comment(&mut self, _: &[u8]) {}

    fn push_doctype_name(&mut self, _: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        // The name's first character has already been read.
        let start = self.at(self.position.saturating_sub(1));
        self.builder.begin_attribute(start);
    }

    fn init_attribute_value(&mut self) {
        let at = self.at(self.position);
        self.builder.begin_attribute_value(at);
    }

    fn push_attribute_name(&mut self, name: &[u8]) {
        let end = self.at(self.position);
        self.builder.push_attribute_name(&utf8(name), end);
    }

    fn push_attribute_value(&mut self, value: &[u8]) {
        let end = self.at(self.position);
        self.builder.push_attribute_value(value, end);
    }

    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn start_open_tag(&mut self) {
        // The `<` has just been read.
        self.taglike_start = self.position.saturating_sub(1);
        self.text_start = None;
        self.in_tag = true;
        let start = self.at(self.taglike_start);
        self.builder.begin_tag(start);
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.kind == TagKind::End && !self.last_start_tag.is_empty() && self.name == self.last_start_tag
    }
}

#[cfg(test)]
mod tests {
    use super::{is_blank, slice_of};
    use crate::shared::whitespace::collapse_whitespace;

    #[test]
    fn a_slice_of_the_page_is_found_by_address_and_other_bytes_are_not() {
        let page = "<p>Données 数据</p>";
        let inside = &page.as_bytes()[3..18];
        assert_eq!(slice_of(page, inside), Some("Données 数据"));
        assert!(std::ptr::eq(slice_of(page, inside).unwrap(), &page[3..18]));
        // Equal bytes elsewhere (html5gum's own buffers) are not the page.
        let copy = inside.to_vec();
        assert_eq!(slice_of(page, &copy), None);
        // A range that cuts a character is not taken.
        assert_eq!(slice_of(page, &page.as_bytes()[3..8]), None);
    }

    #[test]
    fn blank_runs_are_those_that_collapse_to_one_space() {
        let runs = [
            "\r\n                        ",
            "\n\t",
            " ",
            "                \x0c",
            "",
            "\u{a0}",
            "\x0b",
            "  x  ",
            "\r\n        \r\n       .",
        ];
        for run in runs {
            let blank = is_blank(run.as_bytes());
            assert_eq!(
                blank,
                [
                    "\r\n                        ",
                    "\n\t",
                    " ",
                    "                \x0c"
                ]
                .contains(&run),
                "{run:?}"
            );
            if blank {
                // What replaces it reads the same once collapsed, next to text.
                assert_eq!(collapse_whitespace(&format!("a{run}b")), "a b");
                assert_eq!(collapse_whitespace(&format!("a{run}")), "a");
            }
        }
    }
}
