//! Whitespace collapsing as Rust's `split_whitespace` defines whitespace
//! (Unicode White_Space): runs become one space, ends are trimmed.
//!
//! The page parser collapses text with its own, faster routine that also
//! counts U+FEFF as whitespace (`page::html::collapse_whitespace`); the two
//! are kept apart because what the converter and the claims analysis
//! produce depends on this definition.

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
}
