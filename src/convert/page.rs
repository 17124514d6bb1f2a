//! One page, converted: front matter, `# title`, subtitle, content,
//! sidebar sections. HTML pages go through the DOM converter, Markdown pages
//! through source edits (`markdown.rs`).

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use super::blocks::{self, Block, Shape};
use super::escape::escape_text;
use super::html::{self, HtmlContext};
use super::inline::Inline;
use super::links::Rewriter;
use super::notes::Notes;
use super::verify::{self, Expected};
use super::{Chrome, markdown};
use crate::config::Config;
use crate::data::LintData;
use crate::page::{Locale, PageKind, frontmatter};
use crate::site::Site;
use crate::site::url::relative_url;

/// Everything the conversion of any page needs.
pub struct Context<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub data: &'a LintData,
    pub chrome: &'a Chrome,
    pub rewriter: Rewriter<'a>,
    /// For each page, its translations.
    pub twins: Vec<Vec<(Locale, usize)>>,
    pub targeted: html::Targeted,
}

/// (page, fragment) of every rendered link of the site into one of its pages.
pub fn targeted_anchors(site: &Site, config: &Config) -> html::Targeted {
    use rayon::prelude::*;
    site.pages
        .par_iter()
        .flat_map_iter(|page| {
            page.links
                .iter()
                .filter(|l| l.region.is_rendered())
                .filter_map(|link| {
                    let parsed = crate::site::url::parse_url(&link.url);
                    let fragment = parsed.fragment.clone().filter(|f| !f.is_empty())?;
                    let crate::site::url::Scope::Site { path, .. } =
                        crate::site::url::scope(&parsed, &page.path, config)
                    else {
                        return None;
                    };
                    match site.lookup(&path, config) {
                        crate::site::Lookup::Page(target) => Some((target, fragment)),
                        _ => None,
                    }
                })
        })
        .collect()
}

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

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    breadcrumb: Vec<Crumb>,
    source: &'a str,
}

#[derive(Serialize)]
pub struct Crumb {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<String>,
}

/// Converts the page at `index`, whose decoded text is `text`.
pub fn convert(cx: &Context<'_>, index: usize, text: &str) -> Converted {
    match cx.site.pages[index].kind {
        PageKind::LegacyHtml | PageKind::HtmlDocument => convert_html(cx, index, text),
        PageKind::AcomMarkdown | PageKind::UnifiedMarkdown => markdown::convert(cx, index, text),
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
    let expected = verify::expected_from_html(cx, index, &document, link_fates);
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

/// The YAML front matter of a converted page (without the `---` lines).
pub fn front_matter(cx: &Context<'_>, index: usize, title: &str, breadcrumb: Vec<Crumb>) -> String {
    let page = &cx.site.pages[index];
    let own_output = &cx.rewriter.outputs[index];
    let translations = cx.twins[index]
        .iter()
        .map(|(locale, twin)| {
            (
                locale.as_str(),
                relative_url(own_output, &cx.rewriter.outputs[*twin]),
            )
        })
        .collect();
    let front = FrontMatter {
        title: title.trim(),
        description: page
            .metadata
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty()),
        locale: page.locale.map(Locale::as_str),
        date: page.metadata.date.as_deref().and_then(iso_date),
        translations,
        breadcrumb,
        source: &page.path,
    };
    serde_saphyr::to_string(&front).unwrap_or_else(|_| format!("title: {title:?}\nsource: {:?}\n", page.path))
}

/// A date as written in legacy metadata, in ISO form: `12/2015` ->
/// `2015-12`, `05/25/2016` -> `2016-05-25`, `May 25, 2016`, `2016年4月29日`.
pub fn iso_date(written: &str) -> Option<String> {
    let written = written.trim();
    let numbers: Vec<u32> = written
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .filter_map(|n| n.parse().ok())
        .collect();
    let month_name = MONTHS
        .iter()
        .position(|m| written.to_ascii_lowercase().contains(m))
        .map(|i| i as u32 + 1);
    let (year, month, day) = match (month_name, numbers.as_slice()) {
        (Some(month), [day, year]) if *year > 1900 => (*year, month, Some(*day)),
        (Some(month), [year]) if *year > 1900 => (*year, month, None),
        (None, [year, month, day]) if *year > 1900 => (*year, *month, Some(*day)),
        (None, [month, day, year]) if *year > 1900 => (*year, *month, Some(*day)),
        (None, [month, year]) if *year > 1900 => (*year, *month, None),
        (None, [year, month]) if *year > 1900 => (*year, *month, None),
        _ => return None,
    };
    if !(1..=12).contains(&month) || day.is_some_and(|d| !(1..=31).contains(&d)) {
        return None;
    }
    Some(match day {
        Some(day) => format!("{year:04}-{month:02}-{day:02}"),
        None => format!("{year:04}-{month:02}"),
    })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_iso() {
        assert_eq!(iso_date("12/2015").as_deref(), Some("2015-12"));
        assert_eq!(iso_date("05/25/2016").as_deref(), Some("2016-05-25"));
        assert_eq!(iso_date("2016-04-29").as_deref(), Some("2016-04-29"));
        assert_eq!(iso_date("May 25, 2016").as_deref(), Some("2016-05-25"));
        assert_eq!(iso_date("2016年4月29日").as_deref(), Some("2016-04-29"));
        assert_eq!(iso_date("soon"), None);
        assert_eq!(iso_date("13/2015"), None);
    }

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(
            plain_text("**Customer** <a id=\"x\"></a>Data \\*"),
            "Customer Data *"
        );
    }
}
