//! [`NetworkPolicy`]: which addresses a guest may bind, connect to and send to through
//! WasmEdge's socket extension (`sock_open`, `sock_bind`, ...). Empty by default: a guest opens
//! no socket of its own unless the embedder allows address ranges (`kestrel wasm --allow-net`;
//! everything in an OCI container, whose network namespace is the boundary).

use std::net::IpAddr;

/// An address range in CIDR form (`127.0.0.0/8`, `::1/128`, `0.0.0.0/0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    addr: IpAddr,
    prefix: u8,
}

/// A malformed range for [`IpRange::parse`].
#[derive(Debug, thiserror::Error)]
#[error("invalid address range {0:?}: expected ADDRESS/PREFIX such as 127.0.0.0/8 or ::1/128")]
pub struct RangeError(String);

impl IpRange {
    /// Parses `ADDRESS/PREFIX`; an address alone is the single address (`/32` or `/128`).
    pub fn parse(text: &str) -> Result<Self, RangeError> {
        let bad = || RangeError(text.to_owned());
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Self { addr, prefix })
    }

    /// Every address of both families (`0.0.0.0/0` and `::/0`).
    pub fn everything() -> [Self; 2] {
        [
            Self {
                addr: IpAddr::from([0u8; 4]),
                prefix: 0,
            },
            Self {
                addr: IpAddr::from([0u8; 16]),
                prefix: 0,
            },
        ]
    }

    /// Whether `ip` is in the range (an IPv4-mapped IPv6 address counts as its IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let (net, ip, bits) = match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => (u32::from(n).into(), u32::from(i).into(), 32),
            (IpAddr::V6(n), IpAddr::V6(i)) => (u128::from(n), u128::from(i), 128),
            _ => return false,
        };
        let shift = bits - u32::from(self.prefix);
        shift >= bits || (net >> shift) == (ip >> shift)
    }

    /// Whether the range is the whole of `ip`'s family.
    fn is_whole_family_of(&self, ip: IpAddr) -> bool {
        self.prefix == 0 && self.addr.is_ipv4() == ip.is_ipv4()
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The address ranges a guest may use; see the module doc.
#[derive(Debug, Clone, Default)]
pub struct NetworkPolicy {
    ranges: Vec<IpRange>,
}

impl NetworkPolicy {
    /// Allows `range` too.
    pub fn allow(&mut self, range: IpRange) {
        self.ranges.push(range);
    }

    /// Whether the guest may open sockets at all (some range is allowed).
    pub fn enabled(&self) -> bool {
        !self.ranges.is_empty()
    }

    /// Whether the guest may bind `ip`, connect to it or send to it. The unspecified address
    /// (`0.0.0.0`, `::`: every interface) needs its whole family allowed, so that a guest
    /// allowed loopback cannot listen on the host's other interfaces.
    pub fn allows(&self, ip: IpAddr) -> bool {
        if ip.is_unspecified() {
            return self.ranges.iter().any(|r| r.is_whole_family_of(ip));
        }
        self.ranges.iter().any(|r| r.contains(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_contain_their_addresses_only() {
        let lo = IpRange::parse("127.0.0.0/8").unwrap();
        assert!(lo.contains(ip("127.1.2.3")));
        assert!(!lo.contains(ip("128.0.0.1")));
        assert!(
            lo.contains(ip("::ffff:127.0.0.1")),
            "v4-mapped counts as v4"
        );
        assert!(!lo.contains(ip("::1")));
        let one = IpRange::parse("::1").unwrap();
        assert!(one.contains(ip("::1")) && !one.contains(ip("::2")));
        let v6 = IpRange::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let all = IpRange::parse("0.0.0.0/0").unwrap();
        assert!(all.contains(ip("8.8.8.8")) && !all.contains(ip("::1")));
        for bad in [
            "",
            "127.0.0.1/33",
            "::/129",
            "host/8",
            "1.2.3.4/x",
            "1.2.3/8",
        ] {
            assert!(IpRange::parse(bad).is_err(), "{bad:?} parses");
        }
    }

    #[test]
    fn policy_is_closed_by_default_and_guards_the_wildcard() {
        let mut p = NetworkPolicy::default();
        assert!(!p.enabled() && !p.allows(ip("127.0.0.1")));
        p.allow(IpRange::parse("127.0.0.1/32").unwrap());
        assert!(p.enabled() && p.allows(ip("127.0.0.1")));
        assert!(
            !p.allows(ip("0.0.0.0")),
            "loopback does not grant every interface"
        );
        for r in IpRange::everything() {
            p.allow(r);
        }
        assert!(p.allows(ip("0.0.0.0")) && p.allows(ip("::")) && p.allows(ip("2001:db8::1")));
    }
}
