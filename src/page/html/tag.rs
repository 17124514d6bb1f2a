//! The start tag being read: its attributes, as the emitter reports them,
//! and the few the model reads, indexed once per tag.

use super::{Builder, utf8};
use crate::span::Span;

/// The start tag being read. Attribute buffers are reused from tag to tag:
/// only the first `count` are this tag's.
#[derive(Default)]
pub(super) struct TagInProgress {
    pub(super) start: usize,
    pub(super) attrs: Vec<Attribute>,
    pub(super) count: usize,
    /// For each [`Known`] attribute, 1 + its index in `attrs` (0: absent).
    /// Filled once per tag: the builder asks for these a dozen times.
    pub(super) known: [u8; Known::COUNT],
}

/// The attributes the model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Known {
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
    Style,
}

impl Known {
    pub(super) const COUNT: usize = Known::Style as usize + 1;

    pub(super) fn of(name: &str) -> Option<Known> {
        // Most attribute names (`data-view1`, `target`) have none of these
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
            "style" => Known::Style,
            _ => return None,
        })
    }
}

#[derive(Default)]
pub(super) struct Attribute {
    pub(super) name: String,
    pub(super) name_span: Span,
    /// Decoded, only for attributes the model uses (`keep_value`).
    pub(super) value: String,
    /// Where the value is written (without quotes), if it has one.
    pub(super) value_span: Option<Span>,
    pub(super) keep_value: bool,
    pub(super) known: Option<Known>,
}

impl Builder<'_> {
    /// A `<` that starts a tag, end tag or comment.
    pub(super) fn begin_tag(&mut self, start: usize) {
        self.tag.start = start;
        self.tag.count = 0;
    }

    pub(super) fn begin_attribute(&mut self, name_start: usize) {
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

    pub(super) fn push_attribute_name(&mut self, name: &str, end: usize) {
        let keep_all = self.metadata_tags;
        if let Some(attr) = self.tag.attrs[..self.tag.count].last_mut() {
            attr.name.push_str(name);
            attr.name_span = Span::new(attr.name_span.start as usize, end);
            attr.known = Known::of(&attr.name);
            attr.keep_value = keep_all || attr.known.is_some() || attr.name.starts_with("on");
        }
    }

    pub(super) fn begin_attribute_value(&mut self, start: usize) {
        if let Some(attr) = self.tag.attrs[..self.tag.count].last_mut() {
            attr.value_span = Some(Span::at(start));
        }
    }

    /// Values of attributes the model does not use are never decoded.
    pub(super) fn push_attribute_value(&mut self, value: &[u8], end: usize) {
        if let Some(attr) = self.tag.attrs[..self.tag.count].last_mut() {
            if attr.keep_value {
                attr.value.push_str(&utf8(value));
            }
            let start = attr.value_span.map_or(end, |span| span.start as usize);
            attr.value_span = Some(Span::new(start, end));
        }
    }

    /// This tag's attributes.
    pub(super) fn attrs(&self) -> &[Attribute] {
        &self.tag.attrs[..self.tag.count]
    }

    /// Indexes this tag's known attributes (the first of each name counts,
    /// as in browsers).
    pub(super) fn index_attributes(&mut self) {
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

    pub(super) fn attr(&self, known: Known) -> Option<&Attribute> {
        let slot = self.tag.known[known as usize];
        (slot > 0).then(|| &self.tag.attrs[slot as usize - 1])
    }

    pub(super) fn attr_value(&self, known: Known) -> Option<&str> {
        self.attr(known).map(|attr| attr.value.as_str())
    }
}
