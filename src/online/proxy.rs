//! The proxies of the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`, read the way reqwest and curl read them), handed to reqwest
//! explicitly: tclint then knows whether a proxy may resolve names in its
//! place, and which host names are proxies rather than link targets (see
//! `guard.rs`).

use reqwest::{ClientBuilder, NoProxy, Proxy, Url};

/// Where requests go instead of to their host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxySettings {
    /// For http URLs (`HTTP_PROXY`, or else `ALL_PROXY`).
    pub http: Option<String>,
    /// For https URLs (`HTTPS_PROXY`, or else `ALL_PROXY`).
    pub https: Option<String>,
    /// Hosts requested directly (`NO_PROXY`: host names, domains, IP
    /// addresses and networks, comma-separated).
    pub no_proxy: Option<String>,
}

/// A proxy variable whose value is not a proxy URL. The value is not
/// repeated: it may hold a password, and error output ends up in CI logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadProxy {
    /// The variables it came from (`HTTP_PROXY or ALL_PROXY`).
    pub variables: &'static str,
    pub reason: String,
}

impl std::fmt::Display for BadProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not a proxy URL ({})", self.variables, self.reason)
    }
}

impl std::error::Error for BadProxy {}

impl ProxySettings {
    /// The settings the variables give; `variable` reads one (the process
    /// environment in the binary). Upper case first, as reqwest does; empty
    /// values mean no proxy.
    pub fn from_variables(variable: impl Fn(&str) -> Option<String>) -> ProxySettings {
        // Under CGI, `HTTP_PROXY` is the request's `Proxy:` header
        // (httpoxy): reqwest then ignores the variables, and so does tclint.
        if variable("REQUEST_METHOD").is_some() {
            return ProxySettings::default();
        }
        let first = |names: [&str; 2]| {
            names
                .into_iter()
                .find_map(&variable)
                .filter(|value| !value.trim().is_empty())
        };
        let all = first(["ALL_PROXY", "all_proxy"]);
        ProxySettings {
            http: first(["HTTP_PROXY", "http_proxy"]).or_else(|| all.clone()),
            https: first(["HTTPS_PROXY", "https_proxy"]).or(all),
            no_proxy: first(["NO_PROXY", "no_proxy"]),
        }
    }

    /// Whether any request may go through a proxy.
    pub fn is_set(&self) -> bool {
        self.http.is_some() || self.https.is_some()
    }

    /// The host names of the proxies (not IP addresses: those are never
    /// resolved), lower case, without a trailing dot.
    pub fn host_names(&self) -> Vec<String> {
        let mut names: Vec<String> = [&self.http, &self.https]
            .into_iter()
            .flatten()
            .filter_map(|value| proxy_url(value).ok())
            .filter_map(|url| match url.host() {
                Some(url::Host::Domain(name)) => Some(normalized_host(name)),
                _ => None,
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// `builder` with exactly these proxies (reqwest's own reading of the
    /// environment turned off, so that the guard and reqwest agree).
    pub fn apply(&self, builder: ClientBuilder) -> Result<ClientBuilder, BadProxy> {
        let mut builder = builder.no_proxy();
        if let Some(value) = &self.http {
            let proxy = self.proxy(value, Proxy::http);
            builder = builder.proxy(proxy.map_err(|reason| BadProxy {
                variables: "HTTP_PROXY or ALL_PROXY",
                reason,
            })?);
        }
        if let Some(value) = &self.https {
            let proxy = self.proxy(value, Proxy::https);
            builder = builder.proxy(proxy.map_err(|reason| BadProxy {
                variables: "HTTPS_PROXY or ALL_PROXY",
                reason,
            })?);
        }
        Ok(builder)
    }

    /// The proxy at `value` for the URLs `for_scheme` selects, but those
    /// of the `NO_PROXY` hosts.
    fn proxy(&self, value: &str, for_scheme: fn(Url) -> reqwest::Result<Proxy>) -> Result<Proxy, String> {
        let proxy = for_scheme(proxy_url(value)?).map_err(|error| error.without_url().to_string())?;
        Ok(proxy.no_proxy(self.no_proxy.as_deref().and_then(NoProxy::from_string)))
    }
}

/// A host name as the guard compares it: `Proxy.Corp.` is `proxy.corp`.
pub fn normalized_host(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// The proxy's URL; a value without a scheme is an http proxy, as for
/// reqwest and curl (`proxy.corp:3128`).
fn proxy_url(value: &str) -> Result<Url, String> {
    let value = value.trim();
    let parsed = match Url::parse(value) {
        Ok(url) if url.has_host() => return Ok(url),
        // No scheme: `10.0.0.5:3128`, or `proxy.corp:3128` (read as the
        // scheme `proxy.corp`).
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => Url::parse(&format!("http://{value}")),
        Err(error) => Err(error),
    };
    match parsed {
        Ok(url) if url.has_host() => Ok(url),
        Ok(_) => Err("no host".to_owned()),
        Err(error) => Err(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(variables: &[(&str, &str)]) -> ProxySettings {
        ProxySettings::from_variables(|name| {
            variables
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn variables_are_read_as_reqwest_reads_them() {
        assert!(!settings(&[]).is_set());
        let all = settings(&[
            ("all_proxy", "http://proxy.corp:3128"),
            ("HTTPS_PROXY", "10.0.0.5:8080"),
        ]);
        assert_eq!(all.http.as_deref(), Some("http://proxy.corp:3128"));
        assert_eq!(all.https.as_deref(), Some("10.0.0.5:8080"));
        // Upper case first, even empty.
        let upper = settings(&[("HTTP_PROXY", ""), ("http_proxy", "http://proxy.corp")]);
        assert!(!upper.is_set());
        let cgi = settings(&[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "http://evil")]);
        assert!(!cgi.is_set());
    }

    #[test]
    fn proxy_host_names_leave_out_addresses() {
        let both = settings(&[
            ("HTTP_PROXY", "Proxy.Corp.:3128"),
            ("HTTPS_PROXY", "http://user:secret@[fd00::1]:8080"),
        ]);
        assert_eq!(both.host_names(), ["proxy.corp"]);
    }

    #[test]
    fn a_value_that_is_no_proxy_url_is_an_error() {
        let bad = settings(&[("HTTPS_PROXY", "http://user:secret@")]);
        let error = bad.apply(reqwest::Client::builder()).err().unwrap();
        assert_eq!(error.variables, "HTTPS_PROXY or ALL_PROXY");
        assert!(!error.to_string().contains("secret"), "{error}");
        assert!(
            settings(&[("HTTP_PROXY", "proxy.corp:3128")])
                .apply(reqwest::Client::builder())
                .is_ok()
        );
    }
}
