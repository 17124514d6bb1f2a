use super::analysis::{ClaimGroup, Disagreement, Occurrence, diff, subjects};
use super::lexicon::MarkerKind;
use crate::declare_rule;
use crate::lint::{AnalysisContext, AnalysisRule, Finding, Related};

declare_rule! {
    /// ## What it does
    /// Finds near-duplicate statements (sentences, list items, table cells) in
    /// the same language, on different pages or on one page, that differ in
    /// claim-bearing words: numbers and dates, negation (not, never, 不, 没有),
    /// scope (exclusively, only, all, any, default, 仅, 所有), modality (will,
    /// may, must, 将, 可能, 必须) and named services or parties (the site's
    /// `[claims.entities]`). Numbers are read as people write them ("two" =
    /// 2 = ２ = 两; "2.1" opening a step and "step 6" are labels). Differences
    /// of case, punctuation, whitespace, markup, and rewordings without such
    /// words are not reported; nor are parallel statements about different
    /// things (a word naming something in place of another: "Traffic Chart"
    /// / "Bandwidth Chart"; pages with sibling titles), a question against
    /// its answer, modality stated on one side only ("will appear" /
    /// "appears"), text on pages no other page links to, "We" against the site's own party
    /// (`first-person`), a party named on one side only, services against
    /// generic wording or disjoint services (parallel statements), a shorter
    /// list on pages about what it names (the Azure page saying "Azure"), and
    /// sentences opening with a `pointer-openers` phrase ("Learn more
    /// about"). Every copy of the same wording is one location of one
    /// diagnostic, which shows the word diff against the other wording,
    /// names the majority when most copies hold one wording, and lists the
    /// other copies as related locations.
    ///
    /// ## Why it matters
    /// Legacy sites keep the same fact on many pages and in copies (`en-us/`,
    /// root) edited at different times. When the copies disagree about where
    /// data is stored or which services hold a certification, readers cannot
    /// tell which is true, and a trust site contradicts itself.
    ///
    /// ## Example
    /// ```text
    /// privacy/default.md:  21Vianet operates Azure in datacenters located exclusively in mainland China.
    /// en-us/privacy/...:   21Vianet operates Azure in datacenters located in mainland China.
    /// ```
    ///
    /// ## Fix
    /// Decide which wording is true and make every copy say it; where the
    /// difference is intended, reword so the statements no longer look like
    /// copies of each other, or suppress with a `tclint-disable` comment.
    pub struct DivergentClaim {
        name: "divergent-claim",
        code: "TC301",
        family: Claims,
        severity: Warning,
        fix: Never,
        summary: "near-duplicate statements that differ in a claim",
        preview: true,
    }
}

/// Related locations listed per diagnostic; the message gives the full count.
const MAX_RELATED: usize = 12;

impl AnalysisRule for DivergentClaim {
    fn check_analysis(&self, cx: &AnalysisContext<'_>, out: &mut Vec<Finding>) {
        for disagreement in cx.analysis().disagreements() {
            let majority = disagreement.majority().is_some();
            let reference = &disagreement.groups[0];
            for group in &disagreement.groups[1..] {
                if let Some(finding) = report(cx, disagreement, reference, group, majority) {
                    out.push(finding);
                }
            }
        }
    }
}

/// The variant of `group` most like one of `reference`, with that one.
fn closest(cx: &AnalysisContext<'_>, reference: &ClaimGroup, group: &ClaimGroup) -> Option<(u32, u32, f32)> {
    let mut best: Option<(u32, u32, f32)> = None;
    for &ours in &group.variants {
        for &theirs in &reference.variants {
            if let Some(score) = cx.analysis().similarity(ours, theirs)
                && best.is_none_or(|(_, _, b)| score > b)
            {
                best = Some((ours, theirs, score));
            }
        }
    }
    best
}

fn report(
    cx: &AnalysisContext<'_>,
    disagreement: &Disagreement,
    reference: &ClaimGroup,
    group: &ClaimGroup,
    majority: bool,
) -> Option<Finding> {
    // Only wordings directly alike are compared: a chain of small steps
    // through other wordings is not one statement.
    let (ours, theirs, _) = closest(cx, reference, group)?;
    let variants = &cx.analysis().variants;
    if diff::is_extension(&variants[theirs as usize].tokens, &variants[ours as usize].tokens) {
        return None;
    }
    let at = group.occurrences.iter().find(|o| cx.reported(o.page))?;
    let site = cx.site;
    let mut kinds = cx.analysis().differences(ours, theirs);
    if kinds.contains(&MarkerKind::Entity)
        && (scoped_to_page_subject(cx, group, ours, theirs)
            || scoped_to_page_subject(cx, reference, theirs, ours))
    {
        kinds.retain(|kind| *kind != MarkerKind::Entity);
    }
    if kinds.is_empty() {
        return None;
    }
    let their_text = cx.analysis().variants[theirs as usize].occurrences[0].text(site);
    let our_text = cx.analysis().variants[ours as usize].occurrences[0].text(site);
    if subjects::parallel_subjects(their_text, our_text, cx.analysis().lexicon)
        || on_sibling_pages(cx, at, &variants[theirs as usize].occurrences[0])
    {
        return None;
    }
    let what: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
    let copies = reference.occurrences.len();
    let others = disagreement.groups.len() - 1;
    let message = format!(
        "this statement differs in {} from {} {} elsewhere{}",
        what.join(" and "),
        copies,
        plural(copies, "copy", "copies"),
        if majority { " (the majority wording)" } else { "" },
    );
    let mut finding = Finding::new(&DivergentClaim::META, &at.page(site).path, at.span(site), message)
        .with_label(format!("says: {our_text}"))
        .with_subject(our_text)
        .with_help(format!(
            "word diff from the {} wording to this one: {}{}",
            if majority { "majority" } else { "other" },
            diff::word_diff(their_text, our_text),
            if others > 1 {
                format!(" ({} wordings of this statement in all)", others + 1)
            } else {
                String::new()
            }
        ));
    let same = group.occurrences.iter().filter(|o| *o != at);
    let same_count = group.occurrences.len() - 1;
    let mut related = Vec::new();
    for (index, occurrence) in reference.occurrences.iter().enumerate().take(MAX_RELATED) {
        let label = if majority {
            "majority wording"
        } else {
            "other wording"
        };
        related.push(related_at(
            cx,
            occurrence,
            format!("{label} ({}/{copies}): {their_text}", index + 1),
        ));
    }
    for (index, occurrence) in same.enumerate().take(MAX_RELATED / 2) {
        related.push(related_at(
            cx,
            occurrence,
            format!("same wording ({}/{same_count})", index + 1),
        ));
    }
    finding.related = related;
    Some(finding)
}

/// Whether `narrow` names fewer things than `wide` (no party replaced) only
/// because every page holding it is about what it names: "Azure is
/// operated by 21Vianet" on the Azure page against "Azure and Office 365
/// are operated by 21Vianet" on a general page is the same claim, scoped.
fn scoped_to_page_subject(cx: &AnalysisContext<'_>, group: &ClaimGroup, narrow: u32, wide: u32) -> bool {
    let lexicon = cx.analysis().lexicon;
    let features = |variant: u32| &cx.analysis().variants[variant as usize].features;
    let (narrow, wide) = (features(narrow), features(wide));
    if narrow.party_replaced(wide, lexicon) {
        return false; // reported whatever the page
    }
    let (named, wide_named) = (narrow.named(lexicon, false), wide.named(lexicon, false));
    if named.is_empty() || named.len() == wide_named.len() || !named.iter().all(|e| wide_named.contains(e)) {
        return false;
    }
    group.occurrences.iter().all(|occurrence| {
        let subjects = page_subjects(cx, occurrence.page);
        named.iter().all(|e| subjects.contains(e))
    })
}

/// The entities a page is about, by its file name (`azure-cn.md`,
/// `office365security.md`, `powerbi-security.md`): names are often glued
/// to other words there, so aliases are found anywhere in it.
fn page_subjects(cx: &AnalysisContext<'_>, page: u32) -> Vec<usize> {
    let lexicon = cx.analysis().lexicon;
    let path = &cx.site.pages[page as usize].path;
    let stem = path.rsplit('/').next().unwrap_or(path).replace(['-', '_'], " ");
    lexicon
        .alias_finder
        .find_overlapping_iter(&stem)
        .map(|found| lexicon.aliases[found.pattern().as_usize()].1)
        .collect()
}

/// Whether two statements stand on pages about different things: pages
/// whose titles are siblings ([`subjects::sibling_titles`]).
fn on_sibling_pages(cx: &AnalysisContext<'_>, ours: &Occurrence, theirs: &Occurrence) -> bool {
    let title = |occurrence: &Occurrence| occurrence.page(cx.site).title.as_deref().map(str::trim);
    match (title(ours), title(theirs)) {
        (Some(a), Some(b)) => subjects::sibling_titles(a, b, cx.analysis().lexicon),
        _ => false,
    }
}

fn related_at(cx: &AnalysisContext<'_>, occurrence: &Occurrence, message: String) -> Related {
    cx.related(occurrence.page, occurrence.span(cx.site), message)
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
