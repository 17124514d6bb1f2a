//! What tclint reads off a site with no configuration: its own production
//! host (inferred from links that land on its pages), which hosts named
//! like environments are its staging, and routes it suggests. Runs the real
//! binary on the fixture sites in `tests/fixtures/sites/`.

mod common;

use common::{fixtures, json_findings, stderr, stdout, tclint};

fn messages(findings: &[serde_json::Value], rule: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_sites_own_host_is_inferred_without_configuration() {
    let site = fixtures().join("sites/own-host");
    let findings = json_findings(&site, &["--select", "missing-target,stale-host", "."]);
    let missing = messages(&findings, "missing-target");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("support/sla/gone/"), "{missing:?}");
    let stale = messages(&findings, "stale-host");
    assert!(stale.iter().any(|m| m.contains("`dev.example.cn`")), "{stale:?}");
    assert!(stale.iter().any(|m| m.contains("intranet")), "{stale:?}");
    assert!(!stale.iter().any(|m| m.contains("thirdparty")), "{stale:?}");
}

#[test]
fn isolated_turns_inference_off_and_a_configuration_overrides_it() {
    let site = fixtures().join("sites/own-host");
    let isolated = json_findings(
        &site,
        &["--isolated", "--select", "missing-target,stale-host", "."],
    );
    assert!(messages(&isolated, "missing-target").is_empty());
    // Without the site's own host, an environment word on a host says nothing.
    assert!(
        !messages(&isolated, "stale-host")
            .iter()
            .any(|m| m.contains("dev.example.cn"))
    );

    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&site, dir.path());
    std::fs::write(
        dir.path().join("tclint.toml"),
        "[site]\nproduction-hosts = [\"docs.other.example\"]\n",
    )
    .unwrap();
    let configured = json_findings(dir.path(), &["--select", "missing-target", "."]);
    assert!(
        messages(&configured, "missing-target").is_empty(),
        "{configured:?}"
    );
}

#[test]
fn config_shows_what_was_inferred_and_from_how_many_links() {
    let site = fixtures().join("sites/own-host");
    let output = tclint(&site).args(["config", "."]).output().unwrap();
    let text = stdout(&output);
    assert!(
        text.contains("#   www.example.cn: 5 of its 7 links with a path land on 4 files of this site"),
        "{text}"
    );
    let isolated = stdout(
        &tclint(&site)
            .args(["config", "--isolated", "."])
            .output()
            .unwrap(),
    );
    assert!(isolated.contains("not inferred (--isolated)"), "{isolated}");
}

#[test]
fn a_route_is_suggested_not_guessed_and_used_once_configured() {
    let site = fixtures().join("sites/flat-routes");
    let output = tclint(&site)
        .args([
            "check",
            "--isolated",
            "--select",
            "missing-target",
            "--format",
            "concise",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let note = stderr(&output);
    assert!(
        note.contains(
            "[[site.routes]]\nurl = \"/documentation/articles/{name}/\"\nfile = \"articles/**/{name}.md\""
        ),
        "{note}"
    );
    let reported = stdout(&output).matches("missing-target]").count();
    assert_eq!(reported, 11, "nothing resolved silently");

    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&site, dir.path());
    std::fs::write(
        dir.path().join("tclint.toml"),
        "[[site.routes]]\nurl = \"/documentation/articles/{name}/\"\nfile = \"articles/**/{name}.md\"\n",
    )
    .unwrap();
    let output = tclint(dir.path())
        .args(["check", "--select", "missing-target", "--format", "concise", "."])
        .output()
        .unwrap();
    let remaining = stdout(&output);
    assert_eq!(remaining.matches("missing-target]").count(), 1, "{remaining}");
    assert!(remaining.contains("not-here"), "{remaining}");
    assert!(!stderr(&output).contains("[[site.routes]]"));
}

#[test]
fn a_bad_route_is_a_configuration_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tclint.toml"),
        "[[site.routes]]\nurl = \"/docs/{name}/\"\nfile = \"{slug}.md\"\n",
    )
    .unwrap();
    let output = tclint(dir.path()).args(["check", "."]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("must use the same variables"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_suggested_route_keeps_the_urls_extension() {
    let site = fixtures().join("sites/flat-html");
    let output = tclint(&site)
        .args(["check", "--isolated", "--select", "missing-target", "."])
        .output()
        .unwrap();
    let note = stderr(&output);
    assert!(
        note.contains("url = \"/blog/{name}.html\"\nfile = \"posts/**/{name}.md\""),
        "{note}"
    );
}
