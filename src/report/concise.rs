//! `path:line:column: severity[CODE rule] message`, one line per finding.

use std::io::{self, Write};

use super::Sources;
use crate::lint::Finding;

pub fn write(findings: &[Finding], sources: &mut Sources, out: &mut dyn Write) -> io::Result<()> {
    for finding in findings {
        let (line, column) = sources.get(&finding.path).map_or((1, 1), |source| {
            let position = source.position(finding.span.start);
            (position.line, position.column)
        });
        writeln!(
            out,
            "{}:{line}:{column}: {}[{} {}] {}",
            finding.path,
            finding.severity.as_str(),
            finding.rule.code,
            finding.rule.name,
            finding.message
        )?;
    }
    Ok(())
}
