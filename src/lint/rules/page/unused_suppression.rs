use crate::declare_rule;
use crate::lint::{Finding, Plan, SuppressionRule, rules};
use crate::page::Page;

declare_rule! {
    /// ## What it does
    /// Reports inline suppressions (`<!-- tclint-disable-next-line RULE -->`,
    /// `tclint-disable`, `tclint-disable-file`) that silenced nothing in this
    /// run, and suppressions naming a rule that does not exist. A suppression
    /// of a rule that was not selected for the run is left alone: it cannot be
    /// judged.
    ///
    /// ## Why it matters
    /// Suppressions outlive the problems they were written for. A stale one
    /// hides the next real problem at the same place, and a misspelled rule
    /// name silences nothing while looking as if it did.
    ///
    /// ## Example
    /// ```html
    /// <!-- tclint-disable-next-line stale-host -- preview build -->
    /// <a href="https://www.trustcenter.cn/privacy/">Privacy</a>   <!-- no staging host any more -->
    /// ```
    ///
    /// ## Fix
    /// Remove the suppression, or correct the rule name.
    pub struct UnusedSuppression {
        name: "unused-suppression",
        code: "TC002",
        family: Page,
        severity: Warning,
        fix: Never,
        summary: "an inline suppression that silences nothing, or names an unknown rule",
    }
}

impl SuppressionRule for UnusedSuppression {
    fn check_suppressions(&self, page: &Page, used: &[bool], plan: &Plan, out: &mut Vec<Finding>) {
        for (suppression, &used) in page.suppressions.iter().zip(used) {
            let rule = &*suppression.rule;
            let message = if rule != "all" && rules::find(rule).is_none() {
                format!("`{rule}` is not a tclint rule: this suppression silences nothing")
            } else if used {
                continue;
            } else if (rule == "all" && plan.runs_all()) || (rule != "all" && plan.runs(rule)) {
                format!("the suppression of `{rule}` is unused: there is no such finding here")
            } else {
                continue;
            };
            out.push(
                Finding::new(&Self::META, &page.path, suppression.directive, message)
                    .with_label("unused suppression")
                    .with_help("remove it, or correct the rule name (`tclint rules` lists them)"),
            );
        }
    }
}
