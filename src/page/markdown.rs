//! Markdown pages: legacy ACOM Markdown and the unified Markdown that
//! `tclint convert` writes. pulldown-cmark parses, with source offsets; HTML
//! inside the Markdown goes through the same HTML builder as legacy pages.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::frontmatter;
use super::html::{Builder, RegionRules};
use super::slug::Slugger;
use super::{
    Anchor, AnchorKind, Heading, Link, LinkSyntax, Locale, MarkupIssue, Page, PageKind, ParseOptions,
    Problem, ProblemKind, Region, TextBlocks,
};
use crate::shared::whitespace::collapse_whitespace;
use crate::span::Span;

/// Parses an ACOM or unified Markdown page.
pub fn parse(path: &str, kind: PageKind, text: &str, options: &ParseOptions, regions: &RegionRules) -> Page {
    let mut page = Page::new(path, kind);
    let split = frontmatter::split(text);
    if let Some(front) = split.front_matter {
        read_front_matter(&mut page, text, front);
    }
    let body_start = split.body_start;
    let patched = LegacyHeadings::patch(&text[body_start..], kind == PageKind::AcomMarkdown);
    if kind != PageKind::AcomMarkdown {
        report_legacy_headings(&mut page, text, body_start);
    }
    let mut walker = Walker::new(text, body_start, &patched, options, regions, kind);
    walker.walk();
    walker.finish_into(&mut page);
    apply_acom_fields(&mut page);
    if page.title.is_none() {
        page.title = page
            .headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.clone());
    }
    page
}

/// `#Title` lines (no space after the hashes), which the ACOM renderer read as
/// headings and CommonMark reads as text. For ACOM pages a space is inserted
/// before parsing; offsets are mapped back to the original text.
struct LegacyHeadings<'a> {
    text: std::borrow::Cow<'a, str>,
    /// Positions, in the patched text, of the inserted spaces (sorted).
    inserted: Vec<usize>,
}

impl<'a> LegacyHeadings<'a> {
    fn patch(body: &'a str, enabled: bool) -> LegacyHeadings<'a> {
        let positions = if enabled {
            legacy_heading_positions(body)
        } else {
            Vec::new()
        };
        if positions.is_empty() {
            return LegacyHeadings {
                text: body.into(),
                inserted: Vec::new(),
            };
        }
        let mut text = String::with_capacity(body.len() + positions.len());
        let mut inserted = Vec::with_capacity(positions.len());
        let mut last = 0;
        for position in positions {
            text.push_str(&body[last..position]);
            inserted.push(text.len());
            text.push(' ');
            last = position;
        }
        text.push_str(&body[last..]);
        LegacyHeadings {
            text: text.into(),
            inserted,
        }
    }

    /// Maps an offset in the patched text to the original body.
    fn original(&self, offset: usize) -> usize {
        offset - self.inserted.partition_point(|&position| position < offset)
    }
}

/// Offsets just after the hashes of `#Title` lines, outside code fences.
fn legacy_heading_positions(body: &str) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut offset = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with('#') {
            let hashes = line.bytes().take_while(|&b| b == b'#').count();
            let next = line[hashes..].chars().next();
            if hashes <= 6 && next.is_some_and(|c| !c.is_whitespace() && c != '#') {
                positions.push(offset + hashes);
            }
        }
        offset += line.len();
    }
    positions
}

fn report_legacy_headings(page: &mut Page, text: &str, body_start: usize) {
    for position in legacy_heading_positions(&text[body_start..]) {
        let start = body_start
            + text[body_start..body_start + position]
                .rfind('\n')
                .map_or(0, |i| i + 1);
        let end = body_start + position;
        page.problems.push(Problem {
            kind: ProblemKind::Markup(MarkupIssue::LegacyMarkdown),
            span: Span::new(start, end),
            message: "`#Title` without a space is not a heading in CommonMark: it renders as text \
                      and its anchor does not exist"
                .to_owned(),
        });
    }
}

#[derive(Deserialize, Default)]
struct UnifiedFrontMatter {
    title: Option<String>,
    description: Option<String>,
    locale: Option<String>,
    date: Option<String>,
    #[serde(default)]
    translations: BTreeMap<String, String>,
    #[serde(default)]
    breadcrumb: Vec<Crumb>,
}

#[derive(Deserialize)]
struct Crumb {
    title: String,
    link: Option<String>,
}

fn read_front_matter(page: &mut Page, text: &str, front: Span) {
    let yaml = &text[front.range()];
    if yaml.trim().is_empty() {
        return;
    }
    let parsed: UnifiedFrontMatter = match serde_saphyr::from_str(yaml) {
        Ok(parsed) => parsed,
        Err(error) => {
            page.problems.push(Problem {
                kind: ProblemKind::Markup(MarkupIssue::BadFrontMatter),
                span: front,
                message: format!("front matter is not valid YAML: {error}"),
            });
            return;
        }
    };
    page.title = parsed.title.filter(|t| !t.is_empty()).map(Into::into);
    page.metadata.description = parsed.description.map(Into::into);
    page.metadata.declared_locale = parsed.locale.as_deref().and_then(Locale::parse);
    page.metadata.date = parsed.date.map(Into::into);
    let mut search_from = 0;
    for (locale, url) in &parsed.translations {
        if let Some(locale) = Locale::parse(locale) {
            page.metadata.translations.push((locale, url.as_str().into()));
        }
        page.links
            .push(front_matter_link(text, front, &mut search_from, url, ""));
    }
    for crumb in &parsed.breadcrumb {
        if let Some(url) = &crumb.link {
            page.links.push(front_matter_link(
                text,
                front,
                &mut search_from,
                url,
                &crumb.title,
            ));
        }
    }
}

/// A URL written in front matter, found by searching for its text.
fn front_matter_link(text: &str, front: Span, search_from: &mut usize, url: &str, label: &str) -> Link {
    let yaml = &text[front.range()];
    let found = yaml[*search_from..].find(url).map(|i| i + *search_from);
    let span = match found {
        Some(at) => {
            *search_from = at + url.len();
            Span::new(front.start as usize + at, front.start as usize + at + url.len())
        }
        None => front,
    };
    Link {
        url: url.into(),
        span,
        verbatim: found.is_some(),
        text: label.into(),
        text_span: None,
        accessible_name: None,
        has_image: false,
        element: span,
        region: Region::Metadata,
        syntax: LinkSyntax::FrontMatter,
        scripted: false,
    }
}

/// ACOM `<properties>` and `<tags>` fields into page metadata.
fn apply_acom_fields(page: &mut Page) {
    let fields = page.metadata.fields.clone();
    for (key, value) in &fields {
        match &**key {
            "pagetitle" if !value.is_empty() && page.title.is_none() => page.title = Some(value.clone()),
            "description" if !value.is_empty() => page.metadata.description = Some(value.clone()),
            "ms.date" | "wacn.date" if page.metadata.date.is_none() && !value.is_empty() => {
                page.metadata.date = Some(value.clone())
            }
            "wacn.lang" => page.metadata.declared_locale = Locale::parse(value),
            _ => {}
        }
    }
}

/// A Markdown link or image whose text is being collected.
struct OpenLink {
    index: usize,
    /// End of the last event inside it: where `](` starts.
    inner_end: usize,
    is_image: bool,
    text: String,
}

struct Walker<'a> {
    text: &'a str,
    body_start: usize,
    patched: &'a LegacyHeadings<'a>,
    options: &'a ParseOptions,
    html: Builder<'a>,
    links: Vec<Link>,
    headings: Vec<Heading>,
    anchors: Vec<Anchor>,
    text_blocks: TextBlocks,
    tables: super::tables::TableCollector,
    translations: Vec<(Locale, Box<str>)>,
    slugger: Slugger,
    open_links: Vec<OpenLink>,
    heading: Option<(u8, usize, String)>,
    block: Option<(usize, String)>,
    html_block_start: Option<usize>,
    /// The last paragraph was `[AZURE.LANGUAGE]`: the next list holds the
    /// language versions of the page.
    language_list: LanguageList,
    previous_text: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LanguageList {
    None,
    Announced,
    Inside(usize),
}

impl<'a> Walker<'a> {
    fn new(
        text: &'a str,
        body_start: usize,
        patched: &'a LegacyHeadings<'a>,
        options: &'a ParseOptions,
        regions: &'a RegionRules,
        kind: PageKind,
    ) -> Walker<'a> {
        let mut html = Builder::new(text, Region::Main, options, regions);
        if kind == PageKind::AcomMarkdown {
            html.read_metadata_tags();
        }
        Walker {
            text,
            body_start,
            patched,
            options,
            html,
            links: Vec::new(),
            headings: Vec::new(),
            anchors: Vec::new(),
            text_blocks: TextBlocks::collector(options.text_blocks),
            tables: Default::default(),
            translations: Vec::new(),
            slugger: Slugger::default(),
            open_links: Vec::new(),
            heading: None,
            block: None,
            html_block_start: None,
            language_list: LanguageList::None,
            previous_text: String::new(),
        }
    }

    /// A range of the patched text as a range of the page text.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        self.body_start + self.patched.original(range.start)
            ..self.body_start + self.patched.original(range.end)
    }

    fn walk(&mut self) {
        let source: &'a str = &self.patched.text;
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_GFM
            | Options::ENABLE_FOOTNOTES;
        let parser = Parser::new_ext(source, options);
        for (event, range) in parser.into_offset_iter() {
            let range = self.original(range);
            self.event(event, range);
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let closes_link = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if let (Some(open), false) = (self.open_links.last_mut(), closes_link) {
            open.inner_end = open.inner_end.max(range.end);
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::Html(_) => {}
            Event::InlineHtml(_) => self.html.run(range.start, range.end),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let is_block = matches!(
            tag,
            Tag::Paragraph | Tag::Heading { .. } | Tag::Table(_) | Tag::CodeBlock(_) | Tag::HtmlBlock
        );
        if is_block && self.language_list == LanguageList::Announced {
            self.language_list = LanguageList::None;
        }
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some((heading_level(level), range.start, String::new()))
            }
            Tag::Paragraph | Tag::Item => self.block = Some((range.start, String::new())),
            Tag::TableCell => {
                self.block = Some((range.start, String::new()));
                self.tables.cell(1);
            }
            // Rows and cells of a table not opened are ignored.
            Tag::Table(_) if self.options.text_blocks => self.tables.open(range.start, Region::Main),
            Tag::TableHead | Tag::TableRow => self.tables.row(),
            Tag::List(_) if self.language_list == LanguageList::Announced => {
                self.language_list = LanguageList::Inside(range.end)
            }
            Tag::HtmlBlock => self.html_block_start = Some(range.start),
            Tag::Link {
                link_type, dest_url, ..
            } => self.open_link(link_type, &dest_url, range, false),
            Tag::Image {
                link_type, dest_url, ..
            } => self.open_link(link_type, &dest_url, range, true),
            _ => {}
        }
        self.previous_text.clear();
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => self.close_heading(),
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell => self.close_block(range.end),
            TagEnd::List(_) if matches!(self.language_list, LanguageList::Inside(end) if end == range.end) => {
                self.language_list = LanguageList::None
            }
            TagEnd::HtmlBlock => {
                if let Some(start) = self.html_block_start.take() {
                    self.html.run(start, range.end);
                }
            }
            TagEnd::Link | TagEnd::Image => self.close_link(),
            TagEnd::Table => self.tables.close(range.end),
            _ => {}
        }
    }

    fn text(&mut self, value: &str) {
        if self.html.is_capturing() {
            self.html.markdown_text(value);
        }
        if let Some((_, _, heading)) = &mut self.heading {
            heading.push_str(value);
        }
        if let Some((_, block)) = &mut self.block {
            block.push_str(value);
        }
        if let Some(open) = self.open_links.last_mut() {
            open.text.push_str(value);
        }
        if value.contains("AZURE.LANGUAGE") {
            self.language_list = LanguageList::Announced;
        }
        self.previous_text.push_str(value);
    }

    fn open_link(&mut self, link_type: LinkType, dest: &str, range: Range<usize>, is_image: bool) {
        let include = self.previous_text.trim_end().ends_with("AZURE.INCLUDE")
            || self.previous_text.trim_end().ends_with("!INCLUDE");
        let span = matches!(link_type, LinkType::Autolink | LinkType::Email)
            .then(|| Span::new(range.start + 1, range.end.saturating_sub(1)));
        let region = if matches!(self.language_list, LanguageList::Inside(_)) {
            Region::Metadata
        } else {
            Region::Main
        };
        let syntax = match (link_type, is_image) {
            _ if include => LinkSyntax::Include,
            (LinkType::Autolink | LinkType::Email, _) => LinkSyntax::MarkdownAutolink,
            (_, true) => LinkSyntax::MarkdownImage,
            _ => LinkSyntax::MarkdownLink,
        };
        self.links.push(Link {
            url: dest.into(),
            span: span.unwrap_or_else(|| Span::new(range.start, range.end)),
            verbatim: span.is_some_and(|span| &self.text[span.range()] == dest),
            text: "".into(),
            text_span: None,
            accessible_name: None,
            has_image: is_image,
            element: Span::new(range.start, range.end),
            region,
            syntax,
            scripted: false,
        });
        let opening = if is_image { 2 } else { 1 };
        self.open_links.push(OpenLink {
            index: self.links.len() - 1,
            inner_end: range.start + opening,
            is_image,
            text: String::new(),
        });
    }

    fn close_link(&mut self) {
        let Some(open) = self.open_links.pop() else { return };
        let text = collapse_whitespace(&open.text);
        let link = &mut self.links[open.index];
        let opening = if open.is_image { 2 } else { 1 };
        let text_start = link.element.start as usize + opening;
        link.text_span = Some(Span::new(text_start, open.inner_end.max(text_start)));
        if open.is_image {
            link.accessible_name = (!text.is_empty()).then(|| text.as_str().into());
        } else {
            link.text = text.as_str().into();
        }
        let inline = matches!(
            link.syntax,
            LinkSyntax::MarkdownLink | LinkSyntax::MarkdownImage | LinkSyntax::Include
        );
        if let Some(span) = inline
            .then(|| inline_destination(self.text, open.inner_end, link.element.end as usize))
            .flatten()
        {
            link.verbatim = self.text.get(span.range()) == Some(&*link.url);
            link.span = span;
        }
        let name = link.label().to_owned();
        if let Some(parent) = self.open_links.last_mut() {
            if open.is_image {
                let parent_link = &mut self.links[parent.index];
                parent_link.has_image = true;
                if parent_link.accessible_name.is_none() && !name.is_empty() {
                    parent_link.accessible_name = Some(name.into());
                }
            } else {
                parent.text.push_str(&name);
            }
        }
        if let LanguageList::Inside(_) = self.language_list {
            let link = &self.links[open.index];
            if let Some(locale) = Locale::parse(&link.text).or_else(|| locale_of_url(&link.url)) {
                self.translations.push((locale, link.url.clone()));
            }
        }
    }

    fn close_heading(&mut self) {
        let Some((level, start, text)) = self.heading.take() else {
            return;
        };
        let text = collapse_whitespace(&text);
        let slug = self.slugger.unique(&text);
        // The heading's first character (not byte: it may be 数).
        let first = self.text.get(start..).and_then(|rest| rest.chars().next());
        let span = Span::new(start, start + first.map_or(0, char::len_utf8));
        self.anchors.push(Anchor {
            name: slug.as_str().into(),
            span,
            kind: AnchorKind::HeadingSlug,
            region: Region::Main,
        });
        self.headings.push(Heading {
            level,
            text: text.as_str().into(),
            span,
            anchor: Some(slug.into()),
            region: Region::Main,
            from_label: false,
        });
        if self.options.text_blocks {
            self.text_blocks.push_block(&text, span, Region::Main);
        }
    }

    fn close_block(&mut self, end: usize) {
        let Some((start, text)) = self.block.take() else {
            return;
        };
        if !self.options.text_blocks {
            return;
        }
        self.text_blocks
            .push_block(&text, Span::new(start, end), Region::Main);
    }

    fn finish_into(self, page: &mut Page) {
        let mut html = self.html.finish();
        page.vocabulary = html.vocabulary();
        page.links.extend(self.links);
        page.links.extend(html.links);
        page.links.sort_by_key(|link| link.span.start);
        page.anchors = self.anchors;
        page.anchors.extend(html.anchors);
        page.anchors.sort_by_key(|anchor| anchor.span.start);
        page.headings = self.headings;
        page.headings.extend(html.headings);
        page.headings.sort_by_key(|heading| heading.span.start);
        page.text_blocks = self.text_blocks;
        page.text_blocks.merge(html.text_blocks);
        page.text_blocks.finish(&self.options.shared_texts);
        page.tables = self.tables.finish(self.text.len());
        page.tables.extend(html.tables);
        page.tables.sort_by_key(|table| table.span.start);
        page.css = html.css;
        page.problems.extend(html.problems);
        page.metadata.fields.extend(html.fields);
        page.suppressions = super::suppress::resolve(&html.directives, self.text);
        page.metadata.translations.extend(self.translations);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// `-en` / `-cn` at the end of a URL path names the language of its page.
fn locale_of_url(url: &str) -> Option<Locale> {
    let path = url.split(['#', '?']).next().unwrap_or("").trim_end_matches('/');
    let stem = path.rsplit('/').next().unwrap_or("");
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    if stem.ends_with("-en") {
        Some(Locale::EnUs)
    } else if stem.ends_with("-cn") {
        Some(Locale::ZhCn)
    } else {
        None
    }
}

/// The destination of `[text](dest "title")`, found after the link text:
/// `inner_end` is where the text ended (the `]` follows), `end` is the end of
/// the whole link.
fn inline_destination(text: &str, inner_end: usize, end: usize) -> Option<Span> {
    let window = text.get(inner_end..end)?;
    let close = window.find("](")?;
    let after = inner_end + close + 2;
    let rest = &text[after..end];
    let trimmed = rest.trim_start();
    let start = after + (rest.len() - trimmed.len());
    if let Some(inside) = trimmed.strip_prefix('<') {
        let length = inside.find('>')?;
        return Some(Span::new(start + 1, start + 1 + length));
    }
    let mut depth = 0usize;
    let mut length = trimmed.len();
    let mut escaped = false;
    for (i, c) in trimmed.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => {
                length = i;
                break;
            }
            ')' => depth -= 1,
            c if c.is_whitespace() => {
                length = i;
                break;
            }
            _ => {}
        }
    }
    Some(Span::new(start, start + length))
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
