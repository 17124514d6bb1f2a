//! The page model: one shape for every page format.
//!
//! Parsing never fails. [`parse_page`] takes decoded text and always returns a
//! [`Page`]; whatever was wrong with the input is recorded in
//! [`Page::problems`] for rules to report.

pub mod attributes;
pub mod css;
pub mod elements;
pub mod frontmatter;
pub mod html;
pub mod markdown;
mod markup;
pub mod regions;
pub mod slug;
mod sniff;
pub mod suppress;
pub mod tables;
pub mod text_blocks;
mod text_table;
pub mod vocabulary;

use crate::source::Decoding;
use crate::span::Span;

pub use css::{Css, CssKind};
pub use sniff::sniff_kind;
pub use tables::Table;
pub use text_blocks::{NO_TEXT_ID, SharedTexts, TextBlock, TextBlocks};

/// The formats tclint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// Jekyll front matter followed by an HTML fragment (Trust Center pages).
    LegacyHtml,
    /// A plain HTML document without front matter.
    HtmlDocument,
    /// Legacy "ACOM" Markdown: `<properties>`, `<tags>`, `[AZURE.NOTE]`.
    AcomMarkdown,
    /// The unified Markdown that `tclint convert` writes (and any CommonMark page).
    UnifiedMarkdown,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::LegacyHtml => "legacy-html",
            PageKind::HtmlDocument => "html",
            PageKind::AcomMarkdown => "acom-markdown",
            PageKind::UnifiedMarkdown => "markdown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    EnUs,
    ZhCn,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::EnUs => "en-us",
            Locale::ZhCn => "zh-cn",
        }
    }

    /// Reads `en`, `en-us`, `zh`, `zh-cn`, `zh-hans`, `cn`, `ch` and the like.
    pub fn parse(value: &str) -> Option<Locale> {
        let value = value.trim().to_ascii_lowercase();
        match value.as_str() {
            "en" | "en-us" | "en_us" | "english" => Some(Locale::EnUs),
            "zh" | "zh-cn" | "zh_cn" | "zh-hans" | "cn" | "ch" | "chinese" | "中文" => Some(Locale::ZhCn),
            _ => None,
        }
    }
}

/// Where on the page a link, anchor or text sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    Main,
    Sidebar,
    Breadcrumb,
    Hero,
    /// Inside an HTML comment: not rendered, kept for migration.
    Comment,
    /// Front matter, `<properties>`/`<tags>`, `[AZURE.LANGUAGE]` lists.
    Metadata,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Main => "main",
            Region::Sidebar => "sidebar",
            Region::Breadcrumb => "breadcrumb",
            Region::Hero => "hero",
            Region::Comment => "comment",
            Region::Metadata => "metadata",
        }
    }

    pub fn parse(name: &str) -> Option<Region> {
        Some(match name {
            "main" => Region::Main,
            "sidebar" => Region::Sidebar,
            "breadcrumb" => Region::Breadcrumb,
            "hero" => Region::Hero,
            "comment" => Region::Comment,
            "metadata" => Region::Metadata,
            _ => return None,
        })
    }

    /// Rendered to readers (not a comment).
    pub fn is_rendered(self) -> bool {
        self != Region::Comment
    }
}

/// Which syntax a link was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkSyntax {
    /// An HTML attribute; the name is the attribute (`href`, `src`, `data-src`...).
    Attribute(&'static str),
    MarkdownLink,
    MarkdownImage,
    MarkdownAutolink,
    /// `[label]: url` in Markdown; usages point at the definition.
    ReferenceDefinition,
    /// `[AZURE.INCLUDE [x](path)]` / `[!INCLUDE [x](path)]`.
    Include,
    /// A URL inside front matter (`translations`, `breadcrumb`).
    FrontMatter,
    /// A URL a script attribute navigates to (`onclick="window.open('x.html')"`).
    Script,
}

impl LinkSyntax {
    pub fn describe(self) -> &'static str {
        match self {
            LinkSyntax::Attribute(name) => name,
            LinkSyntax::MarkdownLink => "link",
            LinkSyntax::MarkdownImage => "image",
            LinkSyntax::MarkdownAutolink => "autolink",
            LinkSyntax::ReferenceDefinition => "reference definition",
            LinkSyntax::Include => "include",
            LinkSyntax::FrontMatter => "front matter",
            LinkSyntax::Script => "script navigation",
        }
    }
}

/// A link, image or other reference to a URL.
#[derive(Debug, Clone)]
pub struct Link {
    /// The URL after entity and escape decoding.
    pub url: Box<str>,
    /// Where the URL is written: the attribute value without its quotes, the
    /// Markdown destination. Empty for an attribute written with no value.
    pub span: Span,
    /// True when the source text under `span` is exactly `url`, so an edit can
    /// splice into it without re-escaping.
    pub verbatim: bool,
    /// The visible text, whitespace collapsed.
    pub text: Box<str>,
    /// Where the text is written (between `<a ...>` and `</a>`, inside `[...]`).
    pub text_span: Option<Span>,
    /// An alternative name when there is no text: `alt` of an image inside,
    /// `aria-label`, `title`.
    pub accessible_name: Option<Box<str>>,
    /// True for links that carry an image (an image link or an `<img>`).
    pub has_image: bool,
    /// The element or Markdown construct carrying the link.
    pub element: Span,
    pub region: Region,
    pub syntax: LinkSyntax,
    /// The element is wired to script (`onclick`, `role="button"`,
    /// `data-toggle`...): `href="#"` is then a behaviour, not a placeholder.
    pub scripted: bool,
}

impl Link {
    /// The text a reader sees, or failing that its accessible name.
    pub fn label(&self) -> &str {
        if !self.text.is_empty() {
            &self.text
        } else {
            self.accessible_name.as_deref().unwrap_or("")
        }
    }

    /// Links that navigate (`href` and Markdown links), as opposed to embedded
    /// resources (`src`, images).
    pub fn is_navigation(&self) -> bool {
        matches!(
            self.syntax,
            LinkSyntax::Attribute("href")
                | LinkSyntax::MarkdownLink
                | LinkSyntax::MarkdownAutolink
                | LinkSyntax::ReferenceDefinition
                | LinkSyntax::Script
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    /// `id` on any element.
    Id,
    /// `name` on `<a>`.
    Name,
    /// A Markdown heading's generated slug.
    HeadingSlug,
}

/// A target for `#fragment` links.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub name: Box<str>,
    pub span: Span,
    pub kind: AnchorKind,
    pub region: Region,
}

#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 6; a `<label id>` used as a heading counts as 3.
    pub level: u8,
    pub text: Box<str>,
    pub span: Span,
    /// The anchor a link uses to reach it, when it has one.
    pub anchor: Option<Box<str>>,
    pub region: Region,
    pub from_label: bool,
}

/// A defect of the markup itself, found while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkupIssue {
    /// `id="a"l`: an attribute glued to the previous one.
    MissingSpaceBetweenAttributes,
    /// `<`, a quote or `=` inside an attribute name: usually a tag left
    /// unclosed that swallows the markup after it.
    CharacterInAttributeName,
    /// `href=a"b`: a quote or `<` in an unquoted value.
    CharacterInUnquotedValue,
    /// `href=>`: the value is missing.
    MissingAttributeValue,
    /// The same attribute twice: browsers keep the first.
    DuplicateAttribute,
    /// `</ul style="...">`: attributes on an end tag, which browsers drop.
    EndTagAttributes,
    /// `<Secure infrastructure id=...>`: a tag that is no HTML element,
    /// hiding the words written inside it.
    UnknownElement,
    /// The page ends inside a tag.
    EofInTag,
    /// The page ends inside a comment: everything after `<!--` is hidden.
    EofInComment,
    /// `<!--` inside a comment: the first `-->` ends both.
    NestedComment,
    /// `<!x>`-style bogus comment or `--!>`: text hidden or shown by accident.
    BadComment,
    /// Elements nested deeper than browsers build.
    TooDeep,
    /// Legacy Markdown that only the old renderer read (`#Title`).
    LegacyMarkdown,
    /// Front matter that does not parse.
    BadFrontMatter,
}

/// Why a file could not be read as a page, or was read only approximately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadIssue {
    Decoded(Decoding),
    Binary,
    Empty,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Unreadable(String),
    SymlinkLoop(String),
    /// More than one byte-order mark at the start: the page is read as if
    /// it had one.
    ExtraByteOrderMarks(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    Markup(MarkupIssue),
    Load(LoadIssue),
}

/// Something wrong with the page as written, with where it is.
#[derive(Debug, Clone)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
}

/// Page-level data from front matter, `<properties>` and `<tags>`.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// Jekyll `layout`.
    pub layout: Option<Box<str>>,
    pub description: Option<Box<str>>,
    /// `ms.date`, `wacn.date` or front-matter `date`, as written.
    pub date: Option<Box<str>>,
    /// Language of the page as declared (`wacn.lang`, front-matter `locale`).
    pub declared_locale: Option<Locale>,
    /// Other-language versions: `[AZURE.LANGUAGE]` lists, front-matter
    /// `translations`. The URL is as written.
    pub translations: Vec<(Locale, Box<str>)>,
    /// Every `<properties>`/`<tags>` attribute and front-matter scalar, in order.
    pub fields: Vec<(Box<str>, Box<str>)>,
}

/// One page of the site, whatever its format.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, `/`-separated.
    pub path: Box<str>,
    pub kind: PageKind,
    pub title: Option<Box<str>>,
    pub locale: Option<Locale>,
    pub metadata: Metadata,
    pub links: Vec<Link>,
    pub anchors: Vec<Anchor>,
    pub headings: Vec<Heading>,
    /// The visible text, block by block (paragraph, list item, cell,
    /// heading), whitespace collapsed. Collected only when asked
    /// ([`ParseOptions`]), and only in the main content, hero and sidebar.
    pub text_blocks: TextBlocks,
    /// The shape of each table, collected with the text blocks.
    pub tables: Vec<Table>,
    /// Inline styles and `<style>` elements outside comments, in page order.
    pub css: Vec<Css>,
    /// How often the rendered markup uses each attribute name and class
    /// token. Collected only when asked ([`ParseOptions`]).
    pub vocabulary: vocabulary::Vocabulary,
    pub problems: Vec<Problem>,
    /// Inline `tclint-disable...` directives, resolved to byte ranges.
    pub suppressions: Vec<suppress::Suppression>,
    pub decoding: Decoding,
    /// Bytes of the file.
    pub byte_len: u64,
}

impl Page {
    /// Of the text blocks at `order` (indexes into `text_blocks`, sorted by
    /// start), the position in `order` of the one holding `span`, if any.
    /// Blocks do not overlap: one binary search.
    pub fn block_holding(&self, order: &[usize], span: Span) -> Option<usize> {
        let blocks = &self.text_blocks;
        let after = order.partition_point(|&index| blocks.get(index).span.start <= span.start);
        let position = after.checked_sub(1)?;
        (span.end <= blocks.get(*order.get(position)?).span.end).then_some(position)
    }

    /// An empty page of the given kind; parsers fill it in.
    pub fn new(path: &str, kind: PageKind) -> Page {
        Page {
            path: path.into(),
            kind,
            title: None,
            locale: None,
            metadata: Metadata::default(),
            links: Vec::new(),
            anchors: Vec::new(),
            headings: Vec::new(),
            text_blocks: TextBlocks::default(),
            tables: Vec::new(),
            css: Vec::new(),
            vocabulary: vocabulary::Vocabulary::default(),
            problems: Vec::new(),
            suppressions: Vec::new(),
            decoding: Decoding::Utf8,
            byte_len: 0,
        }
    }

    /// A page that could not be read; it still exists in the site.
    pub fn unloadable(path: &str, issue: LoadIssue, message: String) -> Page {
        let mut page = Page::new(path, PageKind::UnifiedMarkdown);
        page.problems.push(Problem {
            kind: ProblemKind::Load(issue),
            span: Span::default(),
            message,
        });
        page
    }

    /// True when a rendered element carries this anchor (commented-out
    /// anchors do not count: links cannot reach them).
    pub fn has_anchor(&self, name: &str) -> bool {
        self.anchors
            .iter()
            .any(|anchor| &*anchor.name == name && anchor.region.is_rendered())
    }
}

/// What the parser collects beyond links and anchors.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Collect the visible text blocks (the claims rules need them; link rules do not).
    pub text_blocks: bool,
    /// Count the attribute names and class tokens of the rendered markup
    /// (the rules comparing them with the site's vocabulary need them).
    pub vocabulary: bool,
    /// Where the blocks' texts are kept: pages parsed with clones of these
    /// options share equal texts if it is a store (`SharedTexts::new()`).
    pub shared_texts: SharedTexts,
}

/// Parses decoded page text. Never fails.
pub fn parse_page(
    path: &str,
    text: &str,
    decoding: &Decoding,
    options: &ParseOptions,
    regions: &html::RegionRules,
) -> Page {
    let kind = sniff_kind(path, text);
    let mut page = match kind {
        PageKind::LegacyHtml | PageKind::HtmlDocument => html::parse(path, kind, text, options, regions),
        PageKind::AcomMarkdown | PageKind::UnifiedMarkdown => {
            markdown::parse(path, kind, text, options, regions)
        }
    };
    page.decoding = decoding.clone();
    page.byte_len = text.len() as u64;
    if page.locale.is_none() {
        page.locale = infer_locale(&page, text);
    }
    page
}

/// The page's language from, in order: a declaration, the `en-us/` or
/// `zh-cn/` folder, a `-cn`/`-en` file name, a `...CN` layout, and the share
/// of Chinese characters in the text.
fn infer_locale(page: &Page, text: &str) -> Option<Locale> {
    if let Some(locale) = page.metadata.declared_locale {
        return Some(locale);
    }
    let path = page.path.to_ascii_lowercase();
    for segment in path.split('/') {
        if let Some(locale) = match segment {
            "en-us" => Some(Locale::EnUs),
            "zh-cn" => Some(Locale::ZhCn),
            _ => None,
        } {
            return Some(locale);
        }
    }
    let stem = path.rsplit('/').next().unwrap_or("");
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem).trim_end();
    if stem.ends_with("-cn") {
        return Some(Locale::ZhCn);
    }
    if stem.ends_with("-en") {
        return Some(Locale::EnUs);
    }
    if let Some(layout) = &page.metadata.layout {
        return Some(if layout.ends_with("CN") {
            Locale::ZhCn
        } else {
            Locale::EnUs
        });
    }
    locale_from_text(text)
}

/// Chinese when at least a twentieth of the letters are CJK ideographs.
fn locale_from_text(text: &str) -> Option<Locale> {
    let (mut cjk, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if crate::source::is_cjk(c) {
            cjk += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    match (cjk, latin) {
        (0, 0) => None,
        (cjk, latin) if cjk * 20 >= cjk + latin => Some(Locale::ZhCn),
        _ => Some(Locale::EnUs),
    }
}

impl ProblemKind {
    pub fn markup(&self) -> Option<MarkupIssue> {
        match self {
            ProblemKind::Markup(issue) => Some(*issue),
            ProblemKind::Load(_) => None,
        }
    }

    /// A load problem that leaves the page's content unknown or
    /// approximate (not read, binary, empty, too large, decoded).
    pub fn spoils_content(&self) -> bool {
        match self {
            ProblemKind::Markup(_) | ProblemKind::Load(LoadIssue::ExtraByteOrderMarks(_)) => false,
            ProblemKind::Load(_) => true,
        }
    }
}
