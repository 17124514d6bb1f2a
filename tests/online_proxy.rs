//! `tclint check --online` through a proxy (`HTTP_PROXY`, `ALL_PROXY`): the
//! proxy resolves and connects in tclint's place, so the private-address
//! guard must check each target, every redirect included, before handing it
//! over, while the proxy itself may be on a private address. The proxy is a
//! recording test proxy on 127.0.0.1; `public.test` (a reserved name that
//! resolves nowhere) stands for a host only the proxy can reach.

mod common;

use std::path::Path;

use common::proxy::TestProxy;
use common::server::TestServer;
use common::{rule_messages, stderr, stdout, tclint};

const CONFIG: &str = r#"
[online]
timeout = "2s"
retries = 0

[stale-host]
allow = ["127.0.0.1", "localhost"]
"#;

/// A site with one page linking to each of `urls`.
fn site_linking(urls: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let links: String = urls
        .iter()
        .map(|url| format!("<a href=\"{url}\">Trust document</a>\n"))
        .collect();
    std::fs::write(
        dir.path().join("index.html"),
        format!("<html><body>\n{links}</body></html>\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("tclint.toml"), CONFIG).unwrap();
    dir
}

/// The online findings, as (rule, message), of a run whose only proxy
/// setting is `variable=value` (`tclint()` clears the others, `NO_PROXY`
/// included, unless `extra_variables` sets them).
fn findings_through(
    dir: &Path,
    proxy: (&str, &str),
    extra_variables: &[(&str, &str)],
    args: &[&str],
) -> Vec<(String, String)> {
    let output = tclint(dir)
        .args(["check", "--online", "--no-cache", "--format", "json"])
        .args(args)
        .env(proxy.0, proxy.1)
        .envs(extra_variables.iter().copied())
        .output()
        .unwrap();
    rule_messages(&output)
        .into_iter()
        .filter(|(rule, _)| rule.ends_with("-external-link") || rule == "broken-anchor")
        .collect()
}

fn assert_all_refused_as_private(found: &[(String, String)], count: usize) {
    assert_eq!(found.len(), count, "{found:#?}");
    for (rule, message) in found {
        assert_eq!(rule, "unchecked-external-link", "{message}");
        assert!(
            message.contains("is a loopback, private, link-local or reserved address")
                && message.contains("--allow-private"),
            "{message}"
        );
    }
}

fn localhost_urls(port: u16) -> Vec<String> {
    ["localhost", "localhost.", "api.localhost", "LOCALHOST"]
        .iter()
        .map(|host| format!("http://{host}:{port}/ok"))
        .collect()
}

#[test]
fn localhost_is_refused_before_any_proxy() {
    for variable in ["HTTP_PROXY", "ALL_PROXY", "http_proxy"] {
        let server = TestServer::start();
        let proxy = TestProxy::start(&[]);
        let dir = site_linking(&localhost_urls(server.port));
        let found = findings_through(dir.path(), (variable, &proxy.url()), &[], &[]);
        assert_all_refused_as_private(&found, 4);
        assert_eq!(proxy.received(), Vec::<String>::new(), "{variable}");
        assert_eq!(server.record.requests(), Vec::<String>::new(), "{variable}");
    }
}

#[test]
fn allow_private_lets_localhost_through_the_proxy() {
    let server = TestServer::start();
    let proxy = TestProxy::start(&[]);
    let dir = site_linking(&localhost_urls(server.port));
    let found = findings_through(
        dir.path(),
        ("HTTP_PROXY", &proxy.url()),
        &[],
        &["--allow-private"],
    );
    assert_eq!(found, []);
    let mut received = proxy.received();
    received.sort();
    let port = server.port;
    assert_eq!(
        received,
        [
            format!("HEAD http://api.localhost:{port}/ok"),
            format!("HEAD http://localhost.:{port}/ok"),
            format!("HEAD http://localhost:{port}/ok"),
        ],
        "`LOCALHOST` is `localhost`: one request"
    );
}

#[test]
fn a_name_only_the_proxy_resolves_reaches_it() {
    let proxy = TestProxy::start(&[]);
    let dir = site_linking(&["http://public.test/page".to_owned()]);
    let found = findings_through(dir.path(), ("HTTP_PROXY", &proxy.url()), &[], &[]);
    assert_eq!(found, []);
    assert_eq!(proxy.received(), ["HEAD http://public.test/page"]);
}

/// `public.test/NAME` redirects to a private address written each way.
fn private_redirects(port: u16) -> Vec<(&'static str, String)> {
    vec![
        (
            "http://public.test/to-localhost",
            format!("http://localhost:{port}/x"),
        ),
        (
            "http://public.test/to-mapped",
            format!("http://[::ffff:127.0.0.1]:{port}/"),
        ),
        (
            "http://public.test/to-compatible",
            format!("http://[::127.0.0.1]:{port}/"),
        ),
        (
            "http://public.test/to-nat64",
            format!("http://[64:ff9b::7f00:1]:{port}/"),
        ),
    ]
}

#[test]
fn a_redirect_to_a_private_address_is_refused_before_the_proxy() {
    let server = TestServer::start();
    let redirects = private_redirects(server.port);
    let proxy = TestProxy::start(&redirects);
    let starts: Vec<String> = redirects.iter().map(|(from, _)| (*from).to_owned()).collect();
    let dir = site_linking(&starts);
    let found = findings_through(dir.path(), ("HTTP_PROXY", &proxy.url()), &[], &[]);
    assert_all_refused_as_private(&found, redirects.len());
    let received = proxy.received();
    assert!(
        received.iter().all(|request| request
            .split_once(' ')
            .unwrap()
            .1
            .starts_with("http://public.test/")),
        "a private hop reached the proxy: {received:#?}"
    );
    assert_eq!(server.record.requests(), Vec::<String>::new());
}

#[test]
fn allow_private_follows_private_redirects_through_the_proxy() {
    let server = TestServer::start();
    let redirects = private_redirects(server.port);
    let proxy = TestProxy::start(&redirects);
    let starts: Vec<String> = redirects.iter().map(|(from, _)| (*from).to_owned()).collect();
    let dir = site_linking(&starts);
    let found = findings_through(
        dir.path(),
        ("HTTP_PROXY", &proxy.url()),
        &[],
        &["--allow-private"],
    );
    assert_eq!(found, []);
    let received = proxy.received();
    for (_, location) in &redirects {
        // As requested: the URL parser writes IPv6 addresses in hex.
        let hop = format!("HEAD {}", url::Url::parse(location).unwrap());
        assert!(received.contains(&hop), "`{hop}` not in {received:#?}");
    }
}

#[test]
fn a_proxy_on_a_private_address_is_used() {
    // The user's own proxy, named `localhost`: not a link target, not refused.
    let proxy = TestProxy::start(&[]);
    let dir = site_linking(&["http://public.test/page".to_owned()]);
    let by_name = format!("http://localhost:{}", proxy.port);
    let found = findings_through(dir.path(), ("HTTP_PROXY", &by_name), &[], &[]);
    assert_eq!(found, []);
    assert_eq!(proxy.received(), ["HEAD http://public.test/page"]);
}

#[test]
fn no_proxy_hosts_are_requested_directly() {
    let server = TestServer::start();
    let proxy = TestProxy::start(&[]);
    let dir = site_linking(&[server.url("/ok")]);
    let found = findings_through(
        dir.path(),
        ("HTTP_PROXY", &proxy.url()),
        &[("NO_PROXY", "127.0.0.1")],
        &["--allow-private"],
    );
    assert_eq!(found, []);
    assert_eq!(server.record.requests(), ["HEAD /ok"]);
    assert_eq!(proxy.received(), Vec::<String>::new());
}

#[test]
fn a_proxy_variable_that_is_no_url_stops_the_run() {
    let dir = site_linking(&["http://public.test/page".to_owned()]);
    let output = tclint(dir.path())
        .args(["check", "--online", "--no-cache"])
        .env("HTTP_PROXY", "http://user:secret@")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(
        message.contains("cannot use the proxy: HTTP_PROXY or ALL_PROXY is not a proxy URL"),
        "{message}"
    );
    assert!(!message.contains("secret"), "the password is shown: {message}");
}
