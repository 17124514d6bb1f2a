//! Legacy HTML to unified Markdown: the page is parsed into a DOM
//! (`dom.rs`: html5ever's tree builder over html5gum's tokens, into a
//! scraper `Html`, so the tree is the one browsers build),
//! chrome is dropped, the hero gives the title and subtitle, the breadcrumb
//! goes to front matter, the sidebar's link lists become sections at the
//! end, and the main content becomes Markdown blocks.

pub mod dom;
mod phrasing;
mod serialize;
mod sink;
mod table;
pub mod text;

pub use phrasing::{LinkFate, link_fate};
pub use sink::MAX_DEPTH;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::Chrome;
use super::blocks::Block;
use super::inline::{Inline, Line};
use super::links::Rewriter;
use super::notes::Notes;
use crate::data::LintData;
use crate::page::Region;
use text::{collapse, has_visible_text, text_content, visible_text};

/// What a converted HTML page is made of.
#[derive(Debug, Default)]
pub struct Rendered {
    pub hero_title: Option<String>,
    pub subtitle: Option<String>,
    /// (title, link) of each breadcrumb entry, the link already rewritten.
    pub breadcrumb: Vec<(String, Option<String>)>,
    pub main: Vec<Block>,
    pub sidebar: Vec<Block>,
    pub notes: Notes,
    /// The fate decided for each `<a href>` rendered, by node: the
    /// verification expects the same fates, and takes them from here rather
    /// than rewriting every link a second time.
    pub link_fates: rustc_hash::FxHashMap<ego_tree::NodeId, LinkFate>,
}

/// What the HTML converter needs to know about the page and the site.
pub struct HtmlContext<'a> {
    /// Index of the page in the site.
    pub page: usize,
    pub rewriter: &'a Rewriter<'a>,
    pub data: &'a LintData,
    pub chrome: &'a Chrome,
    /// (page, fragment) of every link of the site into a page.
    pub targeted: &'a Targeted,
}

/// (page index, fragment) pairs that some link of the site targets.
pub type Targeted = rustc_hash::FxHashSet<(usize, String)>;

/// The anchor an element gives: its `id` (or an `<a name>`). The ids of the
/// layout wrappers named in `regions.toml` (`ContentWrapper`...) are page
/// structure, kept only when a link of the site targets them.
pub fn anchor_of<'e>(
    element: &'e scraper::node::Element,
    page: usize,
    data: &LintData,
    targeted: &Targeted,
) -> Option<&'e str> {
    let id = element
        .id()
        .or_else(|| (element.name() == "a").then(|| element.attr("name")).flatten())
        .map(str::trim)
        .filter(|id| !id.is_empty())?;
    let wrapper = data
        .regions
        .region_for(element.id(), element.attr("class"))
        .is_some();
    if wrapper && !targeted.contains(&(page, id.to_owned())) {
        return None;
    }
    Some(id)
}

/// Converts a page's parsed HTML.
pub fn render(document: &Html, cx: &HtmlContext<'_>) -> Rendered {
    let mut walker = Walker {
        cx,
        rendered: Rendered::default(),
        in_sidebar: false,
    };
    let mut frame = Frame::default();
    walker.children(document.tree.root(), &mut frame);
    walker.flush(&mut frame);
    walker.rendered.main = frame.blocks;
    normalize_levels(&mut walker.rendered.main);
    normalize_levels(&mut walker.rendered.sidebar);
    walker.rendered
}

/// Heading levels as the source used them (`h3`, `h5`) made consecutive
/// from 2 (`##`, `###`): `#` is the page title, and an outline that jumps
/// levels is read wrongly by tools and screen readers.
fn normalize_levels(blocks: &mut [Block]) {
    let mut used = Vec::new();
    visit_headings(blocks, &mut |level| used.push(*level));
    used.sort_unstable();
    used.dedup();
    visit_headings(blocks, &mut |level| {
        let rank = used.iter().position(|l| l == level).unwrap_or(0);
        *level = (rank as u8 + 2).min(6);
    });
}

fn visit_headings(blocks: &mut [Block], visit: &mut dyn FnMut(&mut u8)) {
    for block in blocks {
        match block {
            Block::Heading { level, .. } => visit(level),
            Block::List { items, .. } => {
                for item in items {
                    visit_headings(item, visit);
                }
            }
            Block::Quote(inner) => visit_headings(inner, visit),
            _ => {}
        }
    }
}

/// Blocks being built, and the inline run of the paragraph in progress.
#[derive(Default)]
struct Frame {
    blocks: Vec<Block>,
    inline: Inline,
}

struct Walker<'a> {
    cx: &'a HtmlContext<'a>,
    rendered: Rendered,
    in_sidebar: bool,
}

/// Whether the element separates words (a block, a cell, a line break):
/// text on either side does not run together.
pub fn separates_words(name: &str) -> bool {
    BLOCK_CONTAINERS.contains(&name)
        || matches!(
            name,
            "li" | "ul"
                | "ol"
                | "dl"
                | "dt"
                | "dd"
                | "table"
                | "tr"
                | "td"
                | "th"
                | "caption"
                | "br"
                | "hr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "pre"
                | "iframe"
        )
}

/// Elements that start a block of their own.
const BLOCK_CONTAINERS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "center",
    "figure",
    "figcaption",
    "address",
    "fieldset",
    "details",
    "summary",
    "hgroup",
    "body",
    "html",
    "legend",
];

impl<'a> Walker<'a> {
    fn children(&mut self, node: NodeRef<'_, Node>, frame: &mut Frame) {
        for child in node.children() {
            self.node(child, frame);
        }
    }

    fn node(&mut self, node: NodeRef<'_, Node>, frame: &mut Frame) {
        match node.value() {
            Node::Text(text) => frame.inline.text(text),
            Node::Comment(comment) => self.comment(comment, frame),
            Node::Element(_) => self.element(node, frame),
            _ => {}
        }
    }

    /// Comments are kept verbatim: as an HTML block between blocks, inline
    /// inside a paragraph when on one line. A comment over several lines
    /// ends the paragraph: its lines could otherwise start blocks.
    fn comment(&mut self, comment: &str, frame: &mut Frame) {
        self.rendered.notes.comments_kept += 1;
        let html = format!("<!--{comment}-->");
        if frame.inline.is_empty() || comment.contains('\n') {
            self.flush(frame);
            frame.blocks.push(Block::Html(html));
        } else {
            frame.inline.raw(html);
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, frame: &mut Frame) {
        let Some(element) = node.value().as_element() else {
            return;
        };
        if self.cx.chrome.is_chrome(element) {
            self.rendered.notes.chrome_removed += 1;
            return;
        }
        match self
            .cx
            .data
            .regions
            .region_for(element.id(), element.attr("class"))
        {
            Some(Region::Hero) => return self.hero(node),
            Some(Region::Breadcrumb) => return self.breadcrumb(node),
            Some(Region::Sidebar) if !self.in_sidebar => return self.sidebar(node, frame),
            _ => {}
        }
        let name = element.name();
        match name {
            _ if BLOCK_CONTAINERS.contains(&name) && element.attr("data-picture").is_some() => {
                self.picture(node, frame);
            }
            _ if BLOCK_CONTAINERS.contains(&name) || name == "li" || name == "dd" || name == "dt" => {
                self.flush(frame);
                self.anchor(element, &mut frame.inline);
                self.children(node, frame);
                self.flush(frame);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                self.heading(node, level, frame);
            }
            "label" if self.is_label_heading(node, element) => self.heading(node, 2, frame),
            "ul" | "ol" => self.list(node, name == "ol", frame),
            "table" => self.table(node, frame),
            "blockquote" => {
                self.flush(frame);
                let inner = self.blocks_of(node);
                frame.blocks.push(Block::Quote(inner));
            }
            "pre" => {
                self.flush(frame);
                self.anchor(element, &mut frame.inline);
                self.flush(frame);
                frame.blocks.push(Block::Code(text_content(node)));
            }
            "hr" => {
                self.flush(frame);
                frame.blocks.push(Block::Rule);
            }
            "dl" | "iframe" | "video" | "audio" | "embed" => {
                self.flush(frame);
                let html = self.serialize(node);
                self.rendered.notes.html_kept.push(format!("<{name}>"));
                frame.blocks.push(Block::Html(html));
            }
            _ => self.phrasing(node, element, frame),
        }
    }

    /// The blocks of an element's content, in a frame of their own.
    fn blocks_of(&mut self, node: NodeRef<'_, Node>) -> Vec<Block> {
        let mut frame = Frame::default();
        if let Some(element) = node.value().as_element() {
            self.anchor(element, &mut frame.inline);
        }
        self.children(node, &mut frame);
        self.flush(&mut frame);
        frame.blocks
    }

    fn heading(&mut self, node: NodeRef<'_, Node>, level: u8, frame: &mut Frame) {
        self.flush(frame);
        let mut inline = Inline::new();
        if let Some(element) = node.value().as_element() {
            self.anchor(element, &mut inline);
        }
        self.inline_children(node, &mut inline);
        let text = inline.finish_single_line();
        if !has_visible_text(node) {
            // Nothing to show: keep its anchor, if any, as a paragraph.
            if !text.is_empty() {
                frame.blocks.push(Block::Paragraph(vec![text]));
            }
            return;
        }
        frame.blocks.push(Block::Heading {
            level: level.min(6),
            text,
        });
    }

    /// `<label id="data_other">Customer Data and Other Data Types</label>`:
    /// legacy pages use labels with ids as section headings.
    fn is_label_heading(&self, node: NodeRef<'_, Node>, element: &scraper::node::Element) -> bool {
        !self.in_sidebar
            && element.id().is_some_and(|id| !id.is_empty())
            && has_visible_text(node)
            && node.descendants().all(|d| {
                d.value()
                    .as_element()
                    .is_none_or(|e| !BLOCK_CONTAINERS.contains(&e.name()) && e.name() != "a")
            })
    }

    fn list(&mut self, node: NodeRef<'_, Node>, ordered: bool, frame: &mut Frame) {
        self.flush(frame);
        if let Some(element) = node.value().as_element() {
            self.anchor(element, &mut frame.inline);
            self.flush(frame);
        }
        let start = node
            .value()
            .as_element()
            .and_then(|e| e.attr("start"))
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let mut items: Vec<Vec<Block>> = Vec::new();
        let mut stray = Frame::default();
        for child in node.children() {
            let is_item = child.value().as_element().is_some_and(|e| e.name() == "li");
            if is_item {
                self.flush(&mut stray);
                append_to_last(&mut items, std::mem::take(&mut stray.blocks));
                let item = self.blocks_of(child);
                if !item.is_empty() {
                    items.push(item);
                }
            } else {
                // Text, comments or elements between items belong to the
                // item before them (to the list's start if none).
                self.node(child, &mut stray);
            }
        }
        self.flush(&mut stray);
        if items.is_empty() {
            frame.blocks.extend(stray.blocks);
            return;
        }
        append_to_last(&mut items, stray.blocks);
        frame.blocks.push(Block::List {
            ordered,
            start,
            items,
        });
    }

    fn sidebar(&mut self, node: NodeRef<'_, Node>, frame: &mut Frame) {
        self.flush(frame);
        self.in_sidebar = true;
        let blocks = self.blocks_of(node);
        self.in_sidebar = false;
        self.rendered.sidebar.extend(blocks);
    }

    /// The hero: its caption's title and subtitle; the rest is chrome.
    fn hero(&mut self, node: NodeRef<'_, Node>) {
        self.rendered.notes.chrome_removed += 1;
        if self.rendered.hero_title.is_some() {
            return;
        }
        let captions: Vec<_> = node
            .descendants()
            .filter(|d| {
                d.value().as_element().is_some_and(|e| {
                    super::classes(e).any(|class| class.eq_ignore_ascii_case("box-title"))
                        && matches!(e.name(), "h1" | "h2" | "h3" | "h4")
                })
            })
            .collect();
        // A slideshow of several slides (a home page) names its slides,
        // not the page.
        let [caption] = captions.as_slice() else {
            return;
        };
        let caption = *caption;
        let mut title = String::new();
        let mut subtitle = String::new();
        for child in caption.children() {
            match child.value() {
                Node::Text(text) => title.push_str(text),
                Node::Element(e) if e.name() == "p" => subtitle.push_str(&visible_text(child)),
                Node::Element(_) => title.push_str(&visible_text(child)),
                _ => {}
            }
        }
        let clean = |text: &str| {
            let mut inline = Inline::new();
            inline.text(text);
            Some(inline.finish_single_line()).filter(|t| !t.is_empty())
        };
        self.rendered.hero_title = clean(&title);
        self.rendered.subtitle = clean(&subtitle);
    }

    /// The breadcrumb: links and the text between `//` separators.
    fn breadcrumb(&mut self, node: NodeRef<'_, Node>) {
        self.rendered.notes.chrome_removed += 1;
        for descendant in node.descendants() {
            match descendant.value() {
                Node::Element(e) if e.name() == "a" => {
                    let title = collapse(&visible_text(descendant));
                    let link = e.attr("href").map(|href| self.rewrite(href));
                    if !title.is_empty() {
                        self.rendered
                            .breadcrumb
                            .push((title, link.filter(|l| !l.is_empty())));
                    }
                }
                Node::Text(text)
                    if !descendant
                        .ancestors()
                        .any(|a| a.value().as_element().is_some_and(|e| e.name() == "a")) =>
                {
                    for part in text.split(['/', '>', '›', '»']) {
                        let part = collapse(part);
                        if !part.is_empty() {
                            self.rendered.breadcrumb.push((part, None));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Ends the paragraph in progress: its lines become a paragraph, or a
    /// list when every line is one link (a legacy link list: `<label><a>`
    /// lines separated by `<br>`); an empty line separates paragraphs.
    fn flush(&mut self, frame: &mut Frame) {
        let inline = std::mem::take(&mut frame.inline);
        let lines = inline.finish();
        for group in lines.split(|line| line.markdown.is_empty()) {
            if group.is_empty() {
                continue;
            }
            frame.blocks.push(self.lines_to_block(group));
        }
    }

    fn lines_to_block(&self, group: &[Line]) -> Block {
        let all_links = group.iter().all(|line| line.only_link);
        if all_links && (group.len() > 1 || self.in_sidebar) {
            let items = group
                .iter()
                .map(|line| vec![Block::Paragraph(vec![line.markdown.clone()])])
                .collect();
            return Block::List {
                ordered: false,
                start: 1,
                items,
            };
        }
        Block::Paragraph(group.iter().map(|line| line.markdown.clone()).collect())
    }

    /// An `id` (or `<a name>`) becomes an `<a id>` anchor where the element starts.
    fn anchor(&mut self, element: &scraper::node::Element, inline: &mut Inline) {
        if let Some(id) = anchor_of(element, self.cx.page, self.cx.data, self.cx.targeted) {
            inline.anchor(id);
            self.rendered.notes.anchors_kept += 1;
        }
    }

    /// A URL rewritten for the output (as written when unchanged).
    fn rewrite(&mut self, url: &str) -> String {
        use super::links::Rewritten;
        match self.cx.rewriter.rewrite(url, self.cx.page) {
            Rewritten::Keep | Rewritten::Nowhere => super::links::destination(url),
            Rewritten::Changed { url: new, change } => {
                self.rendered.notes.rewrite(url, &new, change);
                new
            }
        }
    }

    /// `<div data-picture data-alt="..."><div data-src="...">`: a
    /// responsive image, shown by script.
    fn picture(&mut self, node: NodeRef<'_, Node>, frame: &mut Frame) {
        let alt = node
            .value()
            .as_element()
            .and_then(|e| e.attr("data-alt"))
            .unwrap_or("");
        let source = node
            .descendants()
            .find_map(|d| d.value().as_element().and_then(|e| e.attr("data-src")));
        if let Some(source) = source {
            let markup = self.image_markup(alt, source, None);
            frame.inline.markup(markup, None);
        }
    }
}

fn append_to_last(items: &mut [Vec<Block>], blocks: Vec<Block>) {
    if let Some(last) = items.last_mut() {
        last.extend(blocks);
    }
}
