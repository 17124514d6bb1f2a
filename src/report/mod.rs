//! Reporters: one per output format, all rendering the same findings.
//! Findings arrive sorted and with their line and column filled in.

mod concise;
mod full;
mod github;
mod json;
mod junit;
mod sarif;
mod summary;

use std::io::{self, Write};
use std::path::PathBuf;

use crate::lint::{Finding, RuleMeta};
use crate::source::SourceFile;
pub use summary::Summary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical diagnostics with the source snippet, and a summary.
    Full,
    /// One line per finding: `path:line:column: severity[CODE rule] message`.
    Concise,
    /// A JSON array of findings, for scripts and CI.
    Json,
    /// One JSON object per line.
    JsonLines,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions annotations (`::error file=...::message`).
    Github,
    /// JUnit XML, one failing test case per finding.
    Junit,
}

#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub color: bool,
    /// Findings only: no summary.
    pub quiet: bool,
    /// Terminal width for wrapping the graphical report.
    pub width: usize,
    /// Prepended to site-relative paths in formats read by other tools
    /// (SARIF, GitHub, JUnit): the site root as seen from the working
    /// directory (`docs/`), so paths are relative to the repository.
    pub path_prefix: String,
    /// The rules that ran (SARIF lists them).
    pub rules: Vec<&'static RuleMeta>,
    /// Where rule documentation is published (`...rules.md`); rule names are
    /// appended as fragments.
    pub docs_url: Option<String>,
}

/// Reads page text for the graphical report (snippets need the source).
#[derive(Debug, Clone)]
pub struct SourceLoader {
    pub root: PathBuf,
    pub max_bytes: u64,
}

impl SourceLoader {
    pub fn load(&self, path: &str) -> Option<SourceFile> {
        SourceFile::load(&self.root.join(path), self.max_bytes)
    }
}

/// Writes findings in the chosen format, then (for human formats) the summary.
pub fn write(
    format: Format,
    findings: &[Finding],
    summary: &Summary,
    sources: &SourceLoader,
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::write(findings, sources, options, out)?,
        Format::Concise => concise::write(findings, out)?,
        Format::Json => return json::write(findings, out),
        Format::JsonLines => return json::write_lines(findings, out),
        Format::Sarif => return sarif::write(findings, options, out),
        Format::Github => return github::write(findings, options, out),
        Format::Junit => return junit::write(findings, options, out),
    }
    if !options.quiet {
        summary.write(findings, options.color, out)?;
    }
    Ok(())
}
