//! What ends a command before it has done its work, and the exit status
//! each kind gives. The library's errors arrive here typed; this is the
//! one place that turns them into a message and a status.

use super::EXIT_FAILURE;
use crate::baseline::BaselineError;
use crate::convert::ConvertError;
use crate::data::DataError;
use crate::lint::select::SelectError;
use crate::online::{CacheError, OnlineError};
use crate::site::LoadError;

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Arguments that name what does not exist or cannot be done.
    #[error("{0}")]
    Usage(String),
    /// `--select`, `--ignore` or `[rules]` name no rule.
    #[error(transparent)]
    Rules(#[from] SelectError),
    /// tclint's shipped rule data with the configuration's additions does
    /// not load (a pattern of `tclint.toml` that is no regular expression).
    #[error(transparent)]
    Data(#[from] DataError),
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
    /// Fixes could not be applied at all (the site root cannot be
    /// resolved); a file that fails is reported with the others instead.
    #[error("applying fixes: {0}")]
    Fix(#[source] std::io::Error),
    /// The effective configuration cannot be written as TOML.
    #[error("{0}")]
    ShowConfig(#[from] toml::ser::Error),
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
}

impl Failure {
    /// The exit status: every failure to run is 2, the status tclint
    /// documents for "usage, configuration or I/O failure", apart from
    /// the 1 of findings.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_)
            | Failure::Rules(_)
            | Failure::Data(_)
            | Failure::Site(_)
            | Failure::Convert(_)
            | Failure::Online(_)
            | Failure::Cache(_)
            | Failure::Baseline(_)
            | Failure::Fix(_)
            | Failure::ShowConfig(_)
            | Failure::System(_)
            | Failure::Output(_)
            | Failure::Serialize(_) => EXIT_FAILURE,
        }
    }
}
