//! `tclint convert` on the real binary: the corpus migrates with every page
//! passing its checks, the seeds' conversions are snapshot-tested, the run
//! never writes where it must not, and converting the output again changes
//! nothing.

mod common;

use std::path::Path;

use common::{copy_tree, corpus, fixtures, stderr, stdout, tclint};
use serde_json::Value;

const SEEDS: [&str; 4] = [
    "privacy/responding-to-govt-agency-requests-for-customer-data.md",
    "privacy/default.md",
    "support/trust-center/transparency-en.md",
    "transparency/you_know_where.md",
];

fn convert(site: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    tclint(site)
        .arg("convert")
        .arg(site)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn report(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("migration-report.json")).unwrap()).unwrap()
}

#[test]
fn the_corpus_converts_and_every_page_passes() {
    let out = tempfile::tempdir().unwrap();
    let output = convert(&corpus(), out.path(), &["--force"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("Every page passed every check."),
        "{}",
        stdout(&output)
    );
    let report = report(out.path());
    assert_eq!(report["totals"]["needs_review"], 0);
    assert_eq!(report["totals"]["new_link_problems"], 0);
    assert_eq!(report["site_checked"], true);
    for page in report["pages"].as_array().unwrap() {
        if SEEDS.contains(&page["source"].as_str().unwrap()) {
            assert_eq!(page["fidelity"]["text_recall"], 1.0, "seed {}", page["source"]);
        }
    }
    // Placeholders are recorded, not silently dropped.
    assert!(report["totals"]["placeholders_removed"].as_u64().unwrap() >= 2);
    assert!(out.path().join("Images").is_dir(), "assets are copied");
}

#[test]
fn seeds_convert_as_snapshotted() {
    let out = tempfile::tempdir().unwrap();
    convert(&corpus(), out.path(), &["--force", "--assets", "none"]);
    for seed in SEEDS {
        let markdown = std::fs::read_to_string(out.path().join(seed)).unwrap();
        let name = format!("convert-{}", seed.replace('/', "-").trim_end_matches(".md"));
        insta::assert_snapshot!(name, markdown);
    }
}

#[test]
fn converting_the_output_again_yields_the_same_bytes() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    convert(&corpus(), first.path(), &["--force"]);
    let output = convert(first.path(), second.path(), &["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    for seed in SEEDS {
        let a = std::fs::read(first.path().join(seed)).unwrap();
        let b = std::fs::read(second.path().join(seed)).unwrap();
        assert_eq!(a, b, "{seed} changed on the second conversion");
    }
    let pages = report(first.path())["pages"].as_array().unwrap().len();
    let mut compared = 0;
    for page in report(first.path())["pages"].as_array().unwrap() {
        let path = page["output"].as_str().unwrap();
        assert_eq!(
            std::fs::read(first.path().join(path)).unwrap(),
            std::fs::read(second.path().join(path)).unwrap(),
            "{path}"
        );
        compared += 1;
    }
    assert_eq!(compared, pages);
}

#[test]
fn a_non_empty_output_folder_is_refused_unless_forced() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let output = convert(&corpus(), out.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not empty"), "{}", stderr(&output));
    assert!(!out.path().join("privacy").exists(), "nothing written");
    let output = convert(&corpus(), out.path(), &["--force"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(out.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn nothing_is_ever_written_inside_the_site() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), site.path());
    let output = convert(site.path(), &site.path().join("out"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("never writes inside the site"),
        "{}",
        stderr(&output)
    );
    assert!(!site.path().join("out").exists());
}

#[test]
fn dry_run_and_diff_write_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    let output = convert(&corpus(), &out, &["--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("privacy/default.md -> privacy/default.md"),
        "{text}"
    );
    assert!(text.contains("Would convert 15 pages"), "{text}");
    assert!(!out.exists(), "a dry run writes nothing");
    let output = tclint(&corpus())
        .args(["convert", ".", "--out"])
        .arg(&out)
        .args(["--diff", "privacy/default.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.starts_with("--- a/privacy/default.md\n+++ b/privacy/default.md\n"),
        "{diff}"
    );
    assert!(diff.contains("+# Privacy\n"), "{diff}");
    assert!(!out.exists(), "--diff writes nothing");
}

/// Converts the fixture site `convert/NAME`, which must end with exit code
/// 1 (a page needs review). Returns the output folder and the summary.
fn convert_needing_review(name: &str) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let output = convert(&fixtures().join("convert").join(name), out.path(), &["--force"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    (out, stdout(&output))
}

#[test]
fn a_page_below_the_thresholds_is_listed_and_the_exit_code_says_so() {
    let (_out, text) = convert_needing_review("needs-review");
    assert!(text.contains("1 page(s) need a human look:"), "{text}");
    assert!(
        text.contains("acom.md: missing includes: ../includes/gone.md"),
        "{text}"
    );
}

#[test]
fn a_link_the_output_breaks_is_reported_by_the_site_check() {
    // `b.html` links to `#start`, an id on a button: buttons are chrome,
    // removed with their ids, so the output of `b` has a broken anchor the
    // source did not have. The site check (which reuses the pages parsed
    // during verification) must say so.
    let (out, text) = convert_needing_review("lost-anchor");
    assert!(text.contains("b.html: 1 new broken link(s)"), "{text}");
    let report = report(out.path());
    let pages = report["pages"].as_array().unwrap();
    let b = pages.iter().find(|p| p["source"] == "b.html").unwrap();
    assert_eq!(
        b["new_link_problems"],
        serde_json::json!(["broken-anchor: `a.md` has no anchor `#start`"])
    );
}
