//! `tclint check`: find the site and its configuration, load it, lint the
//! asked pages, report, and apply or show fixes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::setup::{Request, Setup, render_config_error, setup};
use super::{CheckArgs, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Environment, Failure};
use crate::baseline::{self, Baseline};
use crate::config::{Config, RuleLevel};
use crate::data::LintData;
use crate::fix;
use crate::lint::select::Selection;
use crate::lint::{self, Finding, Plan, Severity, select};
use crate::online;
use crate::page::{ParseOptions, SharedTexts};
use crate::report::{self, ReportOptions, SourceLoader, Summary};
use crate::site::discover::relative_path;
use crate::site::{LoadError, Site};
use crate::site::{hosts, routes};

/// Command-line settings shared by every command.
pub(super) struct Global<'a> {
    pub color: bool,
    pub config: Option<&'a Path>,
    pub isolated: bool,
}

/// The result of one lint pass.
struct Linted {
    site: Site,
    /// A `[[site.routes]]` entry that would resolve many missing links.
    route_suggestion: Option<routes::RouteSuggestion>,
    findings: Vec<Finding>,
    pages_checked: usize,
    lint_time: Duration,
}

pub(super) fn run(
    args: &CheckArgs,
    global: &Global<'_>,
    environment: &Environment,
    stdout: &mut (dyn Write + Send),
    stderr: &mut dyn Write,
) -> Result<u8, Failure> {
    let cwd = &environment.current_dir;
    let paths = checked_paths(args, cwd)?;
    let request = Request {
        explicit: global.config,
        isolated: global.isolated,
        root: args.root.as_deref(),
        paths: &paths,
        cwd,
    };
    let mut setup = match setup(&request) {
        Ok(setup) => setup,
        Err(error) => {
            render_config_error(&error, global.color, stderr);
            return Ok(EXIT_FAILURE);
        }
    };
    setup.config.files.link_roots = args.follow_links.iter().map(|dir| cwd.join(dir)).collect();
    let data = LintData::load(&setup.config)?;
    let plan = plan(&setup.config, args)?;
    for (selector, rules) in &plan.preview_left_out {
        let _ = writeln!(
            stderr,
            "tclint: `{selector}` matches {}, in preview and left out: add --preview to run them (or name them)",
            rules.join(", ")
        );
    }
    let scopes = scope_paths(&setup.root, &paths)?;
    let pool = thread_pool(args.threads)?;
    // External links are requested once, even when fixes make a second pass.
    let online_results: OnceLock<online::Results> = OnceLock::new();
    let lint = || -> Result<Linted, Failure> {
        pool.install(|| {
            let options = ParseOptions {
                text_blocks: plan.needs_claims(),
                vocabulary: plan.needs_vocabulary(),
                shared_texts: SharedTexts::new(),
            };
            let site = Site::load(&setup.root, &setup.config, &data, &options)?;
            let (config, _) = hosts::with_inferred(&site, &setup.config, &data.stale_hosts, !global.isolated);
            let pages = selected_pages(&site, &scopes);
            if args.online && online_results.get().is_none() {
                let results = check_online(&site, &pages, &config, args, environment)?;
                let _ = online_results.set(results);
            }
            let in_scope = |path: &str| in_scopes(path, &scopes);
            let started = Instant::now();
            let inputs = lint::Inputs {
                site: &site,
                config: &config,
                data: &data,
                plan: &plan,
                online: online_results.get(),
                locate: true,
            };
            let findings = lint::check(&inputs, &pages, &in_scope);
            let lint_time = started.elapsed();
            let route_suggestion = plan
                .runs("missing-target")
                .then(|| routes::suggest(&site, &config))
                .flatten();
            Ok(Linted {
                site,
                route_suggestion,
                findings,
                pages_checked: pages.len(),
                lint_time,
            })
        })
    };
    let mut linted = lint()?;
    let mut summary = Summary::default();
    let mut fixes_failed = false;
    if args.fix || args.diff {
        let outcome = fix::apply(&setup.root, &linted.findings, args.fix).map_err(Failure::Fix)?;
        report_fixes(&outcome, args.fix, stderr);
        if args.diff {
            for change in &outcome.changes {
                write!(stdout, "{}", fix::unified_diff(change))?;
            }
            return Ok(diff_exit_code(&outcome));
        }
        // The run goes on to report what remains, then exits with the
        // failure status.
        fixes_failed = !outcome.failed.is_empty();
        if outcome.applied > 0 {
            summary.fixed = outcome.applied;
            summary.files_fixed = outcome.changes.len();
            linted = lint()?;
        }
    }
    if let Some(path) = &args.write_baseline {
        let path = cwd.join(path);
        baseline::write(&path, &linted.findings)?;
        let _ = writeln!(
            stderr,
            "tclint: recorded {} finding(s) in {}",
            linted.findings.len(),
            path.display()
        );
        return Ok(EXIT_OK);
    }
    if let Some(path) = baseline_file(args, &setup, cwd) {
        summary.baselined = Baseline::load(&path)?.filter(&mut linted.findings);
    }
    if let Some(results) = online_results.get() {
        for warning in &results.warnings {
            let _ = writeln!(stderr, "tclint: warning: {warning}");
        }
        summary.online = Some(results.stats);
    }
    if let Some(suggestion) = &linted.route_suggestion {
        let _ = writeln!(stderr, "{}", suggest_route_note(suggestion));
    }
    summary.pages_checked = linted.pages_checked;
    summary.pages_in_site = linted.site.pages.len();
    let started = Instant::now();
    let options = report_options(args, &setup, &plan, global.color, environment);
    let sources = SourceLoader {
        root: setup.root.clone(),
        max_bytes: setup.config.files.max_page_bytes,
    };
    pool.install(|| {
        report::write(
            args.format,
            &linted.findings,
            &summary,
            &sources,
            &options,
            stdout,
        )
    })?;
    if args.timings {
        write_timings(&linted, started.elapsed(), stderr);
        if let Some(results) = online_results.get() {
            let _ = writeln!(stderr, "timings: online {:.2?}", results.stats.elapsed);
        }
    }
    let mut code = exit_code(&linted.findings);
    if args.exit_non_zero_on_fix && summary.fixed > 0 {
        code = code.max(EXIT_FINDINGS);
    }
    if fixes_failed {
        code = EXIT_FAILURE;
    }
    // Freeing a large site takes a noticeable time, and the process is about
    // to exit, which frees it at once. (Dropping it on a thread of its own,
    // as before, still spent that CPU time until the exit.)
    std::mem::forget(linted);
    Ok(code)
}

/// The note proposing a route: printed, never applied silently.
pub(super) fn suggest_route_note(suggestion: &routes::RouteSuggestion) -> String {
    format!(
        "tclint: {} site-absolute links miss, but each ends in the name of exactly one page: if the \
         publishing system serves pages that way, add this route to tclint.toml:\n\n\
         [[site.routes]]\nurl = \"{}\"\nfile = \"{}\"\n",
        suggestion.resolves, suggestion.route.url, suggestion.route.file
    )
}

/// Says on stderr which fixes were left out and why, and which files could
/// not be read or written. After such a failure `--fix` also lists every
/// file it did change, so that the failure never hides what was written.
fn report_fixes(outcome: &fix::FixOutcome, written: bool, stderr: &mut dyn Write) {
    for (path, reason) in &outcome.skipped {
        let _ = writeln!(stderr, "tclint: fix not applied in {path}: {reason}");
    }
    if outcome.failed.is_empty() {
        return;
    }
    if written {
        for change in &outcome.changes {
            let _ = writeln!(stderr, "tclint: fixed {}", change.path);
        }
    }
    for failure in &outcome.failed {
        let _ = writeln!(stderr, "tclint: error: {failure}; its fixes were not applied");
    }
}

/// `--diff`: 1 when it shows fixes, 2 when a file could not be read.
fn diff_exit_code(outcome: &fix::FixOutcome) -> u8 {
    if !outcome.failed.is_empty() {
        EXIT_FAILURE
    } else if outcome.applied > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Requests the external links of the checked pages, with a progress bar
/// where the environment draws them.
fn check_online(
    site: &Site,
    pages: &[usize],
    config: &Config,
    args: &CheckArgs,
    environment: &Environment,
) -> Result<online::Results, Failure> {
    let options = online::Options {
        config: config.online.clone(),
        allow_private: args.allow_private,
        use_cache: !args.no_cache,
        proxies: environment.proxies.clone(),
    };
    let bar = super::progress_bar(
        environment,
        0,
        "checking external links {bar:30} {pos}/{len} {elapsed}",
    );
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let results = online::check(site, pages, config, &options, &progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(results?)
}

/// The checked paths, absolute; each must exist.
fn checked_paths(args: &CheckArgs, cwd: &Path) -> Result<Vec<PathBuf>, Failure> {
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    match paths.iter().find(|path| std::fs::symlink_metadata(path).is_err()) {
        Some(missing) => Err(Failure::Usage(format!(
            "no such file or directory: {}",
            missing.display()
        ))),
        None => Ok(paths),
    }
}

/// Rules from `[lint]`, `[rules]` and the command line.
fn plan(config: &Config, args: &CheckArgs) -> Result<Plan, Failure> {
    let mut selectors = select::split_list(&config.lint.select);
    selectors.extend(select::split_list(&args.select));
    let mut ignored = select::split_list(&config.lint.ignore);
    ignored.extend(select::split_list(&args.ignore));
    let levels: Vec<(String, RuleLevel)> = config
        .rules
        .iter()
        .map(|(rule, level)| (rule.clone(), *level))
        .collect();
    Ok(Plan::new(&Selection {
        select: &selectors,
        ignore: &ignored,
        levels: &levels,
        preview: args.preview || config.lint.preview,
    })?)
}

/// `--baseline`, else `[lint] baseline` (relative to tclint.toml).
fn baseline_file(args: &CheckArgs, setup: &Setup, cwd: &Path) -> Option<PathBuf> {
    if let Some(path) = &args.baseline {
        return Some(cwd.join(path));
    }
    let configured = setup.config.lint.baseline.as_ref()?;
    let base = setup.source.file().and_then(Path::parent).unwrap_or(cwd);
    Some(base.join(configured))
}

fn report_options(
    args: &CheckArgs,
    setup: &Setup,
    plan: &Plan,
    color: bool,
    environment: &Environment,
) -> ReportOptions {
    // Paths for other tools are relative to the working directory (the
    // repository root in CI), not to the site root.
    let path_prefix = setup
        .root
        .strip_prefix(&environment.current_dir)
        .ok()
        .map(|relative| relative.to_string_lossy().replace('\\', "/"))
        .filter(|relative| !relative.is_empty())
        .map_or_else(String::new, |relative| format!("{relative}/"));
    ReportOptions {
        color,
        quiet: args.quiet,
        width: environment.terminal_width,
        path_prefix,
        rules: plan.rules.iter().map(|rule| rule.meta()).collect(),
        docs_url: setup.config.lint.rule_docs_url.clone(),
    }
}

fn write_timings(linted: &Linted, report: Duration, stderr: &mut dyn Write) {
    let t = linted.site.timings;
    let _ = writeln!(
        stderr,
        "timings: walk {:.2?}, read+parse {:.2?}, index {:.2?}, lint {:.2?}, report {report:.2?} ({} pages, {} findings)",
        t.walk,
        t.parse,
        t.index,
        linted.lint_time,
        linted.site.pages.len(),
        linted.findings.len()
    );
}

fn exit_code(findings: &[Finding]) -> u8 {
    if findings.iter().any(|f| f.io_failure) {
        EXIT_FAILURE
    } else if findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Failure> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = threads {
        if threads == 0 {
            return Err(Failure::Usage("--threads must be at least 1".to_owned()));
        }
        builder = builder.num_threads(threads);
    }
    builder
        .build()
        .map_err(|e| Failure::System(format!("cannot start worker threads: {e}")))
}

/// The checked paths, relative to the root ("" for the whole site).
fn scope_paths(root: &Path, paths: &[PathBuf]) -> Result<Vec<String>, Failure> {
    let root = root.canonicalize().map_err(|source| LoadError::RootUnreadable {
        root: root.to_owned(),
        source,
    })?;
    if paths.is_empty() {
        return Ok(vec![String::new()]);
    }
    paths
        .iter()
        .map(|path| {
            let absolute = path
                .canonicalize()
                .map_err(|e| Failure::Usage(format!("cannot read `{}`: {e}", path.display())))?;
            relative_path(&root, &absolute).ok_or_else(|| {
                Failure::Usage(format!(
                    "`{}` is outside the site root `{}`",
                    path.display(),
                    root.display()
                ))
            })
        })
        .collect()
}

fn in_scopes(path: &str, scopes: &[String]) -> bool {
    scopes.iter().any(|scope| {
        scope.is_empty()
            || path == scope
            || path
                .strip_prefix(scope.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

fn selected_pages(site: &Site, scopes: &[String]) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&i| in_scopes(&site.pages[i].path, scopes))
        .collect()
}
