//! Baselines: adopting tclint on a site with hundreds of findings without
//! turning rules off. `--write-baseline FILE` records today's findings;
//! `--baseline FILE` reports only findings not in it.
//!
//! Findings are matched by rule, path and fingerprint (the offending text,
//! not its line), so edits elsewhere in a page do not resurface them; each
//! recorded finding excuses one finding.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::lint::Finding;

/// A baseline file that cannot be read, understood or written.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read the baseline {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{} is not a tclint baseline: {source}", path.display())]
    NotABaseline {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: baseline version {version} is not supported", path.display())]
    UnsupportedVersion { path: PathBuf, version: u32 },
    #[error("{0}")]
    Serialize(#[from] serde_json::Error),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

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
pub fn write(path: &Path, findings: &[Finding]) -> Result<(), BaselineError> {
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
    let json = serde_json::to_string_pretty(&file)? + "\n";
    crate::shared::atomic::write_atomically(path, json.as_bytes()).map_err(|source| BaselineError::Write {
        path: path.to_owned(),
        source,
    })
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        let file: BaselineFile =
            serde_json::from_str(&text).map_err(|source| BaselineError::NotABaseline {
                path: path.to_owned(),
                source,
            })?;
        if file.version != VERSION {
            return Err(BaselineError::UnsupportedVersion {
                path: path.to_owned(),
                version: file.version,
            });
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
