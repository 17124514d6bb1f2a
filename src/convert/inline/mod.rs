//! Inline content: text under HTML's whitespace rules, emphasis that
//! survives a re-parse, links, images, raw inline HTML, and escaping.
//!
//! Content is gathered as pieces, then written out once the whole run is
//! known: whether `**` can open or close depends on the characters on both
//! sides, which are only known at the end. Here the pieces are gathered;
//! `line.rs` cleans up and writes each finished line, and `flanking.rs`
//! decides, pair by pair, between `*` delimiters and HTML tags.

mod flanking;
mod line;

use crate::convert::escape::escape_attribute;
use crate::source::is_cjk;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    Strong,
    Em,
}

impl Emphasis {
    fn delimiter(self) -> &'static str {
        match self {
            Emphasis::Strong => "**",
            Emphasis::Em => "*",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Emphasis::Strong => "strong",
            Emphasis::Em => "em",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Text as the reader sees it, escaped when written.
    Text(String),
    /// Markdown syntax or inline HTML, written as is.
    Markup(String),
    Open(Emphasis),
    Close(Emphasis),
}

/// Collapsed whitespace waiting for the next content.
#[derive(Debug, Clone, Copy)]
struct PendingSpace {
    had_newline: bool,
}

/// One run of inline content, split into lines by `<br>`.
#[derive(Debug, Default)]
pub struct Inline {
    lines: Vec<Vec<Piece>>,
    pending: Option<PendingSpace>,
    /// The last character of content (for the CJK line-break rule).
    last_char: Option<char>,
    /// Emphasis opened and not yet closed, innermost last.
    open: Vec<Emphasis>,
}

/// A finished line: the written Markdown and, when the line is nothing but
/// one link, that link's written form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub markdown: String,
    pub only_link: bool,
}

impl Inline {
    pub fn new() -> Inline {
        Inline {
            lines: vec![Vec::new()],
            ..Inline::default()
        }
    }

    fn current(&mut self) -> &mut Vec<Piece> {
        if self.lines.is_empty() {
            self.lines.push(Vec::new());
        }
        let last = self.lines.len() - 1;
        &mut self.lines[last]
    }

    /// Whether nothing visible was added.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|line| {
            line.iter().all(|piece| match piece {
                Piece::Text(text) => text.trim().is_empty(),
                Piece::Markup(_) => false,
                Piece::Open(_) | Piece::Close(_) => true,
            })
        })
    }

    /// Adds text from the page, collapsing whitespace the way browsers do:
    /// a run of spaces, tabs and newlines is one space, dropped at the start
    /// and end of the run, and dropped altogether when a line break falls
    /// between two CJK characters.
    pub fn text(&mut self, text: &str) {
        let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
        let bytes = text.as_bytes();
        let mut word_start = 0;
        for (at, &byte) in bytes.iter().enumerate() {
            if !is_space(byte) {
                continue;
            }
            if word_start < at {
                self.content(&text[word_start..at]);
            }
            word_start = at + 1;
            let had_newline = matches!(byte, b'\n' | b'\r') || self.pending.is_some_and(|p| p.had_newline);
            if self.last_char.is_some() {
                self.pending = Some(PendingSpace { had_newline });
            }
        }
        if word_start < bytes.len() {
            self.content(&text[word_start..]);
        }
    }

    /// Visible content: writes the pending space first.
    fn content(&mut self, text: &str) {
        let first = text.chars().next();
        let last = text.chars().last();
        self.space_before(first);
        self.last_char = last.or(self.last_char);
        match self.current().last_mut() {
            Some(Piece::Text(previous)) => previous.push_str(text),
            _ => self.current().push(Piece::Text(text.to_owned())),
        }
    }

    /// Writes the pending space, if any, before content starting with
    /// `first` (and before any emphasis just opened, so that `<b> x</b>`
    /// gives ` **x**`).
    fn space_before(&mut self, first: Option<char>) {
        let Some(space) = self.pending.take() else {
            return;
        };
        let cjk_break = space.had_newline && self.last_char.is_some_and(is_cjk) && first.is_some_and(is_cjk);
        if cjk_break {
            return;
        }
        let line = self.current();
        let opens = line
            .iter()
            .rev()
            .take_while(|piece| matches!(piece, Piece::Open(_)))
            .count();
        let at = line.len() - opens;
        // Between two words of one run of text the space joins the text:
        // a piece per word would be an allocation per word.
        if opens == 0
            && let Some(Piece::Text(text)) = line.last_mut()
        {
            text.push(' ');
            return;
        }
        // The next word is appended to this space: room for it up front.
        let mut space = String::with_capacity(16);
        space.push(' ');
        line.insert(at, Piece::Text(space));
    }

    /// Markdown or HTML written as is (a link, an image). `visible` is its
    /// first and last visible character, for spacing.
    pub fn markup(&mut self, markup: impl Into<String>, visible: Option<(char, char)>) {
        self.space_before(visible.map(|(first, _)| first));
        self.last_char = visible.map(|(_, last)| last).or(Some('x'));
        self.current().push(Piece::Markup(markup.into()));
    }

    /// Inline HTML that takes no part in spacing (a comment, a closing tag).
    /// At the start of a line after a `<br>` it goes to the end of the line
    /// before: `<!--` starting a line would end the paragraph.
    pub fn raw(&mut self, markup: impl Into<String>) {
        let markup = Piece::Markup(markup.into());
        let line_has_content = self.lines.last().is_some_and(|line| {
            line.iter()
                .any(|p| !matches!(p, Piece::Open(_) | Piece::Close(_)))
        });
        if !line_has_content && self.lines.len() > 1 {
            let previous = self.lines.len() - 2;
            self.lines[previous].push(markup);
        } else {
            self.current().push(markup);
        }
    }

    /// An opening HTML tag: the pending space goes before it.
    pub fn tag_open(&mut self, markup: impl Into<String>) {
        self.space_before(None);
        self.current().push(Piece::Markup(markup.into()));
    }

    /// An anchor (`<a id>`): invisible, so it does not take the pending space.
    pub fn anchor(&mut self, id: &str) {
        let markup = format!("<a id=\"{}\"></a>", escape_attribute(id));
        self.current().push(Piece::Markup(markup));
    }

    pub fn open(&mut self, kind: Emphasis) {
        self.open.push(kind);
        self.current().push(Piece::Open(kind));
    }

    pub fn close(&mut self, kind: Emphasis) {
        if self.open.last() == Some(&kind) {
            self.open.pop();
            self.current().push(Piece::Close(kind));
        }
    }

    /// `<br>`: ends the line. Emphasis open across it is closed before and
    /// reopened after, so each line stands alone.
    pub fn line_break(&mut self) {
        self.pending = None;
        let open = self.open.clone();
        for kind in open.iter().rev() {
            self.current().push(Piece::Close(*kind));
        }
        self.lines
            .push(open.iter().map(|kind| Piece::Open(*kind)).collect());
        self.last_char = None;
    }

    /// The lines, written. Empty lines (consecutive `<br>`) are kept as
    /// empty strings: they separate paragraphs.
    pub fn finish(mut self) -> Vec<Line> {
        for kind in self.open.clone().iter().rev() {
            self.close(*kind);
        }
        let lines = std::mem::take(&mut self.lines);
        lines.into_iter().map(line::write_line).collect()
    }

    /// Everything on one line, `<br>` written as spaces (for link texts and
    /// headings, which cannot hold line breaks).
    pub fn finish_single_line(self) -> String {
        let lines: Vec<String> = self
            .finish()
            .into_iter()
            .map(|line| line.markdown)
            .filter(|line| !line.is_empty())
            .collect();
        lines.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The single line written for what `build` adds.
    pub(super) fn render(build: impl FnOnce(&mut Inline)) -> String {
        let mut inline = Inline::new();
        build(&mut inline);
        inline.finish_single_line()
    }

    #[test]
    fn whitespace_collapses_like_a_browser() {
        assert_eq!(render(|i| i.text("  a \n\t b  ")), "a b");
        assert_eq!(
            render(|i| {
                i.text("foo ");
                i.text(" bar");
            }),
            "foo bar"
        );
    }

    #[test]
    fn no_space_between_cjk_across_a_line_break() {
        assert_eq!(
            render(|i| i.text("客户数据\n      仅存储在中国")),
            "客户数据仅存储在中国"
        );
        assert_eq!(render(|i| i.text("数据 存储")), "数据 存储");
        assert_eq!(render(|i| i.text("Azure\n数据")), "Azure 数据");
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(
            render(|i| i.text("a*b [c] <d> you_own_your _x_ &amp; ~")),
            "a\\*b \\[c\\] \\<d> you_own_your \\_x\\_ \\&amp; \\~"
        );
    }

    #[test]
    fn br_splits_lines_and_links_alone_are_recognized() {
        let mut inline = Inline::new();
        inline.markup("[A](a.md)", Some(('A', 'A')));
        inline.line_break();
        inline.text("  ");
        inline.markup("[B](b.md)", Some(('B', 'B')));
        inline.line_break();
        inline.text("text ");
        inline.markup("[C](c.md)", Some(('C', 'C')));
        let lines = inline.finish();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].only_link && lines[1].only_link && !lines[2].only_link);
        assert_eq!(lines[2].markdown, "text [C](c.md)");
    }
}
