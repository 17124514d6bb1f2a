//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, which GitHub shows as annotations on the changed lines.

use std::io::{self, Write};

use super::ReportOptions;
use crate::lint::{Finding, Severity};

/// Escapes a command's message (GitHub's rules for the data part).
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(findings: &[Finding], options: &ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for finding in findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let location = finding.location;
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push('\n');
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&format!("{}{}", options.path_prefix, finding.path)),
            location.start.line,
            location.start.column,
            location.end.line,
            location.end.column,
            property(&format!("tclint ({} {})", finding.rule.code, finding.rule.name)),
            data(&message)
        )?;
    }
    out.flush()
}
