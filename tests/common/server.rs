//! A web server on 127.0.0.1 for the online tests: each path plays one
//! behaviour (a status, a redirect, a slow or huge answer, rate limiting),
//! and the server records what it was asked.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

/// The page with anchors: ids, `<a name>`, and an id only inside a comment.
pub const ANCHORED_PAGE: &str = "<!DOCTYPE html><html><body>\
<h2 id=\"intro\">Intro</h2><a name=\"legacy\"></a><p id=\"data-retention\">x</p>\
<!-- <p id=\"gone\">old</p> --></body></html>";

/// Bytes of `/huge`: more than the tests' `max-body-bytes`.
pub const HUGE_BYTES: usize = 3 * 1024 * 1024;

#[derive(Default)]
pub struct Record {
    /// `METHOD /path` of every request, in arrival order.
    pub requests: Mutex<Vec<String>>,
    pub user_agents: Mutex<Vec<String>>,
    /// Requests to `/busy/...` being answered now, and the most at once.
    in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// How many times each `/retry-after/NAME` or `/flaky/NAME` was asked.
    seen: Mutex<HashMap<String, usize>>,
}

impl Record {
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.split_once(' ').is_some_and(|(_, p)| p == path))
            .count()
    }

    fn first_visit(&self, name: &str) -> bool {
        let mut seen = self.seen.lock().unwrap();
        let count = seen.entry(name.to_owned()).or_default();
        *count += 1;
        *count == 1
    }
}

pub struct TestServer {
    pub port: u16,
    pub record: Arc<Record>,
}

impl TestServer {
    /// Starts a server on a free port of 127.0.0.1, in a background thread.
    pub fn start() -> TestServer {
        let record = Arc::new(Record::default());
        let port = serve(router(Arc::clone(&record)));
        TestServer { port, record }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Serves `router` on a free port of 127.0.0.1, in a background thread;
/// returns the port.
pub fn serve(router: Router) -> u16 {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap().port()).unwrap();
            axum::serve(listener, router).await.unwrap();
        });
    });
    receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("server starts")
}

type Shared = State<Arc<Record>>;

fn router(record: Arc<Record>) -> Router {
    Router::new()
        .route("/ok", get(|| async { html(ANCHORED_PAGE.to_owned()) }))
        .route("/status/{code}", any(status))
        .route("/redirect/{code}/{*rest}", any(redirect))
        .route(
            "/redirect-ftp",
            any(|| async { moved(301, "ftp://ftp.example.com/file") }),
        )
        .route("/loop/a", any(|| async { moved(302, "/loop/b") }))
        .route("/loop/b", any(|| async { moved(302, "/loop/a") }))
        .route(
            "/head-405",
            get(|| async { html(ANCHORED_PAGE.to_owned()) })
                .head(|| async { StatusCode::METHOD_NOT_ALLOWED }),
        )
        .route("/retry-after/{name}", any(retry_after))
        .route(
            "/always-429",
            any(|| async { (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "0")]) }),
        )
        .route("/flaky/{name}", any(flaky))
        .route("/slow", any(slow))
        .route("/huge", get(huge))
        .route(
            "/pdf",
            get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.7") }),
        )
        .route("/busy/{n}", any(busy))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&record), log))
        .with_state(record)
}

async fn log(
    State(record): Shared,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let line = format!("{} {}", request.method(), request.uri().path());
    record.requests.lock().unwrap().push(line);
    let agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    record.user_agents.lock().unwrap().push(agent);
    next.run(request).await
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn moved(code: u16, to: &str) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(header::LOCATION, to.parse().unwrap());
    (StatusCode::from_u16(code).unwrap(), headers).into_response()
}

async fn status(Path(code): Path<u16>) -> Response {
    StatusCode::from_u16(code).unwrap().into_response()
}

async fn redirect(Path((code, rest)): Path<(u16, String)>) -> Response {
    moved(code, &format!("/{rest}"))
}

async fn retry_after(State(record): Shared, method: Method, Path(name): Path<String>) -> Response {
    if record.first_visit(&format!("{method} retry {name}")) {
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response();
    }
    html(ANCHORED_PAGE.to_owned())
}

async fn flaky(State(record): Shared, method: Method, Path(name): Path<String>) -> Response {
    if record.first_visit(&format!("{method} flaky {name}")) {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    html(ANCHORED_PAGE.to_owned())
}

async fn slow() -> Response {
    tokio::time::sleep(Duration::from_secs(3)).await;
    html(ANCHORED_PAGE.to_owned())
}

async fn huge() -> Response {
    let mut body = String::with_capacity(HUGE_BYTES + 100);
    body.push_str("<html><body><p id=\"early\">start</p>");
    while body.len() < HUGE_BYTES {
        body.push_str("<p>filler filler filler filler filler filler filler filler</p>\n");
    }
    body.push_str("<p id=\"deep\">end</p></body></html>");
    html(body)
}

async fn busy(State(record): Shared) -> Response {
    let now = record.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    record.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(100)).await;
    record.in_flight.fetch_sub(1, Ordering::SeqCst);
    html(ANCHORED_PAGE.to_owned())
}
