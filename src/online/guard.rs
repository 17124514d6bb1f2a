//! What tclint may request: only http and https, and never this machine's
//! own network (loopback, private, link-local and other addresses that are
//! no public host, see `address.rs`) unless allowed, so a page cannot make a
//! CI runner probe its network.

use std::collections::HashMap;
use std::error::Error;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

pub use super::address::is_private;

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

/// Resolves with the system resolver, dropping private addresses unless
/// allowed. Redirects go through it too, so they cannot reach them either.
///
/// Each host is looked up once per run, however many URLs and connections
/// it has: a resolver that takes seconds to say "no such host" must not
/// take those seconds for every link to that host. Temporary failures are
/// not remembered, so retries ask again.
pub struct GuardedResolver {
    allow_private: bool,
    lookups: Mutex<HashMap<String, Arc<OnceCell<Lookup>>>>,
}

/// What looking a host up found, final for the run.
#[derive(Clone)]
enum Lookup {
    Found(Vec<SocketAddr>),
    Private(String),
    Missing(String),
}

impl GuardedResolver {
    pub fn new(allow_private: bool) -> GuardedResolver {
        GuardedResolver {
            allow_private,
            lookups: Mutex::new(HashMap::new()),
        }
    }

    fn cell(&self, host: &str) -> Arc<OnceCell<Lookup>> {
        let mut lookups = self
            .lookups
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(lookups.entry(host.to_owned()).or_default())
    }
}

type BoxError = Box<dyn Error + Send + Sync>;

async fn look_up(host: &str, allow_private: bool) -> Result<Lookup, DnsFailure> {
    let found: Vec<SocketAddr> = match tokio::net::lookup_host((host, 0)).await {
        Ok(found) => found.collect(),
        Err(error) => {
            let failure = DnsFailure(error.to_string());
            return if failure.is_temporary() {
                Err(failure)
            } else {
                Ok(Lookup::Missing(failure.0))
            };
        }
    };
    let allowed: Vec<SocketAddr> = found
        .iter()
        .copied()
        .filter(|address| allow_private || !is_private(address.ip()))
        .collect();
    Ok(match (allowed.is_empty(), found.is_empty()) {
        (false, _) => Lookup::Found(allowed),
        (true, false) => Lookup::Private(host.to_owned()),
        (true, true) => Lookup::Missing(format!("no address for `{host}`")),
    })
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        let cell = self.cell(&host);
        Box::pin(async move {
            let lookup = cell.get_or_try_init(|| look_up(&host, allow_private)).await;
            match lookup.map_err(|failure| Box::new(failure) as BoxError)? {
                Lookup::Found(addresses) => Ok(Box::new(addresses.clone().into_iter()) as Addrs),
                Lookup::Private(host) => Err(Box::new(PrivateAddress(host.clone())) as BoxError),
                Lookup::Missing(message) => Err(Box::new(DnsFailure(message.clone())) as BoxError),
            }
        })
    }
}
