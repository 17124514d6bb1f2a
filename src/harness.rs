//! The properties the fuzz targets (`fuzz/`) and the replay test
//! (`tests/fuzz_replay.rs`) hold tclint to, on any input: no panic, no
//! abort, spans inside the text, fix edits inside the file, and a
//! conversion that converting again leaves alone. Each property returns
//! what it found wrong; the callers panic with it (libFuzzer) or assert.
//! Not part of tclint's interface.

use std::path::Path;

use crate::config::Config;
use crate::convert::{self, AssetMode, Options};
use crate::data::LintData;
use crate::lint::{self, Plan};
use crate::page::{Page, ParseOptions};
use crate::site::{Site, page_from_bytes};
use crate::span::Span;

/// A folder for one fuzz input, emptied: the same one for every input of a
/// process (inside a temporary folder removed at exit).
pub fn fresh_case_dir() -> std::path::PathBuf {
    static WORK: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let case = WORK
        .get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
        .join("case");
    let _ = std::fs::remove_dir_all(&case);
    case
}

/// The data of the shipped defaults, loaded once per process.
fn defaults() -> &'static (Config, LintData) {
    static DEFAULTS: std::sync::OnceLock<(Config, LintData)> = std::sync::OnceLock::new();
    DEFAULTS.get_or_init(|| {
        let config = Config::default();
        let data = LintData::load(&config).expect("the shipped data loads");
        (config, data)
    })
}

/// The page name a fuzz input is tried under: its first byte picks the
/// extension (the content decides the format; the name matters too).
pub fn page_name(input: &[u8]) -> &'static str {
    match input.first().map_or(0, |byte| byte % 3) {
        0 => "page.html",
        1 => "page.md",
        _ => "page.htm",
    }
}

/// Parses `input` as a page under every extension; every span of the page
/// model must lie inside the decoded text, on character boundaries.
pub fn parse(input: &[u8]) -> Result<(), String> {
    let (config, data) = defaults();
    let text = crate::source::decode(input.to_vec());
    let text = text.text();
    for name in ["page.html", "page.md"] {
        for text_blocks in [false, true] {
            let options = ParseOptions {
                text_blocks,
                vocabulary: text_blocks,
                ..ParseOptions::default()
            };
            let page = page_from_bytes(name, input.to_vec(), config, data, &options);
            spans_inside(&page, text).map_err(|problem| format!("{name}: {problem}"))?;
        }
    }
    Ok(())
}

fn spans_inside(page: &Page, text: &str) -> Result<(), String> {
    let inside = |span: Span, what: &str| -> Result<(), String> {
        let (start, end) = (span.start as usize, span.end as usize);
        let fits =
            start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end);
        if fits {
            Ok(())
        } else {
            Err(format!(
                "{what} span {start}..{end} outside a text of {} bytes",
                text.len()
            ))
        }
    };
    for link in &page.links {
        inside(link.span, "link")?;
        inside(link.element, "link element")?;
        if let Some(span) = link.text_span {
            inside(span, "link text")?;
        }
    }
    for anchor in &page.anchors {
        inside(anchor.span, "anchor")?;
    }
    for problem in &page.problems {
        inside(problem.span, "problem")?;
    }
    for css in &page.css {
        inside(css.span, "css")?;
        inside(css.element, "css element")?;
    }
    let vocabulary = &page.vocabulary;
    for term in vocabulary.attributes.iter().chain(vocabulary.classes.iter()) {
        for used in term.uses {
            inside(used.span, "vocabulary")?;
            if used.verbatim && text.get(used.span.range()) != Some(term.name) {
                return Err(format!(
                    "`{}` is not written verbatim at {:?}",
                    term.name, used.span
                ));
            }
        }
    }
    Ok(())
}

/// A site of `input` (as [`page_name`]) and a healthy neighbour in `dir`.
fn write_site(dir: &Path, input: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(page_name(input)), input)?;
    std::fs::write(
        dir.join("other.html"),
        "<h2 id=\"data\">Data</h2><p><a href=\"page.html#Data\">x</a></p>",
    )
}

fn load(root: &Path) -> Result<Site, String> {
    let (config, data) = defaults();
    let options = ParseOptions {
        vocabulary: true,
        ..ParseOptions::default()
    };
    Site::load(root, config, data, &options).map_err(|e| e.to_string())
}

/// Checks a site holding `input` with every rule and plans its fixes: every
/// edit must find the text it expects at its offsets in the file's bytes
/// (so none on pages not read as plain UTF-8).
pub fn check_and_fix(dir: &Path, input: &[u8]) -> Result<(), String> {
    write_site(dir, input).map_err(|e| e.to_string())?;
    let (config, data) = defaults();
    let site = load(dir)?;
    let plan = Plan::all();
    let inputs = lint::Inputs {
        site: &site,
        config,
        data,
        plan: &plan,
        online: None,
        locate: true,
    };
    let pages: Vec<usize> = (0..site.pages.len()).collect();
    let findings = lint::check(&inputs, &pages, &|_| true);
    for finding in &findings {
        let Some(fix) = &finding.fix else { continue };
        let bytes = std::fs::read(dir.join(&*finding.path)).map_err(|e| e.to_string())?;
        let Ok(file) = std::str::from_utf8(&bytes) else {
            return Err(format!("{}: a fix on a file that is not UTF-8", finding.path));
        };
        for edit in &fix.edits {
            let range = edit.span.range();
            if file.get(range.clone()) != Some(edit.expected.as_str()) {
                return Err(format!(
                    "{}: edit {range:?} does not find its text in the file",
                    finding.path
                ));
            }
        }
    }
    // Planning the fixes on the real files (nothing written) must hold up
    // too; `fix::edit`'s tests hold the edits to byte-exactness.
    crate::fix::apply(dir, &findings, false).map_err(|e| e.to_string())?;
    Ok(())
}

/// Converts a site holding `input`, then converts the output again: every
/// page the first conversion passed must come out byte for byte the same.
pub fn convert_twice(dir: &Path, input: &[u8]) -> Result<(), String> {
    let site_dir = dir.join("site");
    write_site(&site_dir, input).map_err(|e| e.to_string())?;
    let first_out = dir.join("out");
    let second_out = dir.join("again");
    let first = convert_into(&site_dir, &first_out)?;
    let second = convert_into(&first_out, &second_out);
    let second = second.map_err(|e| format!("converting the output: {e}"))?;
    drop(second);
    for page in first.pages.iter().filter(|page| page.needs_review.is_empty()) {
        let once = std::fs::read(first_out.join(&page.output)).map_err(|e| e.to_string())?;
        let twice = std::fs::read(second_out.join(&page.output)).unwrap_or_default();
        if once != twice {
            return Err(format!(
                "{} passed, and converting it again changes it",
                page.output
            ));
        }
    }
    Ok(())
}

fn convert_into(site_dir: &Path, out: &Path) -> Result<convert::Migration, String> {
    let (config, data) = defaults();
    let site = load(site_dir)?;
    let options = Options {
        out: out.to_owned(),
        force: true,
        dry_run: false,
        assets: AssetMode::Copy,
        thresholds: Default::default(),
    };
    convert::run(&site, config, data, &options, &|_, _| {}).map_err(|e| e.to_string())
}
