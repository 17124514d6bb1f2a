//! Every rule against its fixture site: `real-*` pages get findings, all
//! other pages get none, and the rendered diagnostics are snapshot-tested.
//! Fixtures with an `[online]` section run with `--online` against the test
//! server on 127.0.0.1: their pages say port 55555, replaced by the server's
//! (same width, so columns in the snapshots do not move).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::server::TestServer;
use common::{copy_tree, fixtures, json_findings, stdout, tclint};
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

/// Port written in online fixtures.
const FIXTURE_PORT: &str = "55555";

/// A copy of an online fixture pointing at `server`.
fn online_copy(fixture: &Path, server: &TestServer) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_tree(fixture, copy.path());
    let port = server.port.to_string();
    assert_eq!(port.len(), FIXTURE_PORT.len(), "ephemeral ports have 5 digits");
    let mut pages = BTreeSet::new();
    pages_of(copy.path(), copy.path().to_str().unwrap(), &mut pages);
    for page in pages {
        let path = copy.path().join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace(&format!("127.0.0.1:{FIXTURE_PORT}"), &format!("127.0.0.1:{port}")),
        )
        .unwrap();
    }
    copy
}

fn check_rule(name: &str) {
    let fixture = fixtures().join("rules").join(name);
    assert!(
        fixture.is_dir(),
        "rule `{name}` has no fixture folder tests/fixtures/rules/{name}"
    );
    // A fixture may select rules itself (a rule judging other rules' findings).
    let config = std::fs::read_to_string(fixture.join("tclint.toml")).unwrap_or_default();
    let mut selection: Vec<&str> = if config.contains("select") {
        vec![]
    } else {
        vec!["--select", name]
    };
    let online = config.contains("[online]");
    let server = online.then(TestServer::start);
    let copy = server.as_ref().map(|server| online_copy(&fixture, server));
    let dir = copy
        .as_ref()
        .map_or(fixture.clone(), |copy| copy.path().to_owned());
    if online {
        selection.extend(["--online", "--allow-private", "--no-cache"]);
    }
    let selection = selection.as_slice();
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
    let mut rendered = stdout(&output);
    if let Some(server) = &server {
        rendered = rendered.replace(
            &format!("127.0.0.1:{}", server.port),
            &format!("127.0.0.1:{FIXTURE_PORT}"),
        );
    }
    insta::assert_snapshot!(format!("rule-{name}"), rendered);
}

#[test]
fn every_rule_has_a_fixture_with_real_cases_and_near_misses() {
    for rule in REGISTRY {
        check_rule(rule.meta().name);
    }
}
