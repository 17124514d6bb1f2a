//! The migration run: plan the output paths, convert and verify every page
//! in parallel (each written atomically as soon as it is done, so pages are
//! never all in memory), mirror the assets, check the output as a site, and
//! write the report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::context::Context;
use super::error::ConvertError;
use super::links::output_path;
use super::output::{OutputError, OutputFolder};
use super::page;
use super::report::{Migration, PageReport, Totals};
use super::{Chrome, verify};
use crate::config::Config;
use crate::data::LintData;
use crate::lint::select::Selection;
use crate::lint::{self, Plan};
use crate::page::{Page, PageKind, ParseOptions};
use crate::site::Site;
use crate::source;

/// What to do with files that are not pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetMode {
    Copy,
    /// Symbolic links to the source files.
    Link,
    None,
}

/// Per-page thresholds below which a page needs review.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub text_recall: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds { text_recall: 0.995 }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub force: bool,
    pub dry_run: bool,
    pub assets: AssetMode,
    pub thresholds: Thresholds,
}

/// Link rules whose findings the output must not have more of than the source.
const LINK_RULES: [&str; 2] = ["broken-anchor", "missing-target"];

/// Converts the loaded `site` into `options.out`.
pub fn run(
    site: &Site,
    config: &Config,
    data: &LintData,
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Migration, ConvertError> {
    let folder = OutputFolder::check(&site.root, &options.out, options.force)?;
    let chrome = Chrome::load()?;
    let outputs = plan_outputs(site);
    let cx = Context::new(site, config, data, &chrome, &outputs);
    let source_problems = link_problems(site, config, data)?;
    if !options.dry_run {
        folder.create()?;
        folder.create_folders(outputs.iter().map(String::as_str))?;
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    let converted: Vec<Result<(PageReport, Option<Page>), ConvertError>> = (0..site.pages.len())
        .into_par_iter()
        .map(|index| {
            let report = convert_one(&cx, index, &folder, options);
            let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(finished, site.pages.len());
            report
        })
        .collect();
    let mut pages = Vec::with_capacity(converted.len());
    let mut written: FxHashMap<Box<str>, Page> =
        FxHashMap::with_capacity_and_hasher(converted.len(), Default::default());
    for result in converted {
        let (report, output_page) = result?;
        if let Some(output_page) = output_page {
            written.insert(output_page.path.clone(), output_page);
        }
        pages.push(report);
    }
    for report in &mut pages {
        report.defects_carried_over = source_problems.get(report.source.as_str()).map_or(0, Vec::len);
    }
    let assets = mirror_assets(site, &folder, options.assets, options.dry_run)?;
    let site_checked = !options.dry_run;
    if site_checked {
        // Assets not mirrored still exist where the site is published.
        let assumed = (options.assets == AssetMode::None).then(|| asset_paths(site));
        let output = Output {
            root: &options.out,
            written,
            assumed,
        };
        // Linked assets lead into the site: the output's check follows them.
        let mut output_config = config.clone();
        if options.assets == AssetMode::Link {
            output_config.files.link_roots.push(site.root.clone());
        }
        let output_site = load_output(output, &output_config, data)?;
        compare_link_problems(&output_site, &output_config, data, &source_problems, &mut pages)?;
        super::stable::mark_unstable(&output_site, &output_config, data, &chrome, &mut pages);
    }
    let migration = Migration {
        source_root: site.root.display().to_string(),
        output_root: options.out.display().to_string(),
        dry_run: options.dry_run,
        totals: Totals::of(&pages),
        pages,
        assets,
        site_checked,
        not_read: not_read(site),
    };
    if !options.dry_run {
        let json = serde_json::to_vec_pretty(&migration)?;
        folder.write("migration-report.json", &json)?;
    }
    Ok(migration)
}

/// One page converted on its own (for `--diff`).
pub struct OnePage {
    pub output: String,
    pub markdown: String,
}

/// Converts the page at site path `path`; `None` if it is not a page.
pub fn convert_page(
    site: &Site,
    config: &Config,
    data: &LintData,
    path: &str,
) -> Result<Option<OnePage>, ConvertError> {
    let Some(index) = site.page_index(path) else {
        return Ok(None);
    };
    let chrome = Chrome::load()?;
    let outputs = plan_outputs(site);
    let cx = Context::new(site, config, data, &chrome, &outputs);
    let bytes = std::fs::read(site.root.join(path)).map_err(|source| ConvertError::ReadPage {
        path: path.to_owned(),
        source,
    })?;
    let text = source::decode(bytes);
    let converted = page::convert(&cx, index, text.text());
    Ok(Some(OnePage {
        output: outputs[index].clone(),
        markdown: converted.markdown,
    }))
}

/// `X.md` for every page; a second page mapping to the same path (`a.html`
/// beside `a.md`) keeps its extension in the name (`a.html.md`).
fn plan_outputs(site: &Site) -> Vec<String> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut outputs: Vec<String> = site.pages.iter().map(|page| output_path(&page.path)).collect();
    // Pages already named `.md` keep their name: resolve them first.
    let mut order: Vec<usize> = (0..site.pages.len()).collect();
    order.sort_by_key(|&i| !site.pages[i].path.ends_with(".md"));
    for index in order {
        let wanted = outputs[index].clone();
        if taken.contains_key(&wanted) {
            outputs[index] = format!("{}.md", site.pages[index].path);
        }
        taken.insert(outputs[index].clone(), index);
    }
    outputs
}

/// The page's report and, when it was written, the output as parsed.
fn convert_one(
    cx: &Context<'_>,
    index: usize,
    folder: &OutputFolder,
    options: &Options,
) -> Result<(PageReport, Option<Page>), ConvertError> {
    let page = &cx.site.pages[index];
    let output = cx.rewriter.outputs[index].clone();
    let kind = kind_name(page.kind);
    let unreadable = page
        .problems
        .iter()
        .find(|p| p.kind.spoils_content())
        .map(|p| p.message.clone());
    let text = std::fs::read(cx.site.root.join(&*page.path))
        .map(source::decode)
        .map_err(|e| e.to_string());
    let (Ok(text), None) = (&text, unreadable.clone()) else {
        let reason = unreadable.or(text.err()).unwrap_or_default();
        let report = PageReport {
            source: page.path.to_string(),
            output,
            kind,
            title: String::new(),
            fidelity: verify::Fidelity::default(),
            defects_carried_over: 0,
            new_link_problems: Vec::new(),
            notes: Default::default(),
            needs_review: vec![format!("not converted: {reason}")],
            written: false,
        };
        return Ok((report, None));
    };
    let converted = page::convert(cx, index, text.text());
    let output_page = verify::parse_output(cx, &output, &converted.markdown);
    let fidelity = verify::check(
        cx,
        &converted.expected,
        &converted.markdown,
        &output_page,
        converted.intended.as_ref(),
    );
    if !options.dry_run {
        folder.write(&output, converted.markdown.as_bytes())?;
    }
    let mut report = PageReport {
        source: page.path.to_string(),
        output,
        kind,
        title: converted.title,
        needs_review: review_reasons(&fidelity, &converted.notes, options.thresholds),
        fidelity,
        defects_carried_over: 0,
        new_link_problems: Vec::new(),
        notes: converted.notes,
        written: !options.dry_run,
    };
    report.needs_review.dedup();
    Ok((report, (!options.dry_run).then_some(output_page)))
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::LegacyHtml => "legacy-html",
        PageKind::HtmlDocument => "html-document",
        PageKind::AcomMarkdown => "acom-markdown",
        PageKind::UnifiedMarkdown => "unified-markdown",
    }
}

fn review_reasons(f: &verify::Fidelity, notes: &super::notes::Notes, thresholds: Thresholds) -> Vec<String> {
    let mut reasons = Vec::new();
    if f.text_recall < thresholds.text_recall {
        reasons.push(format!("text recall {:.2}%", f.text_recall * 100.0));
    }
    if !f.links_missing.is_empty() || !f.links_unexpected.is_empty() {
        reasons.push(format!(
            "links differ: {} missing, {} unexpected",
            f.links_missing.len(),
            f.links_unexpected.len()
        ));
    }
    if !f.anchors_missing.is_empty() {
        reasons.push(format!("anchors lost: {}", f.anchors_missing.join(", ")));
    }
    if !f.chrome_leaked.is_empty() {
        reasons.push(format!("chrome leaked: {}", f.chrome_leaked.join(", ")));
    }
    if f.strong.0 != f.strong.1 || f.emphasis.0 != f.emphasis.1 {
        reasons.push(format!(
            "emphasis differs: strong {} -> {}, emphasis {} -> {}",
            f.strong.0, f.strong.1, f.emphasis.0, f.emphasis.1
        ));
    }
    reasons.extend(f.structure.iter().cloned());
    if notes.flattened_elements > 0 {
        reasons.push(format!(
            "nested deeper than {} levels: {} element(s) flattened",
            super::html::MAX_DEPTH,
            notes.flattened_elements
        ));
    }
    if !notes.missing_includes.is_empty() {
        reasons.push(format!("missing includes: {}", notes.missing_includes.join(", ")));
    }
    reasons
}

/// Broken anchors and missing targets per page (by path), as `rule: message`.
fn link_problems(
    site: &Site,
    config: &Config,
    data: &LintData,
) -> Result<HashMap<String, Vec<String>>, ConvertError> {
    let selection: Vec<String> = LINK_RULES.iter().map(|s| s.to_string()).collect();
    let plan = Plan::new(&Selection {
        select: &selection,
        ..Selection::default()
    })
    .map_err(ConvertError::LinkRules)?;
    let inputs = lint::Inputs {
        site,
        config,
        data,
        plan: &plan,
        online: None,
        locate: false,
    };
    let pages: Vec<usize> = (0..site.pages.len()).collect();
    let findings = lint::check(&inputs, &pages, &|_| true);
    let mut problems: HashMap<String, Vec<String>> = HashMap::new();
    for finding in findings {
        problems
            .entry(finding.path.to_string())
            .or_default()
            .push(format!("{}: {}", finding.rule.name, finding.message));
    }
    Ok(problems)
}

/// The output folder after the pages were written.
struct Output<'a> {
    root: &'a Path,
    /// The pages written, as parsed (the rest of the folder is read).
    written: FxHashMap<Box<str>, Page>,
    /// Assets not mirrored, which exist where the site is published.
    assumed: Option<Vec<&'a str>>,
}

/// The output folder loaded as a site.
fn load_output(output: Output<'_>, config: &Config, data: &LintData) -> Result<Site, ConvertError> {
    let options = ParseOptions::default();
    let mut output_site = Site::load_reusing(output.root, config, data, &options, output.written)
        .map_err(ConvertError::ReadOutput)?;
    if let Some(assets) = output.assumed {
        output_site.assume_files(assets);
    }
    Ok(output_site)
}

/// Reports, per page, the link problems the output has and the source page
/// did not (by count per rule: messages name other paths).
fn compare_link_problems(
    output_site: &Site,
    config: &Config,
    data: &LintData,
    source: &HashMap<String, Vec<String>>,
    pages: &mut [PageReport],
) -> Result<(), ConvertError> {
    let output = link_problems(output_site, config, data)?;
    for report in pages.iter_mut() {
        let after = output.get(report.output.as_str()).cloned().unwrap_or_default();
        let before = source.get(report.source.as_str()).cloned().unwrap_or_default();
        for rule in LINK_RULES {
            let count = |list: &[String]| list.iter().filter(|m| m.starts_with(rule)).count();
            let new = count(&after).saturating_sub(count(&before));
            if new > 0 {
                let examples: Vec<String> = after.iter().filter(|m| m.starts_with(rule)).cloned().collect();
                report.new_link_problems.extend(examples.into_iter().take(new));
            }
        }
        if !report.new_link_problems.is_empty() {
            report
                .needs_review
                .push(format!("{} new broken link(s)", report.new_link_problems.len()));
        }
    }
    Ok(())
}

/// What the walk of the site could not read (a loop is not listed: the
/// folder it leads back to is read anyway).
fn not_read(site: &Site) -> Vec<super::report::NotRead> {
    site.failures
        .iter()
        .filter(|(_, failure)| failure.loses_content())
        .map(|(path, failure)| super::report::NotRead {
            path: if path.is_empty() {
                ".".to_owned()
            } else {
                path.clone()
            },
            reason: failure.describe(),
        })
        .collect()
}

/// Every file of the site that is not a page (nor tclint's cache).
fn asset_paths(site: &Site) -> Vec<&str> {
    let pages: std::collections::HashSet<&str> = site.pages.iter().map(|p| &*p.path).collect();
    site.files()
        .into_iter()
        .filter(|f| !pages.contains(f) && !f.starts_with(".tclint-cache/"))
        .collect()
}

/// Copies or links every file that is not a page. Returns how many.
fn mirror_assets(
    site: &Site,
    folder: &OutputFolder,
    mode: AssetMode,
    dry_run: bool,
) -> Result<usize, ConvertError> {
    if mode == AssetMode::None {
        return Ok(0);
    }
    let assets = asset_paths(site);
    if dry_run {
        return Ok(assets.len());
    }
    folder.create_folders(assets.iter().copied())?;
    assets
        .par_iter()
        .try_for_each(|asset| -> Result<(), ConvertError> {
            let from = site.root.join(asset);
            let result = match mode {
                AssetMode::Copy => folder.copy(asset, &from),
                AssetMode::Link => from
                    .canonicalize()
                    .map_err(|source| OutputError::Resolve {
                        path: from.clone(),
                        source,
                    })
                    .and_then(|target| folder.link(asset, &target)),
                AssetMode::None => Ok(()),
            };
            result.map_err(|source| ConvertError::Mirror {
                asset: asset.to_string(),
                source,
            })
        })?;
    Ok(assets.len())
}
