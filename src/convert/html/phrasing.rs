//! Phrasing content: emphasis, links, images, code, line breaks. In block
//! context (`phrasing`) children may still hold blocks; in inline context
//! (`inline_children`: link texts, headings, table cells) blocks are
//! flattened to spaces.

use crate::shared::whitespace::join_words;
use ego_tree::NodeRef;
use scraper::Node;
use scraper::node::Element;

use super::{BLOCK_CONTAINERS, Frame, Walker, visible_text};
use crate::convert::escape::escape_attribute;
use crate::convert::inline::{Emphasis, Inline};
use crate::convert::links::{Rewritten, destination};

/// What an inline element does, whatever the context.
enum Phrase {
    Emphasis(Emphasis),
    /// Kept as an HTML tag around its content (`<sup>`, `<u>`).
    Tag(&'static str),
    Code,
    Link,
    Image,
    Break,
    /// Contributes only its content.
    Transparent,
}

fn phrase(element: &Element) -> Phrase {
    match element.name() {
        "strong" | "b" => Phrase::Emphasis(Emphasis::Strong),
        "em" | "i" | "cite" | "dfn" | "var" => Phrase::Emphasis(Emphasis::Em),
        "code" | "tt" | "kbd" | "samp" => Phrase::Code,
        "sup" => Phrase::Tag("sup"),
        "sub" => Phrase::Tag("sub"),
        "u" | "ins" => Phrase::Tag("u"),
        "s" | "strike" | "del" => Phrase::Tag("del"),
        "a" => Phrase::Link,
        "img" => Phrase::Image,
        "br" => Phrase::Break,
        _ => Phrase::Transparent,
    }
}

impl Walker<'_> {
    /// An inline element met in block context.
    pub(super) fn phrasing(&mut self, node: NodeRef<'_, Node>, element: &Element, frame: &mut Frame) {
        match phrase(element) {
            Phrase::Emphasis(kind) => {
                self.anchor(element, &mut frame.inline);
                frame.inline.open(kind);
                self.children(node, frame);
                frame.inline.close(kind);
            }
            Phrase::Tag(tag) => {
                self.anchor(element, &mut frame.inline);
                frame.inline.tag_open(format!("<{tag}>"));
                self.children(node, frame);
                frame.inline.raw(format!("</{tag}>"));
            }
            Phrase::Transparent => {
                self.anchor(element, &mut frame.inline);
                self.children(node, frame);
            }
            _ => self.inline_element(node, element, &mut frame.inline),
        }
    }

    /// The content of an element as one inline run.
    pub(super) fn inline_children(&mut self, node: NodeRef<'_, Node>, inline: &mut Inline) {
        for child in node.children() {
            match child.value() {
                Node::Text(text) => inline.text(text),
                Node::Comment(comment) if !comment.contains('\n') => {
                    self.rendered.notes.comments_kept += 1;
                    inline.raw(format!("<!--{}-->", &**comment));
                }
                Node::Comment(comment) => {
                    // A multi-line comment cannot sit in a heading or link
                    // text: it is kept, on one line.
                    self.rendered.notes.comments_kept += 1;
                    let one_line = join_words(comment);
                    inline.raw(format!("<!--{one_line}-->"));
                }
                Node::Element(element) => {
                    if self.cx.chrome.is_chrome(element) {
                        self.rendered.notes.chrome_removed += 1;
                        continue;
                    }
                    self.inline_element(child, element, inline);
                }
                _ => {}
            }
        }
    }

    /// An inline element in inline context.
    fn inline_element(&mut self, node: NodeRef<'_, Node>, element: &Element, inline: &mut Inline) {
        match phrase(element) {
            Phrase::Emphasis(kind) => {
                self.anchor(element, inline);
                inline.open(kind);
                self.inline_children(node, inline);
                inline.close(kind);
            }
            Phrase::Tag(tag) => {
                self.anchor(element, inline);
                inline.tag_open(format!("<{tag}>"));
                self.inline_children(node, inline);
                inline.raw(format!("</{tag}>"));
            }
            Phrase::Code => {
                self.anchor(element, inline);
                let text = visible_text(node);
                if !text.trim().is_empty() {
                    let first = text.trim().chars().next().unwrap_or('x');
                    let last = text.trim().chars().last().unwrap_or('x');
                    inline.markup(code_span(&text), Some((first, last)));
                }
            }
            Phrase::Link => self.link(node, element, inline),
            Phrase::Image => self.image(element, inline),
            Phrase::Break => inline.line_break(),
            Phrase::Transparent => {
                self.anchor(element, inline);
                let block = BLOCK_CONTAINERS.contains(&element.name()) || element.name() == "li";
                if block {
                    inline.text(" ");
                }
                self.inline_children(node, inline);
                if block {
                    inline.text(" ");
                }
            }
        }
    }

    /// `<a href>`: a Markdown link with its target rewritten. A link that
    /// goes nowhere keeps its words as text; a placeholder ("。。。") or an
    /// empty link is removed. Both are recorded.
    fn link(&mut self, node: NodeRef<'_, Node>, element: &Element, inline: &mut Inline) {
        self.anchor(element, inline);
        let Some(href) = element.attr("href") else {
            self.inline_children(node, inline);
            return;
        };
        let text = visible_text(node);
        let words = join_words(&text);
        let fate = link_fate(self.cx.rewriter, self.cx.data, self.cx.page, node, href);
        self.rendered.link_fates.insert(node.id(), fate.clone());
        let rewritten = match fate {
            LinkFate::Removed => {
                self.rendered.notes.placeholder(&words, href);
                return;
            }
            LinkFate::Unlinked => {
                self.rendered.notes.unlinked(&words, href);
                self.inline_children(node, inline);
                return;
            }
            LinkFate::Linked(rewritten) => rewritten,
        };
        let target = match rewritten {
            Rewritten::Changed { url, change } => {
                self.rendered.notes.rewrite(href, &url, change);
                url
            }
            _ => destination(href),
        };
        let mut label = Inline::new();
        self.inline_children(node, &mut label);
        let label = label.finish_single_line();
        let title = element
            .attr("title")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| format!(" \"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")))
            .unwrap_or_default();
        let visible = words.chars().next().zip(words.chars().last());
        // Spaces at the edges of the link text stay between the words
        // around it (`the <a>Statement </a>and` keeps its space).
        if text.starts_with(char::is_whitespace) {
            inline.text(" ");
        }
        inline.markup(
            format!("[{label}]({target}{title})"),
            visible.or(Some(('x', 'x'))),
        );
        if text.ends_with(char::is_whitespace) {
            inline.text(" ");
        }
    }

    fn image(&mut self, element: &Element, inline: &mut Inline) {
        self.anchor(element, inline);
        let Some(source) = element.attr("src").filter(|s| !s.trim().is_empty()) else {
            return;
        };
        let alt = element.attr("alt").unwrap_or("");
        let title = element.attr("title");
        let markup = self.image_markup(alt, source, title);
        inline.markup(markup, None);
    }

    pub(super) fn image_markup(&mut self, alt: &str, source: &str, title: Option<&str>) -> String {
        let target = match self.cx.rewriter.rewrite(source, self.cx.page) {
            Rewritten::Changed { url, change } => {
                self.rendered.notes.rewrite(source, &url, change);
                url
            }
            _ => destination(source),
        };
        let mut escaped_alt = String::new();
        crate::convert::escape::escape_text(&join_words(alt), &mut escaped_alt);
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty() && *t != alt.trim())
            .map(|t| format!(" \"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")))
            .unwrap_or_default();
        format!("![{escaped_alt}]({target}{title})")
    }
}

/// What the conversion does with an `<a href>`.
#[derive(Debug, Clone)]
pub enum LinkFate {
    /// A placeholder ("。。。") or an empty link going nowhere: removed.
    Removed,
    /// Real words linking nowhere (`#`, `javascript:`): the words stay.
    Unlinked,
    Linked(Rewritten),
}

/// Decides a link's fate (shared with the verification, which must expect
/// exactly what the converter does on purpose).
pub fn link_fate(
    rewriter: &crate::convert::links::Rewriter<'_>,
    data: &crate::data::LintData,
    page: usize,
    node: NodeRef<'_, Node>,
    href: &str,
) -> LinkFate {
    let text = visible_text(node);
    let words = join_words(&text);
    let has_image = node
        .descendants()
        .any(|d| d.value().as_element().is_some_and(|e| e.name() == "img"));
    let rewritten = rewriter.rewrite(href, page);
    let placeholder_text = !words.is_empty() && data.placeholders.is_placeholder_text(&words);
    if placeholder_text || (words.is_empty() && !has_image && rewritten == Rewritten::Nowhere) {
        LinkFate::Removed
    } else if rewritten == Rewritten::Nowhere {
        LinkFate::Unlinked
    } else {
        LinkFate::Linked(rewritten)
    }
}

/// A code span whose fence is longer than any backtick run inside.
fn code_span(text: &str) -> String {
    let text = join_words(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `<tag attr="value">` with the value escaped.
pub(super) fn attribute(name: &str, value: &str) -> String {
    format!(" {name}=\"{}\"", escape_attribute(value))
}
