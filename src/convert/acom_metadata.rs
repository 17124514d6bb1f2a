//! The metadata of an ACOM Markdown page, which readers do not see and the
//! converter moves to front matter: `<properties>`/`<tags>` and the
//! `[AZURE.LANGUAGE]` quote with its list. The converter removes it, and
//! the verification reads the page without it.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;

use super::edits::{Edit, apply};
use crate::page::frontmatter;

static PROPERTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)[ \t]*<(properties|tags)\b[^>]*?/?>[ \t]*(\r?\n)?").expect("valid regex")
});

/// `<properties .../>`, `<tags .../>` and the `[AZURE.LANGUAGE]` quote with
/// its list removed (they are front matter now).
pub fn metadata_edits(text: &str) -> Vec<Edit> {
    let body_start = frontmatter::split(text).body_start;
    let body = &text[body_start..];
    let mut edits: Vec<Edit> = PROPERTIES
        .find_iter(body)
        .map(|found| Edit {
            range: body_start + found.start()..body_start + found.end(),
            text: String::new(),
        })
        .collect();
    let mut quote: Option<Range<usize>> = None;
    let mut after_quote: Option<Range<usize>> = None;
    // Where the last quote's markers end: a quote nested in it starts
    // inside that run of markers and has the same text after it (found
    // once, not once per level: `>` a thousand times over).
    let mut markers_end = 0;
    for (event, range) in Parser::new(body).into_offset_iter() {
        if let Event::Start(tag) = &event
            && let Some(language) = after_quote.take()
            && matches!(tag, Tag::List(_))
        {
            edits.push(Edit {
                range: body_start + language.start..body_start + range.end,
                text: String::new(),
            });
        }
        match event {
            Event::Start(Tag::BlockQuote(_)) if quote.is_none() && range.start >= markers_end => {
                let inner = body[range.clone()].trim_start_matches(['>', ' ', '\t']);
                markers_end = range.end - inner.len();
                if inner.starts_with("[AZURE.LANGUAGE]") {
                    quote = Some(range);
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => after_quote = quote.take(),
            _ => {}
        }
    }
    edits
}

/// The page without its metadata (for reading what readers see).
pub fn strip_metadata(text: &str) -> String {
    apply(text, metadata_edits(text))
}
