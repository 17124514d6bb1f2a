//! Collapsing whitespace: runs become one space, ends are trimmed. Two
//! definitions of whitespace, kept apart because what each user produces
//! depends on it:
//!
//! - [`collapse_whitespace`] / [`push_collapsed`], for the page parser:
//!   Unicode White_Space and U+FEFF (a byte-order mark inside text reads as
//!   nothing). Fast: it sees every byte of every page.
//! - [`join_words`] / [`collapsed`], for the converter and the claims
//!   analysis: exactly Rust's `split_whitespace`.

use std::borrow::Cow;

/// The words of `text` joined by single spaces.
pub fn join_words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text with runs of whitespace made one space, borrowed when it
/// already is (link texts mostly are: the parser collapses them).
pub fn collapsed(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(join_words(text))
    }
}

/// Whether `text` has no whitespace but single spaces between words.
/// ASCII labels (most) are read by bytes.
fn is_collapsed(text: &str) -> bool {
    let mut previous_space = true;
    let clean = if text.is_ascii() {
        text.bytes().all(|b| {
            let space = b.is_ascii_whitespace() || b == 0x0b;
            let ok = !space || (b == b' ' && !previous_space);
            previous_space = space;
            ok
        })
    } else {
        text.chars().all(|c| {
            let ok = !c.is_whitespace() || (c == ' ' && !previous_space);
            previous_space = c.is_whitespace();
            ok
        })
    };
    clean && !text.ends_with(' ')
}

/// Collapses runs of whitespace (no-break spaces included) to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Appends `text` to `out` with whitespace collapsed as
/// [`collapse_whitespace`] does, except that one trailing space may be left
/// (the next piece may start a word): text arriving in pieces is collapsed
/// as it comes, without a second copy.
pub fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Text is copied in long stretches: a lone space after a word is kept as
    // it stands, and only other whitespace ends a stretch.
    let mut copied = 0;
    let mut after_space = out.is_empty() || out.ends_with(' ');
    let mut at = 0;
    while at < bytes.len() {
        let plain = plain_run(bytes, at, after_space);
        if plain > 0 {
            at += plain;
            after_space = bytes[at - 1] == b' ';
            if at == bytes.len() {
                break;
            }
        }
        // `at` is where the run stopped: whitespace to collapse, or a
        // character that only shares a lead byte with whitespace.
        let run_end = whitespace_end(text, at);
        if run_end == at {
            at += utf8_width(bytes[at]);
            after_space = false;
        } else if bytes[at] == b' ' && run_end == at + 1 && !after_space {
            at += 1;
            after_space = true;
        } else {
            out.push_str(&text[copied..at]);
            if !after_space {
                out.push(' ');
            }
            at = run_end;
            copied = at;
            after_space = true;
        }
    }
    out.push_str(&text[copied..]);
}

/// The end of the run of whitespace starting at byte `at` (`at` itself
/// when there is none). Indentation between tags is most of the whitespace
/// of a page: runs of spaces are passed eight at a time.
#[inline(always)]
pub fn whitespace_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        if let Some(chunk) = bytes.get(at..at + 8)
            && chunk == b"        "
        {
            at += 8;
            continue;
        }
        // ASCII whitespace (line breaks, tabs) without the table and the
        // call: most of a page's whitespace is indentation between tags.
        if let Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) = bytes.get(at) {
            at += 1;
            continue;
        }
        let width = match bytes.get(at) {
            Some(&byte) if MAY_START_SPACE[usize::from(byte)] => space_width(text, at),
            _ => 0,
        };
        if width == 0 {
            return at;
        }
        at += width;
    }
}

/// The bytes that may begin a whitespace character (see [`space_width`]).
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut index = 0;
    let starts = [
        b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0xc2, 0xe1, 0xe2, 0xe3, 0xef,
    ];
    while index < starts.len() {
        table[starts[index] as usize] = true;
        index += 1;
    }
    table
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// How many bytes from `start` collapsing leaves as they are: up to the
/// first byte that may start whitespace other than a lone ASCII space
/// (`after_space` says whether the byte before `start` was a space).
///
/// Eight bytes at a time, with word-wide tests (runs of Latin and Chinese
/// text pass whole; English has a space every few bytes, so lone spaces
/// must not stop the run). The loop carries nothing from one word to the
/// next but whether the last byte was a space, so that the words' tests
/// overlap in the processor instead of waiting on each other.
#[inline(always)]
fn plain_run(bytes: &[u8], start: usize, after_space: bool) -> usize {
    let mut at = start;
    let mut space_before = if after_space { 0x80 } else { 0 };
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let (stops, spaces) = stops(word, space_before);
        if stops != 0 {
            return at + (stops.trailing_zeros() / 8) as usize - start;
        }
        space_before = spaces >> 56;
        at += 8;
    }
    let valid = bytes.len() - at;
    if valid == 0 {
        return at - start;
    }
    let (stops, _) = stops(tail_word(bytes, at), space_before);
    at + ((stops.trailing_zeros() / 8) as usize).min(valid) - start
}

/// The high bits of the bytes of `word` where a plain run stops (see
/// [`other_space_starts`]: the lowest is exact), and those of its ASCII
/// spaces. `space_before` is 0x80 when the byte before the word was a
/// space: a space after a space stops the run.
#[inline(always)]
fn stops(word: u64, space_before: u64) -> (u64, u64) {
    let spaces = zero_bytes(word ^ (ONES * u64::from(b' ')));
    (
        other_space_starts(word) | (spaces & ((spaces << 8) | space_before)),
        spaces,
    )
}

/// The last bytes of `bytes` from `at` (fewer than eight) as a word, padded
/// with a letter (which never stops a run).
#[inline(always)]
fn tail_word(bytes: &[u8], at: usize) -> u64 {
    let valid = bytes.len() - at;
    let padding = ONES * u64::from(b'a');
    if let Some(last) = bytes.len().checked_sub(8).and_then(|from| bytes.get(from..)) {
        let last = u64::from_le_bytes(last.try_into().unwrap_or_default());
        let shift = 8 * (8 - valid) as u32;
        return (last >> shift) | (padding << (64 - shift));
    }
    let mut word = padding;
    for (index, &byte) in bytes[at..].iter().enumerate() {
        word = (word & !(0xff << (8 * index))) | (u64::from(byte) << (8 * index));
    }
    word
}

/// The high bits of the bytes of `word` that may start a whitespace
/// character other than an ASCII space: bytes below 0x20 and the lead bytes
/// of [`MAY_START_SPACE`]. The lowest bit set is exact; bits above it may be
/// false alarms (a byte below `n` borrows into the next when `n` is
/// subtracted).
#[inline(always)]
fn other_space_starts(word: u64) -> u64 {
    let below = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGH;
    below(word, 0x20)
        | below(word ^ (ONES * 0xe0), 4)
        | below(word ^ (ONES * 0xc2), 1)
        | below(word ^ (ONES * 0xef), 1)
}

/// The byte length of the UTF-8 character whose first byte is `lead`.
#[inline(always)]
fn utf8_width(lead: u8) -> usize {
    match lead {
        0..=0xbf => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The high bit of every zero byte of `word`, exactly (no carries between
/// bytes: the low seven bits are added apart from the high one).
#[inline(always)]
fn zero_bytes(word: u64) -> u64 {
    const LOW: u64 = !HIGH;
    !(((word & LOW).wrapping_add(LOW)) | word | LOW)
}

/// The byte length of the whitespace character (Unicode White_Space, or a
/// stray byte-order mark) starting at byte `at`, or 0. Bytes are tested
/// first: only the lead bytes of whitespace characters are decoded, which
/// keeps this off the profile of the parse.
#[inline(always)]
fn space_width(text: &str, at: usize) -> usize {
    match text.as_bytes()[at] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
        0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef => {
            let c = text[at..].chars().next().unwrap_or('x');
            if c.is_whitespace() || c == '\u{feff}' {
                c.len_utf8()
            } else {
                0
            }
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_collapsed_as_split_whitespace_joins_them() {
        let by_definition = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        for text in [
            "Privacy Statement",
            " Privacy",
            "Privacy ",
            "Privacy  Statement",
            "Privacy\tStatement",
            "Privacy\u{b}Statement",
            "Privacy\u{c}Statement",
            "Privacy\r\nStatement",
            "隐私 声明",
            "隐私\u{3000}声明",
            "隐私\u{a0}声明",
            "",
            " ",
        ] {
            assert_eq!(collapsed(text), by_definition(text), "{text:?}");
            let borrowed = matches!(collapsed(text), Cow::Borrowed(_));
            assert_eq!(borrowed, by_definition(text) == text, "{text:?}");
        }
    }

    /// The plain definition `push_collapsed` must agree with.
    fn collapsed_by_words(text: &str) -> String {
        text.split(|c: char| c.is_whitespace() || c == '\u{feff}')
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn whitespace_collapses_the_same_whole_or_in_pieces() {
        let samples = [
            "",
            "   ",
            " a  b\tc\n",
            "数据\u{3000}存储 \u{a0}在中国",
            "x\u{2028}y\u{85}z\u{feff}w\u{202f}v",
            "é à\u{1680}ü",
            "\u{a0}lead and trail\u{a0}",
            "Customer-Data_is~stored\u{a0}in  mainland-China,exclusively.\n\tNext!\x7f\x7fwords",
            "abcdefgh ijklmnopq\u{3000}rstuvwxyz0123456789\r\nABCDEFGHIJ\u{205f}K",
        ];
        for sample in samples {
            assert_eq!(
                collapse_whitespace(sample),
                collapsed_by_words(sample),
                "{sample:?}"
            );
            for cut in (0..=sample.len()).filter(|&cut| sample.is_char_boundary(cut)) {
                let mut pieces = String::new();
                push_collapsed(&mut pieces, &sample[..cut]);
                push_collapsed(&mut pieces, &sample[cut..]);
                assert_eq!(
                    pieces.trim_end_matches(' '),
                    collapsed_by_words(sample),
                    "{sample:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn whitespace_collapses_the_same_in_generated_text() {
        // Pieces chosen to put lone spaces, space runs and other whitespace at
        // every offset of the eight-byte chunks; a fixed LCG keeps it repeatable.
        let pieces = ["a", "bc", " ", "  ", "\n", "\u{a0}", "数据", "。", "x y", "\t "];
        let mut state: u32 = 12345;
        for _ in 0..2000 {
            let mut sample = String::new();
            for _ in 0..24 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                sample.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            let mut pushed = String::from("lead ");
            push_collapsed(&mut pushed, &sample);
            let expected = collapsed_by_words(&format!("lead {sample}"));
            assert_eq!(pushed.trim_end_matches(' '), expected, "{sample:?}");
        }
    }

    #[test]
    fn plain_runs_stop_exactly_at_the_first_byte_that_may_start_other_whitespace() {
        // Twelve bytes: the first eight go through the word loop, the last four
        // through the tail; five bytes: a text shorter than a word.
        for length in [12, 5] {
            for position in 0..length {
                for byte in 0..=255u8 {
                    let mut text = b"abcdefghijkl"[..length].to_vec();
                    text[position] = byte;
                    let starts = byte < b' ' || [0xc2, 0xe0, 0xe1, 0xe2, 0xe3, 0xef].contains(&byte);
                    let expected = if starts { position } else { length };
                    assert_eq!(
                        plain_run(&text, 0, false),
                        expected,
                        "byte {byte:#x} at {position} of {length}"
                    );
                }
            }
        }
        let run = |text: &str, after_space| plain_run(text.as_bytes(), 0, after_space);
        assert_eq!(run("数据中心的数据", false), "数据中心的数据".len());
        assert_eq!(run("数据。中心", false), "数据".len());
        assert_eq!(run("Customer data is", false), 16);
        assert_eq!(run(" data is", false), 8);
        assert_eq!(run(" data is", true), 0);
        assert_eq!(run("data  is", false), 5);
        // A run of spaces across the end of a word, and in the tail.
        assert_eq!(run("abcdefg  hij", false), 8);
        assert_eq!(run("abcdefgh ij  k", false), 12);
        // The run goes on from `start`.
        assert_eq!(plain_run(b"a\nbc", 2, false), 2);
    }
}
