//! What the source of a page holds that its output must keep: the words
//! of the main content, the links (after the documented rewrites), the
//! anchors, the emphasis, and the text chrome strings are counted in. Read
//! from the source's DOM or Markdown, not from what the converter made.

use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

use super::reader::{read_markdown, squash};
use super::recall::tokens;
use crate::convert::acom_metadata::strip_metadata;
use crate::convert::context::Context;
use crate::convert::html::text::{has_visible_text, visible_text};
use crate::convert::html::{LinkFate, anchor_of, link_fate, separates_words};
use crate::convert::links::Rewritten;
use crate::page::Region;

/// What the source holds that the output must keep.
#[derive(Debug, Default)]
pub struct Expected {
    /// Words (CJK: characters) of the main content, in order, hashed.
    pub tokens: Vec<u64>,
    /// (target after the documented rewrites, text) of every content link.
    pub links: Vec<(String, String)>,
    /// Every id and `<a name>` of the content.
    pub anchors: Vec<String>,
    pub strong: usize,
    pub emphasis: usize,
    /// The content's text, whitespace collapsed (for chrome strings).
    pub text: String,
}

/// Reads the expected facts from an HTML page's DOM: main content and
/// sidebar, without chrome, hero, breadcrumb and comments.
/// `link_fates` are the fates the converter decided, by node (a link it did
/// not render is decided here).
pub fn from_html(
    cx: &Context<'_>,
    index: usize,
    document: &Html,
    link_fates: FxHashMap<NodeId, LinkFate>,
) -> Expected {
    let mut walk = Collect {
        cx,
        index,
        link_fates,
        expected: Expected::default(),
        main_text: String::new(),
    };
    walk.children(document.tree.root(), Region::Main);
    let Collect {
        mut expected,
        main_text,
        ..
    } = walk;
    tokens(&main_text, &mut expected.tokens);
    expected
}

/// The walk of the source DOM gathering what the output must keep.
struct Collect<'c, 'a> {
    cx: &'c Context<'a>,
    index: usize,
    link_fates: FxHashMap<NodeId, LinkFate>,
    expected: Expected,
    main_text: String,
}

impl Collect<'_, '_> {
    fn children(&mut self, node: NodeRef<'_, Node>, region: Region) {
        for child in node.children() {
            match child.value() {
                Node::Text(text) => {
                    if region == Region::Main {
                        self.main_text.push_str(text);
                    }
                    self.expected.text.push_str(text);
                }
                Node::Element(element) => self.element(child, element, region),
                _ => {}
            }
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, element: &scraper::node::Element, region: Region) {
        let cx = self.cx;
        if cx.chrome.is_chrome(element) {
            return;
        }
        let region = match cx.data.regions.region_for(element.id(), element.attr("class")) {
            Some(Region::Hero | Region::Breadcrumb) => return,
            Some(Region::Sidebar) => Region::Sidebar,
            _ => region,
        };
        if let Some(id) = anchor_of(element, self.index, cx.data, &cx.targeted) {
            self.expected.anchors.push(id.to_owned());
        }
        let has_text = || has_visible_text(node);
        match element.name() {
            "strong" | "b" if has_text() => self.expected.strong += 1,
            "em" | "i" | "cite" | "dfn" | "var" if has_text() => self.expected.emphasis += 1,
            "a" => {
                if let Some(href) = element.attr("href") {
                    let fate = self
                        .link_fates
                        .remove(&node.id())
                        .unwrap_or_else(|| link_fate(&cx.rewriter, cx.data, self.index, node, href));
                    match fate {
                        // Removed on purpose (and reported): not expected.
                        LinkFate::Removed => return,
                        LinkFate::Unlinked => {}
                        LinkFate::Linked(rewritten) => {
                            let target = match rewritten {
                                Rewritten::Changed { url, .. } => url,
                                _ => crate::convert::links::destination(href),
                            };
                            let text = squash(&visible_text(node));
                            self.expected.links.push((target, text));
                        }
                    }
                }
            }
            _ => {}
        }
        // Inline elements do not separate words (`<b>Meta</b>data` reads
        // "Metadata"); blocks and line breaks do.
        let separates = separates_words(element.name());
        if separates {
            self.main_text.push(' ');
            self.expected.text.push(' ');
        }
        self.children(node, region);
        if separates {
            self.main_text.push(' ');
            self.expected.text.push(' ');
        }
    }
}

/// Reads the expected facts from a Markdown page's source.
pub fn from_markdown(cx: &Context<'_>, index: usize, text: &str) -> Expected {
    let mut expected = Expected::default();
    let page = &cx.site.pages[index];
    let stripped = strip_metadata(text);
    let body_start = crate::page::frontmatter::split(&stripped).body_start;
    let read = read_markdown(&stripped[body_start..]);
    let mut main_text = read.text.clone();
    for marker in [
        "AZURE.NOTE",
        "AZURE.WARNING",
        "AZURE.TIP",
        "AZURE.IMPORTANT",
        "AZURE.CAUTION",
        "AZURE.INCLUDE",
        "AZURE.LANGUAGE",
    ] {
        main_text = main_text.replace(marker, " ");
    }
    tokens(&main_text, &mut expected.tokens);
    expected.strong = read.strong;
    expected.emphasis = read.emphasis;
    expected.text = read.text;
    for link in &page.links {
        let followed = link.is_navigation() || link.syntax == crate::page::LinkSyntax::Include;
        if matches!(link.region, Region::Comment | Region::Metadata) || !followed {
            continue;
        }
        let target = match cx.rewriter.rewrite(&link.url, index) {
            Rewritten::Nowhere => continue,
            Rewritten::Keep => link.url.to_string(),
            Rewritten::Changed { url, .. } => url,
        };
        expected.links.push((target, squash(&link.text)));
    }
    expected.anchors = page
        .anchors
        .iter()
        .filter(|a| a.region.is_rendered() && a.kind != crate::page::AnchorKind::HeadingSlug)
        .map(|a| a.name.to_string())
        .collect();
    expected
}
