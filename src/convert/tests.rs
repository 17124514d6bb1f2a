//! One test per item of the unified format: a small site written to a
//! temporary folder, one page converted, the Markdown compared.

use super::context::Context;
use super::page::{Converted, convert};
use super::verify;
use super::{Chrome, run};
use crate::config::Config;
use crate::data::LintData;
use crate::page::ParseOptions;
use crate::site::Site;

const CONFIG: &str = r#"
[site]
production-hosts = ["www.trustcenter.cn"]
[site.staging]
"trustcenterstage.chinacloudsites.cn" = "www.trustcenter.cn"
"wacnppe.blob.core.chinacloudapi.cn" = "wacnstorage.blob.core.chinacloudapi.cn"
"#;

struct Fixture {
    _dir: tempfile::TempDir,
    site: Site,
    config: Config,
    data: LintData,
}

fn site(files: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let config = Config::parse(CONFIG).unwrap();
    let data = LintData::load(&config).unwrap();
    let site = Site::load(dir.path(), &config, &data, &ParseOptions::default()).unwrap();
    Fixture {
        _dir: dir,
        site,
        config,
        data,
    }
}

/// Converts `page` of a site made of `files`; checks the conversion passes
/// its own verification.
fn convert_page(files: &[(&str, &str)], page: &str) -> Converted {
    let fixture = site(files);
    let chrome = Chrome::load().unwrap();
    let outputs: Vec<String> = fixture
        .site
        .pages
        .iter()
        .map(|p| super::links::output_path(&p.path))
        .collect();
    let cx = Context::new(&fixture.site, &fixture.config, &fixture.data, &chrome, &outputs);
    let index = fixture.site.page_index(page).expect("page exists");
    let text = std::fs::read_to_string(fixture.site.root.join(page)).unwrap();
    let converted = convert(&cx, index, &text);
    let output_page = verify::parse_output(&cx, &outputs[index], &converted.markdown);
    assert_loads_as(&output_page, &outputs[index], &converted.markdown, &fixture);
    let fidelity = verify::check(
        &cx,
        &converted.expected,
        &converted.markdown,
        &output_page,
        converted.intended.as_ref(),
    );
    assert_eq!(fidelity.text_recall, 1.0, "{fidelity:#?}\n{}", converted.markdown);
    assert!(
        fidelity.links_missing.is_empty() && fidelity.links_unexpected.is_empty(),
        "{fidelity:#?}"
    );
    assert!(fidelity.anchors_missing.is_empty(), "{fidelity:#?}");
    assert!(
        fidelity.structure.is_empty(),
        "{fidelity:#?}\n{}",
        converted.markdown
    );
    assert_eq!(
        fidelity.strong.0, fidelity.strong.1,
        "{fidelity:#?}\n{}",
        converted.markdown
    );
    converted
}

/// The output check reuses the page parsed during verification instead of
/// loading the written file: both must be the same page.
fn assert_loads_as(parsed: &crate::page::Page, path: &str, markdown: &str, fixture: &Fixture) {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, markdown).unwrap();
    let loaded = Site::load(
        out.path(),
        &fixture.config,
        &fixture.data,
        &ParseOptions::default(),
    )
    .unwrap();
    let index = loaded.page_index(path).expect("the output is a page");
    assert_eq!(format!("{:?}", loaded.pages[index]), format!("{parsed:?}"));
}

/// The body of a converted legacy page (after the front matter).
fn body(html: &str) -> String {
    let page = format!("---\nlayout: TrustCenterPage\n---\n{html}");
    let converted = convert_page(
        &[
            ("page.md", &page),
            ("other.md", "---\nlayout: x\n---\n<p id=\"x\">x</p>"),
        ],
        "page.md",
    );
    let markdown = converted.markdown;
    let start = markdown.find("\n---\n").map_or(0, |i| i + 5);
    markdown[start..].trim().to_owned()
}

#[test]
fn hero_gives_title_and_subtitle_and_the_rest_of_it_goes() {
    let html = r#"<div id="HeroWrapper"><div class="slideshow"><h3 class="box-title">Privacy<p>You own your data.</p></h3>
<div class="prev-next"><button class="prev"><span class="screen-reader-text">Previous</span></button></div></div></div>
<div id="ContentWrapper"><p>Body text.</p></div>"#;
    assert_eq!(body(html), "# Privacy\n\nYou own your data.\n\nBody text.");
}

#[test]
fn breadcrumb_goes_to_front_matter() {
    let page = "---\nlayout: TrustCenterPage\n---\n<div id=\"BreadcrumbWrapper\"><div><a href=\"other.html\">Trust Center</a> // Privacy</div></div><h1>Title</h1><p>x</p>";
    let converted = convert_page(
        &[("page.md", page), ("other.md", "---\nlayout: x\n---\n<p>x</p>")],
        "page.md",
    );
    assert!(
        converted
            .markdown
            .contains("breadcrumb:\n- title: Trust Center\n  link: other.md\n- title: Privacy\n"),
        "{}",
        converted.markdown
    );
}

#[test]
fn label_headings_keep_their_legacy_ids() {
    let markdown =
        body(r#"<p>Intro.</p><label id="data_other">Customer Data and Other Data Types</label><p>Text.</p>"#);
    assert_eq!(
        markdown,
        "# page\n\nIntro.\n\n## <a id=\"data_other\"></a>Customer Data and Other Data Types\n\nText."
    );
}

#[test]
fn sidebar_link_lists_become_sections_at_the_end() {
    let html = r#"<div id="ContentWrapper"><div><p>Main.</p></div>
<div id="SideBarWrapper"><div><h1>Helpful information</h1>
<label><a href="other.html">Other page</a></label><br/>
<label><a href="https://wacnppe.blob.core.chinacloudapi.cn/doc.pdf">A PDF</a></label><br/></div></div></div>
<p>After.</p>"#;
    assert_eq!(
        body(html),
        "# page\n\nMain.\n\nAfter.\n\n## Helpful information\n\n- [Other page](other.md)\n- [A PDF](https://wacnstorage.blob.core.chinacloudapi.cn/doc.pdf)"
    );
}

#[test]
fn emphasis_that_would_not_reparse_is_written_as_html() {
    let markdown =
        body("<p><strong>「台灣」</strong>主題 and <strong>Text&nbsp;</strong>after and <b>a</b>b</p>");
    assert_eq!(
        markdown,
        "# page\n\n<strong>「台灣」</strong>主題 and **Text**&nbsp;after and **a**b"
    );
}

#[test]
fn cjk_lines_join_without_spaces() {
    let markdown = body("<p>客户数据\n      仅存储在中国大陆的数据中心。\n Azure\n服务</p>");
    assert_eq!(
        markdown,
        "# page\n\n客户数据仅存储在中国大陆的数据中心。 Azure 服务"
    );
}

#[test]
fn simple_tables_become_pipe_tables() {
    let markdown = body(
        "<table><tr><th>Region</th><th>City</th></tr><tr><td>East</td><td><a href=\"other.html\">Shanghai</a> | 1</td></tr></table>",
    );
    assert_eq!(
        markdown,
        "# page\n\n| Region | City |\n| --- | --- |\n| East | [Shanghai](other.md) \\| 1 |"
    );
}

#[test]
fn merged_cells_keep_the_table_in_html() {
    let markdown = body(
        "<table style=\"x\"><tr><th colspan=\"2\">Both</th></tr>\n<tr><td>a</td><td><a href=\"other.html#x\">b</a></td></tr></table>",
    );
    assert_eq!(
        markdown,
        "# page\n\n<table>\n<tbody>\n<tr><th colspan=\"2\">Both</th></tr>\n<tr><td>a</td><td><a href=\"other.md#x\">b</a></td></tr>\n</tbody>\n</table>"
    );
}

#[test]
fn comments_are_kept_verbatim() {
    let markdown = body(
        "<p>One <!-- inline --> two</p>\n<!--<ul>\n  <li><a href=\"#x\">Old</a></li>\n</ul>-->\n<p>Three</p>",
    );
    assert_eq!(
        markdown,
        "# page\n\nOne<!-- inline --> two\n\n<!--<ul>\n  <li><a href=\"#x\">Old</a></li>\n</ul>-->\n\nThree"
    );
}

#[test]
fn placeholders_leave_lists_and_links_to_nowhere_keep_their_words() {
    let converted = convert_page(
        &[
            (
                "page.md",
                "---\nlayout: x\n---\n<h1>T</h1><ul><li><a href=\"#\">。。。</a></li><li><a href=\"other.html\">Real</a></li></ul><p><a href=\"#\">FAQ</a> here</p>",
            ),
            ("other.md", "---\nlayout: x\n---\n<p>x</p>"),
        ],
        "page.md",
    );
    assert!(
        converted
            .markdown
            .ends_with("# T\n\n- [Real](other.md)\n\nFAQ here\n"),
        "{}",
        converted.markdown
    );
    assert_eq!(converted.notes.placeholders_removed.len(), 1);
    assert_eq!(converted.notes.links_unlinked.len(), 1);
}

#[test]
fn staging_links_to_this_site_become_relative() {
    let markdown = body(r#"<p><a href="http://trustcenterstage.chinacloudsites.cn/other.html#x">x</a></p>"#);
    assert_eq!(markdown, "# page\n\n[x](other.md#x)");
}

#[test]
fn syntax_in_text_is_escaped() {
    let markdown =
        body("<p># not a heading</p><p>1. not a list * nor emphasis_</p><p>&lt;div&gt; &amp;amp;</p>");
    assert_eq!(
        markdown,
        "# page\n\n\\# not a heading\n\n1\\. not a list \\* nor emphasis\\_\n\n\\<div> \\&amp;"
    );
}

#[test]
fn nested_lists_and_line_breaks() {
    let markdown =
        body("<ul><li>Redundancy<ul><li>Physical</li><li>Data</li></ul></li><li>Next<br/>line</li></ul>");
    assert_eq!(
        markdown,
        "# page\n\n- Redundancy\n  - Physical\n  - Data\n- Next\\\n  line"
    );
}

#[test]
fn heading_levels_are_made_consecutive() {
    let markdown = body("<p>Intro.</p><h3>A</h3><p>x</p><h5>B</h5><p>y</p>");
    assert_eq!(markdown, "# page\n\nIntro.\n\n## A\n\nx\n\n### B\n\ny");
}

const ACOM: &str = "<properties\n\tpageTitle=\"透明度\"\n\tdescription=\"数据存储位置\"/>\n\n> [AZURE.LANGUAGE]\n- [中文](/acom/transparency/)\n- [English](/acom/transparency-en/)\n\n#透明度\n\n <tags ms.date=\"12/2015\" wacn.lang=\"zh-cn\"/>\n\n> [AZURE.NOTE] 客户数据仅存储在中国。\n远程访问见[英文版](/acom/transparency-en/#remote)。\n\n[AZURE.INCLUDE [说明](../includes/missing.md)]\n";

const ACOM_EN: &str =
    "<properties pageTitle=\"Transparency\"/>\n\n# Transparency\n\n<a name=\"remote\"></a>Remote.\n";

#[test]
fn acom_pages_move_metadata_to_front_matter_and_rewrite_alerts() {
    let converted = convert_page(
        &[
            ("acom/transparency.md", ACOM),
            ("acom/transparency-en.md", ACOM_EN),
        ],
        "acom/transparency.md",
    );
    assert_eq!(
        converted.markdown,
        "---\ntitle: 透明度\ndescription: 数据存储位置\nlocale: zh-cn\ndate: 2015-12\ntranslations:\n  en-us: transparency-en.md\nsource: acom/transparency.md\n---\n\n# 透明度\n\n> [!NOTE]\n> 客户数据仅存储在中国。\n> 远程访问见[英文版](transparency-en.md#remote)。\n\n[!INCLUDE [说明](../includes/missing.md)]\n"
    );
    assert_eq!(converted.notes.missing_includes, ["../includes/missing.md"]);
}

#[test]
fn converting_the_output_again_changes_nothing() {
    let legacy = "---\nlayout: TrustCenterPageCN\n---\n<div id=\"HeroWrapper\"><h3 class=\"box-title\">隐私<p>您拥有数据</p></h3></div><label id=\"a\">标题</label><p><strong>数据</strong>在<a href=\"page-en.html#a\">中国</a>。</p><table><tr><td colspan=\"2\">x</td></tr></table>";
    let english = "---\nlayout: TrustCenterPage\n---\n<label id=\"a\">Title</label><p>x</p>";
    let first = convert_page(&[("page.md", legacy), ("page-en.md", english)], "page.md");
    let first_en = convert_page(&[("page.md", legacy), ("page-en.md", english)], "page-en.md");
    let second = convert_page(
        &[("page.md", &first.markdown), ("page-en.md", &first_en.markdown)],
        "page.md",
    );
    assert_eq!(first.markdown, second.markdown);
    assert!(
        first.markdown.contains("translations:\n  en-us: page-en.md\n"),
        "{}",
        first.markdown
    );
}

#[test]
fn the_output_folder_is_checked_before_anything_is_written() {
    let fixture = site(&[("page.md", "---\nlayout: x\n---\n<p>x</p>")]);
    let options = |out: std::path::PathBuf| run::Options {
        out,
        force: false,
        dry_run: false,
        assets: run::AssetMode::None,
        thresholds: run::Thresholds::default(),
    };
    let inside = fixture.site.root.join("out");
    let error = run::run(
        &fixture.site,
        &fixture.config,
        &fixture.data,
        &options(inside.clone()),
        &|_, _| {},
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("never writes inside the site"),
        "{error}"
    );
    assert!(matches!(
        error,
        super::ConvertError::Output(super::output::OutputError::OverlapsSite { .. })
    ));
    assert!(!inside.exists());
    let busy = tempfile::tempdir().unwrap();
    std::fs::write(busy.path().join("keep.txt"), "mine").unwrap();
    let error = run::run(
        &fixture.site,
        &fixture.config,
        &fixture.data,
        &options(busy.path().to_owned()),
        &|_, _| {},
    )
    .unwrap_err();
    assert!(error.to_string().contains("not empty"), "{error}");
    assert!(matches!(
        error,
        super::ConvertError::Output(super::output::OutputError::NotEmpty(_))
    ));
}
