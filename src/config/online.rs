//! `[online]`: how `tclint check --online` requests external links.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::InvalidConfig;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OnlineConfig {
    /// Requests in flight at once, all hosts together.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    #[serde(default = "default_per_host")]
    pub per_host: usize,
    /// Time allowed for one request, body included.
    #[serde(default = "default_timeout")]
    pub timeout: HumanDuration,
    /// Redirects followed before giving up.
    #[serde(default = "default_max_redirects")]
    pub max_redirects: usize,
    /// Further attempts after a timeout, a reset connection, 429, 502, 503 or 504.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    #[serde(default = "default_retry_backoff")]
    pub retry_backoff: HumanDuration,
    /// The longest `Retry-After` honoured; a server asking for more is
    /// reported as rate limiting.
    #[serde(default = "default_max_retry_after")]
    pub max_retry_after: HumanDuration,
    /// Bytes of a page read to look for a fragment's anchor.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: u64,
    /// How long a successful check is reused from the cache.
    #[serde(default = "default_cache_max_age")]
    pub cache_max_age: HumanDuration,
    /// Regular expressions: matching URLs are never requested.
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl Default for OnlineConfig {
    fn default() -> OnlineConfig {
        OnlineConfig {
            concurrency: default_concurrency(),
            per_host: default_per_host(),
            timeout: default_timeout(),
            max_redirects: default_max_redirects(),
            retries: default_retries(),
            retry_backoff: default_retry_backoff(),
            max_retry_after: default_max_retry_after(),
            max_body_bytes: default_max_body_bytes(),
            cache_max_age: default_cache_max_age(),
            exclude: Vec::new(),
        }
    }
}

impl OnlineConfig {
    pub(super) fn validate(&self) -> Result<(), InvalidConfig> {
        if self.concurrency == 0 || self.per_host == 0 {
            return Err(InvalidConfig::NoConcurrency);
        }
        if self.timeout.0.is_zero() {
            return Err(InvalidConfig::NoTimeout);
        }
        for pattern in &self.exclude {
            regex::Regex::new(pattern).map_err(|error| InvalidConfig::OnlineExclude {
                pattern: pattern.clone(),
                error,
            })?;
        }
        Ok(())
    }
}

fn default_concurrency() -> usize {
    32
}

fn default_per_host() -> usize {
    4
}

fn default_timeout() -> HumanDuration {
    HumanDuration(Duration::from_secs(20))
}

fn default_max_redirects() -> usize {
    10
}

fn default_retries() -> u32 {
    3
}

fn default_retry_backoff() -> HumanDuration {
    HumanDuration(Duration::from_secs(1))
}

fn default_max_retry_after() -> HumanDuration {
    HumanDuration(Duration::from_secs(60))
}

fn default_max_body_bytes() -> u64 {
    4 * 1024 * 1024
}

fn default_cache_max_age() -> HumanDuration {
    HumanDuration(Duration::from_secs(24 * 60 * 60))
}

/// A duration written as a number and a unit: `500ms`, `20s`, `5m`, `12h`, `1d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanDuration(pub Duration);

const UNITS: [(&str, u64); 5] = [
    ("ms", 1),
    ("s", 1000),
    ("m", 60_000),
    ("h", 3_600_000),
    ("d", 86_400_000),
];

impl HumanDuration {
    pub fn parse(text: &str) -> Result<HumanDuration, InvalidConfig> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let unit_millis = UNITS
            .iter()
            .find(|(name, _)| *name == unit.trim())
            .map(|(_, millis)| *millis)
            .ok_or_else(|| InvalidConfig::DurationUnit(text.to_owned()))?;
        let value: f64 = number
            .parse()
            .map_err(|_| InvalidConfig::DurationNumber(text.to_owned()))?;
        Ok(HumanDuration(Duration::from_secs_f64(
            value * unit_millis as f64 / 1000.0,
        )))
    }
}

impl fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis() as u64;
        let (unit, size) = UNITS
            .iter()
            .rev()
            .find(|(_, size)| millis >= *size && millis.is_multiple_of(*size))
            .copied()
            .unwrap_or(("ms", 1));
        write!(f, "{}{unit}", millis / size)
    }
}

impl Serialize for HumanDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HumanDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<HumanDuration, D::Error> {
        let text = String::deserialize(deserializer)?;
        HumanDuration::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip() {
        for (text, millis) in [
            ("500ms", 500),
            ("20s", 20_000),
            ("1.5s", 1500),
            ("5m", 300_000),
            ("1d", 86_400_000),
        ] {
            let parsed = HumanDuration::parse(text).unwrap();
            assert_eq!(parsed.0, Duration::from_millis(millis), "{text}");
        }
        assert_eq!(HumanDuration(Duration::from_secs(3600)).to_string(), "1h");
        assert_eq!(HumanDuration(Duration::from_millis(1500)).to_string(), "1500ms");
        for bad in ["20", "s", "20 parsecs", "-1s", ""] {
            assert!(HumanDuration::parse(bad).is_err(), "{bad}");
        }
    }
}
