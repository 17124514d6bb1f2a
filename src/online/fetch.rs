//! Requests: one tokio runtime per run, one client, an overall and a
//! per-host limit on requests in flight, retries with exponential backoff
//! that honour `Retry-After`, and redirects followed by hand (each hop goes
//! through the same limits and the same private-address guard).

use std::collections::{HashMap, HashSet};
use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Client, Method, StatusCode, Url};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::guard::{DnsFailure, GuardedResolver, PrivateAddress};
use super::verdict::{Answer, Chain, End, Failure, verdict};
use super::{OnlineError, Options, Outcome, Target};

/// Names tclint and its version to the servers it asks.
pub const USER_AGENT: &str = concat!(
    "tclint/",
    env!("CARGO_PKG_VERSION"),
    " (documentation link checker)"
);

/// Checks every target; returns their outcomes in order and the number of
/// requests sent.
pub(super) fn fetch_all(
    targets: &[Target],
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Vec<Outcome>, usize), OnlineError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(OnlineError::Runtime)?;
    let fetcher = Arc::new(Fetcher::new(options)?);
    let outcomes = runtime.block_on(run_all(&fetcher, targets, progress));
    Ok((outcomes, fetcher.requests.load(Ordering::Relaxed)))
}

async fn run_all(
    fetcher: &Arc<Fetcher>,
    targets: &[Target],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Outcome> {
    let mut tasks = JoinSet::new();
    let mut index_of = HashMap::new();
    for (index, target) in targets.iter().enumerate() {
        let fetcher = Arc::clone(fetcher);
        let target = target.clone();
        let handle = tasks.spawn(async move { fetcher.check(&target).await });
        index_of.insert(handle.id(), index);
    }
    let mut outcomes: Vec<Option<Outcome>> = vec![None; targets.len()];
    let mut done = 0;
    while let Some(joined) = tasks.join_next_with_id().await {
        let (id, outcome) = match joined {
            Ok((id, outcome)) => (id, outcome),
            Err(error) => (
                error.id(),
                Outcome::Unchecked {
                    reason: format!("internal error while checking: {error}"),
                },
            ),
        };
        if let Some(&index) = index_of.get(&id) {
            outcomes[index] = Some(outcome);
        }
        done += 1;
        progress(done, targets.len());
    }
    outcomes
        .into_iter()
        .map(|outcome| {
            outcome.unwrap_or(Outcome::Unchecked {
                reason: "internal error: no result".to_owned(),
            })
        })
        .collect()
}

struct Fetcher {
    client: Client,
    /// Also the client's resolver: both share its lookups.
    guard: Arc<GuardedResolver>,
    options: Options,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    requests: AtomicUsize,
}

impl Fetcher {
    fn new(options: &Options) -> Result<Fetcher, OnlineError> {
        // rustls needs a process-wide crypto provider; a second install (a
        // second run in the same process) fails harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let settings = &options.config;
        let guard = Arc::new(GuardedResolver::new(options.allow_private, &options.proxies));
        let builder = Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(settings.timeout.0)
            .connect_timeout(settings.timeout.0.min(Duration::from_secs(10)))
            .pool_max_idle_per_host(settings.per_host)
            .dns_resolver(Arc::clone(&guard));
        let client = options
            .proxies
            .apply(builder)?
            .build()
            .map_err(OnlineError::Client)?;
        Ok(Fetcher {
            client,
            guard,
            options: options.clone(),
            global: Semaphore::new(settings.concurrency),
            hosts: Mutex::new(HashMap::new()),
            requests: AtomicUsize::new(0),
        })
    }

    async fn check(&self, target: &Target) -> Outcome {
        let url = match Url::parse(&target.key) {
            Ok(url) => url,
            Err(_) if target.key.starts_with('/') => {
                return Outcome::Unchecked {
                    reason: "a site-absolute link outside `owned-prefixes`, and no production host \
                             is configured to request it on"
                        .to_owned(),
                };
            }
            Err(error) => {
                return Outcome::Dead {
                    reason: format!("not a valid URL ({error})"),
                };
            }
        };
        if target.needs_anchors {
            return verdict(self.follow(url, Method::GET, true).await);
        }
        let head = self.follow(url.clone(), Method::HEAD, false).await;
        if !head.worth_a_get() {
            return verdict(head);
        }
        // Many servers answer HEAD wrongly (405, 501, 403 on some CDNs, even
        // 404): only GET decides.
        verdict(self.follow(url, Method::GET, false).await)
    }

    /// Follows redirects from `start`, at most `max-redirects` of them.
    async fn follow(&self, start: Url, method: Method, want_anchors: bool) -> Chain {
        let mut chain = Chain::new(start.clone());
        let mut url = start;
        let mut seen = HashSet::new();
        for _ in 0..=self.options.config.max_redirects {
            if !seen.insert(url.clone()) {
                chain.end = End::Failed(Failure::RedirectLoop(url.to_string()));
                return chain;
            }
            let answer = match self.send(&method, &url, want_anchors).await {
                Ok(answer) => answer,
                Err(failure) => {
                    chain.end = End::Failed(failure);
                    return chain;
                }
            };
            match answer.redirect_target(&url) {
                Some(Ok(next)) => {
                    chain.hop(answer.status, next.clone());
                    url = next;
                }
                Some(Err(failure)) => {
                    chain.end = End::Failed(failure);
                    return chain;
                }
                None => {
                    chain.end = End::Answer(answer.with_anchors());
                    return chain;
                }
            }
        }
        chain.end = End::Failed(Failure::TooManyRedirects(self.options.config.max_redirects));
        chain
    }

    /// One request, retried on transient failures.
    async fn send(&self, method: &Method, url: &Url, read_body: bool) -> Result<Answer, Failure> {
        // Before reqwest, which may hand the URL to a proxy.
        self.guard
            .screen(url)
            .await
            .map_err(|refused| Failure::Private(refused.0))?;
        let settings = &self.options.config;
        let mut attempt = 0;
        loop {
            let result = self.attempt(method, url, read_body).await;
            let wait = match &result {
                Ok(answer) if is_retryable_status(answer.status) => answer
                    .retry_after
                    .unwrap_or_else(|| backoff(settings.retry_backoff.0, attempt)),
                Err(failure) if failure.is_transient() => backoff(settings.retry_backoff.0, attempt),
                _ => return result,
            };
            if attempt >= settings.retries {
                return result.map(|answer| answer.after_retries(attempt));
            }
            if wait > settings.max_retry_after.0 {
                return result.map(|answer| answer.waiting_too_long(wait));
            }
            attempt += 1;
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(&self, method: &Method, url: &Url, read_body: bool) -> Result<Answer, Failure> {
        let host_limit = self.host_limit(url);
        let _host = host_limit
            .acquire()
            .await
            .map_err(|e| Failure::Other(e.to_string()))?;
        let _global = self
            .global
            .acquire()
            .await
            .map_err(|e| Failure::Other(e.to_string()))?;
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut response = self
            .client
            .request(method.clone(), url.clone())
            .header(
                reqwest::header::ACCEPT,
                "text/html,application/xhtml+xml,*/*;q=0.8",
            )
            .send()
            .await
            .map_err(|error| classify(&error, url))?;
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let mut answer = Answer {
            status: response.status(),
            location: header(LOCATION),
            retry_after: header(RETRY_AFTER).as_deref().and_then(parse_retry_after),
            content_type: header(CONTENT_TYPE),
            body: None,
            truncated: false,
            note: None,
            anchors: None,
        };
        if read_body && answer.status.is_success() {
            let limit = usize::try_from(self.options.config.max_body_bytes).unwrap_or(usize::MAX);
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|error| classify(&error, url))? {
                body.extend_from_slice(&chunk);
                if body.len() >= limit {
                    body.truncate(limit);
                    answer.truncated = true;
                    break;
                }
            }
            answer.body = Some(body);
        }
        Ok(answer)
    }

    /// The semaphore of the URL's host (and port).
    fn host_limit(&self, url: &Url) -> Arc<Semaphore> {
        let host = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let per_host = self.options.config.per_host;
        Arc::clone(
            hosts
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(per_host))),
        )
    }
}

fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// `base`, doubled for every retry already made.
fn backoff(base: Duration, attempt: u32) -> Duration {
    base.saturating_mul(1 << attempt.min(16))
}

/// `Retry-After`: seconds, or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// What went wrong with a request, from reqwest's error and its causes.
fn classify(error: &reqwest::Error, url: &Url) -> Failure {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(current) = cause {
        if let Some(private) = current.downcast_ref::<PrivateAddress>() {
            return Failure::Private(private.0.clone());
        }
        if let Some(dns) = current.downcast_ref::<DnsFailure>() {
            if dns.is_temporary() {
                return Failure::Reset(dns.to_string());
            }
            return Failure::Dns(dns.0.clone());
        }
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Failure::Tls(tls.to_string());
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if let Some(tls) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return Failure::Tls(tls.to_string());
            }
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return Failure::Refused,
                std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::UnexpectedEof => return Failure::Reset(io.to_string()),
                _ => {}
            }
        }
        cause = current.source();
    }
    if error.is_timeout() {
        return Failure::Timeout;
    }
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(current) = cause {
        message = current.to_string();
        cause = current.source();
    }
    let message = message.replace(url.as_str(), "the URL");
    if error.is_connect() || error.is_request() || error.is_body() {
        Failure::Reset(message)
    } else {
        Failure::Other(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_doubles() {
        let base = Duration::from_millis(100);
        assert_eq!(backoff(base, 0), base);
        assert_eq!(backoff(base, 3), Duration::from_millis(800));
    }
}
