//! Why a migration (or the conversion of one page for `--diff`) stops.
//! Each variant displays the message the user reads; the CLI gives every
//! one the exit status of a failure to run.

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
        let mirror = ConvertError::Mirror {
            asset: "img/x.png".to_owned(),
            source: OutputError::LinkOnPath(PathBuf::from("out/img")),
        };
        assert_eq!(
            mirror.to_string(),
            "cannot mirror img/x.png: `out/img` is a symbolic link: tclint convert never writes through links (remove it, or choose another output folder)"
        );
        let refused = ConvertError::from(OutputError::NotEmpty(PathBuf::from("out")));
        assert_eq!(
            refused.to_string(),
            "the output folder `out` is not empty (use --force to write into it)"
        );
    }
}
