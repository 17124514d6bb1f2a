//! The migration run: plan the output paths, convert and verify every page
//! in parallel (each written atomically as soon as it is done, so pages are
//! never all in memory), mirror the assets, check the output as a site, and
//! write the report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::links::{Rewriter, output_path};
use super::page::{self, Context};
use super::report::{Migration, PageReport, Totals};
use super::{Chrome, verify};
use crate::config::Config;
use crate::data::LintData;
use crate::fix::write_generated;
use crate::lint::{self, Plan};
use crate::page::{Page, PageKind, ParseOptions};
use crate::site::{Site, twins};
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
) -> Result<Migration, String> {
    check_output_folder(&site.root, &options.out, options.force)?;
    let chrome = Chrome::load()?;
    let outputs = plan_outputs(site);
    let cx = context(site, config, data, &chrome, &outputs);
    let source_problems = link_problems(site, config, data)?;
    if !options.dry_run {
        create_folders(&options.out, &outputs)?;
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    let converted: Vec<Result<(PageReport, Option<Page>), String>> = (0..site.pages.len())
        .into_par_iter()
        .map(|index| {
            let report = convert_one(&cx, index, options);
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
    let assets = mirror_assets(site, &options.out, options.assets, options.dry_run)?;
    let site_checked = !options.dry_run;
    if site_checked {
        // Assets not mirrored still exist where the site is published.
        let assumed = (options.assets == AssetMode::None).then(|| asset_paths(site));
        let output = Output {
            root: &options.out,
            written,
            assumed,
        };
        compare_link_problems(output, config, data, &source_problems, &mut pages)?;
    }
    let migration = Migration {
        source_root: site.root.display().to_string(),
        output_root: options.out.display().to_string(),
        dry_run: options.dry_run,
        totals: Totals::of(&pages),
        pages,
        assets,
        site_checked,
    };
    if !options.dry_run {
        let json = serde_json::to_vec_pretty(&migration).map_err(|e| e.to_string())?;
        let path = options.out.join("migration-report.json");
        // Generated like the pages (a rerun recreates it): atomic, not
        // flushed to disk.
        write_generated(&path, &json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
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
) -> Result<Option<OnePage>, String> {
    let Some(index) = site.page_index(path) else {
        return Ok(None);
    };
    let chrome = Chrome::load()?;
    let outputs = plan_outputs(site);
    let cx = context(site, config, data, &chrome, &outputs);
    let bytes = std::fs::read(site.root.join(path)).map_err(|e| format!("cannot read {path}: {e}"))?;
    let text = source::decode(bytes);
    let converted = page::convert(&cx, index, text.text());
    Ok(Some(OnePage {
        output: outputs[index].clone(),
        markdown: converted.markdown,
    }))
}

/// The output folder must be outside the site, and empty unless `force`.
/// What converting any page of the site reads.
fn context<'a>(
    site: &'a Site,
    config: &'a Config,
    data: &'a LintData,
    chrome: &'a Chrome,
    outputs: &'a [String],
) -> Context<'a> {
    Context {
        site,
        config,
        data,
        chrome,
        rewriter: Rewriter {
            site,
            config,
            data,
            outputs,
        },
        twins: twins::twins(site, config),
        targeted: page::targeted_anchors(site, config),
    }
}

fn check_output_folder(root: &Path, out: &Path, force: bool) -> Result<(), String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot read the site root `{}`: {e}", root.display()))?;
    let absolute_out = absolute(out)?;
    if absolute_out.starts_with(&root) || root.starts_with(&absolute_out) {
        return Err(format!(
            "the output folder `{}` overlaps the site `{}`: tclint convert never writes inside the site",
            out.display(),
            root.display()
        ));
    }
    if let Ok(mut entries) = std::fs::read_dir(out)
        && entries.next().is_some()
        && !force
    {
        return Err(format!(
            "the output folder `{}` is not empty (use --force to write into it)",
            out.display()
        ));
    }
    Ok(())
}

/// `out` made absolute, resolving the part that exists (the rest may not yet).
fn absolute(out: &Path) -> Result<PathBuf, String> {
    let mut existing = out.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(found) = existing.canonicalize() {
            let mut path = found;
            for part in rest.iter().rev() {
                path.push(part);
            }
            return Ok(path);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return Err(format!("cannot resolve the output folder `{}`", out.display())),
        }
    }
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

/// Creates the folders of every output page once, before the pages are
/// written in parallel.
fn create_folders(out: &Path, outputs: &[String]) -> Result<(), String> {
    let folders: std::collections::BTreeSet<&str> = outputs
        .iter()
        .map(|output| output.rsplit_once('/').map_or("", |(folder, _)| folder))
        .collect();
    for folder in folders {
        let path = out.join(folder);
        std::fs::create_dir_all(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The page's report and, when it was written, the output as parsed.
fn convert_one(
    cx: &Context<'_>,
    index: usize,
    options: &Options,
) -> Result<(PageReport, Option<Page>), String> {
    let page = &cx.site.pages[index];
    let output = cx.rewriter.outputs[index].clone();
    let kind = kind_name(page.kind);
    let unreadable = page
        .problems
        .iter()
        .find(|p| p.kind.markup().is_none())
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
        let path = options.out.join(&output);
        write_generated(&path, converted.markdown.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
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
) -> Result<HashMap<String, Vec<String>>, String> {
    let selection: Vec<String> = LINK_RULES.iter().map(|s| s.to_string()).collect();
    let plan = Plan::new(&selection, &[], &[])?;
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

/// Loads the output as a site and reports, per page, the link problems the
/// source page did not have (by count per rule: messages name other paths).
fn compare_link_problems(
    output: Output<'_>,
    config: &Config,
    data: &LintData,
    source: &HashMap<String, Vec<String>>,
    pages: &mut [PageReport],
) -> Result<(), String> {
    let options = ParseOptions::default();
    let mut output_site = Site::load_reusing(output.root, config, data, &options, output.written)?;
    if let Some(assets) = output.assumed {
        output_site.assume_files(assets);
    }
    let output = link_problems(&output_site, config, data)?;
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

/// Every file of the site that is not a page (nor tclint's cache).
fn asset_paths(site: &Site) -> Vec<&str> {
    let pages: std::collections::HashSet<&str> = site.pages.iter().map(|p| &*p.path).collect();
    site.files()
        .into_iter()
        .filter(|f| !pages.contains(f) && !f.starts_with(".tclint-cache/"))
        .collect()
}

/// Copies or links every file that is not a page. Returns how many.
fn mirror_assets(site: &Site, out: &Path, mode: AssetMode, dry_run: bool) -> Result<usize, String> {
    if mode == AssetMode::None {
        return Ok(0);
    }
    let assets = asset_paths(site);
    if dry_run {
        return Ok(assets.len());
    }
    assets.par_iter().try_for_each(|asset| -> Result<(), String> {
        let from = site.root.join(asset);
        let to = out.join(asset);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let _ = std::fs::remove_file(&to);
        let result = match mode {
            AssetMode::Copy => std::fs::copy(&from, &to).map(|_| ()),
            AssetMode::Link => link(&from, &to),
            AssetMode::None => Ok(()),
        };
        result.map_err(|e| format!("cannot mirror {asset}: {e}"))
    })?;
    Ok(assets.len())
}

#[cfg(unix)]
fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    let from = from.canonicalize()?;
    std::os::unix::fs::symlink(from, to)
}

#[cfg(not(unix))]
fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to)
}
