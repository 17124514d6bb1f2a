//! Front matter: the `---` block at the top of Jekyll and unified pages.
//!
//! Tolerates a byte-order mark and CRLF line endings; spans refer to the
//! page text so front-matter values can be pointed at.

use crate::span::Span;

/// Where the front matter and the body are in a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// The text between the `---` lines, when there is front matter.
    pub front_matter: Option<Span>,
    /// Where the body starts (after the closing `---` line, or after a BOM).
    pub body_start: usize,
    /// True when an opening `---` has no closing line: the whole page was
    /// taken as body, and that deserves a diagnostic.
    pub unterminated: bool,
}

/// Splits off front matter. A page without front matter has `body_start` 0
/// (or after its byte-order marks: one is usual, more a slip that
/// `page-load` reports).
pub fn split(text: &str) -> Split {
    let start = text.len() - text.trim_start_matches('\u{feff}').len();
    let rest = &text[start..];
    let Some(after_open) = strip_fence_line(rest) else {
        return Split {
            front_matter: None,
            body_start: start,
            unterminated: false,
        };
    };
    let content_start = start + (rest.len() - after_open.len());
    let mut offset = content_start;
    for line in lines(after_open) {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            return Split {
                front_matter: Some(Span::new(content_start, offset)),
                body_start: offset + line.len(),
                unterminated: false,
            };
        }
        offset += line.len();
    }
    Split {
        front_matter: None,
        body_start: start,
        unterminated: true,
    }
}

/// If `text` opens with a `---` line, returns what follows the line.
fn strip_fence_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .or_else(|| rest.strip_prefix('\r'))
}

/// The lines of `text`, each with its ending: `\n`, `\r\n` or a lone `\r`
/// (old Mac files; Markdown reads it as a line ending too, and the
/// converter writes it as `\n`).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr2(b'\n', b'\r', rest.as_bytes()).map_or(rest.len(), |at| {
            let crlf = rest.as_bytes()[at] == b'\r' && rest.as_bytes().get(at + 1) == Some(&b'\n');
            at + 1 + usize::from(crlf)
        });
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// The value of a top-level `key: value` line, for the simple Jekyll front
/// matter of legacy pages (which is not always valid YAML).
pub fn simple_value<'a>(front_matter: &'a str, key: &str) -> Option<&'a str> {
    lines(front_matter).find_map(|line| {
        let (name, value) = line.trim_end_matches(['\n', '\r']).split_once(':')?;
        (name.trim() == key).then(|| value.trim().trim_matches(['"', '\'']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_crlf_front_matter() {
        let text = "---\r\nlayout: TrustCenterPageCN\r\n---\r\n<div>";
        let split = split(text);
        let fm = split.front_matter.unwrap();
        assert_eq!(&text[fm.range()], "layout: TrustCenterPageCN\r\n");
        assert_eq!(&text[split.body_start..], "<div>");
        assert_eq!(
            simple_value(&text[fm.range()], "layout"),
            Some("TrustCenterPageCN")
        );
    }

    #[test]
    fn splits_front_matter_with_old_mac_line_endings() {
        let text = "---\rlayout: TrustCenterPage\rtitle: T\r---\r<div>";
        let split = split(text);
        let fm = split.front_matter.unwrap();
        assert_eq!(&text[fm.range()], "layout: TrustCenterPage\rtitle: T\r");
        assert_eq!(&text[split.body_start..], "<div>");
        assert_eq!(simple_value(&text[fm.range()], "layout"), Some("TrustCenterPage"));
    }

    #[test]
    fn bom_is_skipped() {
        let text = "\u{feff}---\nlayout: X\n---\nbody";
        let split = split(text);
        assert_eq!(&text[split.body_start..], "body");
    }

    #[test]
    fn no_front_matter() {
        let split = split("<div>---</div>");
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body_start, 0);
        assert!(!split.unterminated);
    }

    #[test]
    fn unterminated_front_matter_is_flagged() {
        let split = split("---\nlayout: X\n<div>");
        assert!(split.unterminated);
        assert_eq!(split.body_start, 0);
    }
}
