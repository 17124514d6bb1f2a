//! Finding the configuration and the site root, shared by `check` and
//! `config`, and rendering configuration errors.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};

/// Where the configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ConfigSource {
    /// `--config FILE`.
    Explicit(PathBuf),
    /// The nearest `tclint.toml` above the checked path.
    Discovered(PathBuf),
    /// None found: defaults.
    Defaults,
    /// `--isolated`: configuration files ignored.
    Isolated,
}

impl ConfigSource {
    pub(super) fn file(&self) -> Option<&Path> {
        match self {
            ConfigSource::Explicit(path) | ConfigSource::Discovered(path) => Some(path),
            ConfigSource::Defaults | ConfigSource::Isolated => None,
        }
    }
}

/// Where the site is and how it is configured.
pub(super) struct Setup {
    pub config: Config,
    pub source: ConfigSource,
    pub root: PathBuf,
    /// Why the root is where it is (for `tclint config`).
    pub root_origin: &'static str,
}

/// What the command line says about configuration and root.
pub(super) struct Request<'a> {
    pub explicit: Option<&'a Path>,
    pub isolated: bool,
    pub root: Option<&'a Path>,
    /// The checked paths, absolute.
    pub paths: &'a [PathBuf],
    pub cwd: &'a Path,
}

/// Finds the configuration and the site root.
///
/// Configuration: `--config`, else the nearest `tclint.toml` above the first
/// checked path (or the working directory), unless `--isolated`. Root:
/// `--root`, else `[site] root`, else the directory of a discovered
/// `tclint.toml`, else the checked directory, else the working directory.
pub(super) fn setup(request: &Request<'_>) -> Result<Setup, ConfigError> {
    let cwd = request.cwd;
    let start = match request.paths.first() {
        Some(path) if path.is_dir() => path.clone(),
        Some(path) => path.parent().map_or_else(|| cwd.to_owned(), Path::to_owned),
        None => cwd.to_owned(),
    };
    let source = match (request.isolated, request.explicit) {
        (true, _) => ConfigSource::Isolated,
        (false, Some(path)) => ConfigSource::Explicit(cwd.join(path)),
        (false, None) => Config::discover(&start).map_or(ConfigSource::Defaults, ConfigSource::Discovered),
    };
    let config = match source.file() {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let (root, root_origin) = if let Some(root) = request.root {
        (cwd.join(root), "--root")
    } else if let (Some(root), Some(file)) = (&config.site.root, source.file()) {
        (configured_root(file, root, cwd)?, "[site] root")
    } else if let ConfigSource::Discovered(file) = &source {
        (
            file.parent().unwrap_or(cwd).to_owned(),
            "the directory of tclint.toml",
        )
    } else if let [only] = request.paths {
        if only.is_dir() {
            (only.clone(), "the checked directory")
        } else {
            (cwd.to_owned(), "the working directory")
        }
    } else {
        (cwd.to_owned(), "the working directory")
    };
    Ok(Setup {
        config,
        source,
        root,
        root_origin,
    })
}

/// `[site] root`, which must stay inside the configuration file's folder: a
/// pull request can change `tclint.toml`, and must not make a CI run read
/// the rest of the machine. `--root` may point anywhere.
fn configured_root(file: &Path, root: &Path, cwd: &Path) -> Result<PathBuf, ConfigError> {
    let folder = file.parent().unwrap_or(cwd);
    let joined = folder.join(root);
    let inside = match (folder.canonicalize(), joined.canonicalize()) {
        (Ok(folder), Ok(resolved)) => resolved.starts_with(folder),
        // A root that does not exist is reported when the site is loaded.
        _ => !root.is_absolute() && !root.components().any(|c| c == std::path::Component::ParentDir),
    };
    if inside {
        return Ok(joined);
    }
    Err(ConfigError {
        path: file.to_owned(),
        source_text: std::fs::read_to_string(file).unwrap_or_default(),
        span: None,
        message: format!(
            "`[site] root = {}` leads outside the folder of the configuration file; use --root to check a site there",
            root.display()
        ),
    })
}

/// A configuration error as a graphical diagnostic pointing at the bad line.
pub(super) fn render_config_error(error: &ConfigError, color: bool, stderr: &mut dyn Write) {
    use miette::{
        GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
    };
    let mut diagnostic = MietteDiagnostic::new(format!("invalid configuration: {}", error.message))
        .with_code("tclint::config");
    if let Some(span) = &error.span {
        diagnostic = diagnostic.with_label(LabeledSpan::at(span.clone(), "here"));
    }
    let source = NamedSource::new(error.path.display().to_string(), error.source_text.clone());
    let report = Report::new(diagnostic).with_source_code(source);
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut text = String::new();
    let _ = GraphicalReportHandler::new_themed(theme).render_report(&mut text, report.as_ref());
    let line = error.span.as_ref().map(|span| {
        error.source_text[..span.start.min(error.source_text.len())]
            .matches('\n')
            .count()
            + 1
    });
    let _ = match line {
        Some(line) => writeln!(
            stderr,
            "tclint: {}:{line}: {}\n{text}",
            error.path.display(),
            error.message
        ),
        None => writeln!(stderr, "tclint: {error}\n{text}"),
    };
}
