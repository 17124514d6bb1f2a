//! The real binary: commands, formats, exit codes, selection, colors,
//! configuration errors, fixes.

mod common;

use common::{copy_tree, corpus, fixtures, json_findings, stderr, stdout, tclint};

#[test]
fn help_and_version_exit_zero() {
    let output = tclint(&corpus()).arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("check"));
    let output = tclint(&corpus()).arg("--version").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("tclint "));
}

#[test]
fn usage_errors_exit_two() {
    let output = tclint(&corpus()).arg("chek").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = tclint(&corpus())
        .args(["check", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = tclint(&corpus()).args(["check", "no/such/dir"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no such file or directory"));
    let output = tclint(&corpus())
        .args(["check", "--select", "broken-anchors"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `broken-anchor`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn rules_and_rule_documentation() {
    let output = tclint(&corpus()).arg("rules").output().unwrap();
    let listing = stdout(&output);
    for rule in tclint::lint::rules::REGISTRY {
        assert!(listing.contains(rule.meta().name) && listing.contains(rule.meta().code));
    }
    let by_name = stdout(
        &tclint(&corpus())
            .args(["rule", "broken-anchor"])
            .output()
            .unwrap(),
    );
    let by_code = stdout(&tclint(&corpus()).args(["rule", "tc101"]).output().unwrap());
    assert_eq!(by_name, by_code);
    assert!(by_name.starts_with("# broken-anchor (TC101)"));
    assert!(by_name.contains("## Why it matters"));
    let unknown = tclint(&corpus()).args(["rule", "stale-hosts"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `stale-host`"));
    let json: serde_json::Value = serde_json::from_slice(
        &tclint(&corpus())
            .args(["rules", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        json.as_array().unwrap().len(),
        tclint::lint::rules::REGISTRY.len()
    );
}

#[test]
fn exit_codes_follow_error_findings() {
    let with_errors = tclint(&corpus()).args(["check", "--quiet"]).output().unwrap();
    assert_eq!(with_errors.status.code(), Some(1));
    let warnings_only = tclint(&corpus())
        .args(["check", "--select", "empty-link", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(warnings_only.status.code(), Some(0));
    assert!(!stdout(&warnings_only).is_empty(), "warnings are still printed");
    let clean = tclint(&corpus())
        .args(["check", "privacy/you-own-your-data.md"])
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert!(stdout(&clean).contains("All checks passed"));
}

#[test]
fn json_has_the_documented_fields() {
    let findings = json_findings(&corpus(), &[]);
    let stale = findings
        .iter()
        .find(|f| f["rule"] == "stale-host" && f["fix"].is_object())
        .unwrap();
    for field in [
        "rule",
        "code",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
        "fix",
        "related",
        "fingerprint",
    ] {
        assert!(stale.get(field).is_some(), "missing `{field}`");
    }
    let edit = &stale["fix"]["edits"][0];
    for field in ["line", "column", "end_line", "end_column", "replacement"] {
        assert!(edit.get(field).is_some(), "fix edit lacks `{field}`");
    }
    let duplicate = findings.iter().find(|f| f["rule"] == "duplicate-id").unwrap();
    assert_eq!(duplicate["related"][0]["message"], "first used here");
    assert!(findings.iter().any(|f| f["fix"].is_null()));
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let output = tclint(&corpus())
        .args(["check", "--format", "concise", "--quiet"])
        .output()
        .unwrap();
    let text = stdout(&output);
    let findings = json_findings(&corpus(), &[]);
    assert_eq!(text.lines().count(), findings.len());
    assert!(text.lines().any(|line| line
        == "transparency/you_know_where.md:84:75: error[TC104 placeholder-link] link text `。。。` is a placeholder"));
}

#[test]
fn select_and_ignore_by_name_code_and_family() {
    let count = |args: &[&str]| json_findings(&corpus(), args).len();
    let all = count(&[]);
    let links = count(&["--select", "links"]);
    let markup = count(&["--select", "markup"]);
    let claims = count(&["--select", "claims"]);
    assert_eq!(count(&["--select", "links,markup"]), links + markup);
    // Alone, unused-suppression cannot judge suppressions of rules that did not run.
    let page_alone = count(&["--select", "page"]);
    let page_in_full_run = all - links - markup - claims;
    assert!(page_alone < page_in_full_run, "{page_alone} < {page_in_full_run}");
    assert_eq!(count(&["--select", "TC1"]), links);
    assert_eq!(
        count(&["--select", "broken-anchor,TC103"]),
        count(&["--select", "broken-anchor"]) + count(&["--select", "stale-host"])
    );
    assert_eq!(count(&["--ignore", "links,page,claims"]), markup);
    assert_eq!(count(&["--ignore", "links,page,markup"]), claims);
}

#[test]
fn colors_follow_the_flag_and_no_color() {
    let ansi = |output: &std::process::Output| stdout(output).contains('\u{1b}');
    let never = tclint(&corpus())
        .args(["check", "--color", "never"])
        .output()
        .unwrap();
    assert!(!ansi(&never));
    let always = tclint(&corpus())
        .args(["check", "--color", "always"])
        .output()
        .unwrap();
    assert!(ansi(&always));
    let auto_no_color = tclint(&corpus())
        .env("NO_COLOR", "1")
        .args(["check"])
        .output()
        .unwrap();
    assert!(!ansi(&auto_no_color));
}

#[test]
fn full_format_has_snippet_label_and_summary() {
    let output = tclint(&corpus())
        .args(["check", "--color", "never", "--select", "placeholder-link"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("╭─[transparency/you_know_where.md:84:75]"));
    assert!(text.contains("placeholder text"));
    assert!(text.contains("Found 4 problems (4 errors, 0 warnings) in 15 pages: placeholder-link 4"));
}

#[test]
fn broken_configuration_exits_two_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tclint.toml"),
        "[site]\nproduction-hosts = [\"a\"]\nowned_prefixes = [\"/\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
    let output = tclint(dir.path()).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("tclint.toml:3:"), "{message}");
    assert!(message.contains("unknown field `owned_prefixes`"), "{message}");
    assert!(message.contains("did you mean `owned-prefixes`?"), "{message}");

    std::fs::write(dir.path().join("tclint.toml"), "[site\n").unwrap();
    let output = tclint(dir.path()).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("tclint.toml:1:"), "{}", stderr(&output));
}

#[test]
fn explicit_config_and_root() {
    let findings = json_findings(
        &fixtures(),
        &[
            "--config",
            "rules/stale-host/tclint.toml",
            "rules/stale-host",
            "--select",
            "stale-host",
        ],
    );
    assert!(
        findings.iter().any(|f| f["fix"].is_object()),
        "the explicit config's staging map applies"
    );
}

#[test]
fn fix_is_byte_exact_keeps_crlf_and_bom_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), dir.path());
    let page = dir
        .path()
        .join("privacy/responding-to-govt-agency-requests-for-customer-data.md");
    // Make the page CRLF with a BOM: fixes must keep both.
    let original = std::fs::read_to_string(&page).unwrap().replace('\n', "\r\n");
    let original = format!("\u{feff}{original}");
    std::fs::write(&page, &original).unwrap();

    let output = tclint(dir.path())
        .args(["check", "--fix", "--preview", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "unfixable errors remain");
    assert!(
        stdout(&output).contains("Fixed 11 problem(s) in 5 file(s)."),
        "{}",
        stdout(&output)
    );
    let fixed = std::fs::read_to_string(&page).unwrap();
    assert!(fixed.starts_with('\u{feff}'));
    assert_eq!(fixed.matches("\r\n").count(), original.matches("\r\n").count());
    assert!(!fixed.contains("trustcenterstage"));
    assert!(fixed.contains("href=\"../transparency/you_know_where.html\""));
    assert!(fixed.contains("href=\"../transparency/default.html#who-can-access-customer-data\""));
    // Outside the edits, the bytes are the same.
    let strip = |text: &str| {
        text.replace(
            "http://trustcenterstage.chinacloudsites.cn/transparency/you_know_where.html",
            "../transparency/you_know_where.html",
        )
        .replace("http://trustcenterstage.chinacloudsites.cn/privacy/", "")
        .replace("#Who-can-access-Customer-Data", "#who-can-access-customer-data")
    };
    assert_eq!(strip(&original), fixed);

    let remaining = json_findings(dir.path(), &[]);
    assert!(
        remaining.iter().all(|f| f["fix"].is_null()),
        "everything fixable was fixed"
    );
    let again = tclint(dir.path()).args(["check", "--fix"]).output().unwrap();
    assert!(
        !stdout(&again).contains("Fixed"),
        "a second --fix changes nothing"
    );
}

#[test]
fn diff_shows_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), dir.path());
    let before = std::fs::read(dir.path().join("privacy/default.md")).unwrap();
    let output = tclint(dir.path()).args(["check", "--diff"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diff = stdout(&output);
    assert!(diff.contains("--- a/privacy/default.md"));
    assert!(diff.contains("-                        <label><a target=\"_self\" class=\"mscom-link\" href=\"https://wacnppe.blob.core.chinacloudapi.cn"));
    assert!(diff.contains("+                        <label><a target=\"_self\" class=\"mscom-link\" href=\"https://wacnstorage.blob.core.chinacloudapi.cn"));
    assert_eq!(
        std::fs::read(dir.path().join("privacy/default.md")).unwrap(),
        before
    );
}

#[test]
fn fixes_are_never_applied_to_decoded_pages() {
    let dir = tempfile::tempdir().unwrap();
    let page = "---\nlayout: TrustCenterPageCN\n---\n<p><a href=\"b.html#X\">链接</a></p>\n";
    std::fs::write(
        dir.path().join("a.md"),
        page.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "---\nlayout: TrustCenterPage\n---\n<p id=\"x\">x</p>\n",
    )
    .unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(page.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("a.md"), &bytes).unwrap();
    let output = tclint(dir.path()).args(["check", "--fix"]).output().unwrap();
    // The finding carries no fix (its offsets are not the file's): it says so.
    assert!(
        stdout(&output).contains("no automatic fix: the page is not UTF-8"),
        "{}",
        stdout(&output)
    );
    assert!(!stdout(&output).contains("Fixed"), "{}", stdout(&output));
    assert_eq!(std::fs::read(dir.path().join("a.md")).unwrap(), bytes);
}

#[test]
fn discovery_honours_gitignore_and_globs_and_sniffs_content() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let page = |body: &str| format!("---\nlayout: TrustCenterPage\n---\n<p>{body}</p>\n");
    std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
    std::fs::create_dir_all(root.join("build")).unwrap();
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    std::fs::write(
        root.join("build/out.md"),
        page("<a href=\"#nope\">ignored by git</a>"),
    )
    .unwrap();
    std::fs::write(root.join("drafts/wip.md"), page("<a href=\"#nope\">excluded</a>")).unwrap();
    std::fs::write(root.join("kept.md"), page("<a href=\"#nope\">checked</a>")).unwrap();
    // An `.html` file holding a Jekyll page is still read as one.
    std::fs::write(root.join("legacy.html"), page("<a href=\"#nope\">sniffed</a>")).unwrap();
    std::fs::write(root.join("tclint.toml"), "[files]\nexclude = [\"drafts/**\"]\n").unwrap();
    let findings = json_findings(root, &[]);
    let paths: Vec<&str> = findings.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["kept.md", "legacy.html"]);
}

#[test]
fn per_rule_levels_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), dir.path());
    let config = dir.path().join("tclint.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{original}\n[rules]\nempty-link = \"error\"\nlinks = \"off\"\nmarkup = \"off\"\n"),
    )
    .unwrap();
    let findings = json_findings(dir.path(), &[]);
    let rules: std::collections::BTreeSet<&str> =
        findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(
        !rules.contains("broken-anchor") && !rules.contains("duplicate-id"),
        "{rules:?}"
    );
    // `off` by family, then `error` for one rule of it: the family wins, empty-link is off too.
    assert!(!rules.contains("empty-link"));

    std::fs::write(&config, format!("{original}\n[rules]\nempty-link = \"error\"\n")).unwrap();
    let output = tclint(dir.path())
        .args(["check", "--select", "empty-link", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "empty-link findings are now errors"
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(findings.iter().all(|f| f["severity"] == "error"));

    std::fs::write(&config, format!("{original}\n[rules]\nempty-links = \"off\"\n")).unwrap();
    let output = tclint(dir.path()).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `empty-link`"),
        "{}",
        stderr(&output)
    );

    std::fs::write(&config, format!("{original}\n[rules]\nempty-link = \"loud\"\n")).unwrap();
    let output = tclint(dir.path()).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn config_command_shows_values_and_their_origin() {
    let output = tclint(&corpus()).arg("config").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("# configuration: ") && text.contains("tclint.toml (the nearest tclint.toml)"),
        "{text}"
    );
    assert!(
        text.contains("production-hosts = [\"www.trustcenter.cn\"]  # tclint.toml:5"),
        "{text}"
    );
    assert!(text.contains("max-page-bytes = 16777216  # default"), "{text}");
    let parsed: toml::Table = toml::from_str(&text).expect("the output is valid TOML");
    assert!(parsed.contains_key("site"));

    let isolated = stdout(&tclint(&corpus()).args(["config", "--isolated"]).output().unwrap());
    assert!(isolated.contains("ignored (--isolated)"));
    assert!(isolated.contains("production-hosts = []  # default"));
}

#[test]
fn completions_and_man_page() {
    let bash = stdout(&tclint(&corpus()).args(["completions", "bash"]).output().unwrap());
    assert!(bash.contains("_tclint()") && bash.contains("--write-baseline"));
    let zsh = tclint(&corpus()).args(["completions", "zsh"]).output().unwrap();
    assert_eq!(zsh.status.code(), Some(0));
    let man = stdout(&tclint(&corpus()).arg("man").output().unwrap());
    assert!(man.contains(".TH tclint 1"));
    assert!(
        tclint(&corpus())
            .args(["completions", "cmd.exe"])
            .output()
            .unwrap()
            .status
            .code()
            == Some(2)
    );
}

#[test]
fn preview_rules_run_only_with_preview_or_when_named() {
    let site = fixtures().join("rules/divergent-claim");
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut args = args.to_vec();
        args.push("--isolated");
        json_findings(&site, &args)
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!rules_of(&[]).contains(&"divergent-claim".to_owned()));
    assert!(rules_of(&["--preview"]).contains(&"divergent-claim".to_owned()));
    assert!(rules_of(&["--select", "divergent-claim"]).contains(&"divergent-claim".to_owned()));

    // A family of preview rules selected without --preview: said, not silent.
    let output = tclint(&site)
        .args(["check", "--isolated", "--select", "claims", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("`claims` matches divergent-claim, translation-drift, link-label-mismatch, cross-language-link, claim-mismatch, in preview and left out"),
        "{}",
        stderr(&output)
    );

    let output = tclint(&site).args(["rules"]).output().unwrap();
    let line = stdout(&output)
        .lines()
        .find(|line| line.contains("divergent-claim"))
        .unwrap()
        .to_owned();
    assert!(line.contains("preview: "), "{line}");
    let output = tclint(&site).args(["rule", "divergent-claim"]).output().unwrap();
    assert!(stdout(&output).contains("In preview"));
}

/// `invalid-css`'s fix renames a misspelt property and nothing else; the
/// unfixable findings (an ambiguous suggestion, a property already set)
/// stay.
#[test]
fn fix_renames_a_misspelt_css_property_byte_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let page = "---\r\nlayout: TrustCenterPage\r\n---\r\n<p style=\"font-szie:18px\">A</p>\r\n\
                <p style=\"font-size:12px;font-szie:18px\">B</p>\r\n<p style=\"tap:0\">C</p>\r\n";
    std::fs::write(dir.path().join("a.md"), page).unwrap();
    let output = tclint(dir.path())
        .args(["check", "--fix", "--select", "invalid-css"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("Fixed 1 problem(s) in 1 file(s)."),
        "{}",
        stdout(&output)
    );
    let fixed = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        page.replacen("font-szie:18px\">A", "font-size:18px\">A", 1)
    );
    let remaining = json_findings(dir.path(), &["--select", "invalid-css"]);
    assert_eq!(remaining.len(), 2, "{remaining:?}");
    assert!(remaining.iter().all(|finding| finding["fix"].is_null()));
}
