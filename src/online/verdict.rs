//! From what the server said to an [`Outcome`]: which answers mean dead,
//! moved, alive or "could not tell".

use std::time::Duration;

use reqwest::{StatusCode, Url};

use super::{Anchors, Outcome};
use crate::page::{ParseOptions, parse_page, regions::RegionRules};

/// One answer of a server (the last attempt, when retried).
#[derive(Debug)]
pub(super) struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub retry_after: Option<Duration>,
    pub content_type: Option<String>,
    /// The start of the body, when anchors are wanted.
    pub body: Option<Vec<u8>>,
    /// The body was longer than the cap.
    pub truncated: bool,
    /// Said after the status in messages ("after 3 retries").
    pub note: Option<String>,
    pub anchors: Option<Anchors>,
}

impl Answer {
    /// Where a redirect leads; `None` when this is not a redirect.
    pub fn redirect_target(&self, base: &Url) -> Option<Result<Url, Failure>> {
        if !matches!(self.status.as_u16(), 301 | 302 | 303 | 307 | 308) {
            return None;
        }
        let location = self.location.as_deref()?;
        Some(match base.join(location) {
            Ok(next) if matches!(next.scheme(), "http" | "https") => Ok(next),
            Ok(next) => Err(Failure::NotHttp(next.to_string())),
            Err(error) => Err(Failure::BadRedirect(format!("`{location}` ({error})"))),
        })
    }

    /// Replaces the body by the anchors it defines.
    pub fn with_anchors(mut self) -> Answer {
        if let Some(body) = self.body.take() {
            self.anchors = Some(anchors_of(&body, self.content_type.as_deref(), self.truncated));
        }
        self
    }

    pub fn after_retries(mut self, retries: u32) -> Answer {
        if retries > 0 {
            self.note = Some(format!("after {retries} retries"));
        }
        self
    }

    pub fn waiting_too_long(mut self, wait: Duration) -> Answer {
        self.note = Some(format!(
            "the server asks to wait {} s, more than `max-retry-after`",
            wait.as_secs()
        ));
        self
    }
}

fn anchors_of(body: &[u8], content_type: Option<&str>, truncated: bool) -> Anchors {
    let is_html = match content_type {
        Some(kind) => kind.to_ascii_lowercase().contains("html"),
        None => body.trim_ascii_start().starts_with(b"<"),
    };
    if !is_html {
        return Anchors::NotHtml;
    }
    let decoded = crate::source::decode(body.to_vec());
    let page = parse_page(
        "remote.html",
        decoded.text(),
        &decoded.decoding,
        &ParseOptions::default(),
        &RegionRules::default(),
    );
    let mut names: Vec<String> = page
        .anchors
        .iter()
        .filter(|anchor| anchor.region.is_rendered())
        .map(|anchor| anchor.name.to_string())
        .collect();
    names.sort_unstable();
    names.dedup();
    Anchors::Listed {
        names,
        complete: !truncated,
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// The host resolves only to private addresses (or is one).
    Private(String),
    Dns(String),
    Refused,
    Tls(String),
    Timeout,
    /// The connection broke (reset, closed early).
    Reset(String),
    RedirectLoop(String),
    TooManyRedirects(usize),
    /// A redirect to a non-http(s) URL.
    NotHttp(String),
    BadRedirect(String),
    Other(String),
}

impl Failure {
    /// Worth another try.
    pub fn is_transient(&self) -> bool {
        matches!(self, Failure::Timeout | Failure::Reset(_))
    }
}

/// How a chain of requests ended.
#[derive(Debug)]
pub(super) enum End {
    Answer(Answer),
    Failed(Failure),
}

/// A request and the redirects it went through.
#[derive(Debug)]
pub(super) struct Chain {
    /// The URL where the chain is now.
    pub current: Url,
    /// Where the permanent redirects at the start of the chain lead, with
    /// the status of the first.
    pub permanent: Option<(u16, Url)>,
    only_permanent_so_far: bool,
    pub end: End,
}

impl Chain {
    pub fn new(start: Url) -> Chain {
        Chain {
            current: start,
            permanent: None,
            only_permanent_so_far: true,
            end: End::Failed(Failure::Other("not requested".to_owned())),
        }
    }

    /// Records a redirect. Only permanent redirects from the start count as
    /// "moved": after a temporary one, the rest is the server's business.
    pub fn hop(&mut self, status: StatusCode, next: Url) {
        let permanent = matches!(status.as_u16(), 301 | 308);
        if self.only_permanent_so_far && permanent {
            let first_status = self.permanent.as_ref().map_or(status.as_u16(), |(s, _)| *s);
            self.permanent = Some((first_status, next.clone()));
        } else {
            self.only_permanent_so_far = false;
        }
        self.current = next;
    }

    /// After HEAD: whether GET may answer differently. A success is final,
    /// and so are rate limiting and network failures.
    pub fn worth_a_get(&self) -> bool {
        match &self.end {
            End::Answer(answer) => {
                !answer.status.is_success() && answer.status != StatusCode::TOO_MANY_REQUESTS
            }
            End::Failed(_) => false,
        }
    }

    fn redirected(&self) -> bool {
        self.permanent.is_some() || !self.only_permanent_so_far
    }
}

/// The outcome of a finished chain.
pub(super) fn verdict(chain: Chain) -> Outcome {
    let place = if chain.redirected() {
        format!(" (redirected to `{}`)", chain.current)
    } else {
        String::new()
    };
    let answer = match chain.end {
        End::Failed(failure) => return failed(failure, &place),
        End::Answer(answer) => answer,
    };
    let status = answer.status;
    if status.is_success() {
        return match chain.permanent {
            Some((first_status, to)) => Outcome::Moved {
                status: first_status,
                to: to.to_string(),
                anchors: answer.anchors,
            },
            None => Outcome::Alive {
                status: status.as_u16(),
                anchors: answer.anchors,
            },
        };
    }
    let described = match &answer.note {
        Some(note) => format!("{}{place}, {note}", describe(status)),
        None => format!("{}{place}", describe(status)),
    };
    let code = status.as_u16();
    match code {
        401 | 403 | 407 => Outcome::Unchecked {
            reason: format!("access denied: {described}"),
        },
        429 => Outcome::Unchecked {
            reason: format!("rate limited: {described}"),
        },
        408 | 421 | 500..=599 => Outcome::Unchecked {
            reason: format!("server trouble: {described}"),
        },
        400..=499 => Outcome::Dead { reason: described },
        _ => Outcome::Unchecked {
            reason: format!("unexpected answer: {described}"),
        },
    }
}

fn failed(failure: Failure, place: &str) -> Outcome {
    let dead = |reason: String| Outcome::Dead {
        reason: format!("{reason}{place}"),
    };
    let unchecked = |reason: String| Outcome::Unchecked {
        reason: format!("{reason}{place}"),
    };
    match failure {
        Failure::Private(host) => unchecked(format!(
            "not requested: `{host}` is a loopback, private, link-local or reserved address (allow with --allow-private)"
        )),
        Failure::Dns(message) => dead(format!("the host does not resolve ({message})")),
        Failure::Refused => dead("connection refused".to_owned()),
        Failure::Tls(message) => dead(format!("TLS failure ({message})")),
        Failure::Timeout => unchecked("timed out".to_owned()),
        Failure::Reset(message) => unchecked(format!("connection failed ({message})")),
        Failure::RedirectLoop(url) => Outcome::Dead {
            reason: format!("redirects in a loop, back to `{url}`"),
        },
        Failure::TooManyRedirects(limit) => dead(format!("more than {limit} redirects")),
        Failure::NotHttp(url) => unchecked(format!("redirects to `{url}`, which is not http(s)")),
        Failure::BadRedirect(location) => dead(format!("redirects to an invalid location {location}")),
        Failure::Other(message) => unchecked(message),
    }
}

/// `404 Not Found`.
fn describe(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> Answer {
        Answer {
            status: StatusCode::from_u16(status).unwrap(),
            location: None,
            retry_after: None,
            content_type: None,
            body: None,
            truncated: false,
            note: None,
            anchors: None,
        }
    }

    fn chain_ending(status: u16) -> Chain {
        let mut chain = Chain::new(Url::parse("http://a.example/").unwrap());
        chain.end = End::Answer(answer(status));
        chain
    }

    #[test]
    fn statuses_map_to_outcomes() {
        assert!(matches!(
            verdict(chain_ending(200)),
            Outcome::Alive { status: 200, .. }
        ));
        for dead in [404, 410, 400] {
            assert!(
                matches!(verdict(chain_ending(dead)), Outcome::Dead { .. }),
                "{dead}"
            );
        }
        for unchecked in [401, 403, 429, 500, 503, 304] {
            assert!(
                matches!(verdict(chain_ending(unchecked)), Outcome::Unchecked { .. }),
                "{unchecked}"
            );
        }
        assert_eq!(
            verdict(chain_ending(404)),
            Outcome::Dead {
                reason: "404 Not Found".to_owned()
            }
        );
    }

    #[test]
    fn only_leading_permanent_redirects_make_a_move() {
        let url = |path: &str| Url::parse(&format!("https://a.example/{path}")).unwrap();
        let mut chain = Chain::new(url("start"));
        chain.hop(StatusCode::MOVED_PERMANENTLY, url("one"));
        chain.hop(StatusCode::PERMANENT_REDIRECT, url("two"));
        chain.hop(StatusCode::FOUND, url("login"));
        chain.hop(StatusCode::MOVED_PERMANENTLY, url("three"));
        chain.end = End::Answer(answer(200));
        match verdict(chain) {
            Outcome::Moved { status, to, .. } => {
                assert_eq!(status, 301);
                assert_eq!(to, "https://a.example/two");
            }
            other => panic!("{other:?}"),
        }
        let mut temporary = Chain::new(url("start"));
        temporary.hop(StatusCode::FOUND, url("elsewhere"));
        temporary.end = End::Answer(answer(200));
        assert!(matches!(verdict(temporary), Outcome::Alive { .. }));
    }

    #[test]
    fn anchors_come_from_html_only() {
        let html = b"<html><body><h2 id=\"intro\">x</h2><a name=\"legacy\"></a><!-- <p id=\"gone\"> --></body></html>";
        match anchors_of(html, Some("text/html; charset=utf-8"), false) {
            Anchors::Listed { names, complete } => {
                assert_eq!(names, ["intro", "legacy"]);
                assert!(complete);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            anchors_of(b"%PDF-1.7", Some("application/pdf"), false),
            Anchors::NotHtml
        );
    }
}
