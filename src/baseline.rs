//! Baselines: adopting tclint on a site with hundreds of findings without
//! turning rules off. `--write-baseline FILE` records today's findings;
//! `--baseline FILE` reports only findings not in it.
//!
//! Findings are matched by rule, path and fingerprint (the offending text,
//! not its line), so edits elsewhere in a page do not resurface them; each
//! recorded finding excuses one finding.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::lint::Finding;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    #[serde(rename = "tclint-baseline")]
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    rule: String,
    path: String,
    fingerprint: String,
    /// For people reading the file; not used for matching.
    message: String,
}

/// Known findings, by (rule, path, fingerprint), with how many are known.
pub struct Baseline {
    known: HashMap<(String, String, String), usize>,
}

pub fn fingerprint_text(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}

/// Writes today's findings as a baseline.
pub fn write(path: &Path, findings: &[Finding]) -> Result<(), String> {
    let file = BaselineFile {
        version: VERSION,
        findings: findings
            .iter()
            .map(|f| Entry {
                rule: f.rule.name.to_owned(),
                path: f.path.to_string(),
                fingerprint: fingerprint_text(f.fingerprint),
                message: f.message.clone(),
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())? + "\n";
    crate::shared::atomic::write_atomically(path, json.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a tclint baseline: {e}", path.display()))?;
        if file.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported",
                path.display(),
                file.version
            ));
        }
        let mut known = HashMap::new();
        for entry in file.findings {
            *known
                .entry((entry.rule, entry.path, entry.fingerprint))
                .or_insert(0) += 1;
        }
        Ok(Baseline { known })
    }

    /// Removes the known findings; returns how many were removed.
    pub fn filter(&mut self, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        findings.retain(|f| {
            let key = (
                f.rule.name.to_owned(),
                f.path.to_string(),
                fingerprint_text(f.fingerprint),
            );
            match self.known.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }
}
