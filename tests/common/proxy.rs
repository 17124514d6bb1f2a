//! A forward HTTP proxy on 127.0.0.1 for the online tests. It forwards
//! nothing: it records what it receives (`METHOD absolute-URL`) and answers
//! itself, with a redirect for the URLs it was given one for and a page for
//! every other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::server::{ANCHORED_PAGE, serve};

#[derive(Default)]
struct Behaviour {
    /// Absolute URL to the `Location` it redirects to (302).
    redirects: HashMap<String, String>,
    received: Mutex<Vec<String>>,
}

pub struct TestProxy {
    pub port: u16,
    behaviour: Arc<Behaviour>,
}

impl TestProxy {
    /// Starts a proxy that redirects each `(url, location)` of `redirects`.
    pub fn start(redirects: &[(&str, String)]) -> TestProxy {
        let behaviour = Arc::new(Behaviour {
            redirects: redirects
                .iter()
                .map(|(url, location)| ((*url).to_owned(), location.clone()))
                .collect(),
            received: Mutex::default(),
        });
        let router = Router::new().fallback(answer).with_state(Arc::clone(&behaviour));
        TestProxy {
            port: serve(router),
            behaviour,
        }
    }

    /// The proxy's URL, for `HTTP_PROXY`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `METHOD absolute-URL` of every request received, in arrival order.
    pub fn received(&self) -> Vec<String> {
        self.behaviour.received.lock().unwrap().clone()
    }
}

async fn answer(State(behaviour): State<Arc<Behaviour>>, method: Method, uri: Uri) -> Response {
    let url = uri.to_string();
    behaviour.received.lock().unwrap().push(format!("{method} {url}"));
    match behaviour.redirects.get(&url) {
        Some(location) => (StatusCode::FOUND, [(header::LOCATION, location.clone())]).into_response(),
        None => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            ANCHORED_PAGE,
        )
            .into_response(),
    }
}
