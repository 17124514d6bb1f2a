//! What ends a command before it has done its work, and the exit status
//! each kind gives. The library's errors arrive here typed; this is the
//! one place that turns them into a message and a status.

use super::EXIT_FAILURE;
use crate::baseline::BaselineError;
use crate::convert::ConvertError;
use crate::online::{CacheError, OnlineError};
use crate::site::LoadError;

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Arguments that name what does not exist or cannot be done.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Site(#[from] LoadError),
    #[error(transparent)]
    Convert(#[from] ConvertError),
    #[error(transparent)]
    Online(#[from] OnlineError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Baseline(#[from] BaselineError),
    /// The machine refused a resource (worker threads).
    #[error("{0}")]
    System(String),
    /// Writing the output failed (a full disk; a reader that went away is
    /// not a failure, see `UntilClosed`).
    #[error("{0}")]
    Output(#[from] std::io::Error),
    /// The output could not be serialized.
    #[error("{0}")]
    Serialize(#[from] serde_json::Error),
    /// An error of an area that reports it as text.
    #[error("{0}")]
    Other(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Other(message)
    }
}

impl Failure {
    /// The exit status: every failure to run is 2, the status tclint
    /// documents for "usage, configuration or I/O failure", apart from
    /// the 1 of findings.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_)
            | Failure::Site(_)
            | Failure::Convert(_)
            | Failure::Online(_)
            | Failure::Cache(_)
            | Failure::Baseline(_)
            | Failure::System(_)
            | Failure::Output(_)
            | Failure::Serialize(_)
            | Failure::Other(_) => EXIT_FAILURE,
        }
    }
}
