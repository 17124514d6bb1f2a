//! Reporters: one per output format, all rendering the same findings.

mod concise;
mod full;
mod json;
pub mod sources;
mod summary;

use std::io::{self, Write};

use crate::lint::Finding;
pub use sources::Sources;
pub use summary::Summary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical diagnostics with the source snippet, and a summary.
    Full,
    /// One line per finding: `path:line:column: severity[CODE rule] message`.
    Concise,
    /// A JSON array of findings, for scripts and CI.
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    pub color: bool,
    /// Findings only: no summary.
    pub quiet: bool,
    /// Terminal width for wrapping the graphical report.
    pub width: usize,
}

/// Writes findings in the chosen format, then (for human formats) the summary.
pub fn write(
    format: Format,
    findings: &[Finding],
    summary: &Summary,
    sources: &mut Sources,
    options: ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::write(findings, sources, options, out)?,
        Format::Concise => concise::write(findings, sources, out)?,
        Format::Json => return json::write(findings, sources, out),
    }
    if !options.quiet {
        summary.write(findings, options.color, out)?;
    }
    Ok(())
}
