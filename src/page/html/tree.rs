//! The open-element stack: which elements a start tag opens and closes,
//! and what closing an element completes (a link's text, a heading, the
//! title, a text block, a table's shape).

use super::tag::Known;
use super::{Builder, Capture, MAX_NESTING, elements, markup};
use crate::page::Region;
use crate::shared::whitespace::collapse_whitespace;
use crate::span::Span;

pub(super) struct Open {
    pub(super) name: Box<str>,
    pub(super) region: Region,
    /// Inside `<svg>` or `<math>`: foreign names are not HTML mistakes.
    pub(super) foreign: bool,
    pub(super) hides_text: bool,
    pub(super) block: bool,
}

/// Takes the capture if the element it belongs to is being closed (the stack
/// is now no deeper than where the capture started).
pub(super) fn take_if_closed(capture: &mut Option<Capture>, depth: usize) -> Option<Capture> {
    if capture.as_ref().is_some_and(|capture| capture.depth >= depth) {
        capture.take()
    } else {
        None
    }
}

impl Builder<'_> {
    pub(super) fn finish_start_tag(&mut self, name: &str, self_closing: bool, tag_end: usize) {
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
        self.collect_css(name, tag_span, region);
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
    pub(super) fn close_implied(&mut self, name: &str) {
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

    pub(super) fn end_tag(&mut self, name: &str) {
        if elements::is_block(name) {
            self.close_block();
        }
        let lowest = self.stack.len().saturating_sub(MAX_NESTING);
        if let Some(found) = self.stack[lowest..].iter().rposition(|open| &*open.name == name) {
            self.pop_to(lowest + found);
        }
    }

    /// Pops the stack down to (and including) `index`.
    pub(super) fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let open = self.stack.pop().expect("stack is longer than index");
            self.close_element(&open);
        }
    }

    pub(super) fn close_element(&mut self, open: &Open) {
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
    pub(super) fn table_tag(&mut self, name: &str, tag_span: Span, region: Region) {
        match name {
            "table" => self.tables.open(tag_span.start as usize, region),
            "tr" => self.tables.row(),
            "td" | "th" => {
                let colspan = crate::page::tables::colspan(self.attr_value(Known::Colspan));
                self.tables.cell(colspan);
            }
            _ => {}
        }
    }

    pub(super) fn current_region(&self) -> Region {
        self.stack.last().map_or(self.base_region, |open| open.region)
    }

    pub(super) fn in_foreign_content(&self) -> bool {
        self.stack.last().is_some_and(|open| open.foreign)
    }

    pub(super) fn hides_text(&self) -> bool {
        self.stack.iter().rev().take(3).any(|open| open.hides_text)
    }
}
