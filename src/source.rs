//! Reading page bytes into text, whatever their encoding, and mapping byte
//! offsets to line and column.
//!
//! Decoding never fails: a page that is not valid UTF-8 is decoded as UTF-16
//! (when it has a UTF-16 byte-order mark), as GB18030 (when that decodes without
//! error), or lossily, and the [`Decoding`] says which, so that a rule can report
//! it and the fixer can refuse to edit a file whose bytes are not the text.

/// Pages larger than this are not parsed (reported instead): a legacy page is a
/// few hundred kilobytes, and spans are `u32`.
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// How the file's bytes became the page text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoding {
    /// Valid UTF-8: the text is the file, byte for byte (a BOM included).
    Utf8,
    /// UTF-16 with a byte-order mark; `big_endian` tells which.
    Utf16 { big_endian: bool },
    /// Not UTF-8 but valid GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// Invalid UTF-8 decoded with U+FFFD replacements.
    LossyUtf8 {
        invalid_sequences: usize,
        first_invalid_offset: usize,
    },
}

/// A page's text and how it was obtained.
///
/// UTF-8 files keep their bytes and are read through [`SourceText::text`]:
/// validating with simdutf8 (SIMD) is far cheaper than the standard
/// library's check on Chinese text, and this avoids converting without
/// checking (`unsafe`).
#[derive(Debug, Clone)]
pub struct SourceText {
    bytes: Vec<u8>,
    /// The text, when it is not the file's bytes (UTF-16, GB18030, lossy).
    decoded: Option<String>,
    pub decoding: Decoding,
}

impl SourceText {
    pub fn text(&self) -> &str {
        match &self.decoded {
            Some(text) => text,
            None => simdutf8::basic::from_utf8(&self.bytes).expect("validated when decoded"),
        }
    }

    fn decoded(text: String, decoding: Decoding) -> SourceText {
        SourceText {
            bytes: Vec::new(),
            decoded: Some(text),
            decoding,
        }
    }
}

/// True when the bytes look binary: a NUL byte in the first 8 KiB, the same
/// test git uses. UTF-16 text is exempt because it is full of NULs.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if utf16_bom(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    memchr::memchr(0, head).is_some()
}

fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    }
}

/// Decodes page bytes into text. Never fails.
pub fn decode(bytes: Vec<u8>) -> SourceText {
    if let Some(big_endian) = utf16_bom(&bytes) {
        let encoding = if big_endian {
            encoding_rs::UTF_16BE
        } else {
            encoding_rs::UTF_16LE
        };
        let (text, _, _) = encoding.decode(&bytes);
        return SourceText::decoded(text.into_owned(), Decoding::Utf16 { big_endian });
    }
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        return SourceText {
            bytes,
            decoded: None,
            decoding: Decoding::Utf8,
        };
    }
    let first_invalid_offset = std::str::from_utf8(&bytes).err().map_or(0, |e| e.valid_up_to());
    if let Some(text) = decode_chinese_legacy(&bytes) {
        return SourceText::decoded(text, Decoding::Gb18030);
    }
    let invalid_sequences = count_invalid_utf8(&bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    SourceText::decoded(
        text,
        Decoding::LossyUtf8 {
            invalid_sequences,
            first_invalid_offset,
        },
    )
}

/// GB18030 accepts most byte soup (Latin-1 `é` followed by a letter is a valid
/// two-byte sequence), so the result only counts when what it decodes to
/// outside ASCII is mostly Chinese text and punctuation.
fn decode_chinese_legacy(bytes: &[u8]) -> Option<String> {
    let text = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
    let (mut cjk, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if is_cjk(c) {
            cjk += 1;
        } else {
            other += 1;
        }
    }
    (cjk > 0 && cjk >= other * 4).then(|| text.into_owned())
}

/// CJK ideographs, CJK punctuation and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

fn count_invalid_utf8(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    while let Err(error) = std::str::from_utf8(bytes) {
        count += 1;
        let skip = error.valid_up_to() + error.error_len().unwrap_or(bytes.len() - error.valid_up_to());
        bytes = &bytes[skip.min(bytes.len())..];
    }
    count
}

/// 1-based line and column; the column counts characters (Unicode scalar
/// values), not bytes, and a byte-order mark is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Default for Position {
    fn default() -> Position {
        Position { line: 1, column: 1 }
    }
}

/// Where a span starts and ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Location {
    pub start: Position,
    pub end: Position,
}

/// A page's text read again for reporting, with its line index.
pub struct SourceFile {
    source: SourceText,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(source: SourceText) -> SourceFile {
        let lines = LineIndex::new(source.text());
        SourceFile { source, lines }
    }

    pub fn text(&self) -> &str {
        self.source.text()
    }

    /// Reads and decodes a file the way pages are loaded; `None` when it is
    /// unreadable, binary or over `max_bytes` (such pages were reported).
    pub fn load(path: &std::path::Path, max_bytes: u64) -> Option<SourceFile> {
        let metadata = std::fs::metadata(path).ok()?;
        if !metadata.is_file() || metadata.len() > max_bytes {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        if looks_binary(&bytes) {
            return None;
        }
        Some(SourceFile::new(decode(bytes)))
    }

    /// Positions of spans in this file (the text is checked once, here).
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            text: self.text(),
            lines: &self.lines,
        }
    }
}

/// Maps spans of one file to line and column.
pub struct Locator<'a> {
    text: &'a str,
    lines: &'a LineIndex,
}

impl<'a> Locator<'a> {
    /// The text of a span, or of its line when the span is empty or long.
    pub fn text_around(&self, span: crate::span::Span) -> &'a str {
        let text = self.text;
        let range = span.range();
        if !range.is_empty()
            && range.len() <= 256
            && text.is_char_boundary(range.start)
            && range.end <= text.len()
            && text.is_char_boundary(range.end)
        {
            return &text[range];
        }
        let start = floor_char_boundary(text, range.start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        &text[line_start..line_end]
    }

    pub fn location(&self, span: crate::span::Span) -> Location {
        Location {
            start: self.lines.position(self.text, span.start as usize),
            end: self.lines.position(self.text, span.end as usize),
        }
    }
}

/// Maps byte offsets to positions. Lines end at `\n`; a `\r` before it belongs
/// to the line ending, so CRLF files get the same columns as LF files.
///
/// Columns on short lines are counted from the line start; on long lines
/// (a minified page, a hostile one) from checkpoints taken every
/// [`CHECKPOINT_BYTES`], so that many findings on one line cost no more
/// than findings on many lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Characters before each checkpoint (built on first use).
    checkpoints: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between two checkpoints of the character count.
const CHECKPOINT_BYTES: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let mut start = self.line_starts[line];
        if line == 0 && text.starts_with('\u{feff}') {
            start = start.max(3).min(offset);
        }
        // A `\r` before the offset belongs to the line ending.
        let carriage_returns = text.as_bytes()[start..offset]
            .iter()
            .rev()
            .take_while(|&&byte| byte == b'\r')
            .count();
        let column = self.characters(text, start, offset) - carriage_returns + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Characters in `text[start..end]` (both char boundaries).
    fn characters(&self, text: &str, start: usize, end: usize) -> usize {
        if end - start <= 2 * CHECKPOINT_BYTES {
            return text[start..end].chars().count();
        }
        self.characters_before(text, end) - self.characters_before(text, start)
    }

    fn characters_before(&self, text: &str, offset: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut counted = 0;
            let mut previous = 0;
            (0..=text.len() / CHECKPOINT_BYTES)
                .map(|block| {
                    let at = floor_char_boundary(text, block * CHECKPOINT_BYTES);
                    counted += text[previous..at].chars().count();
                    previous = at;
                    counted
                })
                .collect()
        });
        let block = offset / CHECKPOINT_BYTES;
        let at = floor_char_boundary(text, block * CHECKPOINT_BYTES);
        checkpoints[block] + text[at..offset].chars().count()
    }

    /// The byte offset of a 1-based line start, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The 0-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\n数据中心 <a href=\"x\">";
        let index = LineIndex::new(text);
        let offset = text.find("href").unwrap();
        // 数据中心 (4), a space, `<a ` (3): eight characters before `href`.
        assert_eq!(index.position(text, offset), Position { line: 2, column: 9 });
    }

    #[test]
    fn columns_on_a_long_line_match_counting_from_its_start() {
        let line: String = (0..30_000).map(|i| ["a", "数", "\r", "é"][i % 4]).collect();
        let text = format!("\u{feff}x\n{line}\r\nend");
        let index = LineIndex::new(&text);
        let line_start = text.find('\n').unwrap() + 1;
        for offset in (line_start..text.len()).step_by(997).chain([text.len() - 5]) {
            let offset = floor_char_boundary(&text, offset);
            let naive = text[line_start..offset].trim_end_matches('\r').chars().count() + 1;
            assert_eq!(
                index.position(&text, offset),
                Position {
                    line: 2,
                    column: naive
                },
                "{offset}"
            );
        }
    }

    #[test]
    fn crlf_and_bom_do_not_shift_columns() {
        let text = "\u{feff}<p>\r\n  <a>";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 });
        let a = text.find("<a").unwrap();
        assert_eq!(index.position(text, a), Position { line: 2, column: 3 });
        // The offset of the `\r` itself is the end of line 1.
        let cr = text.find('\r').unwrap();
        assert_eq!(index.position(text, cr), Position { line: 1, column: 4 });
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<p>数据</p>".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let source = decode(bytes);
        assert_eq!(source.text(), "<p>数据</p>");
        assert_eq!(source.decoding, Decoding::Utf16 { big_endian: false });
    }

    #[test]
    fn decodes_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("<p>数据中心位于中国</p>");
        let source = decode(bytes.into_owned());
        assert_eq!(source.text(), "<p>数据中心位于中国</p>");
        assert_eq!(source.decoding, Decoding::Gb18030);
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_and_counted() {
        let source = decode(b"<p>ok \xFF\xFE\x80 and \xC3</p>".to_vec());
        assert!(source.text().contains('\u{fffd}'));
        match source.decoding {
            Decoding::LossyUtf8 {
                invalid_sequences,
                first_invalid_offset,
            } => {
                assert!(invalid_sequences >= 2);
                assert_eq!(first_invalid_offset, 6);
            }
            other => panic!("unexpected decoding {other:?}"),
        }
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0"));
        assert!(!looks_binary("<p>数据</p>".as_bytes()));
        assert!(!looks_binary(&[0xFF, 0xFE, b'<', 0]));
    }
}
