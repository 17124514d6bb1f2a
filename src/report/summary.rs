//! The closing line of human reports: counts per rule, fixable count.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::lint::{Finding, Severity};

/// Facts about the run the findings alone do not tell.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages_checked: usize,
    pub pages_in_site: usize,
    /// Fixes applied by `--fix` in this run.
    pub fixed: usize,
    pub files_fixed: usize,
    /// Findings hidden because the baseline records them.
    pub baselined: usize,
    /// External links checked with `--online`.
    pub online: Option<crate::online::Stats>,
}

impl Summary {
    pub fn write(&self, findings: &[Finding], color: bool, out: &mut dyn Write) -> io::Result<()> {
        let (bold, reset) = if color { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
        if self.fixed > 0 {
            writeln!(
                out,
                "{bold}Fixed {} problem(s) in {} file(s).{reset}",
                self.fixed, self.files_fixed
            )?;
        }
        let pages = plural(self.pages_checked, "page");
        if let Some(online) = &self.online {
            writeln!(
                out,
                "Checked {} online ({} from the cache, {}).",
                plural(online.urls, "external URL"),
                online.from_cache,
                plural(online.requests, "request")
            )?;
        }
        if self.baselined > 0 {
            writeln!(
                out,
                "{} known from the baseline, not shown.",
                plural(self.baselined, "finding")
            )?;
        }
        if findings.is_empty() {
            return writeln!(
                out,
                "{bold}All checks passed{reset} ({pages}, site of {}).",
                self.pages_in_site
            );
        }
        let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
        let warnings = findings.len() - errors;
        let mut per_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for finding in findings {
            *per_rule
                .entry((finding.rule.code, finding.rule.name))
                .or_default() += 1;
        }
        let counts: Vec<String> = per_rule
            .iter()
            .map(|((_, name), count)| format!("{name} {count}"))
            .collect();
        writeln!(
            out,
            "{bold}Found {} ({}, {}) in {pages}:{reset} {}",
            plural(findings.len(), "problem"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            counts.join(", ")
        )?;
        let fixable = findings.iter().filter(|f| f.fix.is_some()).count();
        if fixable > 0 {
            writeln!(
                out,
                "{fixable} fixable with `tclint check --fix` (preview with `--diff`)."
            )?;
        }
        Ok(())
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
