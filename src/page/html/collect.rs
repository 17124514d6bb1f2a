//! What each start tag contributes to the page model: anchors, links,
//! headings and title captures, unknown elements and duplicate attributes.

use super::{Builder, Capture, Known, OpenStyle};
use crate::page::attributes::is_html_attribute;
use crate::page::elements::TagInfo;
use crate::page::vocabulary::{Use, name_bits};
use crate::page::{Anchor, AnchorKind, Css, CssKind, Heading, Link, LinkSyntax, Region, markup};
use crate::shared::whitespace::collapse_whitespace;
use crate::span::Span;

impl Builder<'_> {
    pub(super) fn check_element(&mut self, name: &str, info: TagInfo, tag_span: Span, foreign: bool) {
        if !foreign && !info.known {
            let words = self.hidden_words(tag_span, name.len());
            self.out.problems.push(markup::unknown_element(tag_span, &words));
        }
        let attrs = &self.tag.attrs[..self.tag.count];
        for index in repeated_names(attrs.iter().map(|attr| attr.name.as_str())) {
            let attr = &attrs[index];
            self.out
                .problems
                .push(markup::duplicate_attribute(attr.name_span, &attr.name, name));
        }
        // A bogus tag's "attributes" are hidden words, and SVG and MathML
        // have a vocabulary of their own: neither is the site's HTML.
        if self.options.vocabulary && !foreign && info.known {
            self.count_vocabulary();
        }
    }

    /// Counts the tag's attribute names and class tokens. Places are
    /// looked up only for the first uses of a term on the page.
    fn count_vocabulary(&mut self) {
        let text = self.text;
        let attrs = &self.tag.attrs[..self.tag.count];
        // A use's siblings leave its own name out (its bits could hide the
        // name meant); a hostile tag with thousands of names gets all of
        // them, once, rather than one pass per name.
        let everyone = (attrs.len() > FEW_ATTRIBUTES)
            .then(|| attrs.iter().fold(0, |bits, attr| bits | name_bits(&attr.name)));
        for attr in attrs {
            if !is_plausible_name(&attr.name) {
                continue;
            }
            self.out.attribute_names.add(
                &attr.name,
                |name| !is_html_attribute(name),
                || Use {
                    span: attr.name_span,
                    verbatim: text.get(attr.name_span.range()) == Some(attr.name.as_str()),
                    siblings: everyone.unwrap_or_else(|| {
                        (attrs.iter())
                            .filter(|other| other.name != attr.name)
                            .fold(0, |bits, other| bits | name_bits(&other.name))
                    }),
                },
            );
        }
        // The class attribute found by hand, not by `self.attr`: the
        // counters are borrowed mutably while it is read.
        let slot = self.tag.known[Known::Class as usize];
        let Some(class) = slot
            .checked_sub(1)
            .map(|index| &self.tag.attrs[usize::from(index)])
        else {
            return;
        };
        let value_span = class.value_span.unwrap_or(class.name_span);
        let verbatim = text.get(value_span.range()) == Some(class.value.as_str());
        for token in class.value.split_ascii_whitespace() {
            let place = || {
                // The token's offset in the value is its offset in the source
                // when the value is written as it reads.
                let offset = token.as_ptr() as usize - class.value.as_ptr() as usize;
                let start = value_span.start as usize + offset;
                Use {
                    span: if verbatim {
                        Span::new(start, start + token.len())
                    } else {
                        value_span
                    },
                    verbatim,
                    siblings: 0,
                }
            };
            self.out.class_tokens.add(token, |_| true, place);
        }
    }

    /// The words of a bogus tag as written: its name and value-less attributes.
    pub(super) fn hidden_words(&self, tag_span: Span, name_len: usize) -> String {
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

    pub(super) fn collect_anchors(&mut self, name: &str, region: Region) {
        for (attribute, kind) in [(Known::Id, AnchorKind::Id), (Known::Name, AnchorKind::Name)] {
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

    pub(super) fn collect_links(&mut self, name: &str, tag_span: Span, region: Region) {
        let alt = self
            .attr_value(Known::Alt)
            .or_else(|| self.attr_value(Known::DataAlt))
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
        for &(attribute, known) in link_attributes(name) {
            let Some(attr) = self.attr(known) else {
                continue;
            };
            let span = attr
                .value_span
                .unwrap_or_else(|| empty_value_span(self.text, attr.name_span));
            let accessible_name = self
                .attr_value(Known::AriaLabel)
                .or_else(|| self.attr_value(Known::Title))
                .or(alt.as_deref())
                .filter(|label| !label.trim().is_empty())
                .map(|label| collapse_whitespace(label).into());
            let is_image = matches!(known, Known::Src | Known::DataSrc) || name == "img";
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
            if known == Known::Href && name == "a" {
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
    pub(super) fn collect_script_navigation(&mut self, tag_span: Span, region: Region) {
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

    /// A `style` attribute, and the start of a `<style>` element. CSS in a
    /// comment is never applied: not kept.
    pub(super) fn collect_css(&mut self, name: &str, tag_span: Span, region: Region) {
        if region == Region::Comment {
            return;
        }
        if let Some(attr) = self.attr(Known::Style)
            && let Some(span) = attr.value_span
        {
            let written = self.text.get(span.range()).unwrap_or("");
            // The tokenizer turns `\r\n` into `\n`; CSS reads both as one
            // space, so the text as written serves, with exact offsets.
            let verbatim =
                written == attr.value || (written.contains('\r') && same_but_newlines(written, &attr.value));
            self.out.css.push(Css {
                kind: CssKind::Declarations,
                text: if verbatim { written } else { attr.value.as_str() }.into(),
                span,
                verbatim,
                element: tag_span,
                region,
            });
        }
        if name == "style" && self.is_css_style() {
            self.open_style = Some(OpenStyle {
                content_start: tag_span.end as usize,
                element: tag_span,
                region,
            });
        }
    }

    /// Whether this `<style>` start tag holds CSS: browsers apply no other
    /// `type` (`text/less` is for a preprocessor, `text/x-template` for a
    /// script).
    fn is_css_style(&self) -> bool {
        let declared = self
            .attrs()
            .iter()
            .find(|attr| attr.name == "type")
            .and_then(|attr| attr.value_span)
            .map(|span| self.text[span.range()].trim().to_ascii_lowercase());
        declared.is_none_or(|kind| kind.is_empty() || kind.starts_with("text/css"))
    }

    /// The end of the `<style>` element being read, if one is: its text
    /// is raw text, kept as written.
    pub(super) fn close_style(&mut self, content_end: usize) {
        let Some(open) = self.open_style.take() else {
            return;
        };
        let span = Span::new(open.content_start, content_end.max(open.content_start));
        self.out.css.push(Css {
            kind: CssKind::StyleSheet,
            text: self.text[span.range()].into(),
            span,
            verbatim: true,
            element: open.element,
            region: open.region,
        });
    }

    pub(super) fn start_text_capture(&mut self, name: &str, info: TagInfo, tag_span: Span, region: Region) {
        if region == Region::Comment {
            return;
        }
        let level = (info.heading > 0).then_some(info.heading);
        let label_id = (name == "label").then(|| self.attr_value(Known::Id)).flatten();
        if level.is_some() || label_id.is_some() {
            let anchor = self
                .attr_value(Known::Id)
                .filter(|id| !id.is_empty())
                .map(Into::into);
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
                .attr_value(Known::Class)
                .is_some_and(|class| class.split_ascii_whitespace().any(|c| c == "box-title"));
        if (is_box_title || name == "title") && self.out.title.is_none() {
            self.open_title = Some(Capture::new(0, self.stack.len(), tag_span.end as usize));
        }
    }
}

/// Whether `written` reads as `decoded` once its line breaks are
/// normalized to `\n`, as the tokenizer does.
fn same_but_newlines(written: &str, decoded: &str) -> bool {
    written.replace("\r\n", "\n").replace('\r', "\n") == decoded
}

/// Tags with at most this many attributes get each use's siblings
/// without the use's own name.
const FEW_ATTRIBUTES: usize = 16;

/// An attribute name as people write them: a letter, then letters, digits,
/// `-`, `_`, `:` or `.` (not the `</div` or `"title"` a broken tag swallows).
fn is_plausible_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
}

/// Attributes holding URLs, by element.
fn link_attributes(name: &str) -> &'static [(&'static str, Known)] {
    const HREF: &[(&str, Known)] = &[("href", Known::Href), ("data-src", Known::DataSrc)];
    const SRC: &[(&str, Known)] = &[("src", Known::Src), ("data-src", Known::DataSrc)];
    const DATA_SRC: &[(&str, Known)] = &[("data-src", Known::DataSrc)];
    match name {
        "a" | "area" | "link" => HREF,
        "img" | "iframe" | "embed" | "video" | "audio" | "source" | "track" | "script" | "input" => SRC,
        _ => DATA_SRC,
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

/// The positions of the names that repeat an earlier one. A tag has a few
/// attributes, compared pairwise; a hostile one has thousands, hashed.
pub(crate) fn repeated_names<'n>(names: impl ExactSizeIterator<Item = &'n str>) -> Vec<usize> {
    const PAIRWISE: usize = 16;
    let mut repeated = Vec::new();
    if names.len() <= PAIRWISE {
        let mut seen: Vec<&str> = Vec::with_capacity(names.len());
        for (index, name) in names.enumerate() {
            if seen.contains(&name) {
                repeated.push(index);
            } else {
                seen.push(name);
            }
        }
    } else {
        let mut seen = rustc_hash::FxHashSet::default();
        for (index, name) in names.enumerate() {
            if !seen.insert(name) {
                repeated.push(index);
            }
        }
    }
    repeated
}
