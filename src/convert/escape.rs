//! Escaping: what Markdown would read as syntax in text, attribute values
//! in HTML, and block markers at the start of a line.

/// Escapes what Markdown would read as syntax. Line-start constructs are
/// handled by the block writer, which knows where lines start.
pub fn escape_text(text: &str, out: &mut String) {
    let special = |b: u8| {
        matches!(
            b,
            b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'~' | b'|' | b'_' | b'&' | 0xC2
        )
    };
    if !text.bytes().any(special) {
        out.push_str(text);
        return;
    }
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let next = chars.peek().map(|(_, n)| *n);
                let inside_word =
                    previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
                if !inside_word {
                    out.push('\\');
                }
                out.push('_');
            }
            '&' if looks_like_entity(&text[index + 1..]) => out.push_str("\\&"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
        previous = Some(c);
    }
}

/// `amp;`, `#123;`, `#x1F;` after an `&`.
fn looks_like_entity(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

pub fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Escapes the start of a line that Markdown would read as a block
/// marker (`#`, `>`, `-`, `+`, `1.`, `=` and `-` underlines).
pub fn escape_line_start(line: &str) -> String {
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    match first {
        Some('#' | '>') => format!("\\{line}"),
        Some('-' | '+') if second.is_none_or(|c| c == ' ') => format!("\\{line}"),
        Some('=') if line.trim_end().chars().all(|c| c == '=') => format!("\\{line}"),
        Some('-') if line.trim_end().chars().all(|c| c == '-' || c == ' ') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line[digits..].chars().next() {
                Some(marker @ ('.' | ')'))
                    if digits <= 9 && line[digits + 1..].starts_with([' ', '\t'])
                        || line.len() == digits + 1 =>
                {
                    let _ = marker;
                    format!("{}\\{}", &line[..digits], &line[digits..])
                }
                _ => line.to_owned(),
            }
        }
        _ => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_text(text, &mut out);
        out
    }

    #[test]
    fn syntax_characters_are_escaped() {
        assert_eq!(escaped("plain text, 中文"), "plain text, 中文");
        assert_eq!(
            escaped("a*b [c] <d> you_own_your _x_"),
            "a\\*b \\[c\\] \\<d> you_own_your \\_x\\_"
        );
        assert_eq!(escaped("&amp; & &#123; a\u{a0}b"), "\\&amp; & \\&#123; a&nbsp;b");
    }

    #[test]
    fn block_markers_at_line_start_are_escaped() {
        assert_eq!(escape_line_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line_start("2016. A year"), "2016\\. A year");
        assert_eq!(escape_line_start("- item"), "\\- item");
        assert_eq!(escape_line_start("-5 degrees"), "-5 degrees");
        assert_eq!(escape_line_start("==="), "\\===");
    }
}
