//! Proof that a conversion lost nothing, page by page: what the source
//! shows (read from its DOM or Markdown, independently of the converter) is
//! compared with what the output re-parses to.

use crate::shared::whitespace::join_words;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::time::{Duration, Instant};

use ego_tree::{NodeId, NodeRef};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rustc_hash::{FxHashMap, FxHasher};
use scraper::{Html, Node};
use serde::Serialize;

use super::acom_metadata::strip_metadata;
use super::blocks::Shape;
use super::context::Context;
use super::html::{LinkFate, link_fate};
use super::links::Rewritten;
use crate::page::{Page, ParseOptions, Region};
use crate::source::is_cjk;

/// A link as (target, text with whitespace removed).
pub type LinkFact = (String, String);

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

/// The fidelity figures of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fidelity {
    /// Share of the source's main-content words found in the output, in order.
    pub text_recall: f64,
    pub source_words: usize,
    pub links_expected: usize,
    /// Links of the source missing from the output, as (target, text).
    pub links_missing: Vec<(String, String)>,
    /// Links of the output not in the source.
    pub links_unexpected: Vec<(String, String)>,
    pub anchors_expected: usize,
    pub anchors_missing: Vec<String>,
    pub chrome_leaked: Vec<String>,
    /// Strong and emphasis counts: (source, output).
    pub strong: (usize, usize),
    pub emphasis: (usize, usize),
    /// Differences between the structure written and the structure read back.
    pub structure: Vec<String>,
}

/// Words and CJK characters, lower-cased, hashed. Hashed as they are read
/// (no string per word): this runs over every word of the site twice.
pub fn tokens(text: &str, out: &mut Vec<u64>) {
    let mut word: Option<FxHasher> = None;
    let flush = |word: &mut Option<FxHasher>, out: &mut Vec<u64>| {
        if let Some(hasher) = word.take() {
            out.push(hasher.finish());
        }
    };
    for c in text.chars() {
        match token_class(c) {
            Class::Ideograph => {
                flush(&mut word, out);
                let mut hasher = FxHasher::default();
                hasher.write_u32(c as u32);
                out.push(hasher.finish());
            }
            Class::Letter => {
                let hasher = word.get_or_insert_with(FxHasher::default);
                if c.is_ascii() {
                    hasher.write_u32(c.to_ascii_lowercase() as u32);
                } else {
                    for lower in c.to_lowercase() {
                        hasher.write_u32(lower as u32);
                    }
                }
            }
            Class::Separator => flush(&mut word, out),
        }
    }
    flush(&mut word, out);
}

enum Class {
    /// A CJK ideograph: a token of its own.
    Ideograph,
    /// Part of a word.
    Letter,
    Separator,
}

fn token_class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Letter
        } else {
            Class::Separator
        };
    }
    match c as u32 {
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Class::Ideograph,
        _ if is_cjk(c) => {
            if c.is_alphanumeric() {
                Class::Ideograph
            } else {
                Class::Separator
            }
        }
        _ if c.is_alphanumeric() => Class::Letter,
        _ => Class::Separator,
    }
}

fn squash(text: &str) -> String {
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

/// Reads the expected facts from an HTML page's DOM: main content and
/// sidebar, without chrome, hero, breadcrumb and comments.
/// `link_fates` are the fates the converter decided, by node (a link it did
/// not render is decided here).
pub fn expected_from_html(
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
        if let Some(id) = super::html::anchor_of(element, self.index, cx.data, &cx.targeted) {
            self.expected.anchors.push(id.to_owned());
        }
        let has_text = || super::html::has_visible_text(node);
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
                                _ => super::links::destination(href),
                            };
                            let text = squash(&super::html::visible_text(node));
                            self.expected.links.push((target, text));
                        }
                    }
                }
            }
            _ => {}
        }
        // Inline elements do not separate words (`<b>Meta</b>data` reads
        // "Metadata"); blocks and line breaks do.
        let separates = super::html::separates_words(element.name());
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
pub fn expected_from_markdown(cx: &Context<'_>, index: usize, text: &str) -> Expected {
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

/// What a Markdown text shows, read back with pulldown-cmark.
#[derive(Debug, Default)]
struct Read {
    text: String,
    links: Vec<(String, String)>,
    strong: usize,
    emphasis: usize,
    shape: Shape,
}

fn read_markdown(markdown: &str) -> Read {
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
    let fragment = super::html::dom::fragment(html);
    for node in fragment.tree.root().descendants() {
        match node.value() {
            Node::Text(text) => {
                read.text.push(' ');
                read.text.push_str(text);
            }
            Node::Element(element) if element.name() == "a" => {
                if let Some(href) = element.attr("href") {
                    read.links
                        .push((href.to_owned(), squash(&super::html::visible_text(node))));
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

/// The output as `Site::load` will parse it when the output is checked as a
/// site (which reuses this page instead of reading the file again).
pub fn parse_output(cx: &Context<'_>, path: &str, markdown: &str) -> Page {
    let bytes = markdown.as_bytes().to_vec();
    crate::site::page_from_bytes(path, bytes, cx.config, cx.data, &ParseOptions::default())
}

/// Compares the output with what was expected. `output_page` is
/// [`parse_output`] of `output` (for its anchors).
pub fn check(
    cx: &Context<'_>,
    expected: &Expected,
    output: &str,
    output_page: &Page,
    intended: Option<&Shape>,
) -> Fidelity {
    let body_start = crate::page::frontmatter::split(output).body_start;
    let read = read_markdown(&output[body_start..]);
    let mut fidelity = Fidelity {
        source_words: expected.tokens.len(),
        links_expected: expected.links.len(),
        anchors_expected: expected.anchors.len(),
        strong: (expected.strong, read.strong),
        emphasis: (expected.emphasis, read.emphasis),
        ..Fidelity::default()
    };
    let mut output_tokens = Vec::new();
    tokens(&read.text, &mut output_tokens);
    fidelity.text_recall = recall(&expected.tokens, &output_tokens);
    let (missing, unexpected) = multiset_difference(&expected.links, &read.links);
    fidelity.links_missing = missing;
    fidelity.links_unexpected = unexpected;
    let mut anchors: Vec<&str> = output_page
        .anchors
        .iter()
        .filter(|a| a.region.is_rendered())
        .map(|a| &*a.name)
        .collect();
    anchors.sort_unstable();
    fidelity.anchors_missing = expected
        .anchors
        .iter()
        .filter(|a| anchors.binary_search(&a.as_str()).is_err())
        .cloned()
        .collect();
    fidelity.chrome_leaked = leaked_chrome(&cx.chrome.strings, &read.text, &expected.text);
    if let Some(intended) = intended {
        fidelity.structure = structure_differences(intended, &read.shape);
    }
    fidelity
}

/// Chrome strings the output has more of than the source's content. Texts
/// are normalized only when a string's first word appears at all.
fn leaked_chrome(strings: &[String], output: &str, source: &str) -> Vec<String> {
    let normalize = |text: &str| join_words(text);
    let mut normalized: Option<(String, String)> = None;
    let mut leaked = Vec::new();
    for string in strings {
        let first_word = string.split_whitespace().next().unwrap_or(string);
        if !output.contains(first_word) {
            continue;
        }
        let (output, source) = normalized.get_or_insert_with(|| (normalize(output), normalize(source)));
        let in_output = count_phrase(output, string);
        if in_output > count_phrase(source, string) {
            leaked.push(string.clone());
        }
    }
    leaked
}

/// Occurrences of `phrase` as whole words.
fn count_phrase(text: &str, phrase: &str) -> usize {
    let mut count = 0;
    for (at, _) in text.match_indices(phrase) {
        let before = text[..at].chars().last();
        let after = text[at + phrase.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            count += 1;
        }
    }
    count
}

/// Share of `source` found in `output` in order (longest common
/// subsequence, via a Myers diff with a deadline for pathological pages).
pub fn recall(source: &[u64], output: &[u64]) -> f64 {
    if source.is_empty() || is_subsequence(source, output) {
        return 1.0;
    }
    // A common prefix and suffix are part of a longest common subsequence:
    // on most pages they are everything, and the diff is not needed.
    let prefix = source.iter().zip(output).take_while(|(a, b)| a == b).count();
    let (source_rest, output_rest) = (&source[prefix..], &output[prefix..]);
    let suffix = source_rest
        .iter()
        .rev()
        .zip(output_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let source_rest = &source_rest[..source_rest.len() - suffix];
    let output_rest = &output_rest[..output_rest.len() - suffix];
    let matched = prefix + suffix + common_subsequence(source_rest, output_rest);
    matched as f64 / source.len() as f64
}

/// Whether every item of `source` is in `output`, in order (the output
/// usually adds a title and section headings): one greedy pass.
fn is_subsequence(source: &[u64], output: &[u64]) -> bool {
    let mut rest = output.iter();
    source.iter().all(|item| rest.any(|candidate| candidate == item))
}

/// Length of a longest common subsequence (Myers, with a deadline).
fn common_subsequence(source: &[u64], output: &[u64]) -> usize {
    if source.is_empty() || output.is_empty() {
        return 0;
    }
    let deadline = Some(Instant::now() + Duration::from_secs(2));
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, source, output, deadline);
    ops.iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

/// (in `expected` but not `actual`, in `actual` but not `expected`).
fn multiset_difference(expected: &[LinkFact], actual: &[LinkFact]) -> (Vec<LinkFact>, Vec<LinkFact>) {
    let mut counts: BTreeMap<&LinkFact, isize> = BTreeMap::new();
    for link in expected {
        *counts.entry(link).or_default() += 1;
    }
    for link in actual {
        *counts.entry(link).or_default() -= 1;
    }
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    for (link, count) in counts {
        for _ in 0..count.max(0) {
            missing.push(link.clone());
        }
        for _ in 0..(-count).max(0) {
            unexpected.push(link.clone());
        }
    }
    (missing, unexpected)
}

fn structure_differences(intended: &Shape, read: &Shape) -> Vec<String> {
    let mut differences = Vec::new();
    let intended_headings: Vec<(u8, String)> = intended
        .headings
        .iter()
        .map(|(level, text)| (*level, plain_text(text)))
        .collect();
    if intended_headings != read.headings {
        differences.push(format!(
            "headings: wrote {}, read back {}",
            intended_headings.len(),
            read.headings.len()
        ));
    }
    if intended.list_items != read.list_items {
        differences.push(format!(
            "list items: wrote {} (deepest {}), read back {} (deepest {})",
            intended.list_items.len(),
            intended.list_items.iter().max().unwrap_or(&0),
            read.list_items.len(),
            read.list_items.iter().max().unwrap_or(&0)
        ));
    }
    if intended.tables != read.tables {
        differences.push(format!(
            "tables: wrote {:?}, read back {:?}",
            intended.tables, read.tables
        ));
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_counts_words_in_order() {
        let mut source = Vec::new();
        tokens("Customer Data is stored in China. 客户数据", &mut source);
        let mut output = Vec::new();
        tokens(
            "**Customer** data is *stored* in China 客户 数据 extra",
            &mut output,
        );
        assert_eq!(recall(&source, &output), 1.0);
        let mut partial = Vec::new();
        tokens("Customer stored in China", &mut partial);
        assert!((recall(&source, &partial) - 4.0 / 10.0).abs() < 1e-9);
    }

    #[test]
    fn tokens_are_words_lower_cased_and_single_ideographs() {
        let read = |text: &str| {
            let mut out = Vec::new();
            tokens(text, &mut out);
            out
        };
        assert_eq!(read("ÉTÉ, Été; été"), read("été été été"));
        assert_eq!(
            read("Azure云服务。ISO/IEC 27001"),
            read("azure 云 服 务 iso iec 27001")
        );
        assert_eq!(read("Azure云服务").len(), 4);
        assert_ne!(read("data"), read("date"));
        assert_ne!(read("ab"), read("a b"));
        assert!(read(" \n\t—“”！").is_empty());
        assert_eq!(read("café data"), read("CAFÉ DATA"));
        assert_eq!(read("naïve"), read("NAÏVE"));
        assert_eq!(read("x1y2 data。"), read("X1Y2 Data ."));
    }

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

    /// Longest common subsequence by dynamic programming: the reference.
    fn lcs_by_table(a: &[u64], b: &[u64]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diagonal = 0;
            for (j, y) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = if x == y { diagonal + 1 } else { above.max(row[j]) };
                diagonal = above;
            }
        }
        row[b.len()]
    }

    #[test]
    fn recall_with_shared_ends_matches_the_full_subsequence() {
        // Sequences from a small alphabet, sharing a prefix and a suffix
        // of varying lengths, with edits in between.
        let mut state = 0x2545_f491_u64;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        for _ in 0..500 {
            let shared: Vec<u64> = (0..next(6)).map(|_| next(3)).collect();
            let tail: Vec<u64> = (0..next(6)).map(|_| next(3)).collect();
            let mut source = shared.clone();
            source.extend((0..next(8)).map(|_| next(4)));
            source.extend(&tail);
            let mut output = shared;
            output.extend((0..next(8)).map(|_| next(4)));
            output.extend(&tail);
            if source.is_empty() {
                continue;
            }
            let expected = lcs_by_table(&source, &output) as f64 / source.len() as f64;
            assert_eq!(recall(&source, &output), expected, "{source:?} / {output:?}");
        }
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

    #[test]
    fn phrases_count_as_whole_words() {
        assert_eq!(count_phrase("Next steps; Nextcloud; Next", "Next"), 2);
    }
}
