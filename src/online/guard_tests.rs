use std::str::FromStr;

use super::*;

fn proxied_by(proxy: &str) -> ProxySettings {
    ProxySettings {
        http: Some(proxy.to_owned()),
        ..ProxySettings::default()
    }
}

/// Answers for `host` as if the system resolver had found `addresses`.
fn remember(resolver: &GuardedResolver, host: &str, addresses: &[&str]) {
    let found = addresses
        .iter()
        .map(|ip| SocketAddr::new(ip.parse().unwrap(), 0))
        .collect();
    resolver.cell(host).set(Lookup::Found(found)).ok().unwrap();
}

fn lookups_made(resolver: &GuardedResolver) -> usize {
    resolver.lookups.lock().unwrap().len()
}

async fn screen(resolver: &GuardedResolver, url: &str) -> Result<(), String> {
    let url = Url::parse(url).unwrap();
    resolver.screen(&url).await.map_err(|refused| refused.0)
}

async fn resolve(resolver: &GuardedResolver, host: &str) -> Result<Vec<String>, String> {
    let name = Name::from_str(host).unwrap();
    match resolver.resolve(name).await {
        Ok(addresses) => Ok(addresses.map(|address| address.ip().to_string()).collect()),
        Err(error) => Err(error.to_string()),
    }
}

#[test]
fn the_names_of_this_machine() {
    for name in [
        "localhost",
        "localhost.",
        "LocalHost",
        "api.localhost",
        "a.b.localhost.",
    ] {
        assert!(is_local_name(name), "{name}");
    }
    for name in [
        "localhost.example.com",
        "notlocalhost",
        "localhostx",
        "localhost..",
        "",
    ] {
        assert!(!is_local_name(name), "{name}");
    }
}

#[tokio::test]
async fn local_names_are_refused_without_a_lookup_with_or_without_a_proxy() {
    for proxies in [ProxySettings::default(), proxied_by("http://10.0.0.5:3128")] {
        let resolver = GuardedResolver::new(false, &proxies);
        for url in [
            "http://localhost:8080/",
            "http://localhost./",
            "https://api.localhost/x",
        ] {
            assert!(screen(&resolver, url).await.is_err(), "{url}");
        }
        assert!(resolve(&resolver, "localhost").await.is_err());
        assert_eq!(lookups_made(&resolver), 0);
    }
}

#[tokio::test]
async fn addresses_are_judged_by_their_value() {
    let resolver = GuardedResolver::new(false, &proxied_by("http://10.0.0.5:3128"));
    for url in [
        "http://[::127.0.0.1]/",
        "http://0x7f.1/",
        "http://[64:ff9b::a00:1]/",
    ] {
        assert!(screen(&resolver, url).await.is_err(), "{url}");
    }
    assert_eq!(screen(&resolver, "http://8.8.8.8/").await, Ok(()));
    assert_eq!(lookups_made(&resolver), 0);
}

#[tokio::test]
async fn without_a_proxy_names_are_left_to_the_resolver() {
    let resolver = GuardedResolver::new(false, &ProxySettings::default());
    assert_eq!(screen(&resolver, "http://intranet.example/").await, Ok(()));
    assert_eq!(lookups_made(&resolver), 0, "screened names are looked up twice");
    remember(&resolver, "intranet.example", &["10.0.0.1"]);
    remember(&resolver, "mixed.example", &["10.0.0.1", "8.8.8.8"]);
    assert!(resolve(&resolver, "intranet.example").await.is_err());
    assert_eq!(
        resolve(&resolver, "mixed.example").await,
        Ok(vec!["8.8.8.8".to_owned()])
    );
}

#[tokio::test]
async fn with_a_proxy_names_are_judged_by_the_shared_lookup() {
    let resolver = GuardedResolver::new(false, &proxied_by("http://10.0.0.5:3128"));
    remember(&resolver, "intranet.example", &["10.0.0.1", "fd00::1"]);
    remember(&resolver, "mixed.example", &["10.0.0.1", "8.8.8.8"]);
    resolver
        .cell("nowhere.example")
        .set(Lookup::Missing("no such host".to_owned()))
        .ok()
        .unwrap();
    assert_eq!(
        screen(&resolver, "http://intranet.example/").await,
        Err("intranet.example".to_owned())
    );
    // The proxy picks the address: some public one is enough.
    assert_eq!(screen(&resolver, "http://mixed.example/").await, Ok(()));
    // Perhaps only the proxy can resolve it: its call.
    assert_eq!(screen(&resolver, "http://nowhere.example/").await, Ok(()));
}

#[tokio::test]
async fn the_proxy_host_may_be_private_but_is_no_link_target() {
    let resolver = GuardedResolver::new(false, &proxied_by("Proxy.Corp.:3128"));
    remember(&resolver, "proxy.corp", &["10.0.0.5", "8.8.8.8"]);
    remember(&resolver, "other.corp", &["10.0.0.6"]);
    assert_eq!(
        resolve(&resolver, "proxy.corp").await,
        Ok(vec!["10.0.0.5".to_owned(), "8.8.8.8".to_owned()])
    );
    assert!(resolve(&resolver, "other.corp").await.is_err());
    assert!(screen(&resolver, "http://proxy.corp/admin").await.is_err());
}

#[tokio::test]
async fn a_proxy_named_localhost_is_resolved() {
    let resolver = GuardedResolver::new(false, &proxied_by("http://localhost:3128"));
    remember(&resolver, "localhost", &["127.0.0.1"]);
    assert_eq!(
        resolve(&resolver, "localhost").await,
        Ok(vec!["127.0.0.1".to_owned()])
    );
    assert!(screen(&resolver, "http://localhost:3128/").await.is_err());
}

#[tokio::test]
async fn allow_private_refuses_nothing() {
    let resolver = GuardedResolver::new(true, &proxied_by("http://10.0.0.5:3128"));
    for url in ["http://localhost/", "http://[::1]/", "http://10.0.0.1/"] {
        assert_eq!(screen(&resolver, url).await, Ok(()), "{url}");
    }
    remember(&resolver, "intranet.example", &["10.0.0.1"]);
    assert_eq!(
        resolve(&resolver, "intranet.example").await,
        Ok(vec!["10.0.0.1".to_owned()])
    );
}
