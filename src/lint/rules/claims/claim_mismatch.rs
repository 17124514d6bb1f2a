use rayon::prelude::*;

use super::analysis::Variant;
use crate::declare_rule;
use crate::lint::{AnalysisContext, AnalysisRule, Finding, Related};

declare_rule! {
    /// ## What it does
    /// Checks statements against the canonical claims a site declares in
    /// `[claims]` of its `tclint.toml` (none are shipped: they are one
    /// site's facts; `examples/trustcenter.toml` declares where customer
    /// data is stored, who operates the service and which regions exist,
    /// and the rule reports nothing on a site that declares none). Each
    /// claim has a topic, trigger patterns in both languages, the canonical
    /// values and the values that contradict them. A statement that
    /// triggers a topic and names a contradicting value without a canonical
    /// one is reported, with the canonical claim in help. Every copy of the
    /// same wording is one diagnostic.
    ///
    /// ## Why it matters
    /// Some facts are the reason the site exists: a trust site saying data
    /// is stored "in datacenters around the globe" when the service runs
    /// only in mainland China misleads every reader who relies on it.
    ///
    /// ## Example
    /// ```text
    /// Your data is stored in an ever-expanding network of data centers around the globe.
    /// ```
    ///
    /// ## Fix
    /// Reword the statement to the canonical claim, or, if the claim changed,
    /// update `[claims]` in tclint.toml.
    pub struct ClaimMismatch {
        name: "claim-mismatch",
        code: "TC305",
        family: Claims,
        severity: Warning,
        fix: Never,
        summary: "a statement contradicting a canonical claim",
        preview: true,
    }
}

impl AnalysisRule for ClaimMismatch {
    /// Variants in parallel; each asks first whether it names a conflicting
    /// value at all (most do not), see [`crate::lint::rules::claims::patterns`].
    fn check_analysis(&self, cx: &AnalysisContext<'_>, out: &mut Vec<Finding>) {
        let variants = &cx.analysis().variants;
        let findings: Vec<Finding> = variants
            .par_iter()
            .flat_map_iter(|variant| mismatches(cx, variant))
            .collect();
        out.extend(findings);
    }
}

/// The findings of one variant (distinct wording), one per claim it
/// contradicts.
fn mismatches(cx: &AnalysisContext<'_>, variant: &Variant) -> Vec<Finding> {
    let site = cx.site;
    let mut out = Vec::new();
    let text = variant.occurrences[0].text(site);
    for claim in &cx.data.claims.claims {
        // Most statements name no conflicting value: that is asked first.
        if !claim.names_conflicting.is_match(text)
            || !claim.triggers.is_match(text)
            || claim.canonical.is_match(text)
        {
            continue;
        }
        let Some(said) = claim.conflicting.iter().find_map(|c| c.find(text)) else {
            continue;
        };
        let Some(at) = variant.occurrences.iter().find(|o| cx.reported(o.page)) else {
            continue;
        };
        let copies = variant.occurrences.len();
        let mut finding = Finding::new(
            &ClaimMismatch::META,
            &at.page(site).path,
            at.span(site),
            format!(
                "about {}, this statement says \"{}\"{}",
                claim.topic,
                said.as_str(),
                if copies > 1 {
                    format!(" (same wording on {copies} pages)")
                } else {
                    String::new()
                }
            ),
        )
        .with_label(format!("says: {text}"))
        .with_subject(text)
        .with_help(format!("canonical claim: {}", claim.statement));
        for other in variant.occurrences.iter().filter(|o| *o != at).take(12) {
            finding.related.push(Related {
                path: other.page(site).path.clone(),
                span: other.span(site),
                message: "same wording".to_owned(),
                location: Default::default(),
            });
        }
        out.push(finding);
    }
    out
}
