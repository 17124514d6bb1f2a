//! One page, converted: front matter, `# title`, subtitle, content,
//! sidebar sections. HTML pages go through the DOM converter, Markdown pages
//! through source edits (`markdown.rs`).

use super::blocks::{self, Block, Shape};
use super::context::Context;
use super::escape::escape_text;
use super::front_matter::{Crumb, front_matter};
use super::html::{self, HtmlContext};
use super::inline::Inline;
use super::markdown;
use super::notes::Notes;
use super::verify::expected::{self, Expected};
use super::verify::reader::plain_text;
use crate::page::{PageKind, frontmatter};

/// A converted page.
#[derive(Debug)]
pub struct Converted {
    /// The whole file: front matter and body.
    pub markdown: String,
    pub title: String,
    pub notes: Notes,
    /// The structure the writer meant (checked against a re-parse). `None`
    /// for pages converted by source edits, whose structure is the source's.
    pub intended: Option<Shape>,
    /// What the source holds, read independently of the conversion.
    pub expected: Expected,
}

/// Converts the page at `index`, whose decoded text is `text`.
pub fn convert(cx: &Context<'_>, index: usize, text: &str) -> Converted {
    match cx.site.pages[index].kind {
        PageKind::LegacyHtml | PageKind::HtmlDocument => convert_html(cx, index, text),
        PageKind::AcomMarkdown | PageKind::UnifiedMarkdown => convert_markdown(cx, index, text),
    }
}

/// Only the Markdown the page converts to, without reading what it must
/// keep: for checking that converted output converts to itself.
pub fn markdown_only(cx: &Context<'_>, index: usize, text: &str) -> String {
    match cx.site.pages[index].kind {
        PageKind::AcomMarkdown | PageKind::UnifiedMarkdown => markdown::convert(cx, index, text).markdown,
        PageKind::LegacyHtml | PageKind::HtmlDocument => convert_html(cx, index, text).markdown,
    }
}

/// A Markdown page is edited in place; what it must keep is read from its
/// source as written.
fn convert_markdown(cx: &Context<'_>, index: usize, text: &str) -> Converted {
    let edited = markdown::convert(cx, index, text);
    Converted {
        markdown: edited.markdown,
        title: edited.title,
        notes: edited.notes,
        intended: None,
        expected: expected::from_markdown(cx, index, text),
    }
}

fn convert_html(cx: &Context<'_>, index: usize, text: &str) -> Converted {
    let page = &cx.site.pages[index];
    let split = frontmatter::split(text);
    let body = &text[split.body_start..];
    let hcx = HtmlContext {
        page: index,
        rewriter: &cx.rewriter,
        data: cx.data,
        chrome: cx.chrome,
        targeted: &cx.targeted,
    };
    let parsed = if page.kind == PageKind::HtmlDocument {
        html::dom::document(body)
    } else {
        html::dom::fragment_counted(body)
    };
    let document = parsed.html;
    let mut rendered = html::render(&document, &hcx);
    rendered.notes.flattened_elements = parsed.flattened;
    let link_fates = std::mem::take(&mut rendered.link_fates);
    let expected = expected::from_html(cx, index, &document, link_fates);
    drop(document);
    let declared = page
        .metadata
        .fields
        .iter()
        .find(|(key, value)| &**key == "title" && !value.trim().is_empty())
        .map(|(_, value)| value.trim().to_owned());
    let (title, title_markdown, from_file_name) = choose_title(
        declared,
        rendered.hero_title.take(),
        &mut rendered.main,
        &page.path,
    );
    rendered.notes.title_from_file_name = from_file_name;
    let mut blocks = vec![Block::Heading {
        level: 1,
        text: title_markdown,
    }];
    if let Some(subtitle) = rendered.subtitle.take() {
        let mut escaped = String::new();
        escape_text(&subtitle, &mut escaped);
        blocks.push(Block::Paragraph(vec![escaped]));
    }
    blocks.append(&mut rendered.main);
    blocks.append(&mut rendered.sidebar);
    let crumbs = rendered
        .breadcrumb
        .drain(..)
        .map(|(title, link)| Crumb { title, link })
        .collect();
    let front = front_matter(cx, index, &title, crumbs);
    let body = blocks::write(&blocks);
    Converted {
        markdown: format!("---\n{front}---\n\n{body}\n"),
        title,
        notes: rendered.notes,
        intended: Some(Shape::of(&blocks)),
        expected,
    }
}

/// The title: declared in front matter, else the hero's, else the first
/// heading of the content (moved up, with its anchor), else the file name.
/// Returns the plain title, its Markdown, and whether it is the file name.
fn choose_title(
    declared: Option<String>,
    hero: Option<String>,
    main: &mut Vec<Block>,
    path: &str,
) -> (String, String, bool) {
    if let Some(title) = declared.or(hero) {
        let mut markdown = String::new();
        escape_text(&title, &mut markdown);
        return (title, markdown, false);
    }
    let first_heading = main.iter().position(|b| matches!(b, Block::Heading { .. }));
    let leads = first_heading.is_some_and(|at| main[..at].iter().all(|b| matches!(b, Block::Html(_))));
    if let (Some(at), true) = (first_heading, leads)
        && let Block::Heading { text, .. } = main.remove(at)
    {
        return (plain_text(&text), text, false);
    }
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let mut inline = Inline::new();
    inline.text(stem);
    let markdown = inline.finish_single_line();
    (stem.to_owned(), markdown, true)
}
