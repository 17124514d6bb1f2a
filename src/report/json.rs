//! A JSON array of findings with exact positions, for scripts and CI.

use std::io::{self, Write};

use serde::Serialize;

use crate::baseline::fingerprint_text;
use crate::lint::{Edit, Finding, Related};
use crate::source::Location;

/// `line`, `column`, `end_line`, `end_column`, flattened into each record.
#[derive(Serialize)]
struct Range {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl From<Location> for Range {
    fn from(location: Location) -> Range {
        Range {
            line: location.start.line,
            column: location.start.column,
            end_line: location.end.line,
            end_column: location.end.column,
        }
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'a str,
    path: &'a str,
    #[serde(flatten)]
    range: Range,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
    related: Vec<JsonRelated<'a>>,
    /// The baseline's fingerprint: stable across edits elsewhere in the page.
    fingerprint: String,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    range: Range,
    /// Byte offsets into the file.
    start_byte: u32,
    end_byte: u32,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    #[serde(flatten)]
    range: Range,
    message: &'a str,
}

fn edit(edit: &Edit) -> JsonEdit<'_> {
    JsonEdit {
        range: edit.location.into(),
        start_byte: edit.span.start,
        end_byte: edit.span.end,
        replacement: &edit.replacement,
    }
}

fn related(related: &Related) -> JsonRelated<'_> {
    JsonRelated {
        path: &related.path,
        range: related.location.into(),
        message: &related.message,
    }
}

fn record(finding: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: finding.rule.name,
        code: finding.rule.code,
        severity: finding.severity.as_str(),
        path: &finding.path,
        range: finding.location.into(),
        message: &finding.message,
        help: finding.help.as_deref(),
        fix: finding.fix.as_ref().map(|fix| JsonFix {
            description: &fix.description,
            edits: fix.edits.iter().map(edit).collect(),
        }),
        related: finding.related.iter().map(related).collect(),
        fingerprint: fingerprint_text(finding.fingerprint),
    }
}

/// One JSON object per line, the same records as the array format.
pub fn write_lines(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for finding in findings {
        serde_json::to_writer(&mut out, &record(finding))?;
        writeln!(out)?;
    }
    out.flush()
}

pub fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    let records: Vec<JsonFinding> = findings.iter().map(record).collect();
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &records)?;
    writeln!(out)?;
    out.flush()
}
