//! `--fix` and `--diff` on files that are not plain: symlinks, hard links,
//! read-only files, files of other owners, unwritable folders, names that
//! need quoting in a diff. The real binary on temporary sites.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Output;

use common::{stderr, stdout, tclint};

/// A page whose one finding has a fix: `#Data` becomes `#data`.
const PAGE: &str = "<html><body><h2 id=\"data\">Data</h2><p><a href=\"#Data\">see</a></p></body></html>\n";
const FIXED: &str = "<html><body><h2 id=\"data\">Data</h2><p><a href=\"#data\">see</a></p></body></html>\n";

/// An unprivileged user for the tests that need permissions to bite.
const NOBODY: u32 = 65534;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn fix(root: &Path) -> Output {
    tclint(root).args(["check", "--fix"]).output().unwrap()
}

/// True when the tests run as root (files they create belong to uid 0):
/// permissions then do not stop writes, so those tests run tclint as
/// `nobody` instead.
fn running_as_root() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

/// Gives a whole tree to `nobody`.
fn give_to_nobody(path: &Path) {
    std::os::unix::fs::lchown(path, Some(NOBODY), Some(NOBODY)).unwrap();
    if std::fs::symlink_metadata(path).unwrap().is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            give_to_nobody(&entry.unwrap().path());
        }
    }
}

/// `tclint check --fix` run as `nobody` (possible only as root).
fn fix_as_nobody(root: &Path) -> Output {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("tclint"))
        .args(["check", "--fix", "--color", "never"])
        .current_dir(root)
        .env("COLUMNS", "100")
        .uid(NOBODY)
        .gid(NOBODY)
        .output()
        .unwrap()
}

#[test]
fn fix_writes_through_a_symlink_to_a_page_inside_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "real/page.html", PAGE);
    symlink("real/page.html", root.join("alias.html")).unwrap();
    let output = fix(root);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        std::fs::symlink_metadata(root.join("alias.html"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the symlink stays a symlink"
    );
    assert_eq!(read(&root.join("real/page.html")), FIXED);
    // The page and its alias are one file: fixed once, no stale-fix noise.
    assert!(!stderr(&output).contains("changed"), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Fixed 1 problem(s) in 1 file(s)."),
        "{}",
        stdout(&output)
    );
}

#[test]
fn fix_writes_through_a_symlink_to_a_file_that_is_not_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "sources/page.txt", PAGE);
    symlink("sources/page.txt", root.join("page.html")).unwrap();
    let output = fix(root);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        std::fs::symlink_metadata(root.join("page.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(&root.join("sources/page.txt")), FIXED);
}

#[test]
fn symlinks_that_lead_outside_the_site_are_neither_read_nor_written() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "page.html", PAGE);
    write(outside.path(), "folder/page.html", PAGE);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    symlink(outside.path().join("page.html"), root.join("linked.html")).unwrap();
    symlink(outside.path().join("folder"), root.join("folder")).unwrap();

    // Not followed: reported, nothing read, nothing to fix.
    let output = tclint(root)
        .args(["check", "--fix", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert_eq!(
        report.matches("outside the site: not followed").count(),
        2,
        "{report}"
    );
    assert!(!report.contains("TC101"), "{report}");

    // Followed when asked (`--follow-links`), and still never written.
    let output = tclint(root)
        .args(["check", "--fix", "--follow-links"])
        .arg(outside.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(read(&outside.path().join("page.html")), PAGE);
    assert_eq!(read(&outside.path().join("folder/page.html")), PAGE);
    assert!(
        std::fs::symlink_metadata(root.join("linked.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let messages = stderr(&output);
    for path in ["linked.html", "folder/page.html"] {
        assert!(
            messages.contains(&format!("fix not applied in {path}: ")),
            "{messages}"
        );
    }
    assert_eq!(messages.matches("outside the site").count(), 2, "{messages}");
}

#[test]
fn fix_refuses_files_with_several_hard_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "page.html", PAGE);
    std::fs::hard_link(root.join("page.html"), root.join("copy.txt")).unwrap();
    let output = fix(root);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let metadata = std::fs::metadata(root.join("page.html")).unwrap();
    assert_eq!(metadata.nlink(), 2, "the hard link is kept");
    assert_eq!(read(&root.join("copy.txt")), PAGE);
    assert!(
        stderr(&output).contains("fix not applied in page.html: it has 2 hard links"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn fix_refuses_read_only_files_even_as_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "page.html", PAGE);
    let page = root.join("page.html");
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = fix(root);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(read(&page), PAGE);
    assert_eq!(std::fs::metadata(&page).unwrap().mode() & 0o7777, 0o444);
    assert!(
        stderr(&output).contains("fix not applied in page.html: it is read-only (mode 0444)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn fix_keeps_mode_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "page.html", PAGE);
    let page = root.join("page.html");
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o640)).unwrap();
    let owner = if running_as_root() {
        std::os::unix::fs::chown(&page, Some(NOBODY), Some(NOBODY)).unwrap();
        (NOBODY, NOBODY)
    } else {
        let metadata = std::fs::metadata(&page).unwrap();
        (metadata.uid(), metadata.gid())
    };
    let output = fix(root);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(&page), FIXED);
    let metadata = std::fs::metadata(&page).unwrap();
    assert_eq!(metadata.mode() & 0o7777, 0o640);
    assert_eq!((metadata.uid(), metadata.gid()), owner);
}

#[test]
fn fix_refuses_a_file_whose_owner_it_cannot_keep() {
    if !running_as_root() {
        eprintln!("skipped: needs root to make a file of another owner");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "page.html", PAGE);
    give_to_nobody(root);
    // Writable by nobody, owned by root: nobody cannot make its copy root's.
    let page = root.join("page.html");
    std::os::unix::fs::chown(&page, Some(0), Some(0)).unwrap();
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o666)).unwrap();
    let output = fix_as_nobody(root);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(read(&page), PAGE);
    assert_eq!(std::fs::metadata(&page).unwrap().uid(), 0);
    assert!(
        stderr(&output).contains("fix not applied in page.html: it belongs to 0:0"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_that_cannot_be_written_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for folder in ["a", "b", "c"] {
        write(root, &format!("{folder}/page.html"), PAGE);
    }
    let as_root = running_as_root();
    if as_root {
        give_to_nobody(root);
    }
    std::fs::set_permissions(root.join("b"), std::fs::Permissions::from_mode(0o555)).unwrap();
    let output = if as_root { fix_as_nobody(root) } else { fix(root) };
    std::fs::set_permissions(root.join("b"), std::fs::Permissions::from_mode(0o755)).unwrap();

    assert_eq!(output.status.code(), Some(2), "an error happened");
    assert_eq!(read(&root.join("a/page.html")), FIXED);
    assert_eq!(read(&root.join("b/page.html")), PAGE);
    assert_eq!(read(&root.join("c/page.html")), FIXED, "the run went on");
    let messages = stderr(&output);
    assert!(messages.contains("tclint: fixed a/page.html"), "{messages}");
    assert!(messages.contains("tclint: fixed c/page.html"), "{messages}");
    assert!(
        messages.contains("tclint: error: cannot write b/page.html: ")
            && messages.contains("Permission denied"),
        "{messages}"
    );
    // The report of what remains is still printed.
    assert!(
        stdout(&output).contains("Fixed 2 problem(s) in 2 file(s)."),
        "{}",
        stdout(&output)
    );
}

/// Copies a flat site (file names are the point here, not folders).
fn copy_flat(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn contents(root: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            (name, read(&entry.path()))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn diff_applies_with_gnu_patch_whatever_the_file_names() {
    let names = [
        "my page.html",
        "say \"hi\".html",
        "back\\slash.html",
        "tab\there.html",
        "数据.html",
    ];
    let site = tempfile::tempdir().unwrap();
    for name in names {
        write(site.path(), name, PAGE);
    }
    let patched = tempfile::tempdir().unwrap();
    copy_flat(site.path(), patched.path());

    let diff = tclint(site.path()).args(["check", "--diff"]).output().unwrap();
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    let diff = stdout(&diff);
    assert!(
        diff.contains("--- a/my page.html\t\n+++ b/my page.html\t\n"),
        "{diff}"
    );
    assert!(diff.contains("--- \"a/say \\\"hi\\\".html\"\t\n"), "{diff}");
    assert!(diff.contains("--- \"a/tab\\there.html\"\n"), "{diff}");
    assert!(diff.contains("--- a/数据.html\n"), "{diff}");

    let diff_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(diff_file.path(), &diff).unwrap();
    let patch = std::process::Command::new("patch")
        .args(["-p1", "--batch", "--input"])
        .arg(diff_file.path())
        .current_dir(patched.path())
        .output()
        .expect("GNU patch is installed");
    assert!(
        patch.status.success(),
        "patch failed: {}{}",
        String::from_utf8_lossy(&patch.stdout),
        String::from_utf8_lossy(&patch.stderr)
    );

    let output = fix(site.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let fixed = contents(site.path());
    assert!(fixed.iter().all(|(_, text)| text == FIXED), "{fixed:?}");
    assert_eq!(contents(patched.path()), fixed);
}
