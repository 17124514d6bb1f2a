//! Bad input never crashes a run: each case gets a clear diagnostic and the
//! other pages are still checked.

mod common;

use std::path::Path;

use common::{json_findings, stderr, tclint};
use serde_json::Value;

const HEAD: &str = "---\nlayout: TrustCenterPage\n---\n";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn messages_for<'a>(findings: &'a [Value], path: &str) -> Vec<&'a str> {
    findings
        .iter()
        .filter(|f| f["path"] == path)
        .map(|f| f["message"].as_str().unwrap())
        .collect()
}

fn has(findings: &[Value], path: &str, needle: &str) -> bool {
    messages_for(findings, path).iter().any(|m| m.contains(needle))
}

/// A site with one page per kind of bad input, plus a healthy page whose
/// broken link must still be found.
fn bad_site(dir: &Path) {
    write(
        dir,
        "healthy.md",
        format!("{HEAD}<p><a href=\"missing.html\">gone</a></p>\n"),
    );
    write(
        dir,
        "invalid-utf8.md",
        [HEAD.as_bytes(), b"<p>caf\xe9 \xff</p>\n"].concat(),
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            format!("{HEAD}<p>数据</p>\n")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write(dir, "utf16.md", utf16);
    let chinese = format!("{HEAD}<p>客户数据存储在中国。</p>\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&chinese);
    write(dir, "gbk.md", gbk);
    write(dir, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    write(dir, "empty.md", b"");
    let deep = format!(
        "{HEAD}{}<a href=\"nowhere.html\">deep</a>{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    write(dir, "deep.md", deep);
    write(
        dir,
        "truncated.md",
        format!("{HEAD}<div><p>cut</p><a href=\"healthy.html"),
    );
    write(
        dir,
        "schemes.md",
        format!(
            "{HEAD}<p><a href=\"javascript:void(0)\">Download</a> <a href=\"javascript:alert(1)\">Run</a> <a href=\"mailto:a@b.c\">Mail</a> <a href=\"../../../../etc/passwd\">passwd</a> <a href=\"tel:+86\">Call</a> <a href=\"data:text/plain,x\">data</a></p>\n"
        ),
    );
}

#[cfg(unix)]
#[test]
fn bad_input_gets_diagnostics_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    bad_site(root);
    std::os::unix::fs::symlink("does-not-exist.md", root.join("dangling.md")).unwrap();
    std::fs::create_dir(root.join("nested")).unwrap();
    std::os::unix::fs::symlink("..", root.join("nested/loop")).unwrap();

    let output = tclint(root).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a link to nothing is an error of the site, not an I/O failure: {}",
        stderr(&output)
    );
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();

    assert!(
        has(&findings, "healthy.md", "`missing.html`"),
        "other pages are still checked"
    );
    assert!(has(&findings, "invalid-utf8.md", "not valid UTF-8"));
    assert!(has(&findings, "utf16.md", "UTF-16"));
    assert!(has(&findings, "gbk.md", "GBK/GB18030"));
    assert!(has(&findings, "image.md", "binary file"));
    assert!(has(&findings, "empty.md", "empty page"));
    assert!(has(&findings, "deep.md", "nested more than 512 deep"));
    assert!(
        has(&findings, "deep.md", "`nowhere.html`"),
        "links inside deep nesting are found"
    );
    assert!(has(&findings, "truncated.md", "ends inside this tag"));
    assert!(has(&findings, "schemes.md", "climbs above the site root"));
    assert!(has(&findings, "schemes.md", "`Download` goes nowhere"));
    assert_eq!(
        messages_for(&findings, "schemes.md").len(),
        2,
        "mailto:, tel:, data: and script calls are not defects"
    );
    assert!(has(&findings, "dangling.md", "symbolic link to nothing"));
    assert!(
        findings
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("symlink loop"))
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_io_failure() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", format!("{HEAD}<p>a</p>"));
    let locked = dir.path().join("locked.md");
    write(dir.path(), "locked.md", format!("{HEAD}<p>b</p>"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop root's reads; tclint
        // runs as `nobody`, who may enter the folder and read a.md.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("tclint"));
        command
            .args(["check", "--format", "json"])
            .current_dir(dir.path());
        std::os::unix::process::CommandExt::uid(&mut command, 65534);
        command.output().unwrap()
    } else {
        tclint(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap()
    };
    assert_eq!(output.status.code(), Some(2));
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(has(&findings, "locked.md", "cannot read"));
}

#[test]
fn fifty_megabyte_page_is_reported_by_default_and_parsed_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph =
        "<p>Customer Data is stored in datacenters located in mainland China. <a href=\"#top\">top</a></p>\n";
    let mut page = String::from(HEAD);
    page.push_str("<a name=\"top\"></a>\n");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(paragraph);
    }
    page.push_str("<p><a href=\"gone.html\">last link</a></p>\n");
    let lines = page.lines().count();
    write(dir.path(), "huge.md", &page);
    write(
        dir.path(),
        "small.md",
        format!("{HEAD}<p><a href=\"huge.html#top\">to the huge page</a></p>"),
    );

    let findings = json_findings(dir.path(), &[]);
    assert!(has(&findings, "huge.md", "over the 16 MB limit"));
    assert!(
        messages_for(&findings, "small.md").is_empty(),
        "links into the skipped page are not false alarms"
    );

    write(dir.path(), "tclint.toml", "[files]\nmax-page-bytes = 67108864\n");
    let findings = json_findings(dir.path(), &[]);
    let last = findings
        .iter()
        .find(|f| f["path"] == "huge.md")
        .expect("the broken link at the end is found");
    assert_eq!(last["line"].as_u64().unwrap() as usize, lines);
    assert!(last["message"].as_str().unwrap().contains("gone.html"));
}
