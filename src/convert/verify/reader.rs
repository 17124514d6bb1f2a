//! What a Markdown text shows a reader, read with pulldown-cmark: its
//! text, links, emphasis and shape (HTML blocks through a DOM when they
//! can hold text or links). Reads the output back, and the source of
//! Markdown pages.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::Node;

use crate::convert::blocks::Shape;
use crate::convert::html::text::visible_text;

/// A link's text with its whitespace removed: how link texts are compared,
/// whatever the line breaks and spaces of the source and the output.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a line of inline Markdown, as a reader sees it.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// What a Markdown text shows, read back with pulldown-cmark.
#[derive(Debug, Default)]
pub struct Read {
    /// The text, blocks separated by spaces (image descriptions left out).
    pub text: String,
    /// (target, squashed text) of every link, HTML links included.
    pub links: Vec<(String, String)>,
    pub strong: usize,
    pub emphasis: usize,
    pub shape: Shape,
}

/// Reads `markdown` as a reader sees it.
pub fn read_markdown(markdown: &str) -> Read {
    let mut read = Read::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut link_stack: Vec<(String, String)> = Vec::new();
    let mut in_image = 0usize;
    let mut heading: Option<(u8, String)> = None;
    let mut list_depth = 0u32;
    let mut table: Option<(usize, usize)> = None;
    let mut html_chunk = String::new();
    for event in Parser::new_ext(markdown, options) {
        if !matches!(event, Event::Html(_)) && !html_chunk.is_empty() {
            read_html(&std::mem::take(&mut html_chunk), &mut read);
        }
        match event {
            // Image descriptions are not text readers see on the page.
            Event::Text(text) | Event::Code(text) if in_image == 0 => {
                read.text.push_str(&text);
                for (_, label) in &mut link_stack {
                    label.push_str(&text);
                }
                if let Some((_, heading_text)) = &mut heading {
                    heading_text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => read.text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => read.text.push(' '),
            Event::Html(html) => html_chunk.push_str(&html),
            Event::InlineHtml(html) => {
                count_tags(&html, &mut read);
            }
            Event::Start(Tag::Strong) => read.strong += 1,
            Event::Start(Tag::Emphasis) => read.emphasis += 1,
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_stack.push((dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((target, label)) = link_stack.pop() {
                    read.links.push((target, squash(&label)));
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level as u8, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                read.text.push(' ');
                if let Some((level, text)) = heading.take() {
                    read.shape.headings.push((level, text.trim().to_owned()));
                }
            }
            Event::Start(Tag::List(_)) => {
                read.text.push(' ');
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                read.text.push(' ');
                list_depth = list_depth.saturating_sub(1);
            }
            Event::Start(Tag::Item) => {
                read.text.push(' ');
                read.shape.list_items.push(list_depth);
            }
            Event::Start(Tag::Table(alignments)) => table = Some((0, alignments.len())),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some((rows, _)) = &mut table {
                    *rows += 1;
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(shape) = table.take() {
                    read.shape.tables.push(shape);
                }
            }
            _ => {}
        }
    }
    if !html_chunk.is_empty() {
        read_html(&html_chunk, &mut read);
    }
    read
}

/// Text, links and emphasis inside an HTML block (comments excluded).
fn read_html(html: &str, read: &mut Read) {
    let without_comments = count_tags(html, read);
    if only_tags(&without_comments) {
        // Anchors and comments (most HTML blocks the converter writes): no
        // text and no link to read, no need for a DOM.
        return;
    }
    read_dom(html, read);
}

/// Text and links of an HTML block, through its DOM.
fn read_dom(html: &str, read: &mut Read) {
    let fragment = crate::convert::html::dom::fragment(html);
    for node in fragment.tree.root().descendants() {
        match node.value() {
            Node::Text(text) => {
                read.text.push(' ');
                read.text.push_str(text);
            }
            Node::Element(element) if element.name() == "a" => {
                if let Some(href) = element.attr("href") {
                    read.links.push((href.to_owned(), squash(&visible_text(node))));
                }
            }
            _ => {}
        }
    }
}

/// Counts `<strong>`, `<b>`, `<em>`, `<i>` written as HTML (not inside
/// comments). Returns the HTML lower-cased, comments blanked.
fn count_tags(html: &str, read: &mut Read) -> String {
    let mut lower = html.to_ascii_lowercase();
    while let Some(start) = lower.find("<!--") {
        let end = lower[start..].find("-->").map_or(lower.len(), |e| start + e + 3);
        lower.replace_range(start..end, " ");
    }
    read.strong += lower.matches("<strong>").count() + lower.matches("<b>").count();
    read.emphasis += lower.matches("<em>").count() + lower.matches("<i>").count();
    lower
}

/// Whether `html` is tags and whitespace only, with no `href`: nothing a
/// DOM would give as text or as a link. Anything unusual (a `>` inside an
/// attribute value, a stray `<`) shows up as text and says no.
fn only_tags(html: &str) -> bool {
    if html.contains("href") {
        return false;
    }
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag && !c.is_whitespace() => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::verify::recall::tokens;

    #[test]
    fn markdown_is_read_back() {
        let read = read_markdown(
            "# T\n\n- [a **b**](x.md)\n  - c\n\n| h |\n| --- |\n| v |\n\n<table><tr><td><a href=\"y.md\">y</a> <strong>s</strong></td></tr></table>\n",
        );
        assert_eq!(read.shape.headings, [(1, "T".to_owned())]);
        assert_eq!(read.shape.list_items, [1, 2]);
        assert_eq!(read.shape.tables, [(2, 1)]);
        assert_eq!(
            read.links,
            [
                ("x.md".to_owned(), "ab".to_owned()),
                ("y.md".to_owned(), "y".to_owned())
            ]
        );
        assert_eq!(read.strong, 2);
    }

    #[test]
    fn html_blocks_without_text_or_links_are_read_without_a_dom() {
        assert!(only_tags("<a id=\"x\"></a>\n  "));
        assert!(only_tags("  <br> <!-- blanked -->"));
        assert!(!only_tags("<a id=\"x\"></a>text"));
        assert!(!only_tags("<a href=\"y.md\"></a>"));
        assert!(!only_tags("<td>cell</td>"));
        // A `>` in an attribute value ends the tag early: the rest reads as
        // text, and the DOM is built.
        assert!(!only_tags("<img alt=\"a > b\">"));
        // Where the shortcut is taken, the DOM reads no words and no links.
        for html in [
            "<a id=\"x\"></a>",
            "<a name=\"y\"></a>\n<br/>",
            "<!-- old text -->",
        ] {
            assert!(only_tags(&count_tags(html, &mut Read::default())));
            let mut through_dom = Read::default();
            read_dom(html, &mut through_dom);
            let mut words = Vec::new();
            tokens(&through_dom.text, &mut words);
            assert!(words.is_empty() && through_dom.links.is_empty(), "{html}");
        }
    }
}
