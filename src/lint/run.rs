//! The lint pass: every selected rule on every asked page, in parallel;
//! then inline suppressions, severity overrides, positions and fingerprints.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{
    AcrossRule, AnalysisContext, AnalysisRule, ClaimsContext, Finding, Inputs, Opens, PageContext, Rule,
    resolve_links,
};
use crate::config::Config;
use crate::page::Page;
use crate::site::Site;
use crate::site::twins::Twins;
use crate::source::{Decoding, Locator, SourceFile};

/// Runs the plan's rules on the pages at `pages` (indexes into
/// `site.pages`), in parallel. The result is sorted: the same whatever the
/// thread count.
///
/// Three steps: the per-page rules (each page's links resolved once, and
/// summarized for the claims rules); the rules across the site; then,
/// per page again, inline suppressions, severities and positions.
pub fn check(inputs: &Inputs<'_>, pages: &[usize], in_scope: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Finding> {
    let Inputs { site, plan, .. } = *inputs;
    let needs_claims = plan.needs_claims();
    // Rules read every page's twins, and a page's twins again for each link
    // to it: they are found once.
    let twins = if plan.rules.iter().any(|rule| rule.meta().reads_twins) {
        crate::site::twins::twins(site, inputs.config)
    } else {
        Vec::new()
    };
    let (mut per_page, opened): (Vec<Vec<Finding>>, Vec<Vec<Opens>>) = pages
        .par_iter()
        .map(|&page_index| check_page(inputs, page_index, &twins))
        .unzip();
    let across = plan
        .rules
        .iter()
        .any(|rule| matches!(rule, Rule::Across(_) | Rule::Analysis(_)));
    if across {
        // What links open is read by the claims rules only.
        let mut link_targets: Vec<Vec<Opens>> = vec![Vec::new(); site.pages.len()];
        if needs_claims {
            for (&page_index, opens) in pages.iter().zip(opened) {
                link_targets[page_index] = opens;
            }
            fill_link_targets(inputs, pages, &mut link_targets);
        }
        across_findings(inputs, pages, (&link_targets, &twins), &mut per_page);
    }
    let mut findings: Vec<Finding> = pages
        .par_iter()
        .zip(per_page)
        .flat_map_iter(|(&page_index, mut out)| {
            let page = &site.pages[page_index];
            let used = apply_suppressions(page, &mut out);
            for rule in &plan.rules {
                if let Rule::Suppressions(rule) = rule {
                    rule.check_suppressions(page, &used, plan, &mut out);
                }
            }
            plan.apply_severities(&mut out);
            if inputs.locate {
                locate(site, inputs.config, &page.path, &mut out);
            }
            out
        })
        .collect();
    let mut site_findings = Vec::new();
    for rule in plan.rules.iter().filter_map(|rule| rule.per_site()) {
        rule.check_site(site, in_scope, &mut site_findings);
    }
    plan.apply_severities(&mut site_findings);
    findings.extend(site_findings);
    withhold_fixes_of_decoded_pages(site, &mut findings);
    findings.par_sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// The per-page rules on one page, and (for the claims rules) what its
/// links open.
fn check_page(inputs: &Inputs<'_>, page_index: usize, twins: &Twins) -> (Vec<Finding>, Vec<Opens>) {
    let Inputs {
        site,
        config,
        data,
        plan,
        online,
        ..
    } = *inputs;
    let page = &site.pages[page_index];
    let links = resolve_links(page, site, config);
    let cx = PageContext {
        page,
        page_index,
        site,
        config,
        data,
        links: &links,
        online,
        twins: None,
    };
    let with_twins = PageContext {
        twins: Some(twins),
        ..cx
    };
    let mut out = Vec::new();
    for rule in plan.rules.iter().filter_map(|rule| rule.per_page()) {
        let cx = if rule.meta().reads_twins { &with_twins } else { &cx };
        rule.check(cx, &mut out);
    }
    let opens = if plan.needs_claims() {
        links.iter().map(Opens::of).collect()
    } else {
        Vec::new()
    };
    (out, opens)
}

/// The claims rules read every page's links, also those of pages not
/// asked for: resolves the ones the per-page step did not.
fn fill_link_targets(inputs: &Inputs<'_>, pages: &[usize], link_targets: &mut [Vec<Opens>]) {
    let site = inputs.site;
    let mut asked = vec![false; site.pages.len()];
    for &page in pages {
        asked[page] = true;
    }
    link_targets
        .par_iter_mut()
        .enumerate()
        .filter(|(index, _)| !asked[*index])
        .for_each(|(index, opens)| {
            let page = &site.pages[index];
            *opens = resolve_links(page, site, inputs.config)
                .iter()
                .map(Opens::of)
                .collect();
        });
}

/// Adds the findings of the rules across pages to the lists of `per_page`
/// (one per page of `pages`, same order).
fn across_findings(
    inputs: &Inputs<'_>,
    pages: &[usize],
    (link_targets, twins): (&[Vec<Opens>], &Twins),
    per_page: &mut [Vec<Finding>],
) {
    let site = inputs.site;
    let mut in_scope = vec![false; site.pages.len()];
    let mut slot = vec![usize::MAX; site.pages.len()];
    for (position, &page) in pages.iter().enumerate() {
        in_scope[page] = true;
        slot[page] = position;
    }
    let cx = ClaimsContext {
        site,
        config: inputs.config,
        data: inputs.data,
        link_targets,
        in_scope: &in_scope,
        twins: None,
    };
    let with_twins = |reads_twins: bool| ClaimsContext {
        twins: reads_twins.then_some(twins),
        ..cx
    };
    // The rules without the analysis run while it is computed (each side
    // is parallel inside; this overlaps their sequential steps). The two
    // lists are joined in a fixed order and all findings sorted at the end:
    // the output does not depend on which side finishes first.
    let readers: Vec<&dyn AnalysisRule> = (inputs.plan.rules.iter())
        .filter_map(|rule| match rule {
            Rule::Analysis(rule) => Some(*rule),
            _ => None,
        })
        .collect();
    let others: Vec<&dyn AcrossRule> = (inputs.plan.rules.iter())
        .filter_map(|rule| match rule {
            Rule::Across(rule) => Some(*rule),
            _ => None,
        })
        .collect();
    let (with_analysis, without) = rayon::join(
        || {
            let mut out = Vec::new();
            if readers.is_empty() {
                return out;
            }
            let unreached = crate::lint::rules::claims::reach::unreached_pages(site, link_targets);
            let analysis =
                crate::lint::rules::claims::analysis::Analysis::new(site, &inputs.data.claims, &unreached);
            for rule in readers {
                let cx = AnalysisContext {
                    cx: with_twins(rule.meta().reads_twins),
                    analysis: &analysis,
                };
                rule.check_analysis(&cx, &mut out);
            }
            out
        },
        || {
            let mut out = Vec::new();
            for rule in others {
                rule.check_across(&with_twins(rule.meta().reads_twins), &mut out);
            }
            out
        },
    );
    for finding in with_analysis.into_iter().chain(without) {
        let position = site
            .page_index(&finding.path)
            .map_or(usize::MAX, |index| slot[index]);
        if let Some(list) = per_page.get_mut(position) {
            list.push(finding);
        }
    }
}

/// Takes the fix off findings on pages not read as plain UTF-8 (UTF-16,
/// GB18030, invalid bytes replaced): their edits' offsets are offsets into
/// the decoded text, not into the file, and every output that prints
/// fixes (JSON, SARIF...) would hand tools edits that corrupt the file or
/// point past its end. A finding on a path that is not a page loses it
/// too: nothing says its offsets are the file's. The finding stays, and
/// its help says why there is no fix.
fn withhold_fixes_of_decoded_pages(site: &Site, findings: &mut [Finding]) {
    for finding in findings.iter_mut().filter(|finding| finding.fix.is_some()) {
        let why = match site
            .page_index(&finding.path)
            .map(|index| &site.pages[index].decoding)
        {
            Some(Decoding::Utf8) => continue,
            Some(_) => "no automatic fix: the page is not UTF-8 (re-save it as UTF-8 to get one)",
            None => "no automatic fix: the file was not read as a page",
        };
        finding.fix = None;
        finding.help = Some(match finding.help.take() {
            Some(help) => format!("{help}\n{why}"),
            None => why.to_owned(),
        });
    }
}

/// Drops the findings an inline directive silences; says which directives
/// silenced something.
fn apply_suppressions(page: &Page, findings: &mut Vec<Finding>) -> Vec<bool> {
    let mut used = vec![false; page.suppressions.len()];
    if page.suppressions.is_empty() {
        return used;
    }
    findings.retain(|finding| {
        let silencer = page
            .suppressions
            .iter()
            .position(|s| s.covers(finding.rule.name, finding.rule.code, finding.span.start));
        if let Some(index) = silencer {
            used[index] = true;
        }
        silencer.is_none()
    });
    used
}

/// Fills in line and column for a page's findings, their fixes and related
/// locations, and their fingerprints. The page is read again only if it has
/// findings, here in the parallel pass, and dropped afterwards: sources are
/// never all in memory.
fn locate(site: &Site, config: &Config, path: &str, findings: &mut [Finding]) {
    if findings.is_empty() {
        return;
    }
    let max_bytes = config.files.max_page_bytes;
    let load = |path: &str| SourceFile::load(&site.root.join(path), max_bytes);
    let source = load(path);
    let here = source.as_ref().map(SourceFile::locator);
    let mut others: HashMap<Box<str>, Option<SourceFile>> = HashMap::new();
    let mut occurrences: HashMap<u64, u32> = HashMap::new();
    for finding in findings {
        finding.fingerprint = fingerprint(finding, here.as_ref(), &mut occurrences);
        let Some(here) = &here else { continue };
        finding.location = here.location(finding.span);
        if let Some(fix) = &mut finding.fix {
            for edit in &mut fix.edits {
                edit.location = here.location(edit.span);
            }
        }
        for related in &mut finding.related {
            if *related.path == *path {
                related.location = here.location(related.span);
                continue;
            }
            let other = others
                .entry(related.path.clone())
                .or_insert_with(|| load(&related.path));
            if let Some(file) = other {
                related.location = file.locator().location(related.span);
            }
        }
    }
}

/// A fingerprint that survives edits elsewhere in the page: the rule, the
/// page, the offending text (or its line, for a zero-width span) with
/// whitespace collapsed, the finding's subject inside it if it has one, and
/// how many identical ones came before on the page.
/// Line numbers are left out on purpose. FNV-1a: stable across versions and
/// platforms, unlike the standard library's hasher.
fn fingerprint(finding: &Finding, source: Option<&Locator<'_>>, occurrences: &mut HashMap<u64, u32>) -> u64 {
    let text = source.map_or(finding.message.as_str(), |source| {
        source.text_around(finding.span)
    });
    let mut hash = Fnv1a::new();
    hash.write(finding.rule.code.as_bytes());
    hash.write(b"\0");
    hash.write(finding.path.as_bytes());
    hash.write(b"\0");
    for word in text.split_whitespace() {
        hash.write(word.as_bytes());
        hash.write(b" ");
    }
    if let Some(subject) = &finding.subject {
        hash.write(b"\0");
        for word in subject.split_whitespace() {
            hash.write(word.as_bytes());
            hash.write(b" ");
        }
    }
    let base = hash.finish();
    let occurrence = occurrences.entry(base).or_insert(0);
    *occurrence += 1;
    hash.write(&occurrence.to_le_bytes());
    hash.finish()
}

struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
