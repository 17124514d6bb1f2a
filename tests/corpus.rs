//! The sample corpus: its README lists every defect on purpose, and
//! `tclint check corpus` must report exactly those, in that order.

mod common;

use common::{corpus, json_findings, tclint};

/// `(rule, path:line:column)` rows between the defect markers of corpus/README.md.
fn documented_defects() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(corpus().join("README.md")).unwrap();
    let start = readme.find("<!-- defects:start -->").expect("start marker");
    let end = readme.find("<!-- defects:end -->").expect("end marker");
    readme[start..end]
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| rule"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells[1].to_owned(), cells[2].to_owned())
        })
        .collect()
}

#[test]
fn corpus_findings_match_its_readme() {
    let findings = json_findings(&corpus(), &[]);
    let actual: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            let place = format!("{}:{}:{}", f["path"].as_str().unwrap(), f["line"], f["column"]);
            (f["rule"].as_str().unwrap().to_owned(), place)
        })
        .collect();
    assert_eq!(actual, documented_defects());
}

#[test]
fn every_rule_meets_a_real_defect_in_the_corpus() {
    let rules: std::collections::BTreeSet<String> =
        documented_defects().into_iter().map(|(rule, _)| rule).collect();
    for rule in tclint::lint::rules::REGISTRY {
        let name = rule.meta().name;
        // page-load needs broken files, and online rules a server: both
        // live in tests/fixtures instead.
        if name != "page-load" && !rule.meta().online {
            assert!(rules.contains(name), "the corpus has no `{name}` defect");
        }
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let run = |threads: &str| {
        let output = tclint(&corpus())
            .args(["check", "--format", "json", "--threads", threads])
            .output()
            .unwrap();
        output.stdout
    };
    let single = run("1");
    assert!(!single.is_empty());
    for threads in ["2", "4", "8"] {
        assert_eq!(
            run(threads),
            single,
            "--threads {threads} differs from --threads 1"
        );
    }
}

#[test]
fn checking_one_page_resolves_against_the_whole_site() {
    let findings = json_findings(&corpus(), &["privacy/default.md"]);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["path"] == "privacy/default.md"));
    // `FAQ.html` is judged against the other pages: it exists in another case.
    assert!(findings.iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("exists only as `resources/faq.md`")
    }));
    // And from inside a subdirectory, relative to the working directory.
    let from_subdir = json_findings(&corpus().join("privacy"), &["default.md"]);
    assert_eq!(from_subdir, findings);
}
