//! Why `--online` could not run, or could not keep its cache. (A link
//! that does not answer is not an error: it is an [`Outcome`](super::Outcome).)

use std::path::PathBuf;

use super::BadProxy;

#[derive(Debug, thiserror::Error)]
pub enum OnlineError {
    /// `online.exclude` holds a pattern that is not a regular expression.
    #[error("online.exclude: {0}")]
    BadExclude(#[from] regex::Error),
    #[error("cannot start the network runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot use the proxy: {0}")]
    Proxy(#[from] BadProxy),
    #[error("cannot set up the HTTP client: {0}")]
    Client(reqwest::Error),
}

/// The cache of earlier results could not be written or removed.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot create {}: {source}", path.display())]
    CreateFolder { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Serialize(#[from] serde_json::Error),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot remove {}: {source}", path.display())]
    Remove { path: PathBuf, source: std::io::Error },
}
