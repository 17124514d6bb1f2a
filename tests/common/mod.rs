//! Helpers shared by the integration tests: run the real binary.

#![allow(dead_code)]

pub mod proxy;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The variables that send requests through a proxy (see
/// `src/online/proxy.rs`), in both cases, and `REQUEST_METHOD`, which turns
/// them off.
pub const PROXY_VARIABLES: [&str; 9] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "REQUEST_METHOD",
];

/// The tclint binary with a fixed width and no color, run in `dir`. No
/// proxy of the machine running the tests: the online tests talk to their
/// own servers on 127.0.0.1, and set a proxy themselves when they test one.
pub fn tclint(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("tclint").expect("binary is built");
    command
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR");
    for variable in PROXY_VARIABLES {
        command.env_remove(variable);
    }
    command
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `tclint check --format json` with extra arguments and parses the findings.
pub fn json_findings(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let output = tclint(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.code().is_some_and(|code| code <= 2),
        "unexpected exit {:?}: {}",
        output.status,
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("JSON output: {e}\n{}", stdout(&output)))
}

/// The findings of a `--format json` run that exited 0 or 1, as
/// (rule, message) pairs.
pub fn rule_messages(output: &Output) -> Vec<(String, String)> {
    assert!(
        output.status.code().is_some_and(|code| code <= 1),
        "{}",
        stderr(output)
    );
    let parsed: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)));
    parsed
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Copies a directory tree (for tests that modify files).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
