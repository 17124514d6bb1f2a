//! Inline content: text under HTML's whitespace rules, emphasis that
//! survives a re-parse, links, images, raw inline HTML, and escaping.
//!
//! Content is gathered as pieces, then written out once the whole run is
//! known: whether `**` can open or close depends on the characters on both
//! sides, which are only known at the end.

use pulldown_cmark::{Event, Parser, Tag};

use super::escape::{escape_attribute, escape_text};
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
        // Between two words of one run of text the space joins the text
        // (a piece per word was an allocation per word of the site).
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
        lines.into_iter().map(write_line).collect()
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

fn write_line(mut pieces: Vec<Piece>) -> Line {
    trim_line(&mut pieces);
    hoist_edge_spaces(&mut pieces);
    drop_empty_emphasis(&mut pieces);
    let only_link = is_only_link(&pieces);
    let (markdown, delimited) = write_pieces(&pieces, false);
    if markdown.contains('*') {
        let inside_markup: usize = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Markup(markup) if markup.contains('*') => Some(count_emphasis(markup)),
                _ => None,
            })
            .sum();
        if count_emphasis(&markdown) != delimited + inside_markup {
            // Some delimiter would not be read back as emphasis: write all
            // of this line's emphasis as HTML tags, which always are.
            return Line {
                markdown: write_pieces(&pieces, true).0,
                only_link,
            };
        }
    }
    Line { markdown, only_link }
}

/// Drops spaces at the start and end of the line.
fn trim_line(pieces: &mut [Piece]) {
    let first_text = pieces
        .iter()
        .position(|p| !matches!(p, Piece::Open(_) | Piece::Close(_)));
    if let Some(Piece::Text(text)) = first_text.map(|i| &mut pieces[i]) {
        *text = text.trim_start_matches(' ').to_owned();
    }
    let last_text = pieces
        .iter()
        .rposition(|p| !matches!(p, Piece::Open(_) | Piece::Close(_)));
    if let Some(Piece::Text(text)) = last_text.map(|i| &mut pieces[i]) {
        *text = text.trim_end_matches(' ').to_owned();
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

/// Moves spaces (non-breaking ones included) from just inside emphasis to
/// just outside: `**Text&nbsp;**after` cannot close, `**Text**&nbsp;after` can.
/// One pass into a new list (inserting in place was quadratic in pieces).
fn hoist_edge_spaces(pieces: &mut Vec<Piece>) {
    let mut input = std::mem::take(pieces).into_iter().peekable();
    let out = pieces;
    while let Some(piece) = input.next() {
        match piece {
            Piece::Open(_) => {
                if let Some(Piece::Text(text)) = input.peek_mut() {
                    let moved = split_off_leading_spaces(text);
                    if !moved.is_empty() {
                        out.push(Piece::Text(moved));
                    }
                }
                out.push(piece);
            }
            Piece::Close(_) if !out.is_empty() => {
                let moved = match out.last_mut() {
                    Some(Piece::Text(text)) => split_off_trailing_spaces(text),
                    _ => String::new(),
                };
                out.push(piece);
                if !moved.is_empty() {
                    out.push(Piece::Text(moved));
                }
            }
            _ => out.push(piece),
        }
    }
}

/// Takes the leading spaces off `text` and returns them.
fn split_off_leading_spaces(text: &mut String) -> String {
    let kept = text.trim_start_matches(is_space).len();
    let moved = text[..text.len() - kept].to_owned();
    text.drain(..text.len() - kept);
    moved
}

/// Takes the trailing spaces off `text` and returns them.
fn split_off_trailing_spaces(text: &mut String) -> String {
    let kept = text.trim_end_matches(is_space).len();
    text.split_off(kept)
}

/// Emphasis around nothing visible is dropped (its content kept): an
/// opening right before its closing, or around blank text only, repeatedly
/// (`<b><i></i></b>` goes whole). Empty texts go once anything is dropped.
/// One pass with a stack of what is kept: repeated searches from the start
/// were quadratic in pieces.
fn drop_empty_emphasis(pieces: &mut Vec<Piece>) {
    if !has_empty_emphasis(pieces) {
        return;
    }
    let input = std::mem::take(pieces);
    let out = pieces;
    for piece in input {
        match piece {
            Piece::Text(text) if text.is_empty() => {}
            Piece::Close(closing) => match out.as_slice() {
                [.., Piece::Open(open)] if *open == closing => {
                    out.pop();
                }
                [.., Piece::Open(open), Piece::Text(text)]
                    if *open == closing && text.trim_matches(is_space).is_empty() =>
                {
                    let blank = out.pop();
                    out.pop();
                    out.extend(blank);
                }
                _ => out.push(Piece::Close(closing)),
            },
            piece => out.push(piece),
        }
    }
}

/// Whether some emphasis is around nothing, or around blank text only.
fn has_empty_emphasis(pieces: &[Piece]) -> bool {
    let empty_pair = pieces
        .windows(2)
        .any(|pair| matches!(pair, [Piece::Open(a), Piece::Close(b)] if a == b));
    empty_pair || pieces.windows(3).any(|triple| {
        matches!(
            triple,
            [Piece::Open(a), Piece::Text(t), Piece::Close(b)] if a == b && t.trim_matches(is_space).is_empty()
        )
    })
}

/// A line made of one link and nothing else visible.
fn is_only_link(pieces: &[Piece]) -> bool {
    let visible: Vec<&Piece> = pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Open(_) | Piece::Close(_)))
        .filter(|p| !matches!(p, Piece::Text(t) if t.trim_matches(is_space).is_empty()))
        .collect();
    match visible.as_slice() {
        [Piece::Markup(link)] => link.starts_with('[') && link.ends_with(')'),
        _ => false,
    }
}

/// Writes the pieces. Each emphasis pair is written with `*` delimiters
/// when both can flank where they stand, else as HTML tags. Delimiters and
/// tags both start and end with punctuation, so one pair's choice does not
/// change another's.
/// Returns the Markdown and the number of pairs written with delimiters.
fn write_pieces(pieces: &[Piece], html_emphasis: bool) -> (String, usize) {
    let mut as_html = vec![html_emphasis; pieces.len()];
    if !html_emphasis {
        for (open, close) in pairs(pieces) {
            let flanks = can_open(char_before(pieces, open), char_after(pieces, open))
                && can_close(char_before(pieces, close), char_after(pieces, close));
            if !flanks {
                as_html[open] = true;
                as_html[close] = true;
            }
        }
    }
    let delimited = pieces
        .iter()
        .zip(&as_html)
        .filter(|(piece, html)| matches!(piece, Piece::Open(_)) && !**html)
        .count();
    let mut out = String::new();
    for (piece, html) in pieces.iter().zip(as_html) {
        match piece {
            Piece::Text(text) => escape_text(text, &mut out),
            Piece::Markup(markup) => out.push_str(markup),
            Piece::Open(kind) if html => out.push_str(&format!("<{}>", kind.tag())),
            Piece::Close(kind) if html => out.push_str(&format!("</{}>", kind.tag())),
            Piece::Open(kind) | Piece::Close(kind) => out.push_str(kind.delimiter()),
        }
    }
    (out, delimited)
}

/// Indexes of matching open and close pieces.
fn pairs(pieces: &[Piece]) -> Vec<(usize, usize)> {
    let mut stack = Vec::new();
    let mut pairs = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Open(_) => stack.push(index),
            Piece::Close(_) => {
                if let Some(open) = stack.pop() {
                    pairs.push((open, index));
                }
            }
            _ => {}
        }
    }
    pairs
}

fn char_before(pieces: &[Piece], index: usize) -> Option<char> {
    pieces[..index]
        .iter()
        .rev()
        .find_map(|piece| written(piece).chars().last())
}

fn char_after(pieces: &[Piece], index: usize) -> Option<char> {
    pieces[index + 1..]
        .iter()
        .find_map(|piece| written(piece).chars().next())
}

/// A piece as written (a delimiter as `*`: punctuation either way).
fn written(piece: &Piece) -> std::borrow::Cow<'_, str> {
    match piece {
        Piece::Text(text) => {
            let mut escaped = String::new();
            escape_text(text, &mut escaped);
            escaped.into()
        }
        Piece::Markup(markup) => markup.as_str().into(),
        Piece::Open(_) | Piece::Close(_) => "*".into(),
    }
}

/// CommonMark punctuation, approximately: ASCII punctuation and the
/// punctuation and symbol blocks used in these pages.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32,
            0xA1..=0xBF | 0xD7 | 0xF7 | 0x2010..=0x2027 | 0x2030..=0x205E | 0x2190..=0x23FF
            | 0x3000..=0x303F | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

fn is_whitespace(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// A `*` run here is left-flanking.
fn can_open(prev: Option<char>, next: Option<char>) -> bool {
    if is_whitespace(next) {
        return false;
    }
    let next_punct = next.is_some_and(is_punctuation);
    !next_punct || is_whitespace(prev) || prev.is_some_and(is_punctuation)
}

/// A `*` run here is right-flanking.
fn can_close(prev: Option<char>, next: Option<char>) -> bool {
    if is_whitespace(prev) {
        return false;
    }
    let prev_punct = prev.is_some_and(is_punctuation);
    !prev_punct || is_whitespace(next) || next.is_some_and(is_punctuation)
}

/// Strong and emphasis spans pulldown-cmark reads in a line.
fn count_emphasis(markdown: &str) -> usize {
    Parser::new(markdown)
        .filter(|event| matches!(event, Event::Start(Tag::Strong | Tag::Emphasis)))
        .count()
}

#[cfg(test)]
mod tests {

    // The implementations these rewrote, kept as the reference for what
    // the one-pass versions must do.
    /// Moves spaces (non-breaking ones included) from just inside emphasis to
    /// just outside: `**Text&nbsp;**after` cannot close, `**Text**&nbsp;after` can.
    fn hoist_edge_spaces_oracle(pieces: &mut Vec<Piece>) {
        let mut index = 0;
        while index < pieces.len() {
            match pieces[index] {
                Piece::Open(_) => {
                    if let Some(Piece::Text(text)) = pieces.get_mut(index + 1) {
                        let kept = text.trim_start_matches(is_space).to_owned();
                        let moved = text[..text.len() - kept.len()].to_owned();
                        if !moved.is_empty() {
                            *text = kept;
                            pieces.insert(index, Piece::Text(moved));
                            index += 1;
                        }
                    }
                }
                Piece::Close(_) if index > 0 => {
                    if let Piece::Text(text) = &mut pieces[index - 1] {
                        let kept = text.trim_end_matches(is_space).to_owned();
                        let moved = text[kept.len()..].to_owned();
                        if !moved.is_empty() {
                            *text = kept;
                            pieces.insert(index + 1, Piece::Text(moved));
                        }
                    }
                }
                _ => {}
            }
            index += 1;
        }
    }

    /// Emphasis around nothing visible is dropped (its content kept).
    fn drop_empty_emphasis_oracle(pieces: &mut Vec<Piece>) {
        loop {
            let empty_pair = pieces
                .windows(2)
                .position(|pair| matches!(pair, [Piece::Open(a), Piece::Close(b)] if a == b));
            let between_blank = (0..pieces.len().saturating_sub(2)).find(|&i| {
                matches!(
                    (&pieces[i], &pieces[i + 1], &pieces[i + 2]),
                    (Piece::Open(a), Piece::Text(t), Piece::Close(b)) if a == b && t.trim_matches(is_space).is_empty()
                )
            });
            match (empty_pair, between_blank) {
                (Some(i), _) => {
                    pieces.drain(i..i + 2);
                }
                (None, Some(i)) => {
                    pieces.remove(i + 2);
                    pieces.remove(i);
                }
                (None, None) => break,
            }
            pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
        }
    }

    fn random_pieces(seed: &mut u64, length: usize) -> Vec<Piece> {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        (0..length)
            .map(|_| match next() % 9 {
                0 | 1 => Piece::Open(if next() % 2 == 0 {
                    Emphasis::Strong
                } else {
                    Emphasis::Em
                }),
                2 | 3 => Piece::Close(if next() % 2 == 0 {
                    Emphasis::Strong
                } else {
                    Emphasis::Em
                }),
                4 => Piece::Text(String::new()),
                5 => Piece::Text(" ".to_owned()),
                6 => Piece::Text("\u{a0} a ".to_owned()),
                7 => Piece::Markup("[x](y)".to_owned()),
                _ => Piece::Text("word".to_owned()),
            })
            .collect()
    }

    #[test]
    fn one_pass_emphasis_clean_up_matches_the_reference() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for round in 0..20_000 {
            let pieces = random_pieces(&mut seed, round % 12);
            let (mut fast, mut reference) = (pieces.clone(), pieces.clone());
            hoist_edge_spaces(&mut fast);
            hoist_edge_spaces_oracle(&mut reference);
            assert_eq!(fast, reference, "hoist {pieces:?}");
            drop_empty_emphasis(&mut fast);
            drop_empty_emphasis_oracle(&mut reference);
            assert_eq!(fast, reference, "drop {pieces:?}");
        }
    }

    use super::*;

    fn render(build: impl FnOnce(&mut Inline)) -> String {
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
    fn spaces_move_outside_emphasis() {
        let strong = |i: &mut Inline, text: &str| {
            i.open(Emphasis::Strong);
            i.text(text);
            i.close(Emphasis::Strong);
        };
        assert_eq!(
            render(|i| {
                i.text("foo");
                strong(i, " bar ");
                i.text("baz");
            }),
            "foo **bar** baz"
        );
        assert_eq!(
            render(|i| {
                strong(i, "Text\u{a0}");
                i.text("after");
            }),
            "**Text**&nbsp;after"
        );
    }

    #[test]
    fn emphasis_that_would_not_flank_falls_back_to_html() {
        let line = render(|i| {
            i.open(Emphasis::Strong);
            i.text("「台灣」");
            i.close(Emphasis::Strong);
            i.text("主題");
        });
        assert_eq!(line, "<strong>「台灣」</strong>主題");
        assert_eq!(count_emphasis(&line), 0, "HTML, not Markdown strong");
        let fine = render(|i| {
            i.text("见");
            i.open(Emphasis::Strong);
            i.text("隐私声明");
            i.close(Emphasis::Strong);
            i.text("。");
        });
        assert_eq!(fine, "见**隐私声明**。");
        assert_eq!(count_emphasis(&fine), 1);
    }

    #[test]
    fn empty_emphasis_is_dropped() {
        assert_eq!(
            render(|i| {
                i.text("a ");
                i.open(Emphasis::Strong);
                i.text(" ");
                i.close(Emphasis::Strong);
                i.text("b");
            }),
            "a b"
        );
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
