//! `tclint check`: find the site and its configuration, load it, lint the
//! asked pages, report, and apply or show fixes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{CheckArgs, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Environment};
use crate::config::{Config, ConfigError, RuleLevel};
use crate::data::LintData;
use crate::fix;
use crate::lint::{self, Finding, Plan, Severity, select};
use crate::page::ParseOptions;
use crate::report::{self, ReportOptions, SourceLoader, Summary};
use crate::site::Site;
use crate::site::discover::relative_path;

/// Where the site is and how it is configured.
struct Setup {
    config: Config,
    root: PathBuf,
}

pub(super) fn run(
    args: &CheckArgs,
    config_path: Option<&Path>,
    color: bool,
    environment: &Environment,
    stdout: &mut (dyn Write + Send),
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let cwd = &environment.current_dir;
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    for path in &paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(format!("no such file or directory: {}", path.display()));
        }
    }
    let setup = match setup(args, config_path, &paths, cwd) {
        Ok(setup) => setup,
        Err(error) => {
            render_config_error(&error, color, stderr);
            return Ok(EXIT_FAILURE);
        }
    };
    let data = LintData::load(&setup.config)?;
    let mut selectors = select::split_list(&setup.config.lint.select);
    selectors.extend(select::split_list(&args.select));
    let mut ignored = select::split_list(&setup.config.lint.ignore);
    ignored.extend(select::split_list(&args.ignore));
    let levels: Vec<(String, RuleLevel)> = setup
        .config
        .rules
        .iter()
        .map(|(rule, level)| (rule.clone(), *level))
        .collect();
    let plan = Plan::new(&selectors, &ignored, &levels)?;

    let scopes = scope_paths(&setup.root, &paths)?;
    let pool = thread_pool(args.threads)?;
    let lint_once = |setup: &Setup| -> Result<(Site, Vec<Finding>, usize, Duration), String> {
        pool.install(|| {
            let site = Site::load(&setup.root, &setup.config, &data, &ParseOptions::default())?;
            let pages = selected_pages(&site, &scopes);
            let in_scope = |path: &str| in_scopes(path, &scopes);
            let started = Instant::now();
            let findings = lint::check(&site, &setup.config, &data, &plan, &pages, &in_scope);
            Ok((site, findings, pages.len(), started.elapsed()))
        })
    };
    let (mut site, mut findings, mut pages_checked, mut lint_time) = lint_once(&setup)?;
    let mut summary = Summary::default();
    if args.fix || args.diff {
        let outcome =
            fix::apply(&setup.root, &findings, args.fix).map_err(|e| format!("applying fixes: {e}"))?;
        for (path, reason) in &outcome.skipped {
            let _ = writeln!(stderr, "tclint: fix not applied in {path}: {reason}");
        }
        if args.diff {
            for change in &outcome.changes {
                write!(stdout, "{}", fix::unified_diff(change)).map_err(|e| e.to_string())?;
            }
            return Ok(if outcome.applied > 0 {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            });
        }
        if outcome.applied > 0 {
            summary.fixed = outcome.applied;
            summary.files_fixed = outcome.changes.len();
            (site, findings, pages_checked, lint_time) = lint_once(&setup)?;
        }
    }
    summary.pages_checked = pages_checked;
    summary.pages_in_site = site.pages.len();
    let sources = SourceLoader {
        root: setup.root.clone(),
        max_bytes: setup.config.files.max_page_bytes,
    };
    let options = ReportOptions {
        color,
        quiet: args.quiet,
        width: environment.terminal_width,
    };
    let started = Instant::now();
    pool.install(|| report::write(args.format, &findings, &summary, &sources, options, stdout))
        .map_err(|e| e.to_string())?;
    if args.timings {
        let t = site.timings;
        let _ = writeln!(
            stderr,
            "timings: walk {:.2?}, read+parse {:.2?}, index {:.2?}, lint {:.2?}, report {:.2?} ({} pages, {} findings)",
            t.walk,
            t.parse,
            t.index,
            lint_time,
            started.elapsed(),
            site.pages.len(),
            findings.len()
        );
    }
    let code = exit_code(&findings);
    // Freeing a large site takes a noticeable time; the process is about to
    // exit, so do it off the critical path.
    std::thread::spawn(move || drop((site, findings)));
    Ok(code)
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

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = threads {
        if threads == 0 {
            return Err("--threads must be at least 1".to_owned());
        }
        builder = builder.num_threads(threads);
    }
    builder
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

/// Finds the configuration and the site root.
///
/// Configuration: `--config`, else the nearest `tclint.toml` above the first
/// checked path (or the working directory). Root: `--root`, else
/// `[site] root`, else the directory of a discovered `tclint.toml`, else the
/// checked directory, else the working directory.
fn setup(
    args: &CheckArgs,
    explicit: Option<&Path>,
    paths: &[PathBuf],
    cwd: &Path,
) -> Result<Setup, ConfigError> {
    let start = match paths.first() {
        Some(path) if path.is_dir() => path.clone(),
        Some(path) => path.parent().map_or_else(|| cwd.to_owned(), Path::to_owned),
        None => cwd.to_owned(),
    };
    let discovered = if explicit.is_none() {
        Config::discover(&start)
    } else {
        None
    };
    let config_file = explicit.map(|p| cwd.join(p)).or(discovered.clone());
    let config = match &config_file {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let root = if let Some(root) = &args.root {
        cwd.join(root)
    } else if let (Some(root), Some(file)) = (&config.site.root, &config_file) {
        file.parent().unwrap_or(cwd).join(root)
    } else if let Some(file) = &discovered {
        file.parent().unwrap_or(cwd).to_owned()
    } else if let [only] = paths {
        if only.is_dir() {
            only.clone()
        } else {
            cwd.to_owned()
        }
    } else {
        cwd.to_owned()
    };
    Ok(Setup { config, root })
}

/// The checked paths, relative to the root ("" for the whole site).
fn scope_paths(root: &Path, paths: &[PathBuf]) -> Result<Vec<String>, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot read the site root `{}`: {e}", root.display()))?;
    if paths.is_empty() {
        return Ok(vec![String::new()]);
    }
    paths
        .iter()
        .map(|path| {
            let absolute = path
                .canonicalize()
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            relative_path(&root, &absolute).ok_or_else(|| {
                format!(
                    "`{}` is outside the site root `{}`",
                    path.display(),
                    root.display()
                )
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

/// A configuration error as a graphical diagnostic pointing at the bad line.
fn render_config_error(error: &ConfigError, color: bool, stderr: &mut dyn Write) {
    use miette::{
        GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
    };
    let mut diagnostic = MietteDiagnostic::new(format!("invalid configuration: {}", error.message))
        .with_code("tclint::config");
    if let Some(span) = &error.span {
        diagnostic = diagnostic.with_label(LabeledSpan::at(span.clone(), "here"));
    }
    let report = Report::new(diagnostic).with_source_code(NamedSource::new(
        error.path.display().to_string(),
        error.source_text.clone(),
    ));
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut text = String::new();
    let _ = GraphicalReportHandler::new_themed(theme).render_report(&mut text, report.as_ref());
    let line = error.span.as_ref().map(|span| {
        error.source_text[..span.start.min(error.source_text.len())]
            .matches('\n')
            .count()
            + 1
    });
    let _ = match line {
        Some(line) => writeln!(
            stderr,
            "tclint: {}:{line}: {}\n{text}",
            error.path.display(),
            error.message
        ),
        None => writeln!(stderr, "tclint: {error}\n{text}"),
    };
}
