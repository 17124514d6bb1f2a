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

use html5gum::Tokenizer;

use super::elements;
use super::frontmatter;
use super::markup::{self, PendingError};
pub use super::regions::RegionRules;
use super::{Anchor, Heading, Link, Locale, Page, PageKind, ParseOptions, Problem, Region, TextBlocks};
use crate::span::Span;
pub(crate) use collect::repeated_names;
use emitter::SpanEmitter;

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
    out: Collected,
}

/// What a builder produces; merged into the page at the end.
#[derive(Default)]
pub(super) struct Collected {
    pub links: Vec<Link>,
    pub anchors: Vec<Anchor>,
    pub headings: Vec<Heading>,
    pub text_blocks: TextBlocks,
    pub tables: Vec<super::Table>,
    pub problems: Vec<Problem>,
    pub title: Option<Box<str>>,
    /// Attributes of ACOM `<properties>` and `<tags>`.
    pub fields: Vec<(Box<str>, Box<str>)>,
    /// `<!-- tclint-disable... -->` comments.
    pub directives: Vec<crate::page::suppress::Directive>,
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

struct Open {
    name: Box<str>,
    region: Region,
    /// Inside `<svg>` or `<math>`: foreign names are not HTML mistakes.
    foreign: bool,
    hides_text: bool,
    block: bool,
}

/// The start tag being read. Attribute buffers are reused from tag to tag:
/// only the first `count` are this tag's.
#[derive(Default)]
struct TagInProgress {
    start: usize,
    attrs: Vec<Attribute>,
    count: usize,
    /// For each [`Known`] attribute, 1 + its index in `attrs` (0: absent).
    /// Filled once per tag: the builder asks for these a dozen times.
    known: [u8; Known::COUNT],
}

/// The attributes the model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    Id,
    Name,
    Class,
    Href,
    Src,
    DataSrc,
    Alt,
    DataAlt,
    AriaLabel,
    Title,
    Role,
    Colspan,
}

impl Known {
    const COUNT: usize = Known::Colspan as usize + 1;

    fn of(name: &str) -> Option<Known> {
        // Most attribute names (`data-view1`, `style`) have none of these
        // lengths: rejected without comparing bytes.
        if !matches!(name.len(), 2..=5 | 7 | 8 | 10) {
            return None;
        }
        Some(match name {
            "id" => Known::Id,
            "name" => Known::Name,
            "class" => Known::Class,
            "href" => Known::Href,
            "src" => Known::Src,
            "data-src" => Known::DataSrc,
            "alt" => Known::Alt,
            "data-alt" => Known::DataAlt,
            "aria-label" => Known::AriaLabel,
            "title" => Known::Title,
            "role" => Known::Role,
            "colspan" => Known::Colspan,
            _ => return None,
        })
    }
}

#[derive(Default)]
struct Attribute {
    name: String,
    name_span: Span,
    /// Decoded, only for attributes the model uses (`keep_value`).
    value: String,
    /// Where the value is written (without quotes), if it has one.
    value_span: Option<Span>,
    keep_value: bool,
    known: Option<Known>,
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

    /// A `<` that starts a tag, end tag or comment.
    fn begin_tag(&mut self, start: usize) {
        self.tag.start = start;
        self.tag.count = 0;
    }

    fn begin_attribute(&mut self, name_start: usize) {
        let tag = &mut self.tag;
        if tag.count == tag.attrs.len() {
            tag.attrs.push(Attribute::default());
        }
        let attr = &mut tag.attrs[tag.count];
        tag.count += 1;
        attr.name.clear();
        attr.name_span = Span::at(name_start);
        attr.value.clear();
        attr.value_span = None;
        attr.keep_value = false;
        attr.known = None;
    }

    fn push_attribute_name(&mut self, name: &str, end: usize) {
        let keep_all = self.metadata_tags;
        if let Some(attr) = self.tag.attrs[..self.tag.count].last_mut() {
            attr.name.push_str(name);
            attr.name_span = Span::new(attr.name_span.start as usize, end);
            attr.known = Known::of(&attr.name);
            attr.keep_value = keep_all || attr.known.is_some() || attr.name.starts_with("on");
        }
    }

    fn begin_attribute_value(&mut self, start: usize) {
        if let Some(attr) = self.tag.attrs[..self.tag.count].last_mut() {
            attr.value_span = Some(Span::at(start));
        }
    }

    /// Values of attributes the model does not use are never decoded.
    fn push_attribute_value(&mut self, value: &[u8], end: usize) {
        if let Some(attr) = self.tag.attrs[..self.tag.count].last_mut() {
            if attr.keep_value {
                attr.value.push_str(&utf8(value));
            }
            let start = attr.value_span.map_or(end, |span| span.start as usize);
            attr.value_span = Some(Span::new(start, end));
        }
    }

    fn end_tag_token(&mut self, name: &str, span: Span) {
        self.closing_at = span.start as usize;
        // Attributes of an end tag are markup it swallowed (`</p <p>`).
        if self.tag.count > 0 {
            self.check_attribute_syntax();
            self.resolve_pending_errors(&format!("/{name}"), span);
        }
        self.end_tag(name);
    }

    pub(super) fn finish(mut self) -> Collected {
        self.closing_at = self.last_token_end;
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
        let collected = self.finish();
        page.links = collected.links;
        page.anchors = collected.anchors;
        page.headings = collected.headings;
        page.text_blocks = collected.text_blocks;
        page.text_blocks.finish(&options.shared_texts);
        page.tables = collected.tables;
        page.problems.extend(collected.problems);
        page.suppressions = crate::page::suppress::resolve(&collected.directives, self_text);
        if collected.title.is_some() {
            page.title = collected.title;
        }
    }

    /// Whether text matters right now: decoding it costs a fifth of the parse.
    fn wants_text(&self) -> bool {
        self.options.text_blocks
            || self.open_link.is_some()
            || self.open_heading.is_some()
            || self.open_title.is_some()
    }

    /// This tag's attributes.
    fn attrs(&self) -> &[Attribute] {
        &self.tag.attrs[..self.tag.count]
    }

    fn current_region(&self) -> Region {
        self.stack.last().map_or(self.base_region, |open| open.region)
    }

    fn in_foreign_content(&self) -> bool {
        self.stack.last().is_some_and(|open| open.foreign)
    }

    fn hides_text(&self) -> bool {
        self.stack.iter().rev().take(3).any(|open| open.hides_text)
    }

    /// Indexes this tag's known attributes (the first of each name counts,
    /// as in browsers).
    fn index_attributes(&mut self) {
        let tag = &mut self.tag;
        tag.known = [0; Known::COUNT];
        for (index, attr) in tag.attrs[..tag.count].iter().enumerate() {
            if let Some(known) = attr.known {
                let slot = &mut tag.known[known as usize];
                if *slot == 0 {
                    *slot = u8::try_from(index + 1).unwrap_or(0);
                }
            }
        }
    }

    fn attr(&self, known: Known) -> Option<&Attribute> {
        let slot = self.tag.known[known as usize];
        (slot > 0).then(|| &self.tag.attrs[slot as usize - 1])
    }

    fn attr_value(&self, known: Known) -> Option<&str> {
        self.attr(known).map(|attr| attr.value.as_str())
    }

    fn finish_start_tag(&mut self, name: &str, self_closing: bool, tag_end: usize) {
        let tag_span = Span::new(self.tag.start, tag_end);
        self.closing_at = self.tag.start;
        self.check_attribute_syntax();
        self.resolve_pending_errors(name, tag_span);
        if self.metadata_tags && matches!(name, "properties" | "tags") {
            for attr in &self.tag.attrs[..self.tag.count] {
                self.out
                    .fields
                    .push((attr.name.as_str().into(), attr.value.as_str().into()));
            }
            return;
        }
        self.close_implied(name);
        self.index_attributes();
        let parent_region = self.current_region();
        let region = if parent_region == Region::Comment {
            Region::Comment
        } else {
            self.regions
                .region_for(self.attr_value(Known::Id), self.attr_value(Known::Class))
                .unwrap_or(parent_region)
        };
        let foreign = self.in_foreign_content() || name == "svg" || name == "math";
        let info = elements::classify(name);
        if info.block {
            self.close_block();
        }
        if region != Region::Comment {
            self.check_element(name, info, tag_span, foreign);
        }
        // Commented-out anchors are kept (region `Comment`): links cannot
        // reach them, but a message can say the section was commented out.
        self.collect_anchors(name, region);
        self.collect_links(name, tag_span, region);
        self.start_text_capture(name, info, tag_span, region);
        if self.options.text_blocks {
            self.table_tag(name, tag_span, region);
        }

        let is_void = info.void || (foreign && self_closing);
        if !is_void {
            self.stack.push(Open {
                hides_text: info.hides_text,
                name: name.into(),
                region,
                foreign,
                block: info.block,
            });
            if self.stack.len() > MAX_NESTING && !self.too_deep_reported && region != Region::Comment {
                self.too_deep_reported = true;
                self.out.problems.push(markup::too_deep(tag_span, MAX_NESTING));
            }
        }
    }

    /// Elements whose start closes an open element (`<p>` after `<p>`, `<li>`
    /// after `<li>`, `<a>` after `<a>`): what the HTML tree builder does for
    /// the cases that decide which text belongs to which link.
    fn close_implied(&mut self, name: &str) {
        let closes: &[&str] = match name {
            "a" => &["a"],
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "tr" => &["tr", "td", "th"],
            "td" | "th" => &["td", "th"],
            "option" => &["option"],
            "p" | "div" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
            | "section" | "dl" | "pre" | "hr" | "form" => &["p"],
            _ => return,
        };
        let boundary = |open: &str| matches!(open, "table" | "ul" | "ol" | "div" | "td" | "th");
        // Looking no deeper than browsers nest keeps a page of 100,000
        // nested elements linear (it is reported as too deep).
        for index in (0..self.stack.len()).rev().take(MAX_NESTING) {
            let open = &self.stack[index].name;
            if closes.contains(&&**open) {
                self.pop_to(index);
                return;
            }
            if boundary(open) {
                return;
            }
        }
    }

    fn end_tag(&mut self, name: &str) {
        if elements::is_block(name) {
            self.close_block();
        }
        let lowest = self.stack.len().saturating_sub(MAX_NESTING);
        if let Some(found) = self.stack[lowest..].iter().rposition(|open| &*open.name == name) {
            self.pop_to(lowest + found);
        }
    }

    /// Pops the stack down to (and including) `index`.
    fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let open = self.stack.pop().expect("stack is longer than index");
            self.close_element(&open);
        }
    }

    fn close_element(&mut self, open: &Open) {
        let depth = self.stack.len();
        if let Some(capture) = take_if_closed(&mut self.open_link, depth) {
            let link = &mut self.out.links[capture.index];
            link.text = collapse_whitespace(&capture.text).into();
            link.text_span = Some(Span::new(capture.start, self.closing_at.max(capture.start)));
        }
        if let Some(capture) = take_if_closed(&mut self.open_heading, depth) {
            self.out.headings[capture.index].text = collapse_whitespace(&capture.text).into();
        }
        if let Some(capture) = take_if_closed(&mut self.open_title, depth) {
            let title = collapse_whitespace(&capture.text);
            if self.out.title.is_none() && !title.is_empty() {
                self.out.title = Some(title.into());
            }
        }
        if open.block {
            self.close_block();
        }
        if &*open.name == "table" && self.options.text_blocks {
            self.tables.close(self.closing_at);
        }
    }

    /// What a start tag adds to the shape of the table being read.
    fn table_tag(&mut self, name: &str, tag_span: Span, region: Region) {
        match name {
            "table" => self.tables.open(tag_span.start as usize, region),
            "tr" => self.tables.row(),
            "td" | "th" => {
                let colspan = super::tables::colspan(self.attr_value(Known::Colspan));
                self.tables.cell(colspan);
            }
            _ => {}
        }
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

/// Takes the capture if the element it belongs to is being closed (the stack
/// is now no deeper than where the capture started).
fn take_if_closed(capture: &mut Option<Capture>, depth: usize) -> Option<Capture> {
    if capture.as_ref().is_some_and(|capture| capture.depth >= depth) {
        capture.take()
    } else {
        None
    }
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
pub(crate) fn whitespace_end(text: &str, mut at: usize) -> usize {
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
mod tests;
