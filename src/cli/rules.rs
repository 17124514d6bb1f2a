//! `tclint rules` and `tclint rule NAME`.

use std::io::Write;

use serde::Serialize;

use super::{EXIT_FAILURE, EXIT_OK, Failure, RulesFormat};
use crate::lint::rules::{REGISTRY, find};
use crate::lint::{Fixability, RuleMeta};

#[derive(Serialize)]
struct RuleRecord<'a> {
    name: &'a str,
    code: &'a str,
    family: &'a str,
    severity: &'a str,
    fixable: bool,
    /// Reports only with `--online`.
    online: bool,
    /// Runs only with `--preview` or when named.
    preview: bool,
    summary: &'a str,
}

fn record(meta: &RuleMeta) -> RuleRecord<'_> {
    RuleRecord {
        name: meta.name,
        code: meta.code,
        family: meta.family.name(),
        severity: meta.severity.as_str(),
        fixable: meta.fix == Fixability::Sometimes,
        online: meta.online,
        preview: meta.preview,
        summary: meta.summary,
    }
}

pub(super) fn list(format: RulesFormat, out: &mut dyn Write) -> Result<u8, Failure> {
    match format {
        RulesFormat::Json => {
            let records: Vec<RuleRecord> = REGISTRY.iter().map(|rule| record(rule.meta())).collect();
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
        RulesFormat::Text => {
            let width = REGISTRY
                .iter()
                .map(|rule| rule.meta().name.len())
                .max()
                .unwrap_or(4);
            writeln!(
                out,
                "{:<6} {:<width$} {:<7} {:<8} {:<4} summary",
                "code", "name", "family", "severity", "fix"
            )?;
            for rule in REGISTRY {
                let meta = rule.meta();
                let fix = if meta.fix == Fixability::Sometimes {
                    "yes"
                } else {
                    "-"
                };
                let online = match (meta.preview, meta.online) {
                    (true, true) => "preview, --online: ",
                    (true, false) => "preview: ",
                    (false, true) => "--online: ",
                    (false, false) => "",
                };
                writeln!(
                    out,
                    "{:<6} {:<width$} {:<7} {:<8} {:<4} {online}{}",
                    meta.code,
                    meta.name,
                    meta.family.name(),
                    meta.severity.as_str(),
                    fix,
                    meta.summary
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn show(name: &str, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Failure> {
    let Some(rule) = find(name) else {
        let best = REGISTRY
            .iter()
            .map(|rule| (strsim::levenshtein(rule.meta().name, name), rule.meta().name))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        let hint = best
            .map(|(_, n)| format!(": did you mean `{n}`?"))
            .unwrap_or_default();
        writeln!(
            err,
            "tclint: unknown rule `{name}`{hint} (`tclint rules` lists them)"
        )?;
        return Ok(EXIT_FAILURE);
    };
    let meta = rule.meta();
    let fix = if meta.fix == Fixability::Sometimes {
        "safe fix available for some cases"
    } else {
        "no automatic fix"
    };
    let mut online = if meta.online {
        " Reports only with `tclint check --online`.".to_owned()
    } else {
        String::new()
    };
    if meta.preview {
        online.push_str(
            " In preview: not yet shown to hold on sites it was not developed on; \
             runs with `tclint check --preview` or when selected by name.",
        );
    }
    writeln!(
        out,
        "# {} ({})\n\nFamily: {}. Default severity: {}. {}.{online}\n\n{}",
        meta.name,
        meta.code,
        meta.family.name(),
        meta.severity.as_str(),
        fix,
        meta.documentation()
    )?;
    Ok(EXIT_OK)
}
