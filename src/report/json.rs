//! A JSON array of findings with exact positions, for scripts and CI.

use std::io::{self, Write};

use serde::Serialize;

use super::Sources;
use crate::lint::Finding;
use crate::span::Span;

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

/// (line, column, end line, end column); 1:1 when the source is unreadable.
fn positions(sources: &mut Sources, path: &str, span: Span) -> (usize, usize, usize, usize) {
    match sources.get(path) {
        Some(source) => {
            let (start, end) = source.range(span);
            (start.line, start.column, end.line, end.column)
        }
        None => (1, 1, 1, 1),
    }
}

pub fn write(findings: &[Finding], sources: &mut Sources, out: &mut dyn Write) -> io::Result<()> {
    let mut records = Vec::with_capacity(findings.len());
    for finding in findings {
        let (line, column, end_line, end_column) = positions(sources, &finding.path, finding.span);
        let fix = finding.fix.as_ref().map(|fix| JsonFix {
            description: &fix.description,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (line, column, end_line, end_column) = positions(sources, &finding.path, edit.span);
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
                let (line, column, end_line, end_column) = positions(sources, &related.path, related.span);
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
    serde_json::to_writer_pretty(&mut *out, &records)?;
    writeln!(out)
}
