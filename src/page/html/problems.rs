//! Markup problems: tokenizer errors that matter, described with the tag
//! they occur in, and the ones found from the source text instead.

use super::Builder;
use super::tag::Known;
use crate::page::markup::{self, PendingError};
use crate::page::{MarkupIssue, Region};
use crate::span::Span;

impl Builder<'_> {
    /// Comment mistakes, read from the comment's text (html5gum is not asked
    /// for errors inside comments; see `WithoutCharacterChecks`).
    /// `<! ...>` that is not `<!--`, `<!DOCTYPE` or CDATA: a bogus comment,
    /// hiding everything up to the next `>`.
    pub(super) fn check_bogus_comment(&mut self, span: Span) {
        let raw = &self.text[span.range()];
        let head = raw.get(..9).unwrap_or(raw).to_ascii_lowercase();
        if raw.starts_with("<!") && !head.starts_with("<!doctype") && !head.starts_with("<![cdata[") {
            let error = PendingError {
                issue: MarkupIssue::BadComment,
                offset: span.start as usize + 2,
            };
            self.out
                .problems
                .push(markup::describe(self.text, &error, "", span, &[]));
        }
    }

    pub(super) fn check_comment(&mut self, span: Span) {
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

    /// The input ends inside a tag (`<a href="x.html` or a lone `<`).
    pub(super) fn eof_in_tag(&mut self, end: usize) {
        if self.current_region() == Region::Comment || self.base_region == Region::Comment {
            return;
        }
        let start = self.text[self.last_token_end..end]
            .find('<')
            .map_or(end, |i| i + self.last_token_end);
        let span = Span::new(start.min(end), end);
        self.out
            .problems
            .push(markup::eof_in(MarkupIssue::EofInTag, span));
    }

    /// Attribute mistakes, found from the source: html5gum is never asked
    /// for errors (see `emitter.rs`). Each is placed where html5gum would
    /// report it: just past the offending character.
    pub(super) fn check_attribute_syntax(&mut self) {
        let bytes = self.text.as_bytes();
        let mut found = Vec::new();
        for attr in &self.tag.attrs[..self.tag.count] {
            let name_start = attr.name_span.start as usize;
            if name_start > 0 && matches!(bytes[name_start - 1], b'"' | b'\'') {
                found.push((MarkupIssue::MissingSpaceBetweenAttributes, name_start + 1));
            }
            let name = &bytes[attr.name_span.range()];
            if let Some(at) = name
                .iter()
                .position(|b| matches!(b, b'<' | b'"' | b'\''))
                .or_else(|| (name.first() == Some(&b'=')).then_some(0))
            {
                found.push((MarkupIssue::CharacterInAttributeName, name_start + at + 1));
            }
            match attr.value_span {
                Some(value) => {
                    let value_start = value.start as usize;
                    let quoted = value_start > 0 && matches!(bytes[value_start - 1], b'"' | b'\'');
                    let raw = &bytes[value.range()];
                    let odd = raw
                        .iter()
                        .position(|b| matches!(b, b'"' | b'\'' | b'<' | b'=' | b'`'));
                    if let (false, Some(at)) = (quoted, odd) {
                        found.push((MarkupIssue::CharacterInUnquotedValue, value_start + at + 1));
                    }
                }
                None => {
                    // `href=>`: an `=` with nothing after it.
                    let rest = &self.text[attr.name_span.end as usize..];
                    let after_space = rest.trim_start();
                    let equals = attr.name_span.end as usize + (rest.len() - after_space.len());
                    if after_space.starts_with('=') && after_space[1..].trim_start().starts_with(['>', '/']) {
                        found.push((MarkupIssue::MissingAttributeValue, equals + 1));
                    }
                }
            }
        }
        self.pending_errors.extend(
            found
                .into_iter()
                .map(|(issue, offset)| PendingError { issue, offset }),
        );
        self.pending_errors.sort_by_key(|error| error.offset);
    }

    /// Attributes written on an end tag (`</ul style="...">`): browsers drop
    /// them without a word, so the style, class or anchor never applies.
    /// Not reported when the end tag swallowed the next tag (`</p <p>`):
    /// that is reported as such.
    pub(super) fn check_end_tag_attributes(&mut self, name: &str) {
        let bytes = self.text.as_bytes();
        let attrs = self.attrs();
        let (Some(first), Some(last)) = (attrs.first(), attrs.last()) else {
            return;
        };
        let end = match last.value_span {
            Some(value) => {
                let (start, end) = (value.start as usize, value.end as usize);
                let quote = start.checked_sub(1).map(|at| bytes[at]);
                let closed = matches!(quote, Some(b'"' | b'\'')) && bytes.get(end) == quote.as_ref();
                end + usize::from(closed)
            }
            None => last.name_span.end as usize,
        };
        let names: Vec<&str> = attrs.iter().map(|attr| attr.name.as_str()).collect();
        let anchor = attrs
            .iter()
            .find(|attr| matches!(attr.known, Some(Known::Id | Known::Name)) && !attr.value.is_empty())
            .map(|attr| attr.value.as_str());
        let span = Span::new(first.name_span.start as usize, end);
        let problem = markup::end_tag_attributes(span, name, &names, anchor);
        self.out.problems.push(problem);
    }

    /// Errors inside a tag are described with the tag's attributes, which
    /// html5gum reports after the error.
    pub(super) fn resolve_pending_errors(&mut self, name: &str, tag_span: Span) {
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
    pub(super) fn flush_pending_errors(&mut self, end: usize) {
        for error in std::mem::take(&mut self.pending_errors) {
            let problem = markup::describe(self.text, &error, "", Span::new(error.offset, end), &[]);
            self.out.problems.push(problem);
        }
    }
}
