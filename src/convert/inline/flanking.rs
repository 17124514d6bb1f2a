//! Emphasis written with `*` delimiters where CommonMark reads them back as
//! emphasis (left- and right-flanking runs), else as HTML tags.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, Tag};

use super::Piece;
use crate::convert::escape::escape_text;

/// Writes the pieces. Each emphasis pair is written with `*` delimiters
/// when both can flank where they stand, else as HTML tags. Delimiters and
/// tags both start and end with punctuation, so one pair's choice does not
/// change another's.
/// Returns the Markdown and the number of pairs written with delimiters.
pub(super) fn write_pieces(pieces: &[Piece], html_emphasis: bool) -> (String, usize) {
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
fn written(piece: &Piece) -> Cow<'_, str> {
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
pub(super) fn count_emphasis(markdown: &str) -> usize {
    Parser::new(markdown)
        .filter(|event| matches!(event, Event::Start(Tag::Strong | Tag::Emphasis)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::inline::Emphasis;
    use crate::convert::inline::tests::render;

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
}
