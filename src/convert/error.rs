//! Why a migration (or the conversion of one page for `--diff`) stops.
//! Each variant displays the message the user reads; [`ConvertError::kind`]
//! says what kind of failure it is, for the exit status and the advice.

use super::output::OutputError;
use crate::lint::select::SelectError;
use crate::site::LoadError;

/// A failure that stops `tclint convert`.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The output folder is refused, or writing into it failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The page asked for with `--diff` cannot be read.
    #[error("cannot read {path}: {source}")]
    ReadPage { path: String, source: std::io::Error },
    /// An asset cannot be copied or linked into the output folder.
    #[error("cannot mirror {asset}: {source}")]
    Mirror { asset: String, source: OutputError },
    /// The written output cannot be loaded as a site, to be checked as one.
    #[error("{0}")]
    ReadOutput(#[source] LoadError),
    /// The chrome definitions built into tclint do not parse.
    #[error("lints/convert.toml: {0}")]
    Chrome(#[source] toml::de::Error),
    /// The link rules the output is checked with cannot be selected.
    #[error("{0}")]
    LinkRules(#[source] SelectError),
    /// The migration report cannot be serialized.
    #[error(transparent)]
    Report(#[from] serde_json::Error),
}

/// What kind of failure a [`ConvertError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The output folder given cannot be used: it overlaps the site, is not
    /// empty (without `--force`), or holds a link or a file where a folder
    /// is needed. Nothing was written; another folder (or `--force`) fixes
    /// it.
    Usage,
    /// Reading or writing a file failed.
    Io,
    /// tclint's own data or report is at fault: a bug to report.
    Internal,
}

impl ConvertError {
    /// Whether the user's choice, the file system, or tclint itself is at
    /// fault.
    pub fn kind(&self) -> FailureKind {
        match self {
            ConvertError::Output(error) | ConvertError::Mirror { source: error, .. } => output_kind(error),
            ConvertError::ReadPage { .. } | ConvertError::ReadOutput(_) => FailureKind::Io,
            ConvertError::Chrome(_) | ConvertError::LinkRules(_) | ConvertError::Report(_) => {
                FailureKind::Internal
            }
        }
    }
}

fn output_kind(error: &OutputError) -> FailureKind {
    match error {
        OutputError::OverlapsSite { .. }
        | OutputError::NotEmpty(_)
        | OutputError::LinkOnPath(_)
        | OutputError::NotAFolder(_) => FailureKind::Usage,
        OutputError::Resolve { .. } | OutputError::Io { .. } => FailureKind::Io,
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn messages_name_the_file_and_the_cause() {
        let missing = || io::Error::new(io::ErrorKind::NotFound, "gone");
        let read = ConvertError::ReadPage {
            path: "a/b.html".to_owned(),
            source: missing(),
        };
        assert_eq!(read.to_string(), "cannot read a/b.html: gone");
        assert_eq!(read.kind(), FailureKind::Io);
        let mirror = ConvertError::Mirror {
            asset: "img/x.png".to_owned(),
            source: OutputError::LinkOnPath(PathBuf::from("out/img")),
        };
        assert_eq!(
            mirror.to_string(),
            "cannot mirror img/x.png: `out/img` is a symbolic link: tclint convert never writes through links (remove it, or choose another output folder)"
        );
        assert_eq!(mirror.kind(), FailureKind::Usage);
        let refused = ConvertError::from(OutputError::NotEmpty(PathBuf::from("out")));
        assert_eq!(
            refused.to_string(),
            "the output folder `out` is not empty (use --force to write into it)"
        );
    }
}
