//! Output formats for other tools: SARIF (validated against the official
//! 2.1.0 schema), GitHub annotations, JUnit, JSON lines; and baselines.

mod common;

use std::path::PathBuf;

use common::{copy_tree, corpus, fixtures, json_findings, stdout, tclint};
use serde_json::Value;

fn run(format: &str) -> String {
    let output = tclint(&fixtures())
        .args(["check", "formats", "--format", format])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    stdout(&output)
}

/// The SARIF 2.1.0 schema as shipped in the serde-sarif crate (a
/// dev-dependency), found through `cargo metadata`: no network needed.
fn sarif_schema() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let rustc = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc names its host");
    // Only this platform's dependencies: the others are not downloaded.
    let output = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            &host,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let manifest = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|package| package["name"] == "serde-sarif")
        .and_then(|package| package["manifest_path"].as_str())
        .expect("serde-sarif is a dev-dependency");
    let schema = PathBuf::from(manifest).with_file_name("src").join("schema.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap();
    // The published schema's pattern for `language` properties has a stray
    // `]` (`[a-zA-Z]{2}]?$`) that strict regex engines reject, so the
    // validator refuses the schema itself. tclint never writes `language`;
    // the pattern is repaired to what it evidently means.
    let repaired = repair_patterns(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert!(repaired > 0, "the schema changed: revisit this repair");
    schema
}

fn repair_patterns(value: &mut Value, broken: &str, fixed: &str) -> usize {
    match value {
        Value::Object(map) => map
            .iter_mut()
            .map(|(key, value)| {
                if key == "pattern" && value == broken {
                    *value = Value::from(fixed);
                    1
                } else {
                    repair_patterns(value, broken, fixed)
                }
            })
            .sum(),
        Value::Array(items) => items
            .iter_mut()
            .map(|item| repair_patterns(item, broken, fixed))
            .sum(),
        _ => 0,
    }
}

#[test]
fn sarif_validates_against_the_schema() {
    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": [{"level": "fatal"}]}]});
    assert!(
        !validator.is_valid(&broken),
        "the validator rejects what the schema forbids"
    );
    for dir in [fixtures().join("formats"), corpus()] {
        let output = tclint(&dir)
            .args(["check", "--format", "sarif"])
            .output()
            .unwrap();
        let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        let run = &sarif["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(run["tool"]["driver"]["rules"][index]["id"], result["ruleId"]);
            assert!(result["partialFingerprints"]["tclint/v1"].as_str().unwrap().len() == 16);
        }
    }
}

#[test]
fn sarif_has_rules_fixes_and_related_locations() {
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let stale = rules.iter().find(|r| r["name"] == "stale-host").unwrap();
    assert_eq!(stale["id"], "TC103");
    assert_eq!(stale["helpUri"], "https://tclint.example/rules.md#stale-host");
    assert!(
        stale["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("## Why it matters")
    );
    let results = run["results"].as_array().unwrap();
    let fixed = results.iter().find(|r| r["ruleId"] == "TC103").unwrap();
    let replacement = &fixed["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "other.html#Part");
    let duplicate = results.iter().find(|r| r["ruleId"] == "TC201").unwrap();
    assert_eq!(
        duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    assert_eq!(
        fixed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "formats/page.md"
    );
}

#[test]
fn fingerprints_are_stable_across_runs_and_line_shifts() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("formats"), dir.path());
    let fingerprints = |dir: &std::path::Path| -> Vec<String> {
        let output = tclint(dir).args(["check", "--format", "sarif"]).output().unwrap();
        let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["tclint/v1"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = fingerprints(dir.path());
    assert_eq!(fingerprints(dir.path()), before, "same input, same fingerprints");
    let page = dir.path().join("page.md");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("<div>\n", "<div>\n  <p>A new paragraph.</p>\n\n");
    std::fs::write(&page, text).unwrap();
    assert_eq!(
        fingerprints(dir.path()),
        before,
        "lines moved, fingerprints did not"
    );
}

#[test]
fn github_annotations() {
    insta::assert_snapshot!("github", run("github"));
}

#[test]
fn junit_report() {
    insta::assert_snapshot!("junit", run("junit"));
}

#[test]
fn json_lines() {
    let text = run("json-lines");
    let array = json_findings(&fixtures(), &["formats"]);
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines, array);
    insta::assert_snapshot!("json-lines", text);
}

#[test]
fn baseline_hides_known_findings_and_shows_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), dir.path());
    let output = tclint(dir.path())
        .args(["check", "--write-baseline", "tclint-baseline.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("tclint-baseline.json")).unwrap())
            .unwrap();
    let known = recorded["findings"].as_array().unwrap().len();
    assert!(known > 20);

    let output = tclint(dir.path())
        .args(["check", "--baseline", "tclint-baseline.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains(&format!("{known} findings known from the baseline")),
        "{}",
        stdout(&output)
    );

    // Lines move: still known. A new defect: reported alone.
    let page = dir.path().join("privacy/default.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let moved = text.replacen(
        "<div class=\"row-fluid\">",
        "<div class=\"row-fluid\">\n\n\n<p><a href=\"#nowhere\">New</a></p>",
        1,
    );
    std::fs::write(&page, moved).unwrap();
    let findings = json_findings(dir.path(), &["--baseline", "tclint-baseline.json"]);
    let messages: Vec<&str> = findings.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(messages, ["this page has no anchor `#nowhere`"]);

    // The baseline can live in tclint.toml.
    let config = dir.path().join("tclint.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        original.replace("[lint]\n", "[lint]\nbaseline = \"tclint-baseline.json\"\n"),
    )
    .unwrap();
    assert_eq!(json_findings(dir.path(), &[]).len(), 1);
}

#[test]
fn suppressed_findings_are_gone() {
    let dir = fixtures().join("rules/unused-suppression");
    let findings = json_findings(&dir, &[]);
    assert!(
        findings.iter().all(|f| f["rule"] == "unused-suppression"),
        "{findings:#?}"
    );
    let output = tclint(&dir)
        .args(["check", "--isolated", "--format", "json"])
        .output()
        .unwrap();
    let without_config: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        without_config
            .iter()
            .all(|f| f["path"] != "near-miss.md" || f["rule"] == "unused-suppression")
    );
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", run("sarif"));
}

#[test]
fn concise_snapshot() {
    insta::assert_snapshot!("concise", run("concise"));
}

/// A site whose pages hold the same fixable finding (`#Data` for `#data`,
/// in a link to another page) in UTF-8 with a byte-order mark, UTF-16,
/// GB18030 and invalid UTF-8.
fn encodings_site(root: &std::path::Path) {
    let page = "<html><body><h2>数据中心位于中国</h2><p><a href=\"target.html#Data\">数据中心</a></p></body></html>\n";
    std::fs::write(
        root.join("target.html"),
        "<html><body><h2 id=\"data\">Data</h2></body></html>\n",
    )
    .unwrap();
    std::fs::write(root.join("bom.html"), format!("\u{feff}{page}")).unwrap();
    for (name, bom, big_endian) in [
        ("utf16le.html", [0xFF, 0xFE], false),
        ("utf16be.html", [0xFE, 0xFF], true),
    ] {
        let mut bytes = bom.to_vec();
        for unit in page.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        std::fs::write(root.join(name), bytes).unwrap();
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    std::fs::write(root.join("gbk.html"), gbk).unwrap();
    let mut bytes = b"<!-- \xFF -->".to_vec();
    bytes.extend(page.as_bytes());
    std::fs::write(root.join("lossy.html"), bytes).unwrap();
}

#[test]
fn machine_formats_carry_fixes_only_for_utf8_pages() {
    let dir = tempfile::tempdir().unwrap();
    encodings_site(dir.path());
    let not_utf8 = ["gbk.html", "lossy.html", "utf16be.html", "utf16le.html"];
    let findings = json_findings(dir.path(), &["--select", "broken-anchor"]);
    let paths: Vec<&str> = findings.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "bom.html",
            "gbk.html",
            "lossy.html",
            "utf16be.html",
            "utf16le.html"
        ]
    );
    for finding in &findings {
        if finding["path"] == "bom.html" {
            // Offsets into the file, byte-order mark counted.
            let edit = &finding["fix"]["edits"][0];
            let bytes = std::fs::read(dir.path().join("bom.html")).unwrap();
            let range =
                edit["start_byte"].as_u64().unwrap() as usize..edit["end_byte"].as_u64().unwrap() as usize;
            assert_eq!(&bytes[range], b"Data");
            assert_eq!(edit["replacement"], "data");
        } else {
            assert!(finding["fix"].is_null(), "{finding:#}");
        }
    }

    let lines = tclint(dir.path())
        .args(["check", "--select", "broken-anchor", "--format", "json-lines"])
        .output()
        .unwrap();
    let lines: Vec<Value> = stdout(&lines)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines, findings);

    let sarif = tclint(dir.path())
        .args(["check", "--select", "broken-anchor", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(result.get("fixes").is_some(), uri == "bom.html", "{uri}");
    }

    let full = tclint(dir.path())
        .args(["check", "--select", "broken-anchor", "--color", "never"])
        .output()
        .unwrap();
    let full = stdout(&full);
    assert_eq!(
        full.matches("no automatic fix: the page is not UTF-8").count(),
        not_utf8.len(),
        "{full}"
    );
    assert!(full.contains("1 fixable with `tclint check --fix`"), "{full}");
}
