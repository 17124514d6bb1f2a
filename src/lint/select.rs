//! `--select` / `--ignore`: rules by name, code, code prefix or family.

use std::collections::HashMap;

use super::rules::REGISTRY;
use super::{Family, Finding, Rule, Severity};
use crate::config::RuleLevel;

/// A selector of `--select`, `--ignore` or `[rules]` that names no rule.
/// The texts are what the CLI prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error("unknown rule `{selector}` (`tclint rules` lists them)")]
    Unknown { selector: String },
    /// With the closest rule name, family or code.
    #[error("unknown rule `{selector}`: did you mean `{suggestion}`? (`tclint rules` lists them)")]
    UnknownLike {
        selector: String,
        suggestion: &'static str,
    },
}

/// The rules a run uses and the severities the configuration imposes.
pub struct Plan {
    /// In registry order.
    pub rules: Vec<Rule>,
    /// Rule code -> severity for all its findings.
    pub severities: HashMap<&'static str, Severity>,
}

impl Plan {
    /// From `--select`/`--ignore` (and their `[lint]` defaults) and the
    /// `[rules]` table of the configuration: `off` removes a rule, `error` or
    /// `warning` sets the severity of all its findings.
    pub fn new(
        select: &[String],
        ignore: &[String],
        levels: &[(String, RuleLevel)],
    ) -> Result<Plan, SelectError> {
        let mut rules = self::select(select, ignore)?;
        let mut severities = HashMap::new();
        for (name, level) in levels {
            let targets = matching(name)?;
            match level {
                RuleLevel::Off => rules.retain(|rule| !targets.iter().any(|t| t.is(*rule))),
                RuleLevel::Error | RuleLevel::Warning => {
                    let severity = if *level == RuleLevel::Error {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    for target in targets {
                        severities.insert(target.meta().code, severity);
                    }
                }
            }
        }
        Ok(Plan { rules, severities })
    }

    /// Every rule, default severities.
    pub fn all() -> Plan {
        Plan {
            rules: REGISTRY.to_vec(),
            severities: HashMap::new(),
        }
    }

    /// Whether a rule (by name or code, any case) runs.
    pub fn runs(&self, rule: &str) -> bool {
        self.rules
            .iter()
            .any(|r| r.meta().name.eq_ignore_ascii_case(rule) || r.meta().code.eq_ignore_ascii_case(rule))
    }

    /// Whether a rule of the claims family runs: the parser must then keep
    /// the visible text and the claims analysis is computed.
    pub fn needs_claims(&self) -> bool {
        self.rules.iter().any(|rule| rule.meta().family == Family::Claims)
    }

    /// Whether every rule of the registry runs.
    pub fn runs_all(&self) -> bool {
        self.rules.len() == REGISTRY.len()
    }

    pub fn apply_severities(&self, findings: &mut [Finding]) {
        if self.severities.is_empty() {
            return;
        }
        for finding in findings {
            if let Some(&severity) = self.severities.get(finding.rule.code) {
                finding.severity = severity;
            }
        }
    }
}

/// The rules a run uses, in registry order.
pub fn select(select: &[String], ignore: &[String]) -> Result<Vec<Rule>, SelectError> {
    let selected: Vec<Rule> = if select.is_empty() {
        REGISTRY.to_vec()
    } else {
        let mut chosen = Vec::new();
        for selector in select {
            chosen.extend(matching(selector)?);
        }
        REGISTRY
            .iter()
            .copied()
            .filter(|rule| chosen.iter().any(|c| c.is(*rule)))
            .collect()
    };
    let mut ignored = Vec::new();
    for selector in ignore {
        ignored.extend(matching(selector)?);
    }
    Ok(selected
        .into_iter()
        .filter(|rule| !ignored.iter().any(|i| i.is(*rule)))
        .collect())
}

/// Rules matching one selector; an unknown selector is an error with a suggestion.
fn matching(selector: &str) -> Result<Vec<Rule>, SelectError> {
    let selector = selector.trim();
    if selector.eq_ignore_ascii_case("all") {
        return Ok(REGISTRY.to_vec());
    }
    let upper = selector.to_ascii_uppercase();
    let found: Vec<Rule> = REGISTRY
        .iter()
        .copied()
        .filter(|rule| {
            let meta = rule.meta();
            meta.name == selector
                || meta.family.name() == selector
                || (upper.starts_with("TC") && meta.code.starts_with(upper.as_str()))
        })
        .collect();
    if found.is_empty() {
        return Err(unknown_selector(selector));
    }
    Ok(found)
}

fn unknown_selector(selector: &str) -> SelectError {
    let names = REGISTRY
        .iter()
        .flat_map(|rule| [rule.meta().name, rule.meta().family.name(), rule.meta().code]);
    let best = names
        .map(|name| (strsim::levenshtein(name, selector), name))
        .min()
        .filter(|(distance, _)| *distance <= 3);
    let selector = selector.to_owned();
    match best {
        Some((_, suggestion)) => SelectError::UnknownLike { selector, suggestion },
        None => SelectError::Unknown { selector },
    }
}

/// Splits comma-separated selector lists (`--select a,b --select c`).
pub fn split_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rules: &[Rule]) -> Vec<&'static str> {
        rules.iter().map(|rule| rule.meta().name).collect()
    }

    #[test]
    fn by_name_code_prefix_and_family() {
        assert_eq!(
            names(&select(&["broken-anchor".into()], &[]).unwrap()),
            ["broken-anchor"]
        );
        assert_eq!(
            names(&select(&["TC102".into()], &[]).unwrap()),
            ["missing-target"]
        );
        let links = select(&["links".into()], &[]).unwrap();
        assert!(names(&links).contains(&"stale-host"));
        assert!(!names(&links).contains(&"duplicate-id"));
        let tc1 = select(&["tc1".into()], &[]).unwrap();
        assert_eq!(names(&tc1), names(&links));
    }

    #[test]
    fn ignore_wins() {
        let rules = select(&["links".into()], &["empty-link".into()]).unwrap();
        assert!(!names(&rules).contains(&"empty-link"));
        assert!(names(&rules).contains(&"broken-anchor"));
    }

    #[test]
    fn unknown_names_suggest() {
        let error = select(&["broken-anchors".into()], &[]).err().unwrap().to_string();
        assert!(error.contains("did you mean `broken-anchor`"), "{error}");
    }
}
