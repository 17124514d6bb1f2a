//! A byte scan of one declaration's value, as the CSS tokenizer reads it
//! (strings, comments and escapes hide brackets): which bracket is still
//! open at the end, how deep brackets nest, and where a `:` stands at the
//! top level. A loop over the bytes with a stack: no recursion, whatever
//! the nesting.

/// What scanning a value found. Offsets are into the scanned text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan {
    /// The outermost bracket left open, from the start of its function
    /// name (`rgb(`) to just after the bracket.
    pub(super) unclosed: Option<(usize, usize)>,
    /// Where, after that bracket, a `;` or `}` would have ended the
    /// declaration: what follows it is swallowed into this value.
    pub(super) swallowed_from: Option<usize>,
    /// The deepest nesting of brackets.
    pub(super) depth: usize,
    /// The first `:` outside brackets, strings and comments.
    pub(super) top_level_colon: Option<usize>,
}

pub(super) fn scan(value: &str) -> Scan {
    let bytes = value.as_bytes();
    let mut scan = Scan::default();
    // Each open bracket: the byte that closes it, and where it starts.
    let mut open: Vec<(u8, usize, usize)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at = find(bytes, at + 2, b"*/").map_or(bytes.len(), |end| end + 2);
                continue;
            }
            quote @ (b'"' | b'\'') => {
                at = string_end(bytes, at + 1, quote);
                continue;
            }
            b'\\' => at += 1,
            opening @ (b'(' | b'[' | b'{') => {
                let closing = match opening {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                let start = if opening == b'(' {
                    name_start(bytes, at)
                } else {
                    at
                };
                open.push((closing, start, at + 1));
                scan.depth = scan.depth.max(open.len());
            }
            // A closing bracket that closes nothing open is a token of its own.
            closing @ (b')' | b']' | b'}') => {
                if open.last().is_some_and(|&(expected, ..)| expected == closing) {
                    open.pop();
                } else if closing == b'}' && !open.is_empty() {
                    scan.swallowed_from.get_or_insert(at);
                }
            }
            b';' if !open.is_empty() => {
                scan.swallowed_from.get_or_insert(at);
            }
            b':' if open.is_empty() => {
                scan.top_level_colon.get_or_insert(at);
            }
            _ => {}
        }
        at += 1;
    }
    match open.first() {
        Some(&(_, start, end)) => scan.unclosed = Some((start, end)),
        None => scan.swallowed_from = None,
    }
    scan
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| from + at)
}

/// Where a string that opened before `from` ends: after its closing quote,
/// or at a line break (a bad string), or at the end.
fn string_end(bytes: &[u8], mut at: usize, quote: u8) -> usize {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'\n' | b'\r' | 0x0c => return at,
            byte if byte == quote => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The start of the function name before the `(` at `paren`.
fn name_start(bytes: &[u8], paren: usize) -> usize {
    let mut start = paren;
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || matches!(bytes[start - 1], b'-' | b'_')) {
        start -= 1;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn an_unclosed_function_and_what_it_swallows() {
        let found = scan("rgb(30,90,160");
        assert_eq!(found.unclosed, Some((0, 4)));
        assert_eq!(found.swallowed_from, None);

        let value = "rgb(30,90,160; font-size:13px";
        let found = scan(value);
        assert_eq!(found.unclosed, Some((0, 4)));
        assert_eq!(&value[found.swallowed_from.unwrap()..], "; font-size:13px");

        let value = "calc(1px + (2px";
        assert_eq!(scan(value).unclosed, Some((0, 5)), "the outermost is reported");
    }

    #[test]
    fn strings_comments_escapes_and_stray_closers_hide_nothing_open() {
        for value in [
            "url(\"a(.png\")",
            "'('",
            "/* ( */ red",
            "a\\(b",
            "rgb(1,2,3))",
            "[a] (b) {c}",
            "",
        ] {
            let found = scan(value);
            assert_eq!(found.unclosed, None, "{value}");
            assert_eq!(found.swallowed_from, None, "{value}");
        }
        assert_eq!(scan("\"unterminated").unclosed, None);
    }

    #[test]
    fn depth_and_top_level_colon() {
        let value = "22px:font-weight:600";
        assert_eq!(scan(value).top_level_colon, Some(4));
        assert_eq!(scan("url(http://x)").top_level_colon, None);
        assert_eq!(scan(&"(".repeat(100_000)).depth, 100_000);
    }
}
