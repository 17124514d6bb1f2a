use super::*;
use crate::page::{AnchorKind, LinkSyntax, Locale, MarkupIssue, Region, parse_page};
use crate::source::Decoding;

fn parse_text(path: &str, text: &str) -> Page {
    let regions = RegionRules::from_toml(include_str!("../../lints/regions.toml")).unwrap();
    parse_page(
        path,
        text,
        &Decoding::Utf8,
        &ParseOptions {
            text_blocks: true,
            ..ParseOptions::default()
        },
        &regions,
    )
}

const ACOM: &str = "<properties\n\tpageTitle=\"Transparency\"\n    description=\"d\"\n    tags=\"\"/>\n\n\
> [AZURE.LANGUAGE]\n- [中文](/support/trust-center/transparency/)\n- [English](/support/trust-center/transparency-en/)\n\n\
#Transparency\n \n <tags ms.service=\"trust-center-en\" ms.date=\"12/2015\" wacn.date=\"12/2015\" wacn.lang=\"en\"/>\n \n\
In clear language, the [Privacy Statement](/support/legal/privacy-statement) describes it.\n\n\
##Where data is stored\n\n> [AZURE.NOTE] Data stays in China.\n\
lazy continuation <a href=\"/support/x/\" id=\"inline_id\">inline</a>.\n\n\
[AZURE.INCLUDE [notice](../includes/notice.md)]\n\n\
See [the agreement][agreement] and <https://www.azure.cn/>.\n\n\
[agreement]: /support/legal/subscription-agreement \"Agreement\"\n";

#[test]
fn acom_metadata_language_list_and_legacy_headings() {
    let page = parse_text("support/trust-center/transparency-en.md", ACOM);
    assert_eq!(page.kind, PageKind::AcomMarkdown);
    assert_eq!(page.title.as_deref(), Some("Transparency"));
    assert_eq!(page.locale, Some(Locale::EnUs));
    assert_eq!(page.metadata.date.as_deref(), Some("12/2015"));
    assert_eq!(
        page.metadata.translations,
        [
            (Locale::ZhCn, "/support/trust-center/transparency/".into()),
            (Locale::EnUs, "/support/trust-center/transparency-en/".into()),
        ]
    );
    let headings: Vec<(u8, &str)> = page.headings.iter().map(|h| (h.level, &*h.text)).collect();
    assert_eq!(headings, [(1, "Transparency"), (2, "Where data is stored")]);
    assert!(page.has_anchor("where-data-is-stored"));
    assert!(page.has_anchor("inline_id"));
    // `#Title` is legitimate in ACOM pages: no problem reported.
    assert!(page.problems.is_empty(), "{:?}", page.problems);
}

#[test]
fn acom_link_spans_and_kinds() {
    let page = parse_text("support/trust-center/transparency-en.md", ACOM);
    let find = |url: &str| {
        page.links
            .iter()
            .find(|l| &*l.url == url)
            .unwrap_or_else(|| panic!("no link {url}"))
    };
    let language = find("/support/trust-center/transparency/");
    assert_eq!((language.region, &*language.text), (Region::Metadata, "中文"));
    let privacy = find("/support/legal/privacy-statement");
    assert!(privacy.verbatim);
    assert_eq!(&ACOM[privacy.span.range()], "/support/legal/privacy-statement");
    assert_eq!(&*privacy.text, "Privacy Statement");
    assert_eq!(&ACOM[privacy.text_span.unwrap().range()], "Privacy Statement");
    let include = find("../includes/notice.md");
    assert_eq!(include.syntax, LinkSyntax::Include);
    let inline = find("/support/x/");
    assert_eq!(
        (&*inline.text, inline.syntax),
        ("inline", LinkSyntax::Attribute("href"))
    );
    assert_eq!(&ACOM[inline.span.range()], "/support/x/");
    let reference = find("/support/legal/subscription-agreement");
    assert_eq!(&*reference.text, "the agreement");
    assert!(
        !reference.verbatim,
        "reference links point at their usage, not a splice point"
    );
    let autolink = find("https://www.azure.cn/");
    assert_eq!(&ACOM[autolink.span.range()], "https://www.azure.cn/");
}

#[test]
fn heading_offsets_survive_the_legacy_heading_patch() {
    let page = parse_text("support/x.md", ACOM);
    let second = page.headings.iter().find(|h| h.level == 2).unwrap();
    assert_eq!(
        &ACOM[second.span.start as usize..second.span.start as usize + 2],
        "##"
    );
    // Links after the patched headings still have exact spans.
    let link = page
        .links
        .iter()
        .find(|l| &*l.url == "/support/legal/privacy-statement")
        .unwrap();
    assert_eq!(&ACOM[link.span.range()], &*link.url);
}

const UNIFIED: &str = "---\ntitle: 隐私\nlocale: zh-cn\ndate: 2016-04-29\ntranslations:\n  en-us: default.md\n\
breadcrumb:\n  - title: Trust Center\n    link: ../default-cn.md\nsource: privacy/default-cn.md\n---\n\
# 隐私\n\n<a id=\"data_other\"></a>\n## 客户数据和其他数据类型\n\n## Overview\n\n## Overview\n\n\
> [!NOTE]\n> 数据存储在中国。\n\n| a | b |\n|---|---|\n| [x](x.md#y) | 2 |\n\n\
![图](../Images/a.png)\n";

#[test]
fn unified_front_matter_anchors_and_slugs() {
    let page = parse_text("privacy/default-cn.md", UNIFIED);
    assert_eq!(page.kind, PageKind::UnifiedMarkdown);
    assert_eq!(page.title.as_deref(), Some("隐私"));
    assert_eq!(page.locale, Some(Locale::ZhCn));
    assert_eq!(page.metadata.date.as_deref(), Some("2016-04-29"));
    assert_eq!(page.metadata.translations, [(Locale::EnUs, "default.md".into())]);
    let slugs: Vec<&str> = page
        .anchors
        .iter()
        .filter(|a| a.kind == AnchorKind::HeadingSlug)
        .map(|a| &*a.name)
        .collect();
    assert_eq!(
        slugs,
        ["隐私", "客户数据和其他数据类型", "overview", "overview-1"]
    );
    assert!(page.has_anchor("data_other"));
    let front: Vec<(&str, Region)> = page
        .links
        .iter()
        .filter(|l| l.syntax == LinkSyntax::FrontMatter)
        .map(|l| (&*l.url, l.region))
        .collect();
    assert_eq!(
        front,
        [
            ("default.md", Region::Metadata),
            ("../default-cn.md", Region::Metadata)
        ]
    );
    for link in page.links.iter().filter(|l| l.verbatim) {
        assert_eq!(&UNIFIED[link.span.range()], &*link.url);
    }
    let image = page
        .links
        .iter()
        .find(|l| l.syntax == LinkSyntax::MarkdownImage)
        .unwrap();
    assert_eq!(image.accessible_name.as_deref(), Some("图"));
}

#[test]
fn legacy_heading_in_unified_markdown_is_a_problem() {
    let text = "---\ntitle: x\n---\n#Title\n\nText\n";
    let page = parse_text("a.md", text);
    let problem = page
        .problems
        .iter()
        .find(|p| p.kind.markup() == Some(MarkupIssue::LegacyMarkdown))
        .unwrap();
    assert_eq!(&text[problem.span.range()], "#");
}

#[test]
fn invalid_front_matter_is_reported_not_fatal() {
    let text = "---\ntitle: [unclosed\n---\n# Body\n\n[a](b.md)\n";
    let page = parse_text("a.md", text);
    assert!(
        page.problems
            .iter()
            .any(|p| p.kind.markup() == Some(MarkupIssue::BadFrontMatter))
    );
    assert_eq!(page.links.len(), 1);
}

#[test]
fn destination_with_parentheses_and_angle_brackets() {
    assert_eq!(
        inline_destination("[a](b(c).md \"t\")", 2, 16).map(|s| s.range()),
        Some(4..11)
    );
    assert_eq!(
        inline_destination("[a](<b c.md>)", 2, 13).map(|s| s.range()),
        Some(5..11)
    );
}

#[test]
fn a_heading_anchor_starting_with_a_wide_character_spans_the_whole_character() {
    let text = "数据中心\n----\n\ntext\n";
    let page = parse_text("a.md", text);
    let anchor = page.anchors.first().expect("the heading's anchor");
    assert_eq!(&text[anchor.span.range()], "数");
}

#[test]
fn html_in_markdown_counts_in_the_vocabulary() {
    let text = "# Title\n\n<div class=\"note\" data-x=\"1\">\n\nText\n\n</div>\n\n<span class=\"note\">x</span> and `<p class=\"code\">`\n";
    let options = ParseOptions {
        vocabulary: true,
        ..ParseOptions::default()
    };
    let regions = RegionRules::from_toml(include_str!("../../lints/regions.toml")).unwrap();
    let page = parse_page("a.md", text, &Decoding::Utf8, &options, &regions);
    let classes: Vec<(&str, u32)> = page
        .vocabulary
        .classes
        .iter()
        .map(|t| (t.name, t.count))
        .collect();
    assert_eq!(classes, [("note", 2)]);
    assert_eq!(page.vocabulary.attributes.len(), 2);
}
