//! Legacy HTML pages (Jekyll front matter + HTML fragment) and HTML documents.
//!
//! html5gum tokenizes (the WHATWG tokenizer, with byte spans: html5ever only
//! reports line numbers); this module keeps a small open-element stack on top
//! of it to know where each link sits (hero, breadcrumb, sidebar, main
//! content, comment) and what text belongs to which link or heading. It does
//! not build a DOM: the link rules need spans, not a tree.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, Error as TokenError, ForwardingEmitter, Span as TokenSpan, Tokenizer};

use super::elements;
use super::frontmatter;
use super::markup::{self, PendingError};
pub use super::regions::RegionRules;
use super::{
    Anchor, AnchorKind, Heading, Link, LinkSyntax, Locale, MarkupIssue, Page, PageKind, ParseOptions,
    Problem, Region, TextBlock,
};
use crate::span::Span;

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
    too_deep_reported: bool,
    /// ACOM pages: `<properties>` and `<tags>` are metadata, not markup.
    metadata_tags: bool,
    out: Collected,
}

/// What a builder produces; merged into the page at the end.
#[derive(Default)]
pub(super) struct Collected {
    pub links: Vec<Link>,
    pub anchors: Vec<Anchor>,
    pub headings: Vec<Heading>,
    pub text_blocks: Vec<TextBlock>,
    pub problems: Vec<Problem>,
    pub title: Option<Box<str>>,
    /// Attributes of ACOM `<properties>` and `<tags>`.
    pub fields: Vec<(Box<str>, Box<str>)>,
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
    name: String,
    attrs: Vec<Attribute>,
    count: usize,
}

#[derive(Default)]
struct Attribute {
    name: String,
    name_span: Span,
    value: String,
    value_span: Option<Span>,
}

#[derive(Default)]
struct BlockText {
    text: String,
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
            too_deep_reported: false,
            metadata_tags: false,
            out: Collected::default(),
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
        let slice = &text[start..end];
        let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: TokenSpan<usize>| {
            self.on_event(event, Span::new(span.start, span.end).offset_by(start));
            None::<()>
        });
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(slice, WithoutCharacterChecks::new(emitter)) {}
        self.flush_pending_errors(end);
    }

    pub(super) fn finish(mut self) -> Collected {
        self.closing_at = self.last_token_end;
        while let Some(open) = self.stack.pop() {
            self.close_element(&open);
        }
        self.close_block();
        self.out
    }

    fn finish_into(self, page: &mut Page) {
        let collected = self.finish();
        page.links = collected.links;
        page.anchors = collected.anchors;
        page.headings = collected.headings;
        page.text_blocks = collected.text_blocks;
        page.problems.extend(collected.problems);
        if collected.title.is_some() {
            page.title = collected.title;
        }
    }

    fn on_event(&mut self, event: CallbackEvent<'_>, span: Span) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.start = span.start as usize;
                self.tag.name.clear();
                self.tag.name.push_str(&utf8(name));
                self.tag.count = 0;
            }
            CallbackEvent::AttributeName { name } => {
                let tag = &mut self.tag;
                if tag.count == tag.attrs.len() {
                    tag.attrs.push(Attribute::default());
                }
                let attr = &mut tag.attrs[tag.count];
                tag.count += 1;
                attr.name.clear();
                attr.name.push_str(&utf8(name));
                attr.name_span = span;
                attr.value.clear();
                attr.value_span = None;
            }
            CallbackEvent::AttributeValue { value } => {
                let keep_all = self.metadata_tags;
                if let Some(attr) = self.tag.attrs[..self.tag.count].last_mut() {
                    attr.value_span = Some(span);
                    if keep_all || is_modelled_attribute(&attr.name) {
                        attr.value.push_str(&utf8(value));
                    }
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                self.last_token_end = span.end as usize;
                self.finish_start_tag(self_closing, span.end as usize);
            }
            CallbackEvent::EndTag { name } => {
                self.last_token_end = span.end as usize;
                self.closing_at = span.start as usize;
                let name = utf8(name);
                // Errors inside `</p <p>` belong to the end tag, not to the next tag.
                self.resolve_pending_errors(&format!("/{name}"), span);
                self.end_tag(&name);
            }
            CallbackEvent::String { value } => {
                self.last_token_end = span.end as usize;
                if self.wants_text() {
                    self.characters(&utf8(value), span);
                }
            }
            CallbackEvent::Comment { value } => {
                self.last_token_end = span.end as usize;
                self.comment(value.len(), span);
            }
            CallbackEvent::Error(error) => self.token_error(error, span),
            CallbackEvent::Doctype { .. } => self.last_token_end = span.end as usize,
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

    fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attrs().iter().find(|attr| attr.name == name)
    }

    fn attr_value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|attr| attr.value.as_str())
    }

    fn finish_start_tag(&mut self, self_closing: bool, tag_end: usize) {
        let name = std::mem::take(&mut self.tag.name);
        let tag_span = Span::new(self.tag.start, tag_end);
        self.closing_at = self.tag.start;
        self.check_attribute_syntax();
        self.resolve_pending_errors(&name, tag_span);
        if self.metadata_tags && matches!(name.as_str(), "properties" | "tags") {
            for attr in &self.tag.attrs {
                self.out
                    .fields
                    .push((attr.name.as_str().into(), attr.value.as_str().into()));
            }
            self.tag.name = name;
            return;
        }
        self.close_implied(&name);
        let parent_region = self.current_region();
        let region = if parent_region == Region::Comment {
            Region::Comment
        } else {
            self.regions
                .region_for(self.attr_value("id"), self.attr_value("class"))
                .unwrap_or(parent_region)
        };
        let foreign = self.in_foreign_content() || name == "svg" || name == "math";
        let info = elements::classify(&name);
        if info.block {
            self.close_block();
        }
        if region != Region::Comment {
            self.check_element(&name, info, tag_span, foreign);
        }
        // Commented-out anchors are kept (region `Comment`): links cannot
        // reach them, but a message can say the section was commented out.
        self.collect_anchors(&name, region);
        self.collect_links(&name, tag_span, region);
        self.start_text_capture(&name, info, tag_span, region);

        let is_void = info.void || (foreign && self_closing);
        if !is_void {
            self.stack.push(Open {
                hides_text: info.hides_text,
                name: name.as_str().into(),
                region,
                foreign,
                block: info.block,
            });
            if self.stack.len() > MAX_NESTING && !self.too_deep_reported && region != Region::Comment {
                self.too_deep_reported = true;
                self.out.problems.push(markup::too_deep(tag_span, MAX_NESTING));
            }
        }
        self.tag.name = name;
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
        for index in (0..self.stack.len()).rev() {
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
        if let Some(index) = self.stack.iter().rposition(|open| &*open.name == name) {
            self.pop_to(index);
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
    }

    fn check_element(&mut self, name: &str, info: elements::TagInfo, tag_span: Span, foreign: bool) {
        if !foreign && !info.known {
            let words = self.hidden_words(tag_span, name.len());
            self.out.problems.push(markup::unknown_element(tag_span, &words));
        }
        let mut seen: Vec<&str> = Vec::with_capacity(self.tag.count);
        for attr in &self.tag.attrs[..self.tag.count] {
            if seen.contains(&attr.name.as_str()) {
                self.out
                    .problems
                    .push(markup::duplicate_attribute(attr.name_span, &attr.name, name));
            } else {
                seen.push(&attr.name);
            }
        }
    }

    /// The words of a bogus tag as written: its name and value-less attributes.
    fn hidden_words(&self, tag_span: Span, name_len: usize) -> String {
        let raw_name_end = (tag_span.start as usize + 1 + name_len).min(self.text.len());
        let raw_name = self
            .text
            .get(tag_span.start as usize + 1..raw_name_end)
            .unwrap_or("");
        let mut words = vec![raw_name.to_owned()];
        for attr in self.attrs() {
            if attr.value_span.is_none() {
                words.push(self.text[attr.name_span.range()].to_owned());
            }
        }
        words.join(" ")
    }

    fn collect_anchors(&mut self, name: &str, region: Region) {
        for (attribute, kind) in [("id", AnchorKind::Id), ("name", AnchorKind::Name)] {
            if kind == AnchorKind::Name && name != "a" {
                continue;
            }
            let Some(attr) = self.attr(attribute) else {
                continue;
            };
            if attr.value.is_empty() {
                continue;
            }
            self.out.anchors.push(Anchor {
                name: attr.value.as_str().into(),
                span: attr.value_span.unwrap_or(attr.name_span),
                kind,
                region,
            });
        }
    }

    fn collect_links(&mut self, name: &str, tag_span: Span, region: Region) {
        let alt = self
            .attr_value("alt")
            .or_else(|| self.attr_value("data-alt"))
            .filter(|alt| !alt.trim().is_empty())
            .map(str::to_owned);
        if let (Some(alt), Some(capture)) = (&alt, &self.open_link) {
            let link = &mut self.out.links[capture.index];
            link.has_image = true;
            if link.accessible_name.is_none() {
                link.accessible_name = Some(collapse_whitespace(alt).into());
            }
        }
        let scripted = self.attrs().iter().any(|attr| {
            attr.name.starts_with("on")
                || attr.name == "data-toggle"
                || attr.name == "data-bs-toggle"
                || (attr.name == "role" && attr.value == "button")
        });
        for attribute in link_attributes(name) {
            let Some(attr) = self.attr(attribute) else {
                continue;
            };
            let span = attr
                .value_span
                .unwrap_or_else(|| empty_value_span(self.text, attr.name_span));
            let accessible_name = self
                .attr_value("aria-label")
                .or_else(|| self.attr_value("title"))
                .or(alt.as_deref())
                .filter(|label| !label.trim().is_empty())
                .map(|label| collapse_whitespace(label).into());
            let is_image = matches!(*attribute, "src" | "data-src") || name == "img";
            self.out.links.push(Link {
                url: attr.value.as_str().into(),
                span,
                verbatim: self.text.get(span.range()) == Some(attr.value.as_str()),
                text: "".into(),
                text_span: None,
                accessible_name,
                has_image: is_image,
                element: tag_span,
                region,
                syntax: LinkSyntax::Attribute(attribute),
                scripted,
            });
            if *attribute == "href" && name == "a" {
                self.open_link = Some(Capture::new(
                    self.out.links.len() - 1,
                    self.stack.len(),
                    tag_span.end as usize,
                ));
            }
        }
        self.collect_script_navigation(tag_span, region);
    }

    /// `onclick="window.open('../x.html')"` and `location.href='...'`: legacy
    /// home pages navigate from tiles this way, so these URLs are links too.
    fn collect_script_navigation(&mut self, tag_span: Span, region: Region) {
        for attr in &self.tag.attrs[..self.tag.count] {
            let Some(value_span) = attr.value_span else {
                continue;
            };
            if !attr.name.starts_with("on") {
                continue;
            }
            let verbatim = self.text.get(value_span.range()) == Some(attr.value.as_str());
            for (start, end) in script_urls(&attr.value) {
                let url = &attr.value[start..end];
                let span = if verbatim {
                    Span::new(value_span.start as usize + start, value_span.start as usize + end)
                } else {
                    value_span
                };
                self.out.links.push(Link {
                    url: url.into(),
                    span,
                    verbatim,
                    text: "".into(),
                    text_span: None,
                    accessible_name: None,
                    has_image: false,
                    element: tag_span,
                    region,
                    syntax: LinkSyntax::Script,
                    scripted: true,
                });
            }
        }
    }

    fn start_text_capture(&mut self, name: &str, info: elements::TagInfo, tag_span: Span, region: Region) {
        if region == Region::Comment {
            return;
        }
        let level = (info.heading > 0).then_some(info.heading);
        let label_id = (name == "label").then(|| self.attr_value("id")).flatten();
        if level.is_some() || label_id.is_some() {
            let anchor = self.attr_value("id").filter(|id| !id.is_empty()).map(Into::into);
            self.out.headings.push(Heading {
                level: level.unwrap_or(3),
                text: "".into(),
                span: tag_span,
                anchor,
                region,
                from_label: level.is_none(),
            });
            if let Some(previous) = self.open_heading.take() {
                self.out.headings[previous.index].text = collapse_whitespace(&previous.text).into();
            }
            self.open_heading = Some(Capture::new(
                self.out.headings.len() - 1,
                self.stack.len(),
                tag_span.end as usize,
            ));
        }
        let is_box_title = level.is_some()
            && self
                .attr_value("class")
                .is_some_and(|class| class.split_ascii_whitespace().any(|c| c == "box-title"));
        if (is_box_title || name == "title") && self.out.title.is_none() {
            self.open_title = Some(Capture::new(0, self.stack.len(), tag_span.end as usize));
        }
    }

    fn characters(&mut self, value: &str, span: Span) {
        let value = value.strip_prefix('\u{feff}').unwrap_or(value);
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
        if self.options.text_blocks && self.current_region() != Region::Comment {
            let region = self.current_region();
            let block = &mut self.block;
            if block.region.is_some_and(|r| r != region) {
                self.close_block();
            }
            let block = &mut self.block;
            block.text.push_str(value);
            block.region = Some(region);
            block.span = Some(block.span.map_or(span, |s| s.cover(span)));
        }
    }

    fn close_block(&mut self) {
        let block = std::mem::take(&mut self.block);
        let (Some(span), Some(region)) = (block.span, block.region) else {
            return;
        };
        let text = collapse_whitespace(&block.text);
        if !text.is_empty() {
            self.out.text_blocks.push(TextBlock {
                text: text.into(),
                span,
                region,
            });
        }
    }

    /// Links inside `<!-- ... -->` are recorded with [`Region::Comment`]: not
    /// rendered, but part of the content a migration must keep.
    fn comment(&mut self, value_len: usize, span: Span) {
        let start = span.start as usize;
        if !self.text[start..].starts_with("<!--") {
            return;
        }
        if self.base_region != Region::Comment {
            self.check_comment(span);
        }
        let inner_start = start + 4;
        let inner_end = (inner_start + value_len).min(self.text.len());
        let mut inner = Builder::new(self.text, Region::Comment, self.options, self.regions);
        inner.run(inner_start, inner_end);
        let collected = inner.finish();
        self.out.links.extend(collected.links);
        self.out.anchors.extend(collected.anchors);
    }

    /// Comment mistakes, read from the comment's text (html5gum is not asked
    /// for errors inside comments; see `WithoutCharacterChecks`).
    fn check_comment(&mut self, span: Span) {
        let start = span.start as usize;
        let raw = &self.text[span.range()];
        let abrupt = raw == "<!-->" || raw == "<!--->";
        let closed = abrupt || raw.ends_with("-->") || raw.ends_with("--!>");
        if !closed {
            let problem = markup::eof_in(MarkupIssue::EofInComment, span);
            self.out.problems.push(problem);
        }
        if abrupt || raw.ends_with("--!>") {
            let error = PendingError {
                issue: MarkupIssue::BadComment,
                offset: span.end as usize,
            };
            self.out
                .problems
                .push(markup::describe(self.text, &error, "", span, &[]));
        }
        if let Some(nested) = raw.get(4..).and_then(|body| body.find("<!--")) {
            let offset = start + 4 + nested + 4;
            let error = PendingError {
                issue: MarkupIssue::NestedComment,
                offset,
            };
            self.out
                .problems
                .push(markup::describe(self.text, &error, "", span, &[]));
        }
    }

    fn token_error(&mut self, error: TokenError, span: Span) {
        if self.current_region() == Region::Comment || self.base_region == Region::Comment {
            return;
        }
        let offset = span.start as usize;
        match error {
            TokenError::EofInTag | TokenError::EofBeforeTagName => {
                let start = self.text[self.last_token_end..]
                    .find('<')
                    .map_or(offset, |i| i + self.last_token_end);
                self.out
                    .problems
                    .push(markup::eof_in(MarkupIssue::EofInTag, Span::new(start, offset)));
            }
            TokenError::EofInComment => {
                let start = self.text[self.last_token_end..]
                    .find("<!--")
                    .map_or(offset, |i| i + self.last_token_end);
                self.out.problems.push(markup::eof_in(
                    MarkupIssue::EofInComment,
                    Span::new(start, offset),
                ));
            }
            _ => {
                if let Some(issue) = markup::issue_for(error) {
                    self.pending_errors.push(PendingError { issue, offset });
                }
            }
        }
    }

    /// The attribute errors html5gum raises while reading values, where
    /// `WithoutCharacterChecks` turns its error reporting off: found here from
    /// the source, exactly where html5gum would report them.
    fn check_attribute_syntax(&mut self) {
        let bytes = self.text.as_bytes();
        for attr in &self.tag.attrs[..self.tag.count] {
            let name_start = attr.name_span.start as usize;
            if name_start > 0 && matches!(bytes[name_start - 1], b'"' | b'\'') {
                let issue = MarkupIssue::MissingSpaceBetweenAttributes;
                self.pending_errors.push(PendingError {
                    issue,
                    offset: name_start + 1,
                });
            }
            let Some(value) = attr.value_span else { continue };
            let value_start = value.start as usize;
            let quoted = value_start > 0 && matches!(bytes[value_start - 1], b'"' | b'\'');
            if !quoted {
                let raw = &bytes[value.range()];
                if let Some(at) = raw
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b'<' | b'=' | b'`'))
                {
                    let issue = MarkupIssue::CharacterInUnquotedValue;
                    self.pending_errors.push(PendingError {
                        issue,
                        offset: value_start + at + 1,
                    });
                }
            }
        }
        self.pending_errors.sort_by_key(|error| error.offset);
    }

    /// Errors inside a tag are described with the tag's attributes, which
    /// html5gum reports after the error.
    fn resolve_pending_errors(&mut self, name: &str, tag_span: Span) {
        if self.pending_errors.is_empty() {
            return;
        }
        let errors = std::mem::take(&mut self.pending_errors);
        let attrs: Vec<(&str, Span)> = self.tag.attrs[..self.tag.count]
            .iter()
            .map(|a| (a.name.as_str(), a.name_span))
            .collect();
        let mut reported: Vec<MarkupIssue> = Vec::new();
        for error in errors {
            if reported.contains(&error.issue) {
                continue;
            }
            reported.push(error.issue);
            let problem = markup::describe(self.text, &error, name, tag_span, &attrs);
            self.out.problems.push(problem);
        }
    }

    /// Errors outside any tag (comments), reported at the end of each slice.
    fn flush_pending_errors(&mut self, end: usize) {
        for error in std::mem::take(&mut self.pending_errors) {
            let problem = markup::describe(self.text, &error, "", Span::new(error.offset, end), &[]);
            self.out.problems.push(problem);
        }
    }
}

/// Attributes whose values the page model uses; other values are skipped
/// (their presence and spans are still known).
fn is_modelled_attribute(name: &str) -> bool {
    matches!(
        name,
        "id" | "name"
            | "class"
            | "href"
            | "src"
            | "data-src"
            | "alt"
            | "data-alt"
            | "aria-label"
            | "title"
            | "role"
    ) || name.starts_with("on")
}

/// Forwards everything to the callback emitter, asking html5gum for errors
/// only while it reads tag and attribute names.
///
/// html5gum runs a per-byte check for control characters and noncharacters
/// whenever errors are wanted; in text and attribute values that check costs
/// a fifth of the parse and finds nothing tclint reports. The errors that
/// matter are raised in names, except those the builder finds itself from
/// the source (`Builder::check_attribute_syntax`, `Builder::check_comment`)
/// or which this emitter raises at the end of input: a name glued to a
/// closing quote, quotes in an unquoted value, comment mistakes, and input
/// ending inside a tag.
struct WithoutCharacterChecks<E> {
    inner: E,
    /// Errors are wanted now.
    in_names: bool,
    /// A tag has started and is not finished.
    in_tag: bool,
    eof_in_tag_seen: bool,
}

impl<E> WithoutCharacterChecks<E> {
    fn new(inner: E) -> Self {
        WithoutCharacterChecks {
            inner,
            in_names: false,
            in_tag: false,
            eof_in_tag_seen: false,
        }
    }
}

impl<E: Emitter> ForwardingEmitter for WithoutCharacterChecks<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.inner
    }

    fn should_emit_errors(&mut self) -> bool {
        self.in_names
    }

    fn emit_error(&mut self, error: TokenError) {
        self.eof_in_tag_seen |= error == TokenError::EofInTag;
        self.inner.emit_error(error);
    }

    fn start_open_tag(&mut self) {
        self.in_names = true;
        self.in_tag = true;
        self.inner.start_open_tag();
    }

    fn emit_string(&mut self, s: &[u8]) {
        // Text after `<`: it was not a tag after all (`a < b`).
        self.in_tag = false;
        self.in_names = false;
        self.inner.emit_string(s);
    }

    fn init_attribute(&mut self) {
        self.in_names = true;
        self.inner.init_attribute();
    }

    fn init_attribute_value(&mut self) {
        self.in_names = false;
        self.inner.init_attribute_value();
    }

    fn emit_current_tag(&mut self) -> Option<html5gum::State> {
        self.in_names = false;
        self.in_tag = false;
        self.inner.emit_current_tag()
    }

    fn init_comment(&mut self) {
        self.in_names = false;
        self.inner.init_comment();
    }

    fn emit_current_comment(&mut self) {
        self.in_names = false;
        self.in_tag = false;
        self.inner.emit_current_comment();
    }

    fn emit_current_doctype(&mut self) {
        self.in_names = false;
        self.in_tag = false;
        self.inner.emit_current_doctype();
    }

    fn emit_eof(&mut self) {
        if self.in_tag && !self.in_names && !self.eof_in_tag_seen {
            self.inner.emit_error(TokenError::EofInTag);
        }
        self.inner.emit_eof();
    }
}

/// Byte ranges of the URL literals navigated to in a script attribute.
fn script_urls(script: &str) -> Vec<(usize, usize)> {
    static NAVIGATION: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let pattern = NAVIGATION.get_or_init(|| {
        regex::Regex::new(r#"(?:window\.open\s*\(|location(?:\.href)?\s*=|location\.(?:assign|replace)\s*\()\s*(?:'([^']+)'|"([^"]+)")"#)
            .expect("valid navigation pattern")
    });
    pattern
        .captures_iter(script)
        .filter_map(|captures| captures.get(1).or_else(|| captures.get(2)))
        .map(|url| (url.start(), url.end()))
        .collect()
}

/// Text of a token. The page is valid UTF-8 (decoding made sure of it) and
/// html5gum writes only UTF-8, so the lossy path is a formality.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
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

/// Attributes holding URLs, by element.
fn link_attributes(name: &str) -> &'static [&'static str] {
    match name {
        "a" | "area" | "link" => &["href", "data-src"],
        "img" | "iframe" | "embed" | "video" | "audio" | "source" | "track" | "script" | "input" => {
            &["src", "data-src"]
        }
        _ => &["data-src"],
    }
}

/// For `href=""` or a bare `href`: a zero-width span where the value goes.
fn empty_value_span(text: &str, name_span: Span) -> Span {
    let rest = &text[name_span.end as usize..];
    let trimmed = rest.trim_start();
    let mut offset = name_span.end as usize + (rest.len() - trimmed.len());
    if let Some(after_equals) = trimmed.strip_prefix('=') {
        let value = after_equals.trim_start();
        offset += 1 + (after_equals.len() - value.len());
        if value.starts_with(['"', '\'']) {
            offset += 1;
        }
        return Span::at(offset);
    }
    Span::at(name_span.end as usize)
}

/// Collapses runs of whitespace (no-break spaces included) to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
