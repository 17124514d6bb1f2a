use super::*;
use crate::page::{CssKind, LinkSyntax, Locale, MarkupIssue, Region, parse_page};
use crate::source::Decoding;

fn regions() -> RegionRules {
    RegionRules::from_toml(include_str!("../../../lints/regions.toml")).unwrap()
}

fn parse_text(path: &str, text: &str) -> Page {
    parse_page(
        path,
        text,
        &Decoding::Utf8,
        &ParseOptions {
            text_blocks: true,
            ..ParseOptions::default()
        },
        &regions(),
    )
}

/// The first problem of a kind, or a failure listing what was found.
fn problem_of(page: &Page, issue: MarkupIssue) -> &crate::page::Problem {
    page.problems
        .iter()
        .find(|p| p.kind.markup() == Some(issue))
        .unwrap_or_else(|| panic!("no {issue:?} among {:#?}", page.problems))
}

const PAGE: &str = "---\r\nlayout: TrustCenterPageCN\r\n---\r\n\
<div id=\"HeroWrapper\"><h3 class=\"box-title\">数据 中心</h3><a href=\"\"><div data-picture data-alt=\"Hero\"><div data-src=\"../Images/h.jpg\"></div></div></a></div>\r\n\
<div id=\"BreadcrumbWrapper\"><a href=\"../default.html\">Trust Center</a> // 隐私</div>\r\n\
<div id=\"ContentWrapper\"><div class=\"span\">\r\n\
<p>客户数据 <a href=\"../transparency/you_know_where.html#Who\">位置 &amp; 访问</a></p>\r\n\
<!--<a href=\"#old\">old</a> <p id=\"hidden\">x</p>-->\r\n\
<label id=\"data_other\">Customer Data</label>\r\n\
</div><div><div id=\"SideBarWrapper\"><a href=\"#\">。。。</a></div></div></div>\r\n";

#[test]
fn legacy_page_model() {
    let page = parse_text("privacy/default-cn.md", PAGE);
    assert_eq!(page.kind, PageKind::LegacyHtml);
    assert_eq!(page.title.as_deref(), Some("数据 中心"));
    assert_eq!(page.locale, Some(Locale::ZhCn));
    assert_eq!(page.metadata.layout.as_deref(), Some("TrustCenterPageCN"));

    let summary: Vec<(&str, Region, &str)> =
        page.links.iter().map(|l| (&*l.url, l.region, &*l.text)).collect();
    assert_eq!(
        summary,
        [
            ("", Region::Hero, ""),
            ("../Images/h.jpg", Region::Hero, ""),
            ("../default.html", Region::Breadcrumb, "Trust Center"),
            (
                "../transparency/you_know_where.html#Who",
                Region::Main,
                "位置 & 访问"
            ),
            ("#old", Region::Comment, "old"),
            ("#", Region::Sidebar, "。。。"),
        ]
    );
    // The hero link's picture gives it an accessible name.
    assert_eq!(page.links[0].accessible_name.as_deref(), Some("Hero"));
    // Anchors in comments are kept apart: links cannot reach them.
    let anchors: Vec<(&str, Region)> = page.anchors.iter().map(|a| (&*a.name, a.region)).collect();
    assert_eq!(
        anchors,
        [
            ("HeroWrapper", Region::Hero),
            ("BreadcrumbWrapper", Region::Breadcrumb),
            ("ContentWrapper", Region::Main),
            ("hidden", Region::Comment),
            ("data_other", Region::Main),
            ("SideBarWrapper", Region::Sidebar),
        ]
    );
    assert!(page.has_anchor("data_other"));
    assert!(!page.has_anchor("hidden"));
    let label = page.headings.iter().find(|h| h.from_label).unwrap();
    assert_eq!(
        (&*label.text, label.anchor.as_deref()),
        ("Customer Data", Some("data_other"))
    );
}

#[test]
fn spans_point_at_attribute_values_and_text() {
    let page = parse_text("privacy/default-cn.md", PAGE);
    for link in &page.links {
        if link.verbatim && !link.span.is_empty() {
            assert_eq!(&PAGE[link.span.range()], &*link.url);
        }
    }
    let entity_link = &page.links[3];
    assert!(entity_link.verbatim, "the URL has no entity");
    assert_eq!(&PAGE[entity_link.text_span.unwrap().range()], "位置 &amp; 访问");
    // An empty href gets a zero-width span inside its quotes.
    let empty = &page.links[0];
    assert!(empty.span.is_empty());
    assert_eq!(
        &PAGE[empty.span.start as usize - 6..empty.span.start as usize],
        "href=\""
    );
    let placeholder = page.links.last().unwrap();
    assert_eq!(&PAGE[placeholder.text_span.unwrap().range()], "。。。");
}

#[test]
fn entity_in_url_is_decoded_and_not_verbatim() {
    let page = parse_text("a.html", "<a href=\"x.html?a=1&amp;b=2\">x</a>");
    assert_eq!(&*page.links[0].url, "x.html?a=1&b=2");
    assert!(!page.links[0].verbatim);
}

#[test]
fn mangled_attribute_is_reported_at_the_glued_name() {
    let text = "<div><label id=\"you_own_your\"l>You own</label></div>";
    let page = parse_text("a.md", text);
    let problem = problem_of(&page, MarkupIssue::MissingSpaceBetweenAttributes);
    assert_eq!(&text[problem.span.range()], "l");
    assert!(page.has_anchor("you_own_your"));
}

#[test]
fn bogus_tag_hides_words() {
    let text = "<div><Secure infrastructure id=\"infrastructure_Secure\">Secure infrastructure</p></div>";
    let page = parse_text("a.md", text);
    let problem = problem_of(&page, MarkupIssue::UnknownElement);
    assert!(
        problem.message.contains("`Secure infrastructure`"),
        "{}",
        problem.message
    );
    assert!(text[problem.span.range()].starts_with("<Secure"));
    assert!(page.has_anchor("infrastructure_Secure"));
}

#[test]
fn unclosed_tag_swallowing_markup() {
    let text = "<div><a class=\"m\" \r\n </div>\r\n<p>after</p>";
    let page = parse_text("a.md", text);
    let problem = problem_of(&page, MarkupIssue::CharacterInAttributeName);
    assert!(
        text[problem.span.range()].starts_with("<a class"),
        "{:?}",
        &text[problem.span.range()]
    );
    assert!(problem.message.contains("</div"), "{}", problem.message);
}

#[test]
fn truncated_pages() {
    let in_tag = "<div><p>text</p><a href=\"x.html";
    let page = parse_text("a.md", in_tag);
    let problem = problem_of(&page, MarkupIssue::EofInTag);
    assert_eq!(&in_tag[problem.span.range()], "<a href=\"x.html");

    let in_comment = "<div><p>text</p><!-- old <a href=\"y\">";
    let page = parse_text("a.md", in_comment);
    let problem = problem_of(&page, MarkupIssue::EofInComment);
    assert!(in_comment[problem.span.range()].starts_with("<!--"));
}

#[test]
fn duplicate_attribute() {
    let text = "<img src=\"a.png\" alt=\"a\" alt=\"b\">";
    let page = parse_text("a.md", text);
    let problem = problem_of(&page, MarkupIssue::DuplicateAttribute);
    assert_eq!(&text[problem.span.range()], "alt");
    assert_eq!(problem.span.start as usize, text.rfind("alt").unwrap());
}

#[test]
fn ten_thousand_deep_nesting_is_reported_once_without_recursion() {
    let text = "<div>".repeat(10_000) + "<a href=\"x.html\">deep</a>" + &"</div>".repeat(10_000);
    let page = parse_text("a.md", &text);
    let deep: Vec<_> = page
        .problems
        .iter()
        .filter(|p| p.kind.markup() == Some(MarkupIssue::TooDeep))
        .collect();
    assert_eq!(deep.len(), 1);
    assert_eq!(&*page.links[0].text, "deep");
}

#[test]
fn links_in_script_attributes() {
    let text = "<div onclick=\"window.open('../cloudservices/azure.html','_self')\">x</div>";
    let page = parse_text("a.md", text);
    let link = &page.links[0];
    assert_eq!(link.syntax, LinkSyntax::Script);
    assert_eq!(&text[link.span.range()], "../cloudservices/azure.html");
}

#[test]
fn script_and_style_content_is_not_markup() {
    let text =
        "<script>var s = '<a href=\"nope.html\">';</script><style>a{}</style><a href=\"yes.html\">y</a>";
    let page = parse_text("a.md", text);
    let urls: Vec<&str> = page.links.iter().map(|l| &*l.url).collect();
    assert_eq!(urls, ["yes.html"]);
}

#[test]
fn name_anchor_and_implicit_link_close() {
    let text = "<p><a name=\"top\"></a><a href=\"a.html\">one<a href=\"b.html\">two</a></p>";
    let page = parse_text("a.md", text);
    assert!(page.has_anchor("top"));
    let texts: Vec<&str> = page.links.iter().map(|l| &*l.text).collect();
    assert_eq!(texts, ["one", "two"]);
}

#[test]
fn html_document_title() {
    let page = parse_text(
        "c.html",
        "<!DOCTYPE html><html><head><title>c.gif (1×1)</title></head><body><img src=\"./c.gif\"></body></html>",
    );
    assert_eq!(page.kind, PageKind::HtmlDocument);
    assert_eq!(page.title.as_deref(), Some("c.gif (1×1)"));
    assert_eq!(&*page.links[0].url, "./c.gif");
}

#[test]
fn text_blocks_carry_region_and_span() {
    let page = parse_text("privacy/default-cn.md", PAGE);
    let main: Vec<&str> = page
        .text_blocks
        .iter()
        .filter(|(b, _)| b.region == Region::Main)
        .map(|(_, text)| text)
        .collect();
    assert!(main.contains(&"客户数据 位置 & 访问"), "{main:?}");
    assert!(page.text_blocks.iter().all(|(b, _)| b.region != Region::Comment));
}

/// Blocks as `(region, span, hash, text)`, to compare two parses.
fn blocks_of(page: &Page) -> Vec<(Region, Span, u64, String)> {
    page.text_blocks
        .iter()
        .map(|(b, text)| (b.region, b.span, b.hash, text.to_owned()))
        .collect()
}

#[test]
fn pages_parsed_one_after_another_on_a_thread_do_not_share_text() {
    // The thread's scratch buffers go from page to page: nothing of the
    // previous page may stay in them.
    let markdown = "# Title\n\nA paragraph with <b>inline html</b>.\n\n<p>An html block</p>\n";
    let alone = std::thread::spawn(move || blocks_of(&parse_text("b.md", markdown)))
        .join()
        .unwrap();
    let after_others = std::thread::spawn(move || {
        parse_text("privacy/default-cn.md", PAGE);
        parse_text(
            "c.html",
            "<p>a longer first block of other text</p><ul><li>item</li></ul>",
        );
        blocks_of(&parse_text("b.md", markdown))
    })
    .join()
    .unwrap();
    assert!(alone.len() >= 3, "{alone:?}");
    assert_eq!(alone, after_others);
}

#[test]
fn end_tag_swallowing_the_next_tag_is_named_as_such() {
    let text = "<div><p>one</p\r\n  <p><span>two</span></p></div>";
    let page = parse_text("a.md", text);
    let problem = problem_of(&page, MarkupIssue::CharacterInAttributeName);
    assert!(
        problem.message.starts_with("`</p>` is not closed"),
        "{}",
        problem.message
    );
    assert!(text[problem.span.range()].starts_with("</p"));
}

#[test]
fn attribute_mistakes_found_from_the_source() {
    let cases = [
        (
            "<p><a =x href=\"a.html\">t</a></p>",
            MarkupIssue::CharacterInAttributeName,
            "=",
        ),
        (
            "<p><a \"title\" href=\"a.html\">t</a></p>",
            MarkupIssue::CharacterInAttributeName,
            "\"",
        ),
        ("<p><a href=>t</a></p>", MarkupIssue::MissingAttributeValue, "="),
        (
            "<p><a href=a\"b.html>t</a></p>",
            MarkupIssue::CharacterInUnquotedValue,
            "\"",
        ),
        ("<p><! old note > text</p>", MarkupIssue::BadComment, "!"),
    ];
    for (text, issue, at) in cases {
        let page = parse_text("a.md", text);
        let problem = problem_of(&page, issue);
        assert_eq!(&text[problem.span.range()][..1], at, "{text}: {problem:?}");
    }
}

#[test]
fn well_formed_markup_has_no_problems() {
    let text = "<!DOCTYPE html><div class=\"a b\" data-x=1 hidden><a href=\"x.html?a=1&amp;b=2\" title='t'>x</a>\
                <img src=a.png alt=\"\"><br/><!----><!-- ok --></div>";
    let page = parse_text("a.html", text);
    assert!(page.problems.is_empty(), "{:#?}", page.problems);
}

#[test]
fn lone_angle_bracket_at_the_end() {
    let page = parse_text("a.md", "<div><p>cut here <");
    problem_of(&page, MarkupIssue::EofInTag);
}

#[test]
fn table_shapes_count_colspan_and_keep_nested_tables_apart() {
    let text = "<div><table><tr><th colspan=\"3\">Head</th></tr>\
                <tr><td>a</td><td><table><tr><td>x</td></tr></table></td><td>c</td></tr>\
                </table><table><tr><td>open";
    let page = parse_text("a.html", text);
    let shapes: Vec<Vec<u16>> = page.tables.iter().map(|t| t.rows.clone()).collect();
    assert_eq!(shapes, [vec![3, 3], vec![1], vec![1]], "{:#?}", page.tables);
    assert_eq!(page.tables[0].columns(), 3);
}

#[test]
fn comments_nested_a_thousand_times_over_are_read_without_recursion() {
    let text = format!("<p>x</p>{}", "<!-- <a href=\"a.html\">a</a> ".repeat(100_000));
    let page = parse_text("a.md", &text);
    // Each nested comment's inside is read once: every link is found.
    assert_eq!(page.links.len(), 100_000);
    assert!(page.links.iter().all(|link| link.region == Region::Comment));
}

#[test]
fn links_in_nested_comments_are_found_as_before() {
    let text = "<!-- <a href=\"a.html\">a</a> <!-- <a href=\"b.html\">b</a> --> <a href=\"c.html\">c</a>";
    let page = parse_text("a.md", text);
    let urls: Vec<(&str, Region)> = page.links.iter().map(|l| (&*l.url, l.region)).collect();
    assert_eq!(
        urls,
        [
            ("a.html", Region::Comment),
            ("b.html", Region::Comment),
            ("c.html", Region::Main)
        ]
    );
}

#[test]
fn a_bogus_comment_starting_mid_character_inside_a_comment() {
    // `</` and a non-letter opens a bogus comment whose start html5gum
    // reports inside the multi-byte character.
    let text = "<p>x</p><!-- a </搼 b <!-- c -->";
    let page = parse_text("a.md", text);
    assert!(page.links.is_empty());
}

#[test]
fn inline_styles_and_style_elements_are_kept_with_their_spans() {
    let text = "<p style=\"color: red\">a</p>\r\n<p style='font-family:&quot;Segoe UI&quot;'>b</p>\r\n\
                <p style=\"color: red;\r\n  font-size: 2px\">c</p>\r\n<!-- <p style=\"colr: red\">d</p> -->\r\n\
                <style type=\"text/less\">@x: 1px; .a { .m(); }</style>\
                <style>.a { colr: red }</style><style>.b { top: 0 }";
    let page = parse_text("a.html", text);
    let css: Vec<(CssKind, &str, bool)> = page
        .css
        .iter()
        .map(|css| (css.kind, &text[css.span.range()], css.verbatim))
        .collect();
    assert_eq!(
        css,
        [
            (CssKind::Declarations, "color: red", true),
            (CssKind::Declarations, "font-family:&quot;Segoe UI&quot;", false),
            (CssKind::Declarations, "color: red;\r\n  font-size: 2px", true),
            (CssKind::StyleSheet, ".a { colr: red }", true),
            (CssKind::StyleSheet, ".b { top: 0 }", true),
        ]
    );
    assert_eq!(&*page.css[1].text, "font-family:\"Segoe UI\"");
    assert_eq!(&*page.css[2].text, "color: red;\r\n  font-size: 2px");
    assert!(page.css.iter().all(|css| css.region == Region::Main));
}

#[test]
fn attributes_on_end_tags_are_reported_with_their_span() {
    let text = "<ul><li>x</li></ul style=\"list-style-type:disc\">\n<p><a href=\"a.html\">a</a href='b' id=\"top\" ></p>";
    let page = parse_text("a.md", text);
    let found: Vec<(&str, &str)> = page
        .problems
        .iter()
        .filter(|p| p.kind.markup() == Some(MarkupIssue::EndTagAttributes))
        .map(|p| (&text[p.span.range()], p.message.as_str()))
        .collect();
    assert_eq!(found.len(), 2, "{:#?}", page.problems);
    assert_eq!(found[0].0, "style=\"list-style-type:disc\"");
    assert!(
        found[0].1.starts_with("`style` on the end tag `</ul>`"),
        "{}",
        found[0].1
    );
    assert_eq!(found[1].0, "href='b' id=\"top\"");
    assert!(found[1].1.ends_with("`#top` is not an anchor"), "{}", found[1].1);
    assert!(!page.has_anchor("top"));
}

#[test]
fn an_end_tag_swallowing_a_tag_is_not_also_an_end_tag_with_attributes() {
    let page = parse_text(
        "a.md",
        "<div><p>one</p\n<p>two</p></div><!-- </ul class=\"x\"> -->",
    );
    assert!(
        page.problems
            .iter()
            .all(|p| p.kind.markup() != Some(MarkupIssue::EndTagAttributes)),
        "{:#?}",
        page.problems
    );
}

fn with_vocabulary(path: &str, text: &str) -> Page {
    let options = ParseOptions {
        vocabulary: true,
        ..ParseOptions::default()
    };
    parse_page(path, text, &Decoding::Utf8, &options, &regions())
}

/// The vocabulary's terms: name, count, and the text at each kept place.
fn terms<'t>(terms: &crate::page::vocabulary::Terms, text: &'t str) -> Vec<(String, u32, Vec<&'t str>)> {
    terms
        .iter()
        .map(|term| {
            let places = term.uses.iter().map(|used| &text[used.span.range()]).collect();
            (term.name.to_owned(), term.count, places)
        })
        .collect()
}

#[test]
fn the_vocabulary_counts_rendered_markup_and_places_rare_terms() {
    let text = "<div class=\"tile  tile\" bi:type=\"a\" Bi:Typea=\"b\">\n\
        <p class=\"x&amp;y wide\" style=\"a\">t</p><svg viewBox=\"0 0 1 1\"><path fill-rul=\"x\"/></svg>\n\
        <!-- <p bi:typo=\"c\" class=\"hidden\">c</p> --><Secure words here>x</p></div>";
    let page = with_vocabulary("a.md", text);
    let vocabulary = &page.vocabulary;
    assert_eq!(
        terms(&vocabulary.attributes, text),
        [
            ("class".to_owned(), 2, vec![]),
            ("bi:type".to_owned(), 1, vec!["bi:type"]),
            ("bi:typea".to_owned(), 1, vec!["Bi:Typea"]),
            ("style".to_owned(), 1, vec![]),
        ]
    );
    let typea = vocabulary.attributes.iter().nth(2).unwrap();
    assert!(!typea.uses[0].verbatim, "written in capitals");
    assert_eq!(
        terms(&vocabulary.classes, text),
        [
            ("tile".to_owned(), 2, vec!["tile", "tile"]),
            ("x&y".to_owned(), 1, vec!["x&amp;y wide"]),
            ("wide".to_owned(), 1, vec!["x&amp;y wide"]),
        ]
    );
    // Not asked for, not counted.
    assert!(parse_text("a.md", text).vocabulary.attributes.is_empty());
}
