//! HTML kept as HTML (tables GFM cannot hold, definition lists, embedded
//! media): written back from the DOM with links rewritten, presentational
//! attributes dropped, chrome removed, whitespace collapsed so that no blank
//! line ends the HTML block early. Comments are written verbatim.

use ego_tree::NodeRef;
use scraper::Node;

use super::Walker;
use super::phrasing::attribute;

/// Elements written as tags; any other element contributes its content.
const KEPT: &[&str] = &[
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "img",
    "sup",
    "sub",
    "code",
    "pre",
    "u",
    "del",
    "iframe",
    "video",
    "audio",
    "source",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
];

const VOID: &[&str] = &["br", "img", "col", "embed", "source", "hr", "wbr"];

/// Elements holding only other elements: their whitespace is layout, and
/// each child goes on a line of its own.
const STRUCTURE: &[&str] = &[
    "table", "thead", "tbody", "tfoot", "tr", "colgroup", "ul", "ol", "dl",
];

/// Elements ending a line of their own.
const LINES: &[&str] = &["caption", "li", "dt", "dd", "p"];

fn parent_is_structure(node: NodeRef<'_, Node>) -> bool {
    node.parent()
        .and_then(|p| p.value().as_element().map(|e| STRUCTURE.contains(&e.name())))
        .unwrap_or(false)
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Attributes kept; `href` and `src` are rewritten.
const ATTRIBUTES: &[&str] = &[
    "id",
    "colspan",
    "rowspan",
    "scope",
    "headers",
    "align",
    "alt",
    "title",
    "start",
    "width",
    "height",
    "allowfullscreen",
    "frameborder",
    "controls",
    "name",
];

impl Walker<'_> {
    pub(super) fn serialize(&mut self, node: NodeRef<'_, Node>) -> String {
        let mut out = String::new();
        self.write_node(node, &mut out);
        out.trim().to_owned()
    }

    fn write_node(&mut self, node: NodeRef<'_, Node>, out: &mut String) {
        match node.value() {
            Node::Text(text) if text.trim().is_empty() && parent_is_structure(node) => {}
            Node::Text(text) => write_text(text, out),
            Node::Comment(comment) => {
                self.rendered.notes.comments_kept += 1;
                out.push_str("<!--");
                out.push_str(comment);
                out.push_str("-->");
            }
            Node::Element(element) => {
                if self.cx.chrome.is_chrome(element) {
                    self.rendered.notes.chrome_removed += 1;
                    return;
                }
                let name = element.name();
                if !KEPT.contains(&name) {
                    for child in node.children() {
                        self.write_node(child, out);
                    }
                    return;
                }
                out.push('<');
                out.push_str(name);
                for (attribute_name, value) in element.attrs() {
                    if ATTRIBUTES.contains(&attribute_name) {
                        if attribute_name == "id" || attribute_name == "name" {
                            self.rendered.notes.anchors_kept += 1;
                        }
                        out.push_str(&attribute(attribute_name, value));
                    } else if matches!(attribute_name, "href" | "src") {
                        let rewritten = self.rewrite(value);
                        out.push_str(&attribute(attribute_name, &rewritten));
                    }
                }
                out.push('>');
                if VOID.contains(&name) {
                    return;
                }
                if STRUCTURE.contains(&name) && name != "tr" {
                    new_line(out);
                }
                for child in node.children() {
                    self.write_node(child, out);
                }
                out.push_str("</");
                out.push_str(name);
                out.push('>');
                if STRUCTURE.contains(&name) || LINES.contains(&name) {
                    new_line(out);
                }
            }
            _ => {}
        }
    }
}

/// Text with `&`, `<`, `>` escaped and whitespace runs collapsed to one
/// space (a line break between two CJK characters dropped).
fn write_text(text: &str, out: &mut String) {
    let mut pending_space = false;
    let mut pending_newline = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            pending_space = true;
            pending_newline |= c == '\n';
            continue;
        }
        if pending_space {
            let cjk_break = pending_newline
                && out.chars().last().is_some_and(crate::source::is_cjk)
                && crate::source::is_cjk(c);
            if !cjk_break {
                out.push(' ');
            }
            pending_space = false;
            pending_newline = false;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
    if pending_space {
        out.push(' ');
    }
}
