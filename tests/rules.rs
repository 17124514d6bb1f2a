//! Every rule against its fixture site: `real-*` pages get findings, all
//! other pages get none, and the rendered diagnostics are snapshot-tested.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{fixtures, json_findings, stdout, tclint};
use tclint::lint::rules::REGISTRY;

fn pages_of(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages_of(&path, prefix, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let relative = path
                .strip_prefix(prefix)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(relative);
        }
    }
}

fn check_rule(name: &str) {
    let dir = fixtures().join("rules").join(name);
    assert!(
        dir.is_dir(),
        "rule `{name}` has no fixture folder tests/fixtures/rules/{name}"
    );
    // A fixture may select rules itself (a rule judging other rules' findings).
    let config = std::fs::read_to_string(dir.join("tclint.toml")).unwrap_or_default();
    let selection: &[&str] = if config.contains("select") {
        &[]
    } else {
        &["--select", name]
    };
    let findings: Vec<_> = json_findings(&dir, selection)
        .into_iter()
        .filter(|finding| finding["rule"] == name)
        .collect();
    let mut pages = BTreeSet::new();
    pages_of(&dir, dir.to_str().unwrap(), &mut pages);
    pages.remove("README.md");
    let flagged: BTreeSet<String> = findings
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    for page in &pages {
        let file_name = page.rsplit('/').next().unwrap();
        let is_real = file_name.starts_with("real");
        assert_eq!(
            flagged.contains(page),
            is_real,
            "{name}: `{page}` should {}be flagged; findings: {findings:#?}",
            if is_real { "" } else { "not " }
        );
    }
    let output = tclint(&dir)
        .arg("check")
        .args(selection)
        .args(["--color", "never"])
        .output()
        .unwrap();
    insta::assert_snapshot!(format!("rule-{name}"), stdout(&output));
}

#[test]
fn every_rule_has_a_fixture_with_real_cases_and_near_misses() {
    for rule in REGISTRY {
        check_rule(rule.meta().name);
    }
}
