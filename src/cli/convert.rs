//! `tclint convert SITE --out OUT`: the verified migration to unified
//! Markdown; `--dry-run` and `--diff PAGE` write nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::check::Global;
use super::setup::{Request, render_config_error, setup};
use super::{ConvertArgs, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Environment, Failure};
use crate::convert::{self, AssetMode, Options, Thresholds};
use crate::data::LintData;
use crate::page::ParseOptions;
use crate::site::{LoadError, Site};

pub(super) fn run(
    args: &ConvertArgs,
    global: &Global<'_>,
    environment: &Environment,
    stdout: &mut (dyn Write + Send),
    stderr: &mut dyn Write,
) -> Result<u8, Failure> {
    let cwd = &environment.current_dir;
    let site_dir = cwd.join(&args.site);
    if !site_dir.is_dir() {
        return Err(Failure::Usage(format!("no such folder: {}", site_dir.display())));
    }
    let paths = [site_dir.clone()];
    let request = Request {
        explicit: global.config,
        isolated: global.isolated,
        root: Some(&site_dir),
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
    let site = Site::load(&setup.root, &setup.config, &data, &ParseOptions::default())?;
    let (config, _) =
        crate::site::hosts::with_inferred(&site, &setup.config, &data.stale_hosts, !global.isolated);
    let out = cwd.join(&args.out);
    if let Some(page) = &args.diff {
        return diff_one(&site, &config, &data, &out, page, cwd, stdout);
    }
    let options = Options {
        out,
        force: args.force,
        dry_run: args.dry_run,
        assets: match args.assets {
            Assets::Copy => AssetMode::Copy,
            Assets::Link => AssetMode::Link,
            Assets::None => AssetMode::None,
        },
        thresholds: Thresholds::default(),
    };
    let bar = super::progress_bar(
        environment,
        site.pages.len() as u64,
        "converting {bar:30} {pos}/{len} pages {elapsed}",
    );
    let progress = |done: usize, _total: usize| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    };
    let migration = convert::run(&site, &config, &data, &options, &progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let migration = migration?;
    if args.dry_run {
        for page in &migration.pages {
            writeln!(stdout, "{} -> {}", page.source, page.output)?;
        }
    }
    migration.write_summary(stdout)?;
    Ok(if migration.passed() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

/// `--diff PAGE`: the page's conversion against what OUT holds now.
fn diff_one(
    site: &Site,
    config: &crate::config::Config,
    data: &LintData,
    out: &Path,
    page: &Path,
    cwd: &Path,
    stdout: &mut (dyn Write + Send),
) -> Result<u8, Failure> {
    let absolute = cwd.join(page);
    let root = site
        .root
        .canonicalize()
        .map_err(|source| LoadError::RootUnreadable {
            root: site.root.clone(),
            source,
        })?;
    let relative: PathBuf = absolute
        .canonicalize()
        .ok()
        .and_then(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| page.to_path_buf());
    let relative = relative.to_string_lossy().replace('\\', "/");
    let Some(converted) = convert::convert_page(site, config, data, &relative)? else {
        return Err(Failure::Usage(format!("`{relative}` is not a page of the site")));
    };
    let before = std::fs::read_to_string(out.join(&converted.output)).unwrap_or_default();
    let change = crate::fix::FileChange {
        path: converted.output.clone(),
        before,
        after: converted.markdown,
    };
    write!(stdout, "{}", crate::fix::unified_diff(&change))?;
    Ok(EXIT_OK)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Assets {
    Copy,
    Link,
    None,
}
