//! What tclint may request: only http and https, and never this machine's
//! own network (loopback, private, link-local and other addresses that are
//! no public host, see `address.rs`) unless allowed, so a page cannot make a
//! CI runner probe its network.
//!
//! Two gates, one lookup per host: [`GuardedResolver::screen`] judges every
//! request's host (redirects included) before reqwest gets it, and the
//! resolver reqwest asks for the addresses to connect to drops private ones.
//! The screen is needed because a proxy resolves names in tclint's place:
//! the resolver then only ever sees the proxy's host.

use std::collections::HashMap;
use std::error::Error;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use tokio::sync::OnceCell;

pub use super::address::is_private;
use super::proxy::{ProxySettings, normalized_host};

/// A request refused because the host is on a private network.
#[derive(Debug)]
pub struct PrivateAddress(pub String);

impl fmt::Display for PrivateAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is on a private network", self.0)
    }
}

impl Error for PrivateAddress {}

/// A host name that does not resolve.
#[derive(Debug)]
pub struct DnsFailure(pub String);

impl DnsFailure {
    /// The resolver could not answer (no network, a timeout), as opposed to
    /// answering that the name does not exist.
    pub fn is_temporary(&self) -> bool {
        let message = self.0.to_ascii_lowercase();
        ["temporary failure", "try again", "timed out"]
            .iter()
            .any(|sign| message.contains(sign))
    }
}

impl fmt::Display for DnsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DNS lookup failed: {}", self.0)
    }
}

impl Error for DnsFailure {}

/// The names of this machine (RFC 6761: `localhost` and every name under
/// it, with or without the final dot): refused without a lookup, whoever
/// would resolve them.
pub fn is_local_name(host: &str) -> bool {
    let name = normalized_host(host);
    name == "localhost" || name.ends_with(".localhost")
}

/// Resolves with the system resolver, dropping private addresses unless
/// allowed, and screens request hosts (see the module documentation).
///
/// Each host is looked up once per run, however many URLs, connections and
/// screenings it has: a resolver that takes seconds to say "no such host"
/// must not take those seconds for every link to that host. Temporary
/// failures are not remembered, so retries ask again.
pub struct GuardedResolver {
    allow_private: bool,
    /// Requests may go through a proxy, which resolves names itself.
    proxied: bool,
    /// The proxies' host names (normalized): the user's configuration, not
    /// link targets, and on a private network as often as not
    /// (`proxy.corp`), so their addresses are never refused.
    proxy_hosts: Vec<String>,
    lookups: Mutex<HashMap<String, Arc<OnceCell<Lookup>>>>,
}

/// What looking a host up found, final for the run: every address, judged
/// when used (a proxy's host may be private, a link target may not).
#[derive(Clone)]
enum Lookup {
    Found(Vec<SocketAddr>),
    Missing(String),
}

type BoxError = Box<dyn Error + Send + Sync>;

impl GuardedResolver {
    pub fn new(allow_private: bool, proxies: &ProxySettings) -> GuardedResolver {
        GuardedResolver {
            allow_private,
            proxied: proxies.is_set(),
            proxy_hosts: proxies.host_names(),
            lookups: Mutex::new(HashMap::new()),
        }
    }

    /// Refuses `url` when its host is private: an address by its value, the
    /// names of this machine by name, and, when a proxy may resolve the
    /// name in tclint's place, other names by the addresses the shared
    /// lookup finds. Without a proxy, names are left to the resolver, so
    /// that nothing is looked up twice.
    pub async fn screen(&self, url: &Url) -> Result<(), PrivateAddress> {
        if self.allow_private {
            return Ok(());
        }
        let name = match url.host() {
            Some(url::Host::Ipv4(ip)) => return refuse_private_ip(ip.into()),
            Some(url::Host::Ipv6(ip)) => return refuse_private_ip(ip.into()),
            Some(url::Host::Domain(name)) => name,
            None => return Ok(()),
        };
        if is_local_name(name) {
            return Err(PrivateAddress(name.to_owned()));
        }
        if !self.proxied {
            return Ok(());
        }
        let cell = self.cell(name);
        // A failed lookup is no verdict: on a network where only the proxy
        // resolves names (no DNS of tclint's own), the request goes to the
        // proxy, which may reach a host tclint could not judge. A host
        // requested directly (`NO_PROXY`) meets the resolver next, which
        // fails the same way (a temporary failure is asked again there).
        match lookup_once(&cell, name).await {
            Ok(Lookup::Found(addresses)) if self.refuses(name, addresses) => {
                Err(PrivateAddress(name.to_owned()))
            }
            _ => Ok(()),
        }
    }

    /// A proxy decides itself which address of a host to connect to, so a
    /// host is refused only when all its addresses are private. A proxy's
    /// own host requested directly (`NO_PROXY`) would get all its addresses
    /// from the resolver: refused when any is private.
    fn refuses(&self, name: &str, addresses: &[SocketAddr]) -> bool {
        let mut private = addresses.iter().map(|address| is_private(address.ip()));
        if self.is_proxy_host(name) {
            private.any(|is| is)
        } else {
            private.all(|is| is)
        }
    }

    fn is_proxy_host(&self, name: &str) -> bool {
        let name = normalized_host(name);
        self.proxy_hosts.contains(&name)
    }

    fn cell(&self, host: &str) -> Arc<OnceCell<Lookup>> {
        let mut lookups = self
            .lookups
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(lookups.entry(host.to_owned()).or_default())
    }
}

fn refuse_private_ip(ip: IpAddr) -> Result<(), PrivateAddress> {
    if is_private(ip) {
        return Err(PrivateAddress(ip.to_string()));
    }
    Ok(())
}

/// The run's lookup of `host`, made by the first to ask.
async fn lookup_once<'a>(cell: &'a OnceCell<Lookup>, host: &str) -> Result<&'a Lookup, DnsFailure> {
    cell.get_or_try_init(|| look_up(host)).await
}

async fn look_up(host: &str) -> Result<Lookup, DnsFailure> {
    match tokio::net::lookup_host((host, 0)).await {
        Ok(found) => {
            let addresses: Vec<SocketAddr> = found.collect();
            Ok(if addresses.is_empty() {
                Lookup::Missing(format!("no address for `{host}`"))
            } else {
                Lookup::Found(addresses)
            })
        }
        Err(error) => {
            let failure = DnsFailure(error.to_string());
            if failure.is_temporary() {
                Err(failure)
            } else {
                Ok(Lookup::Missing(failure.0))
            }
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allow_private = self.allow_private || self.is_proxy_host(&host);
        if !allow_private && is_local_name(&host) {
            return Box::pin(std::future::ready(
                Err(Box::new(PrivateAddress(host)) as BoxError),
            ));
        }
        let cell = self.cell(&host);
        Box::pin(async move {
            let lookup = lookup_once(&cell, &host).await.map_err(Box::new)?;
            let addresses = match lookup {
                Lookup::Found(addresses) => addresses,
                Lookup::Missing(message) => return Err(Box::new(DnsFailure(message.clone())) as BoxError),
            };
            let allowed: Vec<SocketAddr> = addresses
                .iter()
                .copied()
                .filter(|address| allow_private || !is_private(address.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(PrivateAddress(host)) as BoxError);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
#[path = "guard_tests.rs"]
mod tests;
