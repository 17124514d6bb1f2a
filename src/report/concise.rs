//! `path:line:column: severity[CODE rule] message`, one line per finding.

use std::io::{self, Write};

use crate::lint::Finding;

pub fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for finding in findings {
        let start = finding.location.start;
        writeln!(
            out,
            "{}:{}:{}: {}[{} {}] {}",
            finding.path,
            start.line,
            start.column,
            finding.severity.as_str(),
            finding.rule.code,
            finding.rule.name,
            finding.message
        )?;
    }
    out.flush()
}
