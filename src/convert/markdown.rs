//! Markdown pages converted by editing their source, so that what the author
//! wrote stays as written: ACOM `<properties>`/`<tags>` and the
//! `[AZURE.LANGUAGE]` list move to front matter, `> [AZURE.NOTE]` becomes
//! `> [!NOTE]` (lazy continuation lines included), `[AZURE.INCLUDE ...]`
//! becomes `[!INCLUDE ...]`, `#Title` becomes `# Title`, and links are
//! rewritten like everywhere else. Unified pages only get their links
//! rewritten and their line endings normalized.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::acom_metadata::metadata_edits;
use super::context::Context;
use super::edits::{Edit, apply};
use super::front_matter::front_matter;
use super::links::Rewritten;
use super::notes::Notes;
use super::verify::reader::plain_text;
use crate::page::{LinkSyntax, PageKind, Region, frontmatter};
use crate::site::Lookup;
use crate::site::url::{Scope, parse_url, scope};

static ALERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[AZURE\.(NOTE|WARNING|TIP|IMPORTANT|CAUTION)\]\s*").expect("valid regex")
});
static INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[AZURE\.INCLUDE\s*\[([^\]]*)\]\(([^)\s]*)\)\s*\]").expect("valid regex"));
static HASH_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(#{1,6})([^#\s])").expect("valid regex"));

/// A Markdown page converted by source edits. Its structure is the
/// source's, so there is no intended structure to check, and what it must
/// keep is read from the source by the caller.
pub struct Edited {
    /// The whole file: front matter (ACOM pages) and body.
    pub markdown: String,
    pub title: String,
    pub notes: Notes,
}

/// Converts the Markdown page at `index`, whose decoded text is `text`.
pub fn convert(cx: &Context<'_>, index: usize, text: &str) -> Edited {
    let page = &cx.site.pages[index];
    let mut notes = Notes::default();
    let acom = page.kind == PageKind::AcomMarkdown;
    // First links and metadata, at the offsets the page model knows; then
    // the constructs found by parsing the result (an alert holding a
    // rewritten link is rewritten as a whole).
    let mut edits = link_edits(cx, index, &mut notes);
    if acom {
        edits.extend(metadata_edits(text));
    }
    let mut edited = apply(text, edits);
    let mut title = page.title.as_deref().unwrap_or("").trim().to_owned();
    let mut heading_present = false;
    if acom {
        let body_start = frontmatter::split(&edited).body_start;
        let structure = structure_edits(cx, index, &edited, body_start, &mut notes);
        heading_present = structure.title.is_some();
        if title.is_empty() {
            title = structure.title.unwrap_or_default();
        }
        edited = apply(&edited, structure.edits);
    }
    if title.is_empty() {
        let stem = page.path.rsplit('/').next().unwrap_or(&page.path);
        title = stem.rsplit_once('.').map_or(stem, |(s, _)| s).to_owned();
        notes.title_from_file_name = true;
    }
    let edited = normalize(&edited);
    let edited = if acom { single_blank_lines(&edited) } else { edited };
    let markdown = if acom {
        let front = front_matter(cx, index, &title, Vec::new());
        let body = edited.trim_start_matches('\n');
        let heading = if heading_present {
            String::new()
        } else {
            let mut escaped = String::new();
            super::escape::escape_text(&title, &mut escaped);
            format!("# {escaped}\n\n")
        };
        format!("---\n{front}---\n\n{heading}{}\n", body.trim_end())
    } else {
        format!("{}\n", edited.trim_end())
    };
    Edited {
        markdown,
        title,
        notes,
    }
}

/// Links written verbatim in the body (not in comments) and in front
/// matter, rewritten in place.
fn link_edits(cx: &Context<'_>, index: usize, notes: &mut Notes) -> Vec<Edit> {
    let page = &cx.site.pages[index];
    let mut edits = Vec::new();
    for link in &page.links {
        let rewritable = link.verbatim
            && !matches!(link.region, Region::Comment | Region::Metadata)
            && !matches!(link.syntax, LinkSyntax::Include | LinkSyntax::Script);
        if !rewritable {
            continue;
        }
        if let Rewritten::Changed { url, change } = cx.rewriter.rewrite(&link.url, index) {
            notes.rewrite(&link.url, &url, change);
            edits.push(Edit {
                range: link.span.range(),
                text: url,
            });
        }
    }
    edits
}

/// Runs of blank lines (left where metadata was) made single and empty,
/// outside fenced code.
fn single_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    let mut fence: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        if marker.len() >= 3 {
            match &fence {
                Some(open) if marker.starts_with(open.as_str()) => fence = None,
                None => fence = Some(marker),
                _ => {}
            }
        }
        if trimmed.is_empty() && fence.is_none() {
            blank_run += 1;
            if blank_run == 1 {
                out.push('\n');
            }
            continue;
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

struct Structure {
    edits: Vec<Edit>,
    /// The text of the first level-1 heading, when there is one.
    title: Option<String>,
}

/// Edits found by parsing: alerts, includes, `#Title`.
fn structure_edits(
    cx: &Context<'_>,
    index: usize,
    text: &str,
    body_start: usize,
    notes: &mut Notes,
) -> Structure {
    let body = &text[body_start..];
    let mut edits = Vec::new();
    let mut title = None;
    let mut code: Vec<Range<usize>> = Vec::new();
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, Options::ENABLE_TABLES)
        .into_offset_iter()
        .collect();
    let mut depth = 0usize;
    for (position, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code.push(range.clone()),
            Event::Start(Tag::BlockQuote(_)) => {
                depth += 1;
                if depth == 1 {
                    let quote_text = &body[range.clone()];
                    let inner = quote_text.trim_start_matches(['>', ' ', '\t']);
                    if ALERT.is_match(inner) {
                        edits.push(alert_edit(body_start, range.clone(), quote_text));
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_none() => {
                let text_of_heading = heading_text(&events[position + 1..]);
                title = Some(plain_text(&text_of_heading)).filter(|t| !t.is_empty());
            }
            _ => {}
        }
    }
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    for found in HASH_TITLE.captures_iter(body) {
        let hashes = found.get(1).map_or(0..0, |m| m.range());
        if !in_code(hashes.start) {
            edits.push(Edit {
                range: body_start + hashes.end..body_start + hashes.end,
                text: " ".to_owned(),
            });
            if title.is_none() && hashes.len() == 1 {
                let line_end = body[hashes.end..]
                    .find('\n')
                    .map_or(body.len(), |e| hashes.end + e);
                title = Some(body[hashes.end..line_end].trim().to_owned());
            }
        }
    }
    for found in INCLUDE.captures_iter(body) {
        let whole = found.get(0).map_or(0..0, |m| m.range());
        if in_code(whole.start) {
            continue;
        }
        let label = found.get(1).map_or("", |m| m.as_str());
        let target = found.get(2).map_or("", |m| m.as_str());
        if !include_exists(cx, index, target) {
            notes.missing_includes.push(target.to_owned());
        }
        edits.push(Edit {
            range: body_start + whole.start..body_start + whole.end,
            text: format!("[!INCLUDE [{label}]({target})]"),
        });
    }
    Structure { edits, title }
}

/// The source text of a heading, from the events after its start.
fn heading_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// `> [AZURE.NOTE] text` plus lazy continuation lines -> `> [!NOTE]` and
/// every line of the note prefixed with `> `.
fn alert_edit(body_start: usize, range: Range<usize>, quote: &str) -> Edit {
    let quote = quote.trim_end_matches(['\n', '\r']);
    let mut lines: Vec<String> = quote
        .lines()
        .map(|line| {
            let stripped = line.trim_start();
            let stripped = stripped
                .strip_prefix('>')
                .map_or(line.trim_start(), |rest| rest.strip_prefix(' ').unwrap_or(rest));
            stripped.trim_end_matches('\r').to_owned()
        })
        .collect();
    let mut kind = String::new();
    if let Some(first) = lines.first_mut()
        && let Some(found) = ALERT.captures(first)
    {
        kind = found.get(1).map_or("NOTE", |m| m.as_str()).to_owned();
        let end = found.get(0).map_or(0, |m| m.end());
        *first = first[end..].to_owned();
    }
    let mut out = format!("> [!{kind}]");
    for line in lines.iter().skip_while(|l| l.trim().is_empty()) {
        out.push('\n');
        if line.trim().is_empty() {
            out.push('>');
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
    }
    Edit {
        range: body_start + range.start..body_start + range.start + quote.len(),
        text: out,
    }
}

fn include_exists(cx: &Context<'_>, index: usize, target: &str) -> bool {
    let page = &cx.site.pages[index];
    let parsed = parse_url(target);
    match scope(&parsed, &page.path, cx.config) {
        Scope::Site { path, .. } => !matches!(cx.site.lookup(&path, cx.config), Lookup::Missing { .. }),
        _ => true,
    }
}

/// No byte-order mark, LF line endings, and U+FFFD for NUL (what
/// CommonMark and HTML readers see: a NUL would make the output look like
/// a binary file).
fn normalize(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{fffd}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_take_their_lazy_lines() {
        let quote = "> [AZURE.NOTE] Data stays in China.\nLazy continuation.\n";
        let edit = alert_edit(0, 0..quote.len(), quote);
        assert_eq!(
            edit.text,
            "> [!NOTE]\n> Data stays in China.\n> Lazy continuation."
        );
    }
}
