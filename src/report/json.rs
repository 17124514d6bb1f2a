//! A JSON array of findings with exact positions, for scripts and CI.

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::Finding;
use crate::source::Location;

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// Byte offsets into the file.
    start_byte: u32,
    end_byte: u32,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

/// (line, column, end line, end column).
fn positions(location: Location) -> (usize, usize, usize, usize) {
    (
        location.start.line,
        location.start.column,
        location.end.line,
        location.end.column,
    )
}

pub fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    let mut records = Vec::with_capacity(findings.len());
    for finding in findings {
        let (line, column, end_line, end_column) = positions(finding.location);
        let fix = finding.fix.as_ref().map(|fix| JsonFix {
            description: &fix.description,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (line, column, end_line, end_column) = positions(edit.location);
                    JsonEdit {
                        line,
                        column,
                        end_line,
                        end_column,
                        start_byte: edit.span.start,
                        end_byte: edit.span.end,
                        replacement: &edit.replacement,
                    }
                })
                .collect(),
        });
        let related = finding
            .related
            .iter()
            .map(|related| {
                let (line, column, end_line, end_column) = positions(related.location);
                JsonRelated {
                    path: &related.path,
                    line,
                    column,
                    end_line,
                    end_column,
                    message: &related.message,
                }
            })
            .collect();
        records.push(JsonFinding {
            rule: finding.rule.name,
            code: finding.rule.code,
            severity: finding.severity.as_str(),
            path: &finding.path,
            line,
            column,
            end_line,
            end_column,
            message: &finding.message,
            help: finding.help.as_deref(),
            fix,
            related,
        });
    }
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &records)?;
    writeln!(out)?;
    out.flush()
}
