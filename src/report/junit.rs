//! JUnit XML, for CI systems that show test reports: one test suite per
//! page with findings, one failing test case per finding.

use std::io::{self, Write};

use super::ReportOptions;
use crate::lint::Finding;

/// Escapes text for XML attributes and content.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn write(findings: &[Finding], options: &ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="tclint" tests="{0}" failures="{0}">"#,
        findings.len()
    )?;
    for page in findings.chunk_by(|a, b| a.path == b.path) {
        let path = xml(&format!("{}{}", options.path_prefix, page[0].path));
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{0}" failures="{0}">"#,
            page.len()
        )?;
        for finding in page {
            let start = finding.location.start;
            let case = format!(
                "{} {}:{}:{}",
                finding.rule.name, finding.path, start.line, start.column
            );
            writeln!(out, r#"    <testcase name="{}" classname="{path}">"#, xml(&case))?;
            let mut details = format!(
                "{}:{}:{}: {}",
                finding.path, start.line, start.column, finding.message
            );
            if let Some(help) = &finding.help {
                details.push_str("\nhelp: ");
                details.push_str(help);
            }
            writeln!(
                out,
                r#"      <failure type="{} ({})" message="{}">{}</failure>"#,
                finding.rule.name,
                finding.rule.code,
                xml(&finding.message),
                xml(&details)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")?;
    out.flush()
}
