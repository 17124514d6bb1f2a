//! Legacy HTML pages (Jekyll front matter + HTML fragment) and HTML documents.
//!
//! html5gum tokenizes (the WHATWG tokenizer, with byte spans: html5ever only
//! reports line numbers); this module keeps a small open-element stack on top
//! of it to know where each link sits (hero, breadcrumb, sidebar, main
//! content, comment) and what text belongs to which link or heading. It does
//! not build a DOM: the link rules need spans, not a tree.

mod collect;
mod emitter;
mod problems;
mod tag;
mod tree;

use html5gum::Tokenizer;

use super::elements;
use super::frontmatter;
use super::markup::{self, PendingError};
pub use super::regions::RegionRules;
use super::vocabulary::{TermCounter, Vocabulary};
use super::{
    Anchor, Heading, Link, Locale, MarkupIssue, Page, PageKind, ParseOptions, Problem, Region, TextBlocks,
};
use crate::span::Span;
pub(crate) use collect::repeated_names;
use emitter::SpanEmitter;
use tag::{Known, TagInProgress};
use tree::Open;

/// Browsers stop nesting elements at 512 levels (Blink's parser limit).
pub const MAX_NESTING: usize = 512;

/// Parses a legacy HTML page or an HTML document.
pub fn parse(path: &str, kind: PageKind, text: &str, options: &ParseOptions, regions: &RegionRules) -> Page {
    let mut page = Page::new(path, kind);
    let split = frontmatter::split(text);
    if let Some(front) = split.front_matter {
        read_front_matter(&mut page, &text[front.range()]);
    }
    let mut builder = Builder::new(text, Region::Main, options, regions);
    builder.run(split.body_start, text.len());
    builder.finish_into(&mut page);
    if page.title.is_none() {
        page.title = page
            .headings
            .iter()
            .find(|heading| heading.level == 1 && heading.region == Region::Main)
            .map(|heading| heading.text.clone());
    }
    page
}

fn read_front_matter(page: &mut Page, front: &str) {
    for line in front.lines() {
        if let Some((key, value)) = line.split_once(':') {
            let (key, value) = (key.trim(), value.trim().trim_matches(['"', '\'']));
            if key.is_empty() || key.starts_with('#') {
                continue;
            }
            match key {
                "layout" => page.metadata.layout = Some(value.into()),
                "title" if !value.is_empty() => page.title = Some(value.into()),
                "description" if !value.is_empty() => page.metadata.description = Some(value.into()),
                "locale" | "lang" => page.metadata.declared_locale = Locale::parse(value),
                _ => {}
            }
            page.metadata.fields.push((key.into(), value.into()));
        }
    }
}

/// Collects links, anchors, headings, text blocks and markup problems from the
/// HTML in `text[start..end]`. Also used for HTML embedded in Markdown pages
/// and for the inside of comments.
pub(super) struct Builder<'a> {
    text: &'a str,
    options: &'a ParseOptions,
    regions: &'a RegionRules,
    base_region: Region,
    /// Offset of the slice being tokenized in `text`.
    base: usize,
    stack: Vec<Open>,
    tag: TagInProgress,
    pending_errors: Vec<PendingError>,
    /// End of the last complete token: where an unterminated tag or comment starts.
    last_token_end: usize,
    /// Start of the tag now closing elements: where their content ends.
    closing_at: usize,
    /// Link whose text is being collected.
    open_link: Option<Capture>,
    open_heading: Option<Capture>,
    open_title: Option<Capture>,
    block: BlockText,
    tables: super::tables::TableCollector,
    too_deep_reported: bool,
    /// ACOM pages: `<properties>` and `<tags>` are metadata, not markup.
    metadata_tags: bool,
    /// Inside a comment: where a nested `<!--` opened a comment that runs to
    /// the end of the slice. Its inside is read by another builder, after
    /// this one, not by a recursive call (`<!--` a thousand times over must
    /// not take a thousand stack frames).
    nested_comment: Option<usize>,
    /// The `<style>` element being read: where its text starts.
    open_style: Option<OpenStyle>,
    out: Collected,
}

/// A `<style>` element whose end tag has not come yet.
struct OpenStyle {
    content_start: usize,
    element: Span,
    region: Region,
}

/// What a builder produces; merged into the page at the end.
#[derive(Default)]
pub(super) struct Collected {
    pub links: Vec<Link>,
    pub anchors: Vec<Anchor>,
    pub headings: Vec<Heading>,
    pub text_blocks: TextBlocks,
    pub tables: Vec<super::Table>,
    pub css: Vec<super::Css>,
    pub problems: Vec<Problem>,
    pub title: Option<Box<str>>,
    /// Attributes of ACOM `<properties>` and `<tags>`.
    pub fields: Vec<(Box<str>, Box<str>)>,
    /// `<!-- tclint-disable... -->` comments.
    pub directives: Vec<crate::page::suppress::Directive>,
    /// Attribute names and class tokens of the rendered markup.
    pub attribute_names: TermCounter,
    pub class_tokens: TermCounter,
}

impl Collected {
    pub(super) fn vocabulary(&mut self) -> Vocabulary {
        Vocabulary {
            attributes: std::mem::take(&mut self.attribute_names).finish(),
            classes: std::mem::take(&mut self.class_tokens).finish(),
        }
    }
}

/// Text being collected for the element at stack depth `depth`.
struct Capture {
    /// Index into the collected links or headings.
    index: usize,
    depth: usize,
    /// Where the element's content starts (the end of its start tag).
    start: usize,
    text: String,
}

impl Capture {
    fn new(index: usize, depth: usize, start: usize) -> Capture {
        Capture {
            index,
            depth,
            start,
            text: String::new(),
        }
    }
}

/// The text block being collected: where its text starts in the page's
/// buffer, and what it covers so far.
#[derive(Default)]
struct BlockText {
    start: usize,
    span: Option<Span>,
    region: Option<Region>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        text: &'a str,
        base_region: Region,
        options: &'a ParseOptions,
        regions: &'a RegionRules,
    ) -> Builder<'a> {
        Builder {
            text,
            options,
            regions,
            base_region,
            base: 0,
            stack: Vec::new(),
            tag: TagInProgress::default(),
            pending_errors: Vec::new(),
            last_token_end: 0,
            closing_at: 0,
            open_link: None,
            open_heading: None,
            open_title: None,
            block: BlockText::default(),
            tables: Default::default(),
            too_deep_reported: false,
            metadata_tags: false,
            nested_comment: None,
            open_style: None,
            out: Collected {
                text_blocks: TextBlocks::collector(options.text_blocks),
                ..Collected::default()
            },
        }
    }

    /// Reads ACOM `<properties>` and `<tags>` as metadata fields.
    pub(super) fn read_metadata_tags(&mut self) {
        self.metadata_tags = true;
    }

    /// True while a link or heading opened in HTML waits for its text (which
    /// in a Markdown page arrives as Markdown text between HTML fragments).
    pub(super) fn is_capturing(&self) -> bool {
        self.open_link.is_some() || self.open_heading.is_some()
    }

    /// Text written in Markdown between HTML fragments.
    pub(super) fn markdown_text(&mut self, value: &str) {
        for capture in [&mut self.open_link, &mut self.open_heading]
            .into_iter()
            .flatten()
        {
            capture.text.push_str(value);
        }
    }

    /// Tokenizes `text[start..end]`. May be called for several slices in turn
    /// (the HTML blocks of a Markdown page); the open-element stack carries over.
    pub(super) fn run(&mut self, start: usize, end: usize) {
        self.base = start;
        self.last_token_end = start;
        let text = self.text;
        // The emitter hands a token over only to stop at a nested comment.
        let stopped = Tokenizer::new_with_emitter(&text[start..end], SpanEmitter::new(self, start))
            .next()
            .is_some();
        if stopped {
            // The nested comment is the last token: it runs to the end.
            self.last_token_end = end;
        }
        self.flush_pending_errors(end);
    }

    /// Inside a comment, a `<!--` that does not close at once (`<!-->`)
    /// opens a comment that runs to the end of the slice (the enclosing
    /// comment ended at the first `-->`). Returns whether tokenizing stops
    /// here, the rest being left to another builder.
    pub(super) fn stops_at_comment(&mut self, content_start: usize) -> bool {
        // Bytes: a bogus comment (`</` and a non-letter) may start mid-character.
        let bytes = self.text.as_bytes();
        if self.base_region != Region::Comment || !bytes[..content_start].ends_with(b"<!--") {
            return false;
        }
        let rest = &bytes[content_start..];
        if rest.starts_with(b">") || rest.starts_with(b"->") {
            return false;
        }
        self.nested_comment = Some(content_start);
        true
    }

    // Entry points for the emitter, in token order.

    fn end_tag_token(&mut self, name: &str, span: Span) {
        self.closing_at = span.start as usize;
        // Attributes of an end tag are markup it swallowed (`</p <p>`), or
        // attributes written there by mistake (`</ul style="...">`).
        if self.tag.count > 0 {
            self.check_attribute_syntax();
            let swallowed = self
                .pending_errors
                .iter()
                .any(|error| error.issue == MarkupIssue::CharacterInAttributeName);
            self.resolve_pending_errors(&format!("/{name}"), span);
            if !swallowed {
                self.check_end_tag_attributes(name);
            }
        }
        if name == "style" {
            self.close_style(span.start as usize);
        }
        self.end_tag(name);
    }

    pub(super) fn finish(mut self) -> Collected {
        self.closing_at = self.last_token_end;
        // A `<style>` never closed runs to the end (its text is raw text).
        self.close_style(self.last_token_end);
        while let Some(open) = self.stack.pop() {
            self.close_element(&open);
        }
        self.close_block();
        self.out.tables = self.tables.finish(self.last_token_end);
        self.out
    }

    fn finish_into(self, page: &mut Page) {
        let self_text = self.text;
        let options = self.options;
        let mut collected = self.finish();
        page.vocabulary = collected.vocabulary();
        page.links = collected.links;
        page.anchors = collected.anchors;
        page.headings = collected.headings;
        page.text_blocks = collected.text_blocks;
        page.text_blocks.finish(&options.shared_texts);
        page.tables = collected.tables;
        page.css = collected.css;
        page.problems.extend(collected.problems);
        page.suppressions = crate::page::suppress::resolve(&collected.directives, self_text);
        if collected.title.is_some() {
            page.title = collected.title;
        }
    }

    /// Whether text matters right now: decoding text is much of the parse,
    /// and is skipped when nothing reads it.
    fn wants_text(&self) -> bool {
        self.options.text_blocks
            || self.open_link.is_some()
            || self.open_heading.is_some()
            || self.open_title.is_some()
    }

    pub(super) fn characters(&mut self, value: &str, span: Span) {
        // A stray byte-order mark (tested by bytes: this runs for every run
        // of text of every page).
        let value = match value.as_bytes() {
            [0xef, 0xbb, 0xbf, ..] => &value[3..],
            _ => value,
        };
        if let Some(capture) = &mut self.open_title {
            capture.text.push_str(value);
        }
        if self.hides_text() {
            return;
        }
        for capture in [&mut self.open_link, &mut self.open_heading]
            .into_iter()
            .flatten()
        {
            capture.text.push_str(value);
        }
        if !self.options.text_blocks {
            return;
        }
        let region = self.current_region();
        if matches!(region, Region::Main | Region::Hero | Region::Sidebar) {
            if self.block.region.is_some_and(|r| r != region) {
                self.close_block();
            }
            let block = &mut self.block;
            let covered = match block.span {
                Some(covered) => covered.cover(span),
                None => {
                    block.start = self.out.text_blocks.open();
                    span
                }
            };
            self.out.text_blocks.push_text(block.start, value);
            block.region = Some(region);
            block.span = Some(covered);
        }
    }

    fn close_block(&mut self) {
        let block = std::mem::take(&mut self.block);
        if let (Some(span), Some(region)) = (block.span, block.region) {
            self.out.text_blocks.seal(block.start, span, region);
        }
    }

    /// Links inside `<!-- ... -->` are recorded with [`Region::Comment`]: not
    /// rendered, but part of the content a migration must keep.
    fn comment(&mut self, span: Span) {
        let raw = &self.text[span.range()];
        if !raw.starts_with("<!--") {
            if self.base_region != Region::Comment {
                self.check_bogus_comment(span);
            }
            return;
        }
        if self.base_region != Region::Comment {
            self.check_comment(span);
        }
        let closing = ["-->", "--!>"]
            .iter()
            .find(|end| raw.len() >= 4 + end.len() && raw.ends_with(*end));
        let inner_start = span.start as usize + 4;
        let inner_end = (span.end as usize - closing.map_or(0, |end| end.len())).max(inner_start);
        if self.base_region != Region::Comment {
            let directive = crate::page::suppress::parse_directive(&self.text[inner_start..inner_end], span);
            if let Some(directive) = directive {
                self.out.directives.push(directive);
                return;
            }
        }
        // Each nested comment's inside is read in turn, in a loop.
        let mut inside = Some(inner_start);
        while let Some(start) = inside {
            let mut inner = Builder::new(self.text, Region::Comment, self.options, self.regions);
            inner.run(start, inner_end);
            inside = inner.nested_comment;
            let collected = inner.finish();
            self.out.links.extend(collected.links);
            self.out.anchors.extend(collected.anchors);
        }
    }
}

/// Text of a token. The page is valid UTF-8 (decoding made sure of it) and
/// html5gum writes only UTF-8, so the lossy path is a formality.
pub(crate) fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests;
