//! `tclint config`: the configuration in effect and where each value comes
//! from (a line of tclint.toml, or the default). And `tclint cache clear`,
//! which needs only the site root.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::check::Global;
use super::setup::{ConfigSource, Request, Setup, render_config_error, setup};
use super::{EXIT_FAILURE, EXIT_OK, Environment, Failure};
use crate::page::ParseOptions;
use crate::site::{Site, hosts, routes};

pub(super) fn show(
    path: Option<&Path>,
    global: &Global<'_>,
    environment: &Environment,
    stdout: &mut (dyn Write + Send),
    stderr: &mut dyn Write,
) -> Result<u8, Failure> {
    let Some(setup) = setup_for(path, global, environment, stderr) else {
        return Ok(EXIT_FAILURE);
    };
    let origin = match &setup.source {
        ConfigSource::Explicit(file) => format!("{} (--config)", file.display()),
        ConfigSource::Discovered(file) => format!("{} (the nearest tclint.toml)", file.display()),
        ConfigSource::Defaults => "none found: defaults".to_owned(),
        ConfigSource::Isolated => "ignored (--isolated): defaults".to_owned(),
    };
    let (file_name, lines) = match setup.source.file() {
        Some(file) => {
            let text = std::fs::read_to_string(file)?;
            (
                file.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                key_lines(&text),
            )
        }
        None => (String::new(), HashMap::new()),
    };
    let toml = toml::to_string_pretty(&setup.config)?;
    writeln!(stdout, "# configuration: {origin}")?;
    writeln!(
        stdout,
        "# site root: {} ({})",
        setup.root.display(),
        setup.root_origin
    )?;
    write!(stdout, "{}", annotate(&toml, &lines, &file_name))?;
    write_site_findings(&setup, global.isolated, stdout)?;
    Ok(EXIT_OK)
}

/// What tclint reads off the site itself: inferred production hosts and a
/// suggested route, as TOML comments.
fn write_site_findings(
    setup: &Setup,
    isolated: bool,
    stdout: &mut (dyn Write + Send),
) -> Result<(), Failure> {
    let data = crate::data::LintData::load(&setup.config)?;
    let site = match Site::load(&setup.root, &setup.config, &data, &ParseOptions::default()) {
        Ok(site) => site,
        Err(error) => {
            writeln!(
                stdout,
                "\n# the site could not be loaded, nothing inferred: {error}"
            )?;
            return Ok(());
        }
    };
    writeln!(stdout)?;
    if isolated {
        writeln!(stdout, "# production hosts: not inferred (--isolated)")?;
    } else if !setup.config.site.production_hosts.is_empty() {
        writeln!(stdout, "# production hosts: configured, not inferred")?;
    } else {
        match hosts::infer(&site, &setup.config, &data.stale_hosts) {
            Some(inference) => {
                writeln!(
                    stdout,
                    "# production hosts inferred from the site's links (used as if configured):"
                )?;
                for evidence in &inference.chosen {
                    writeln!(
                        stdout,
                        "#   {}: {} of its {} links with a path land on {} files of this site",
                        evidence.host, evidence.resolving, evidence.links, evidence.targets
                    )?;
                }
                writeln!(
                    stdout,
                    "#   paths of theirs under {}",
                    inference.prefixes.join(", ")
                )?;
            }
            None => writeln!(
                stdout,
                "# production hosts: none inferred (no host has enough links landing on pages of this site)"
            )?,
        }
    }
    if let Some(suggestion) = routes::suggest(&site, &setup.config) {
        for line in super::check::suggest_route_note(&suggestion).lines() {
            writeln!(stdout, "# {line}")?;
        }
    }
    Ok(())
}

/// `tclint cache clear`: deletes `.tclint-cache/` at the site root.
pub(super) fn clear_cache(
    path: Option<&Path>,
    global: &Global<'_>,
    environment: &Environment,
    stdout: &mut (dyn Write + Send),
    stderr: &mut dyn Write,
) -> Result<u8, Failure> {
    let Some(setup) = setup_for(path, global, environment, stderr) else {
        return Ok(EXIT_FAILURE);
    };
    let directory = setup.root.join(crate::online::cache::CACHE_DIR);
    let message = if crate::online::cache::clear(&setup.root)? {
        format!("removed {}", directory.display())
    } else {
        format!("no cache at {}", directory.display())
    };
    writeln!(stdout, "{message}")?;
    Ok(EXIT_OK)
}

/// The configuration and root for a command given one optional path;
/// `None` after reporting a configuration error.
fn setup_for(
    path: Option<&Path>,
    global: &Global<'_>,
    environment: &Environment,
    stderr: &mut dyn Write,
) -> Option<Setup> {
    let cwd = &environment.current_dir;
    let paths: Vec<_> = path.map(|p| cwd.join(p)).into_iter().collect();
    let request = Request {
        explicit: global.config,
        isolated: global.isolated,
        root: None,
        paths: &paths,
        cwd,
    };
    setup(&request)
        .map_err(|error| render_config_error(&error, global.color, stderr))
        .ok()
}

/// `table.key` -> 1-based line of the keys and tables written in a TOML file.
fn key_lines(text: &str) -> HashMap<String, usize> {
    let mut table = String::new();
    let mut lines = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            table = line.trim_matches(['[', ']']).trim().replace('"', "");
            lines.insert(table.clone(), index + 1);
        } else if let Some((key, _)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
            let key = key.trim().trim_matches('"');
            let full = if table.is_empty() {
                key.to_owned()
            } else {
                format!("{table}.{key}")
            };
            lines.insert(full, index + 1);
        }
    }
    lines
}

/// Adds `# tclint.toml:LINE` or `# default` after each key of the TOML text.
fn annotate(toml: &str, lines: &HashMap<String, usize>, file_name: &str) -> String {
    let mut out = String::new();
    let mut table = String::new();
    for line in toml.lines() {
        let trimmed = line.trim();
        let key = if trimmed.starts_with('[') {
            table = trimmed.trim_matches(['[', ']']).replace('"', "");
            None
        } else if line.starts_with(|c: char| c.is_alphanumeric() || c == '"') {
            trimmed
                .split_once('=')
                .map(|(key, _)| key.trim().trim_matches('"').to_owned())
        } else {
            None
        };
        out.push_str(line);
        if let Some(key) = key {
            let full = if table.is_empty() {
                key
            } else {
                format!("{table}.{key}")
            };
            match lines.get(&full) {
                Some(number) => out.push_str(&format!("  # {file_name}:{number}")),
                None => out.push_str("  # default"),
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotates_keys_with_their_origin() {
        let file = "# comment\n[site]\nproduction-hosts = [\"a\"]\n\n[site.staging]\n\"s.example\" = \"a\"\n";
        let lines = key_lines(file);
        let toml = "[site]\nproduction-hosts = [\"a\"]\nowned-prefixes = [\"/\"]\n\n[site.staging]\n\"s.example\" = \"a\"\n";
        let annotated = annotate(toml, &lines, "tclint.toml");
        assert!(
            annotated.contains("production-hosts = [\"a\"]  # tclint.toml:3"),
            "{annotated}"
        );
        assert!(annotated.contains("owned-prefixes = [\"/\"]  # default"));
        assert!(annotated.contains("\"s.example\" = \"a\"  # tclint.toml:6"));
    }
}
