use super::{IssueKind, check};
use crate::lint::rules::markup::data::CssProperties;
use crate::page::CssKind;

fn issues(text: &str, kind: CssKind) -> Vec<(IssueKind, String)> {
    let properties = CssProperties::shipped().unwrap();
    check(text, kind, &properties)
        .into_iter()
        .map(|issue| (issue.kind, text[issue.start..issue.end].to_owned()))
        .collect()
}

fn attribute(text: &str) -> Vec<(IssueKind, String)> {
    issues(text, CssKind::Declarations)
}

#[test]
fn a_misspelt_property_is_found_at_its_name_with_a_safe_fix() {
    let found = attribute("color: red; font-szie:18px");
    assert_eq!(found.len(), 1, "{found:?}");
    let (kind, at) = &found[0];
    assert_eq!(at, "font-szie");
    assert_eq!(
        kind,
        &IssueKind::UnknownProperty {
            name: "font-szie".into(),
            suggestions: vec!["font-size".into()],
            fix: true,
        }
    );
}

#[test]
fn no_safe_fix_when_the_list_sets_the_property_already_or_the_value_does_not_fit() {
    for text in ["font-size:12px; font-szie:18px", "font-szie: red"] {
        let found = attribute(text);
        assert!(
            matches!(&found[0].0, IssueKind::UnknownProperty { fix: false, suggestions, .. } if suggestions.len() == 1),
            "{text}: {found:?}"
        );
    }
    let found = attribute("tap: 0");
    assert!(
        matches!(&found[0].0, IssueKind::UnknownProperty { fix: false, suggestions, .. } if suggestions.len() == 2)
    );
}

#[test]
fn a_name_that_is_no_property_and_has_no_neighbour() {
    let found = attribute("type:circle");
    assert!(
        matches!(&found[0].0, IssueKind::UnknownProperty { suggestions, fix: false, .. } if suggestions.is_empty())
    );
    assert_eq!(found[0].1, "type");
}

#[test]
fn invalid_values_are_found_at_the_value_and_say_what_they_run_into() {
    let found = attribute("margin-bottom:8px ;font-weight:400px");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "400px");
    let found = attribute("font-size:22px:font-weight:600");
    assert_eq!(found[0].1, "22px:font-weight:600");
    let IssueKind::InvalidValue {
        runs_into: Some(runs_into),
        ..
    } = &found[0].0
    else {
        panic!("{found:?}");
    };
    assert!(runs_into.colon_for_semicolon && runs_into.property == "font-weight");
    let found = attribute("color: red font-size: 12px");
    let IssueKind::InvalidValue {
        runs_into: Some(runs_into),
        ..
    } = &found[0].0
    else {
        panic!("{found:?}");
    };
    assert!(!runs_into.colon_for_semicolon && runs_into.property == "font-size");
}

#[test]
fn an_unclosed_function_says_what_it_swallows() {
    let found = attribute("margin: 4px 0; color:rgb(30,90,160");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "rgb(");
    assert!(matches!(&found[0].0, IssueKind::Unclosed { swallowed: None, .. }));
    let found = attribute("color: rgb(30,90,160; font-size:13px");
    assert_eq!(found.len(), 1, "one finding, not one per swallowed declaration");
    assert!(
        matches!(&found[0].0, IssueKind::Unclosed { swallowed: Some(lost), .. } if lost == "font-size:13px")
    );
}

#[test]
fn text_that_is_no_declaration() {
    let found = attribute("display none");
    assert!(
        matches!(&found[0].0, IssueKind::NotADeclaration { missing_colon: Some(word), .. } if word == "display")
    );
    assert_eq!(found[0].1, "display none");
    let found = attribute("color: red; 12px; @import x");
    assert_eq!(found.len(), 2, "{found:?}");
    let found = attribute("color: red !importnat");
    assert!(matches!(&found[0].0, IssueKind::BadImportant { text } if text == "!importnat"));
    let found = attribute("width:");
    assert!(matches!(&found[0].0, IssueKind::NoValue { .. }));
}

#[test]
fn what_browsers_apply_or_skip_on_purpose_is_not_reported() {
    for text in [
        "",
        " ; ;",
        "width:100%!important;",
        "display:none !important",
        "-webkit-user-select: none",
        "-ms-filter: \"progid:DXImageTransform.Microsoft.Alpha(Opacity=50)\"",
        "--brand: #0078d4; color: var(--brand)",
        "width: calc(100% - 10px)",
        "*zoom: 1; _height: 1px; width: 100px\\9; behavior: url(pie.htc); color: red !ie",
        "color: {{ page.color }}; {% if x %}margin:0{% endif %}",
        "Font-Size: 12PX; COLOR: RED",
        "font-family: '黑体', serif; font-size: 15px",
        "list-style:inherit;padding-left:22px;",
        "margin-top: 3%;margin-top: 1%;",
        "background: rgba(10,10,10,.7); color: #FAFAFA;",
        "  color: rgb(40, 90, 150);text-decoration: none;transition: color 0.2s ease;",
        "float: left; clear: both; cursor: pointer; zoom: 1; content: ''",
    ] {
        assert_eq!(attribute(text), [], "{text}");
    }
}

#[test]
fn style_sheets_are_read_rule_by_rule() {
    let sheet = "<!-- \n.a { color: red; font-szie: 2px }\n@media print { .b { dispaly: none } }\n\
                 @font-face { font-family: X; src: url(x.woff) }\n@keyframes k { from { opacity: 0 } to { opacity: lots } }\n\
                 .c { .d { colour: red } &:hover { color: blue } }\n-->";
    let found: Vec<String> = issues(sheet, CssKind::StyleSheet)
        .into_iter()
        .map(|(_, at)| at)
        .collect();
    // A rule's own declarations come after those of the rules nested in it.
    assert_eq!(found, ["font-szie", "dispaly", "lots", "colour"]);
    assert_eq!(
        issues("{% if x %} .a { colr: red } {% endif %}", CssKind::StyleSheet),
        []
    );
}

#[test]
fn hostile_nesting_is_read_without_recursion() {
    let deep = "(".repeat(100_000);
    let found = attribute(&format!("color: {deep}"));
    assert!(matches!(&found[0].0, IssueKind::Unclosed { .. }));
    let found = attribute(&format!(
        "width: calc{}1px{}",
        "(".repeat(1_000),
        ")".repeat(1_000)
    ));
    assert_eq!(found, []);
    let found = attribute(&format!("width: {}1px{}", "(".repeat(1_000), ")".repeat(1_000)));
    assert_eq!(found, [], "too deep to judge");
    let sheet = format!(
        "{}.a{{colr:red}}{}",
        "@media x{".repeat(10_000),
        "}".repeat(10_000)
    );
    assert_eq!(issues(&sheet, CssKind::StyleSheet), []);
    let sheet = format!("{}colr:red{}", ".a{".repeat(10_000), "}".repeat(10_000));
    assert_eq!(issues(&sheet, CssKind::StyleSheet), []);
}
