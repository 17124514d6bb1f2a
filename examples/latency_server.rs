//! A loopback web server for `bench/online.sh`: answers every path with a
//! small HTML page after a fixed latency, on several loopback addresses
//! (127.0.0.1, 127.0.0.2, ...) sharing one port, and counts requests.
//!
//!     cargo run --release --example latency_server -- LATENCY_MS HOSTS
//!
//! Prints the port, then serves until killed. `GET /__count` answers the
//! number of other requests served so far.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

const PAGE: &str = "<!DOCTYPE html><html><body><h1 id=\"top-of-document\">Document</h1></body></html>";

struct Served {
    latency: Duration,
    count: AtomicUsize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let latency_ms: u64 = args.next().as_deref().unwrap_or("20").parse()?;
    let hosts: u8 = args.next().as_deref().unwrap_or("1").parse()?;
    let served = Arc::new(Served {
        latency: Duration::from_millis(latency_ms),
        count: AtomicUsize::new(0),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let first = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = first.local_addr()?.port();
        let mut listeners = vec![first];
        for host in 2..=hosts {
            listeners.push(
                tokio::net::TcpListener::bind(("127.0.0.".to_owned() + &host.to_string(), port)).await?,
            );
        }
        println!("{port}");
        let router = Router::new()
            .route("/__count", get(count))
            .fallback(page)
            .with_state(Arc::clone(&served));
        let mut servers = Vec::new();
        for listener in listeners {
            servers.push(tokio::spawn(axum::serve(listener, router.clone()).into_future()));
        }
        for server in servers {
            server.await??;
        }
        Ok(())
    })
}

async fn page(State(served): State<Arc<Served>>) -> impl IntoResponse {
    served.count.fetch_add(1, Ordering::Relaxed);
    tokio::time::sleep(served.latency).await;
    ([(header::CONTENT_TYPE, "text/html")], PAGE)
}

async fn count(State(served): State<Arc<Served>>) -> String {
    served.count.load(Ordering::Relaxed).to_string()
}
