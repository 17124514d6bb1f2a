//! `tclint check --online` against a server on 127.0.0.1 started by each
//! test: statuses, redirects, retries, timeouts, fragments, limits, cache
//! and the private-address guard. Never the internet.

mod common;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::server::TestServer;
use common::{rule_messages, stdout, tclint};
use serde_json::Value;

/// Fast settings, so that retries and timeouts take milliseconds.
const FAST: &str = r#"
[online]
timeout = "1s"
retries = 3
retry-backoff = "20ms"
max-retry-after = "5s"
max-body-bytes = 1048576
"#;

/// A site with one page linking to each of `paths` on the server.
fn site_linking(server: &TestServer, paths: &[&str], config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let links: String = paths
        .iter()
        .map(|path| format!("<a href=\"{}\">Trust document</a>\n", server.url(path)))
        .collect();
    std::fs::write(
        dir.path().join("index.html"),
        format!("<html><body>\n{links}</body></html>\n"),
    )
    .unwrap();
    // The server is on 127.0.0.1: not a staging host for these tests.
    let config = format!("{config}\n[stale-host]\nallow = [\"127.0.0.1\"]\n");
    std::fs::write(dir.path().join("tclint.toml"), config).unwrap();
    dir
}

fn run_online(dir: &Path, extra: &[&str]) -> std::process::Output {
    tclint(dir)
        .args(["check", "--online", "--format", "json"])
        .args(extra)
        .output()
        .unwrap()
}

/// Findings of an `--allow-private` online run, as (rule, message) pairs.
fn findings(dir: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["--allow-private"];
    args.extend_from_slice(extra);
    rule_messages(&run_online(dir, &args))
}

fn only(found: &[(String, String)], rule: &str, contains: &str) {
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, rule, "{found:#?}");
    assert!(
        found[0].1.contains(contains),
        "`{}` lacks `{contains}`",
        found[0].1
    );
}

#[test]
fn alive_links_give_no_findings() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/ok", "/status/200", "/status/204"], FAST);
    assert_eq!(findings(dir.path(), &[]), []);
    // HEAD answered: no GET needed.
    let mut requests = server.record.requests();
    requests.sort();
    assert_eq!(requests, ["HEAD /ok", "HEAD /status/200", "HEAD /status/204"]);
}

#[test]
fn not_found_and_gone_are_dead() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/status/404"], FAST);
    only(&findings(dir.path(), &[]), "dead-external-link", "404 Not Found");
    // HEAD's 404 is confirmed with GET before calling the link dead.
    assert_eq!(server.record.requests(), ["HEAD /status/404", "GET /status/404"]);
    let dir = site_linking(&server, &["/status/410"], FAST);
    only(&findings(dir.path(), &[]), "dead-external-link", "410 Gone");
}

#[test]
fn a_chain_of_permanent_redirects_is_a_move_to_its_end() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/redirect/301/redirect/308/ok"], FAST);
    let found = findings(dir.path(), &[]);
    only(&found, "moved-external-link", "moved permanently (301)");
    assert!(
        found[0].1.ends_with(&format!("to `{}`", server.url("/ok"))),
        "{}",
        found[0].1
    );
    assert_eq!(server.record.count("/ok"), 1);
}

#[test]
fn temporary_redirects_are_not_reported() {
    let server = TestServer::start();
    let dir = site_linking(
        &server,
        &["/redirect/302/ok", "/redirect/307/redirect/301/ok"],
        FAST,
    );
    assert_eq!(findings(dir.path(), &[]), []);
}

#[test]
fn a_redirect_loop_is_dead() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/loop/a"], FAST);
    only(
        &findings(dir.path(), &[]),
        "dead-external-link",
        "redirects in a loop",
    );
}

#[test]
fn too_many_redirects_are_dead() {
    let server = TestServer::start();
    let dir = site_linking(
        &server,
        &["/redirect/302/redirect/302/redirect/302/ok"],
        &format!("{FAST}max-redirects = 2\n"),
    );
    only(
        &findings(dir.path(), &[]),
        "dead-external-link",
        "more than 2 redirects",
    );
}

#[test]
fn a_redirect_away_from_http_is_not_followed() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/redirect-ftp"], FAST);
    only(
        &findings(dir.path(), &[]),
        "unchecked-external-link",
        "not http(s)",
    );
}

#[test]
fn head_rejected_then_get_succeeds() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/head-405"], FAST);
    assert_eq!(findings(dir.path(), &[]), []);
    assert_eq!(server.record.requests(), ["HEAD /head-405", "GET /head-405"]);
}

#[test]
fn too_many_requests_with_retry_after_is_retried_after_the_wait() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/retry-after/a"], FAST);
    let started = Instant::now();
    assert_eq!(findings(dir.path(), &[]), []);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured"
    );
    assert_eq!(
        server.record.requests(),
        ["HEAD /retry-after/a", "HEAD /retry-after/a"]
    );
}

#[test]
fn rate_limited_for_ever_is_unchecked_never_dead_nor_alive() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/always-429"], FAST);
    only(
        &findings(dir.path(), &[]),
        "unchecked-external-link",
        "rate limited: 429 Too Many Requests, after 3 retries",
    );
    // One attempt and three retries; GET would not change the answer.
    assert_eq!(server.record.count("/always-429"), 4);
}

#[test]
fn a_retry_after_longer_than_allowed_is_not_waited_for() {
    let server = TestServer::start();
    let dir = site_linking(
        &server,
        &["/retry-after/b"],
        &FAST.replace("max-retry-after = \"5s\"", "max-retry-after = \"500ms\""),
    );
    only(
        &findings(dir.path(), &[]),
        "unchecked-external-link",
        "asks to wait 1 s",
    );
    assert_eq!(server.record.count("/retry-after/b"), 1);
}

#[test]
fn service_unavailable_then_ok_is_alive() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/flaky/a"], FAST);
    assert_eq!(findings(dir.path(), &[]), []);
    assert_eq!(server.record.count("/flaky/a"), 2);
}

#[test]
fn a_response_slower_than_the_timeout_is_unchecked() {
    let server = TestServer::start();
    let config = FAST
        .replace("timeout = \"1s\"", "timeout = \"200ms\"")
        .replace("retries = 3", "retries = 1");
    let dir = site_linking(&server, &["/slow"], &config);
    let started = Instant::now();
    only(&findings(dir.path(), &[]), "unchecked-external-link", "timed out");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout was not applied"
    );
    assert_eq!(server.record.count("/slow"), 2);
}

#[test]
fn fragments_are_looked_up_in_the_page() {
    let server = TestServer::start();
    let paths = [
        "/ok#intro",
        "/ok#legacy",
        "/ok#data-retention",
        "/ok#top",
        "/pdf#page=2",
    ];
    let dir = site_linking(&server, &paths, FAST);
    assert_eq!(findings(dir.path(), &[]), []);
    // A fragment needs the body: one GET, no HEAD.
    assert_eq!(server.record.count("/ok"), 1);
    assert_eq!(
        server
            .record
            .requests()
            .iter()
            .filter(|r| r.starts_with("HEAD"))
            .count(),
        0
    );
}

#[test]
fn a_missing_fragment_is_a_broken_anchor_with_a_suggestion() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/ok#data-retentoin"], FAST);
    let found = findings(dir.path(), &[]);
    only(
        &found,
        "broken-anchor",
        &format!("`{}` has no anchor `#data-retentoin`", server.url("/ok")),
    );
    let dir = site_linking(&server, &["/ok#gone"], FAST);
    only(
        &findings(dir.path(), &[]),
        "broken-anchor",
        "has no anchor `#gone`",
    );
    let dir = site_linking(&server, &["/ok#Intro"], FAST);
    only(
        &findings(dir.path(), &[]),
        "broken-anchor",
        "fragments are case-sensitive",
    );
}

#[test]
fn a_huge_body_is_read_only_up_to_the_cap() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/huge#early", "/huge#deep"], FAST);
    let found = findings(dir.path(), &[]);
    only(&found, "unchecked-external-link", "could not check `#deep`");
    assert!(found[0].1.contains("max-body-bytes"), "{}", found[0].1);
}

#[test]
fn the_per_host_limit_is_respected() {
    let server = TestServer::start();
    let paths: Vec<String> = (0..24).map(|n| format!("/busy/{n}")).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let dir = site_linking(
        &server,
        &paths,
        &format!("{FAST}concurrency = 32\nper-host = 3\n"),
    );
    assert_eq!(findings(dir.path(), &[]), []);
    assert_eq!(
        server.record.max_in_flight.load(Ordering::SeqCst),
        3,
        "limit not reached or exceeded"
    );
}

#[test]
fn the_overall_limit_is_respected() {
    let server = TestServer::start();
    let paths: Vec<String> = (0..12).map(|n| format!("/busy/{n}")).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let dir = site_linking(&server, &paths, &format!("{FAST}concurrency = 2\nper-host = 8\n"));
    assert_eq!(findings(dir.path(), &[]), []);
    assert_eq!(server.record.max_in_flight.load(Ordering::SeqCst), 2);
}

#[test]
fn a_second_run_is_served_from_the_cache_except_failures() {
    let server = TestServer::start();
    let dir = site_linking(
        &server,
        &["/ok", "/ok#intro", "/redirect/301/ok", "/status/404"],
        FAST,
    );
    let first = findings(dir.path(), &[]);
    let after_first = server.record.requests().len();
    assert!(dir.path().join(".tclint-cache/external-links.json").is_file());
    let second = findings(dir.path(), &[]);
    assert_eq!(first, second);
    let new: Vec<String> = server.record.requests()[after_first..].to_vec();
    // Only the dead link is asked again: failures are not cached.
    assert_eq!(new, ["HEAD /status/404", "GET /status/404"]);
    // --no-cache asks everything again.
    findings(dir.path(), &["--no-cache"]);
    assert!(server.record.count("/ok") >= 2);
}

#[test]
fn the_cache_summary_and_cache_clear() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/ok"], FAST);
    findings(dir.path(), &[]);
    let output = tclint(dir.path())
        .args(["check", "--online", "--allow-private", "--color", "never"])
        .output()
        .unwrap();
    assert!(
        stdout(&output).contains("Checked 1 external URL online (1 from the cache, 0 requests)."),
        "{}",
        stdout(&output)
    );
    let output = tclint(dir.path()).args(["cache", "clear"]).output().unwrap();
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("removed "), "{}", stdout(&output));
    assert!(!dir.path().join(".tclint-cache").exists());
    let output = tclint(dir.path()).args(["cache", "clear"]).output().unwrap();
    assert!(stdout(&output).starts_with("no cache at "));
}

#[test]
fn an_old_cache_entry_is_checked_again() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/ok"], &format!("{FAST}cache-max-age = \"1s\"\n"));
    findings(dir.path(), &[]);
    std::thread::sleep(Duration::from_millis(2100));
    findings(dir.path(), &[]);
    assert_eq!(server.record.count("/ok"), 2);
}

#[test]
fn private_addresses_are_refused_without_allow_private() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/ok"], FAST);
    let output = run_online(dir.path(), &[]);
    let parsed: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(parsed.len(), 1, "{parsed:#?}");
    assert_eq!(parsed[0]["rule"], "unchecked-external-link");
    assert!(parsed[0]["message"].as_str().unwrap().contains("--allow-private"));
    assert_eq!(parsed[0]["severity"], "warning");
    // Also through a host name that resolves to loopback.
    std::fs::write(
        dir.path().join("index.html"),
        format!("<a href=\"http://localhost:{}/ok\">Privacy</a>", server.port),
    )
    .unwrap();
    let output = run_online(dir.path(), &[]);
    assert!(stdout(&output).contains("--allow-private"), "{}", stdout(&output));
    assert_eq!(server.record.requests(), Vec::<String>::new());
}

#[test]
fn offline_is_the_default_and_requests_nothing() {
    let server = TestServer::start();
    let dir = site_linking(&server, &["/status/404", "/ok#nope"], FAST);
    let output = tclint(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(stdout(&output).trim(), "[]");
    assert_eq!(server.record.requests(), Vec::<String>::new());
}

#[test]
fn every_url_is_requested_once_and_names_tclint() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    for page in ["a.html", "b.html", "c/d.html"] {
        let path = dir.path().join(page);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!(
                "<a href=\"{0}\">Privacy</a> <a href=\"{0}\">Privacy again</a>",
                server.url("/ok")
            ),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("tclint.toml"),
        format!("{FAST}\n[stale-host]\nallow = [\"127.0.0.1\"]\n"),
    )
    .unwrap();
    assert_eq!(findings(dir.path(), &[]), []);
    assert_eq!(server.record.requests(), ["HEAD /ok"]);
    let agents = server.record.user_agents.lock().unwrap().clone();
    assert!(
        agents[0].starts_with(&format!("tclint/{}", env!("CARGO_PKG_VERSION"))),
        "{agents:?}"
    );
}

#[test]
fn a_refused_connection_is_dead() {
    // Bind and drop: the port is then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        format!("<a href=\"http://127.0.0.1:{port}/x\">Privacy</a>"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tclint.toml"),
        format!("{FAST}\n[stale-host]\nallow = [\"127.0.0.1\"]\n"),
    )
    .unwrap();
    only(
        &findings(dir.path(), &[]),
        "dead-external-link",
        "connection refused",
    );
}
