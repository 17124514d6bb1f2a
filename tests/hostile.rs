//! Hostile trees and pages: tclint reads nothing outside the site, writes
//! nothing outside the output folder, recurses on no input depth, and says
//! what it could not read. The real binary on temporary sites.

mod common;

use std::path::Path;

use common::{json_findings, stderr, stdout, tclint};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const PAGE: &str = "<html><body><h1>Privacy</h1><p>We keep <a href=\"../index.html\">your data</a> safe.</p></body></html>\n";

/// `tclint convert site --out OUT` in `dir`, with more arguments: the exit
/// status and the summary.
fn convert(dir: &Path, out: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let output = tclint(dir)
        .args(["convert", "site", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let summary = format!("{}{}", stdout(&output), stderr(&output));
    (output.status.code(), summary)
}

/// Every file below `dir` (links not followed), with its bytes.
fn files_below(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                folders.push(entry.path());
            } else if kind.is_file() {
                let name = entry.path().strip_prefix(dir).unwrap().display().to_string();
                found.push((name, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[cfg(unix)]
#[test]
fn convert_never_writes_through_a_linked_folder_in_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(&site, "index.html", PAGE);
    write(&site, "privacy/a.html", PAGE);
    let before = files_below(&site);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink("../site/privacy", out.join("privacy")).unwrap();
    let (status, summary) = convert(dir.path(), &out, &["--force"]);
    assert_eq!(status, Some(2), "{summary}");
    assert!(summary.contains("never writes through links"), "{summary}");
    assert_eq!(files_below(&site), before, "the site was changed");
}

#[cfg(unix)]
#[test]
fn nothing_outside_the_site_is_read_copied_or_linked() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    write(&outside, "secret.txt", "TOKEN=hunter2\n");
    write(
        &outside,
        "page.html",
        "<p><a href=\"nowhere.html\">SECRET-PAGE</a></p>\n",
    );
    write(&outside, "folder/inner.html", "<p>SECRET-FOLDER</p>\n");
    let site = dir.path().join("site");
    write(&site, "index.html", PAGE);
    write(&site, "privacy/a.html", PAGE);
    std::fs::create_dir_all(site.join("Images")).unwrap();
    for (link, target) in [
        ("Images/env.txt", "/proc/self/environ"),
        ("Images/secret.txt", "../../outside/secret.txt"),
        ("linked.html", "../outside/page.html"),
        ("folder", "../outside/folder"),
    ] {
        std::os::unix::fs::symlink(target, site.join(link)).unwrap();
    }

    for assets in ["copy", "link"] {
        let out = dir.path().join(format!("out-{assets}"));
        let (status, summary) = convert(dir.path(), &out, &["--assets", assets]);
        assert_eq!(status, Some(1), "{summary}");
        assert!(
            summary.contains("could not be read and are not in the output"),
            "{summary}"
        );
        for link in ["Images/env.txt", "Images/secret.txt", "linked.html", "folder"] {
            assert!(
                summary.contains(&format!("  {link}: symbolic link to ")),
                "{link}: {summary}"
            );
        }
        assert!(!summary.contains("Every page passed"), "{summary}");
        for (name, bytes) in files_below(&out) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("hunter2") && !text.contains("SECRET") && !text.contains("PATH="),
                "{name} holds what is outside the site"
            );
        }
        // Linked assets lead into the site only.
        let canonical_site = site.canonicalize().unwrap();
        for entry in std::fs::read_dir(out.join("Images")).into_iter().flatten() {
            let path = entry.unwrap().path();
            let target = path.canonicalize().unwrap();
            assert!(
                target.starts_with(&canonical_site),
                "{} -> {}",
                path.display(),
                target.display()
            );
        }
    }

    let findings = json_findings(&site, &[]);
    let messages: Vec<&str> = findings.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(
        messages.iter().all(|m| !m.contains("nowhere.html")),
        "{messages:?}"
    );
    let refused = messages
        .iter()
        .filter(|m| m.contains("outside the site: not followed"))
        .count();
    assert_eq!(refused, 4, "{messages:?}");

    // Asked for, the folder's pages are read (and only that folder's).
    let findings = json_findings(&site, &["--follow-links", outside.to_str().unwrap()]);
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "linked.html" && f["rule"] == "missing-target"),
        "{findings:?}"
    );
}

#[test]
fn a_configured_root_cannot_leave_the_configuration_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "outside/page.html", PAGE);
    let project = dir.path().join("project");
    write(&project, "tclint.toml", "[site]\nroot = \"../outside\"\n");
    write(&project, "index.html", PAGE);
    let output = tclint(&project).args(["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("leads outside the folder"),
        "{}",
        stderr(&output)
    );
    // The command line may point anywhere.
    let output = tclint(&project)
        .args(["check", "--root", "../outside", "--isolated"])
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_and_dangling_links_are_reported_not_fatal() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(&site, "index.html", PAGE);
    std::fs::write(site.join(std::ffi::OsStr::from_bytes(b"caf\xe9.html")), PAGE).unwrap();
    std::os::unix::fs::symlink("gone.html", site.join("dangling.html")).unwrap();

    let output = tclint(&site)
        .args(["check", "--format", "concise"])
        .output()
        .unwrap();
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}{}", stderr(&output));
    assert!(report.contains("file name is not valid UTF-8"), "{report}");
    assert!(
        report.contains("dangling.html:1:1: error[TC001 page-load] symbolic link to nothing"),
        "{report}"
    );

    let (status, summary) = convert(dir.path(), &dir.path().join("out"), &[]);
    assert_eq!(status, Some(1), "{summary}");
    assert!(
        summary.contains("2 file(s) or folder(s) of the site could not be read"),
        "{summary}"
    );
}

/// A folder of the site nobody may read, and a path longer than the system
/// allows: convert lists both and exits 1. As root, permissions do not
/// stop reads: tclint then runs as `nobody`.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_folder_and_a_too_long_path_fail_the_migration() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(&site, "index.html", PAGE);
    write(&site, "locked/page.html", PAGE);
    // 40 folders of 200 characters, made one `cd` at a time: a path over
    // PATH_MAX (4,096 bytes), which no call taking a whole path can open.
    let name = "d".repeat(200);
    let made = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "for i in $(seq 40); do mkdir {name} && cd {name} || exit 1; done; echo x > page.html"
        ))
        .current_dir(&site)
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::set_permissions(site.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    for folder in [dir.path(), &site] {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let as_root = std::fs::read_dir(site.join("locked")).is_ok();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("tclint"));
    command
        .args(["convert", "site", "--out"])
        .arg(dir.path().join("out"))
        .current_dir(dir.path());
    if as_root {
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::chown(&out, Some(65534), Some(65534)).unwrap();
        std::os::unix::process::CommandExt::uid(&mut command, 65534);
    }
    let output = command.output().unwrap();
    let summary = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{summary}{}", stderr(&output));
    assert!(summary.contains("  locked: cannot read"), "{summary}");
    assert!(!summary.contains("Every page passed"), "{summary}");
    assert!(summary.contains("File name too long"), "{summary}");
    // For the temporary folder's removal.
    std::fs::set_permissions(site.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_empty_site_converts_to_an_empty_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let output = tclint(dir.path())
        .args(["convert", "empty", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("out/migration-report.json").is_file());
}

#[test]
fn a_page_with_two_byte_order_marks_is_reported_and_converted_whole() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(
        &site,
        "a.md",
        "\u{feff}\u{feff}---\nlayout: TrustCenterPage\ntitle: Trust\n---\n<p>Kept <a href=\"b.html\">words</a></p>\n",
    );
    write(&site, "b.html", PAGE);
    let findings = json_findings(&site, &[]);
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "a.md" && f["message"].as_str().unwrap().contains("2 byte-order marks")),
        "{findings:?}"
    );
    let (status, summary) = convert(dir.path(), &dir.path().join("out"), &[]);
    assert_eq!(status, Some(0), "{summary}");
    let converted = std::fs::read_to_string(dir.path().join("out/a.md")).unwrap();
    assert!(converted.starts_with("---\ntitle: Trust\n"), "{converted}");
    assert!(converted.contains("Kept [words](b.md)"), "{converted}");
}

/// Elements nested 100,000 deep, one page per kind: checked and converted
/// without a crash, the depth reported, the content kept.
#[test]
fn nesting_a_hundred_thousand_deep_is_checked_and_converted() {
    const DEPTH: usize = 100_000;
    let kinds = [
        "div",
        "span",
        "b",
        "b i",
        "a",
        "p",
        "ul li",
        "ol li",
        "blockquote",
        "table tr td",
        "svg",
        "math",
        "section",
        "pre",
        "font",
        "select option",
        "template",
        "h1",
        "dl dd",
        "textarea",
        "object",
        "form",
        "em strong",
    ];
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for kind in kinds {
        let names: Vec<&str> = kind.split(' ').collect();
        let open: String = names.iter().map(|n| format!("<{n}>")).collect();
        let close: String = names.iter().rev().map(|n| format!("</{n}>")).collect();
        let page = format!(
            "<p>top</p>{}deep words<a href=\"index.html\">deep link</a>{}<p>after</p>",
            open.repeat(DEPTH),
            close.repeat(DEPTH)
        );
        write(&site, &format!("{}.html", kind.replace(' ', "-")), page);
    }
    write(&site, "index.html", PAGE);

    // Only warnings: too deep is a markup warning.
    let output = tclint(&site)
        .args(["check", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("div.html:1:") && report.contains("nested more than 512 deep"),
        "{report}"
    );

    let (status, summary) = convert(dir.path(), &dir.path().join("out"), &[]);
    assert_eq!(status, Some(1), "{summary}");
    assert!(
        summary.contains("div.html: nested deeper than 512 levels"),
        "{summary}"
    );
    for kind in ["div", "span", "b-i", "table-tr-td", "ul-li"] {
        let converted = std::fs::read_to_string(dir.path().join(format!("out/{kind}.md"))).unwrap();
        assert!(
            converted.contains("deep words") && converted.contains("after"),
            "{kind}: {converted:.300}"
        );
    }
}

#[test]
fn findings_far_along_one_line_are_shown_with_their_position_not_a_snippet() {
    // A minified page: one line, the broken links past column 65,535
    // (miette cannot draw such columns) and each worth a snippet of the
    // whole line.
    let dir = tempfile::tempdir().unwrap();
    let long_id = "x".repeat(40_000);
    let mut page = format!("<p id=\"{long_id}\">{}</p>", "filler ".repeat(10_000));
    for i in 0..200 {
        page.push_str(&format!("<a href=\"#missing{i}\">m</a>"));
    }
    write(dir.path(), "page.html", &page);
    let output = tclint(dir.path())
        .args(["check", "--color", "never", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    // Columns are 1-based; the span is the fragment, after `#`.
    let column = page.find("#missing0").unwrap() + 2;
    assert!(
        text.contains(&format!(
            "page.html:1:{column}: this page has no anchor `#missing0`"
        )),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert_eq!(text.matches("has no anchor").count(), 200);
    // The 40,000-character anchor is listed cut, not whole, in each help.
    assert!(text.len() < 200 * 1_000, "{} bytes", text.len());
}

/// CSS nested a hundred thousand deep, in a `style` attribute and in a
/// `<style>` element: read without recursing on the depth (no stack
/// overflow), the unclosed bracket reported.
#[test]
fn css_nested_a_hundred_thousand_deep_is_checked() {
    const DEPTH: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let open = "(".repeat(DEPTH);
    let balanced = format!("{}1px{}", "(".repeat(DEPTH), ")".repeat(DEPTH));
    let calc = format!("calc{}1px{}", "(".repeat(DEPTH), ")".repeat(DEPTH));
    let media = format!("{}.a{{colr:red}}{}", "@media x{".repeat(DEPTH), "}".repeat(DEPTH));
    let rules = format!("{}colr:red{}", ".a{".repeat(DEPTH), "}".repeat(DEPTH));
    let page = format!(
        "<p style=\"color: {open}\">a</p><p style=\"width: {balanced}\">b</p><p style=\"width: {calc}\">c</p>\
         <style>{media}</style><style>{rules}</style><style>.b{{color:{open}}}</style>"
    );
    write(dir.path(), "page.html", page);
    let findings = json_findings(dir.path(), &["--select", "invalid-css"]);
    let messages: Vec<&str> = findings
        .iter()
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .all(|message| message.starts_with("`(` is never closed")),
        "{messages:?}"
    );
}
