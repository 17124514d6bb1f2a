//! What tclint may request: only http and https, and never this machine's
//! own network (loopback, private, link-local addresses) unless allowed, so
//! a page cannot make a CI runner probe its network.

use std::error::Error;
use std::fmt;
use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Addresses of this machine or its local network.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                // Carrier-grade NAT, 100.64.0.0/10.
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

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
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|error| Box::new(DnsFailure(error.to_string())) as Box<dyn Error + Send + Sync>)?
                .collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|address| allow_private || !is_private(address.ip()))
                .collect();
            if allowed.is_empty() && !found.is_empty() {
                return Err(Box::new(PrivateAddress(host)) as Box<dyn Error + Send + Sync>);
            }
            if allowed.is_empty() {
                return Err(
                    Box::new(DnsFailure(format!("no address for `{host}`"))) as Box<dyn Error + Send + Sync>
                );
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_ranges() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "100.128.0.1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }
}
