//! One line of inline content, written: spaces at its ends dropped,
//! spaces moved out of emphasis, emphasis around nothing dropped, and all
//! of its emphasis written as HTML tags when some delimiter would not be
//! read back as emphasis.

use super::flanking::{count_emphasis, write_pieces};
use super::{Line, Piece};

/// The pieces of one line, cleaned up and written.
pub(super) fn write_line(mut pieces: Vec<Piece>) -> Line {
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
/// One pass into a new list: inserting in place would be quadratic in pieces.
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
/// One pass with a stack of what is kept: searching again from the start
/// after each drop would be quadratic in pieces.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::inline::tests::render;
    use crate::convert::inline::{Emphasis, Inline};

    // Straightforward versions (inserts in place, searches from the start
    // after each change): the reference for what the one-pass versions
    // must do.
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
}
