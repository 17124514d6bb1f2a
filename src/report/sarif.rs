//! SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and
//! others): the rules that ran, each finding with its region, related
//! locations, a stable fingerprint and its fix.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::ReportOptions;
use crate::baseline::fingerprint_text;
use crate::lint::{Finding, RuleMeta, Severity};
use crate::source::Location;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn region(location: Location) -> Value {
    json!({
        "startLine": location.start.line,
        "startColumn": location.start.column,
        "endLine": location.end.line,
        "endColumn": location.end.column,
    })
}

fn artifact(options: &ReportOptions, path: &str) -> Value {
    json!({ "uri": format!("{}{path}", options.path_prefix), "uriBaseId": "%SRCROOT%" })
}

fn rule(meta: &RuleMeta, options: &ReportOptions) -> Value {
    let documentation = meta.documentation();
    let mut rule = json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": documentation },
        "help": { "text": documentation, "markdown": documentation },
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": { "family": meta.family.name(), "tags": [meta.family.name()] },
    });
    if let Some(base) = &options.docs_url {
        rule["helpUri"] = json!(format!("{base}#{}", meta.name));
    }
    rule
}

fn result(finding: &Finding, rule_index: usize, options: &ReportOptions) -> Value {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push('\n');
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": finding.rule.code,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(options, &finding.path),
                "region": region(finding.location),
            }
        }],
        "partialFingerprints": { "tclint/v1": fingerprint_text(finding.fingerprint) },
    });
    if !finding.related.is_empty() {
        result["relatedLocations"] = finding
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                json!({
                    "id": id + 1,
                    "physicalLocation": {
                        "artifactLocation": artifact(options, &related.path),
                        "region": region(related.location),
                    },
                    "message": { "text": related.message },
                })
            })
            .collect();
    }
    if let Some(fix) = &finding.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| json!({ "deletedRegion": region(edit.location), "insertedContent": { "text": edit.replacement } }))
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.description },
            "artifactChanges": [{ "artifactLocation": artifact(options, &finding.path), "replacements": replacements }],
        }]);
    }
    result
}

pub fn write(findings: &[Finding], options: &ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = options.rules.iter().map(|meta| rule(meta, options)).collect();
    let index_of = |code: &str| {
        options
            .rules
            .iter()
            .position(|meta| meta.code == code)
            .unwrap_or(0)
    };
    let results: Vec<Value> = findings
        .iter()
        .map(|f| result(f, index_of(f.rule.code), options))
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "tclint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &sarif)?;
    writeln!(out)?;
    out.flush()
}
