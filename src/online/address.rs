//! Which addresses tclint never requests without `--allow-private`: this
//! machine, its local network, and every range that is not a public host
//! (multicast, reserved, documentation, benchmarking), also when an IPv6
//! address only wraps one of them (IPv4-mapped, NAT64, 6to4, Teredo ...):
//! the packets end up at the IPv4 address it carries.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// IPv4 networks that are not public hosts (IANA special-purpose registry).
const NOT_PUBLIC_V4: [(Ipv4Addr, u8); 14] = [
    (Ipv4Addr::new(0, 0, 0, 0), 8),       // "this network", unspecified
    (Ipv4Addr::new(10, 0, 0, 0), 8),      // private
    (Ipv4Addr::new(100, 64, 0, 0), 10),   // carrier-grade NAT
    (Ipv4Addr::new(127, 0, 0, 0), 8),     // loopback
    (Ipv4Addr::new(169, 254, 0, 0), 16),  // link-local (cloud metadata)
    (Ipv4Addr::new(172, 16, 0, 0), 12),   // private
    (Ipv4Addr::new(192, 0, 0, 0), 24),    // IETF protocol assignments
    (Ipv4Addr::new(192, 0, 2, 0), 24),    // documentation (TEST-NET-1)
    (Ipv4Addr::new(192, 168, 0, 0), 16),  // private
    (Ipv4Addr::new(198, 18, 0, 0), 15),   // benchmarking
    (Ipv4Addr::new(198, 51, 100, 0), 24), // documentation (TEST-NET-2)
    (Ipv4Addr::new(203, 0, 113, 0), 24),  // documentation (TEST-NET-3)
    (Ipv4Addr::new(224, 0, 0, 0), 4),     // multicast
    (Ipv4Addr::new(240, 0, 0, 0), 4),     // reserved, and broadcast
];

/// IPv6 networks that are not public hosts. The transition prefixes that
/// carry an IPv4 address are judged by that address instead
/// ([`embedded_ipv4`]).
const NOT_PUBLIC_V6: [(Ipv6Addr, u8); 8] = [
    (Ipv6Addr::UNSPECIFIED, 128),
    (Ipv6Addr::LOCALHOST, 128),
    // Local-use NAT64: translates to whatever the local network chose.
    (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48),
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32), // documentation
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),      // unique local
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10),     // link-local
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10),     // site-local
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),      // multicast
];

/// Addresses of this machine, its local network, or no public host.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_private_v4(v4),
        IpAddr::V6(v6) => is_private_v6(v6),
    }
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let bits = ip.to_bits();
    NOT_PUBLIC_V4.iter().any(|&(network, prefix)| {
        let mask = u32::MAX << (32 - u32::from(prefix));
        bits & mask == network.to_bits()
    })
}

fn is_private_v6(ip: Ipv6Addr) -> bool {
    let bits = ip.to_bits();
    let listed = NOT_PUBLIC_V6.iter().any(|&(network, prefix)| {
        let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
        bits & mask == network.to_bits()
    });
    listed || embedded_ipv4(ip).into_iter().flatten().any(is_private_v4)
}

/// The IPv4 addresses an IPv6 address stands for, by the transition
/// mechanism its prefix names (a request to it reaches them).
fn embedded_ipv4(ip: Ipv6Addr) -> [Option<Ipv4Addr>; 2] {
    // Truncation wanted: the low 32 bits.
    let last_32 = Ipv4Addr::from_bits(ip.to_bits() as u32);
    let from_segments = |high: u16, low: u16| Ipv4Addr::from_bits(u32::from(high) << 16 | u32::from(low));
    match ip.segments() {
        // IPv4-compatible `::a.b.c.d` (deprecated, still routed by some
        // stacks) and IPv4-mapped `::ffff:a.b.c.d`.
        [0, 0, 0, 0, 0, 0 | 0xffff, _, _]
        // IPv4-translated `::ffff:0:a.b.c.d` (SIIT).
        | [0, 0, 0, 0, 0xffff, 0, _, _]
        // NAT64, well-known prefix `64:ff9b::/96`.
        | [0x64, 0xff9b, 0, 0, 0, 0, _, _] => [Some(last_32), None],
        // 6to4 `2002:AABB:CCDD::/48`: the next 32 bits.
        [0x2002, high, low, ..] => [Some(from_segments(high, low)), None],
        // Teredo `2001:0::/32`: the server in bits 32-63, the client in the
        // last 32 bits, inverted.
        [0x2001, 0, high, low, ..] => [
            Some(from_segments(high, low)),
            Some(Ipv4Addr::from_bits(!last_32.to_bits())),
        ],
        _ => [None, None],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each form once, private or public, and why.
    const TABLE: &[(&str, bool, &str)] = &[
        ("127.0.0.1", true, "loopback"),
        ("10.1.2.3", true, "private 10/8"),
        ("172.16.0.1", true, "private 172.16/12"),
        ("172.31.255.255", true, "private 172.16/12, upper end"),
        ("192.168.1.1", true, "private 192.168/16"),
        ("169.254.169.254", true, "link-local (cloud metadata)"),
        ("100.64.0.1", true, "carrier-grade NAT"),
        ("0.0.0.0", true, "unspecified"),
        ("0.1.2.3", true, "\"this network\" 0.0.0.0/8"),
        ("224.0.0.1", true, "multicast 224.0.0.0/4"),
        ("239.255.255.250", true, "multicast (SSDP)"),
        ("240.0.0.1", true, "reserved 240.0.0.0/4"),
        ("255.255.255.255", true, "broadcast"),
        ("192.0.0.8", true, "IETF protocol assignments 192.0.0.0/24"),
        ("198.18.0.1", true, "benchmarking 198.18.0.0/15"),
        ("198.19.255.254", true, "benchmarking, upper half"),
        ("192.0.2.1", true, "documentation TEST-NET-1"),
        ("198.51.100.1", true, "documentation TEST-NET-2"),
        ("203.0.113.1", true, "documentation TEST-NET-3"),
        ("8.8.8.8", false, "public"),
        ("1.1.1.1", false, "public"),
        ("100.128.0.1", false, "just past carrier-grade NAT"),
        ("172.32.0.1", false, "just past 172.16/12"),
        ("198.20.0.1", false, "just past benchmarking"),
        ("223.255.255.255", false, "just below multicast"),
        ("::1", true, "IPv6 loopback"),
        ("::", true, "IPv6 unspecified"),
        ("fe80::1", true, "link-local fe80::/10"),
        ("fd00::1", true, "unique local fc00::/7"),
        ("fec0::1", true, "site-local fec0::/10"),
        ("ff02::1", true, "multicast ff00::/8"),
        ("2001:db8::1", true, "documentation 2001:db8::/32"),
        ("::ffff:127.0.0.1", true, "IPv4-mapped loopback"),
        ("::ffff:10.0.0.1", true, "IPv4-mapped private"),
        ("::ffff:8.8.8.8", false, "IPv4-mapped public"),
        ("::127.0.0.1", true, "IPv4-compatible loopback"),
        ("::192.168.0.1", true, "IPv4-compatible private"),
        ("::8.8.8.8", false, "IPv4-compatible public"),
        ("::ffff:0:127.0.0.1", true, "IPv4-translated loopback"),
        ("::ffff:0:8.8.8.8", false, "IPv4-translated public"),
        ("64:ff9b::7f00:1", true, "NAT64 of 127.0.0.1"),
        ("64:ff9b::a9fe:a9fe", true, "NAT64 of 169.254.169.254"),
        ("64:ff9b::808:808", false, "NAT64 of 8.8.8.8"),
        ("64:ff9b:1::808:808", true, "local-use NAT64 64:ff9b:1::/48"),
        ("64:ff9b:1:ffff::1", true, "local-use NAT64, anywhere in the /48"),
        ("2002:7f00:1::", true, "6to4 of 127.0.0.1"),
        ("2002:c0a8:101::1", true, "6to4 of 192.168.1.1"),
        ("2002:808:808::1", false, "6to4 of 8.8.8.8"),
        ("2001:0:808:808::80ff:fffe", true, "Teredo, client 127.0.0.1"),
        ("2001:0:7f00:1::f7f7:f7f7", true, "Teredo, server 127.0.0.1"),
        (
            "2001:0:808:808::f7f7:f7f7",
            false,
            "Teredo, public server and client",
        ),
        ("2606:4700::1111", false, "global unicast"),
    ];

    #[test]
    fn every_form_is_judged_by_where_it_leads() {
        for &(ip, private, why) in TABLE {
            assert_eq!(is_private(ip.parse().unwrap()), private, "{ip}: {why}");
        }
    }
}
