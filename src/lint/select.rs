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
    /// Selectors (`claims`, `all`, `TC3`) that matched preview rules left
    /// out for want of `--preview`, with those rules: the CLI says so.
    pub preview_left_out: Vec<(String, Vec<&'static str>)>,
}

/// What a run selects: `--select`, `--ignore` (and their `[lint]`
/// defaults), the `[rules]` levels, and whether preview rules may run.
#[derive(Default)]
pub struct Selection<'a> {
    pub select: &'a [String],
    pub ignore: &'a [String],
    pub levels: &'a [(String, RuleLevel)],
    /// `--preview` or `[lint] preview`: rules in preview run like the
    /// others. Without it, a preview rule runs only when named exactly.
    pub preview: bool,
}

impl Plan {
    /// From `--select`/`--ignore` (and their `[lint]` defaults) and the
    /// `[rules]` table of the configuration: `off` removes a rule, `error` or
    /// `warning` sets the severity of all its findings.
    pub fn new(selection: &Selection<'_>) -> Result<Plan, SelectError> {
        let (mut rules, preview_left_out) = self::select(selection)?;
        let mut severities = HashMap::new();
        for (name, level) in selection.levels {
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
        Ok(Plan {
            rules,
            severities,
            preview_left_out,
        })
    }

    /// Every rule, preview rules too, default severities.
    pub fn all() -> Plan {
        Plan {
            rules: REGISTRY.to_vec(),
            severities: HashMap::new(),
            preview_left_out: Vec::new(),
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

    /// Whether a rule reads the pages' vocabularies.
    pub fn needs_vocabulary(&self) -> bool {
        self.rules.iter().any(|rule| rule.meta().reads_vocabulary)
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

/// Preview rules a selector matched but leaves out, by selector.
type LeftOut = Vec<(String, Vec<&'static str>)>;

/// The rules a run uses, in registry order, and the preview rules left out.
pub fn select(selection: &Selection<'_>) -> Result<(Vec<Rule>, LeftOut), SelectError> {
    let mut left_out = Vec::new();
    let selected: Vec<Rule> = if selection.select.is_empty() {
        REGISTRY
            .iter()
            .copied()
            .filter(|rule| selection.preview || !rule.meta().preview)
            .collect()
    } else {
        let mut chosen = Vec::new();
        for selector in selection.select {
            let (kept, dropped): (Vec<Rule>, Vec<Rule>) = matching(selector)?.into_iter().partition(|rule| {
                selection.preview || !rule.meta().preview || names_exactly(*rule, selector)
            });
            if !dropped.is_empty() {
                left_out.push((
                    selector.clone(),
                    dropped.iter().map(|rule| rule.meta().name).collect(),
                ));
            }
            chosen.extend(kept);
        }
        REGISTRY
            .iter()
            .copied()
            .filter(|rule| chosen.iter().any(|c| c.is(*rule)))
            .collect()
    };
    let mut ignored = Vec::new();
    for selector in selection.ignore {
        ignored.extend(matching(selector)?);
    }
    let rules = selected
        .into_iter()
        .filter(|rule| !ignored.iter().any(|i| i.is(*rule)))
        .collect();
    Ok((rules, left_out))
}

/// Whether `selector` is the rule's own name or code (not its family or a
/// code prefix): naming a preview rule runs it.
fn names_exactly(rule: Rule, selector: &str) -> bool {
    let selector = selector.trim();
    rule.meta().name == selector || rule.meta().code.eq_ignore_ascii_case(selector)
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

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| value.to_string()).collect()
    }

    /// The rules `--select` and `--ignore` give, preview rules included or not.
    fn select_with(select: &[&str], ignore: &[&str], preview: bool) -> Result<Vec<Rule>, SelectError> {
        let (select, ignore) = (strings(select), strings(ignore));
        let selection = Selection {
            select: &select,
            ignore: &ignore,
            levels: &[],
            preview,
        };
        super::select(&selection).map(|(rules, _)| rules)
    }

    fn select(select: &[&str], ignore: &[&str]) -> Result<Vec<Rule>, SelectError> {
        select_with(select, ignore, true)
    }

    #[test]
    fn by_name_code_prefix_and_family() {
        assert_eq!(
            names(&select(&["broken-anchor"], &[]).unwrap()),
            ["broken-anchor"]
        );
        assert_eq!(names(&select(&["TC102"], &[]).unwrap()), ["missing-target"]);
        let links = select(&["links"], &[]).unwrap();
        assert!(names(&links).contains(&"stale-host"));
        assert!(!names(&links).contains(&"duplicate-id"));
        let tc1 = select(&["tc1"], &[]).unwrap();
        assert_eq!(names(&tc1), names(&links));
    }

    #[test]
    fn ignore_wins() {
        let rules = select(&["links"], &["empty-link"]).unwrap();
        assert!(!names(&rules).contains(&"empty-link"));
        assert!(names(&rules).contains(&"broken-anchor"));
    }

    #[test]
    fn unknown_names_suggest() {
        let error = select(&["broken-anchors"], &[]).err().unwrap().to_string();
        assert!(error.contains("did you mean `broken-anchor`"), "{error}");
    }

    #[test]
    fn preview_rules_run_with_preview_or_when_named_exactly() {
        let preview: Vec<&str> = REGISTRY
            .iter()
            .filter(|r| r.meta().preview)
            .map(|r| r.meta().name)
            .collect();
        assert!(!preview.is_empty());
        let stable = select_with(&[], &[], false).unwrap();
        assert!(names(&stable).iter().all(|name| !preview.contains(name)));
        assert_eq!(names(&select_with(&[], &[], true).unwrap()).len(), REGISTRY.len());
        for selector in ["all", "claims", "TC3"] {
            let rules = select_with(&[selector], &[], false).unwrap();
            assert!(
                names(&rules).iter().all(|name| !preview.contains(name)),
                "{selector}"
            );
        }
        let named = select_with(&[preview[0]], &[], false).unwrap();
        assert_eq!(names(&named), [preview[0]]);
        let code = REGISTRY
            .iter()
            .find(|r| r.meta().name == preview[0])
            .unwrap()
            .meta()
            .code;
        assert_eq!(
            names(&select_with(&[&code.to_lowercase()], &[], false).unwrap()),
            [preview[0]]
        );
    }

    #[test]
    fn what_a_selector_left_out_is_told() {
        let select = strings(&["claims", "links"]);
        let selection = Selection {
            select: &select,
            ..Selection::default()
        };
        let plan = Plan::new(&selection).unwrap();
        assert_eq!(plan.preview_left_out.len(), 1);
        assert_eq!(plan.preview_left_out[0].0, "claims");
        assert!(plan.rules.iter().all(|rule| rule.meta().family == Family::Links));
    }
}
