//! The site: every page parsed once, in parallel, and an index to resolve
//! links against, whatever subset of pages is being reported.

pub mod discover;
pub mod hosts;
pub mod routes;
pub mod twins;
pub mod url;

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::config::Config;
use crate::data::LintData;
use crate::page::{LoadIssue, Page, ParseOptions, Problem, ProblemKind, parse_page};
use crate::source::{self, Decoding};
use crate::span::Span;
use discover::{FileFilter, Inventory, WalkFailure};
use routes::Routed;

/// Why a site could not be loaded at all. (A page that cannot be read is
/// not one of these: it becomes a problem of the page, and the rest loads.)
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the site root `{}`: {source}", root.display())]
    RootUnreadable { root: PathBuf, source: std::io::Error },
    #[error("the site root `{}` is not a directory", root.display())]
    RootNotDirectory { root: PathBuf },
    #[error("bad glob `{glob}`: {source}")]
    BadGlob { glob: String, source: globset::Error },
    /// The globs are each valid but cannot be matched together.
    #[error("{0}")]
    Globs(globset::Error),
}

/// How long loading took, phase by phase (for `--timings` and benchmarks).
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadTimings {
    pub walk: std::time::Duration,
    pub parse: std::time::Duration,
    pub index: std::time::Duration,
}

/// A loaded site.
pub struct Site {
    pub root: PathBuf,
    pub timings: LoadTimings,
    /// Every page, sorted by path.
    pub pages: Vec<Page>,
    /// Entries the walk could not read.
    pub failures: Vec<(String, WalkFailure)>,
    by_path: FxHashMap<Box<str>, usize>,
    files: FxHashSet<String>,
    /// Built on first use: only missing targets need them.
    hints: OnceLock<Hints>,
    /// Per page, the indexes of its anchors sorted by name (binary search).
    anchors_by_name: Vec<Box<[u32]>>,
    /// Per page, its distinct anchor names, built for the pages a broken
    /// fragment points at, once however many links point there.
    anchor_names: Vec<OnceLock<AnchorNames>>,
    /// `[[site.routes]]`, with the files each names.
    routes: routes::Routes,
    route_configs: Vec<crate::config::RouteConfig>,
    linked_hosts: hosts::LinkedHosts,
}

/// A page's distinct rendered anchor names, for explaining a fragment that
/// is not among them.
#[derive(Debug, Default)]
pub struct AnchorNames {
    /// Indexes into the page's anchors: the first of each name, in page order.
    pub in_order: Vec<u32>,
    /// Lower-cased name -> the first anchor with that name in any case.
    pub by_lower: FxHashMap<Box<str>, u32>,
    /// Name -> the first anchor with that name inside a comment.
    pub commented: FxHashMap<Box<str>, u32>,
}

impl AnchorNames {
    fn of(page: &Page) -> AnchorNames {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let mut names = AnchorNames::default();
        for (index, anchor) in page.anchors.iter().enumerate() {
            let index = index as u32;
            if !anchor.region.is_rendered() {
                names.commented.entry(anchor.name.clone()).or_insert(index);
                continue;
            }
            if !seen.insert(&anchor.name) {
                continue;
            }
            names.in_order.push(index);
            names
                .by_lower
                .entry(anchor.name.to_lowercase().into())
                .or_insert(index);
        }
        names
    }
}

/// Tables for "exists with other case" and "did you mean" hints.
struct Hints {
    /// Lower-cased path -> path.
    by_lower: HashMap<String, String>,
    /// Directory -> names of the files in it.
    by_dir: HashMap<String, Vec<String>>,
}

impl Hints {
    fn new(files: &FxHashSet<String>) -> Hints {
        let by_lower = files.iter().map(|f| (f.to_lowercase(), f.clone())).collect();
        let mut by_dir: HashMap<String, Vec<String>> = HashMap::new();
        for file in files {
            let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
            by_dir.entry(dir.to_owned()).or_default().push(name.to_owned());
        }
        Hints { by_lower, by_dir }
    }
}

/// What a site-relative path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Page(usize),
    Asset(String),
    Missing {
        /// The files that were looked for.
        tried: Vec<String>,
        /// A file matching one of them except for letter case.
        case_match: Option<String>,
        /// The files a route names when it names more than one.
        ambiguous: Vec<String>,
    },
}

impl Site {
    /// Walks `root`, reads and parses every page in parallel.
    pub fn load(
        root: &Path,
        config: &Config,
        data: &LintData,
        options: &ParseOptions,
    ) -> Result<Site, LoadError> {
        Site::load_reusing(root, config, data, options, FxHashMap::default())
    }

    /// [`Site::load`], taking the pages of `reuse` (by site path) as they
    /// are instead of reading them again: a migration has just written and
    /// parsed them ([`page_from_bytes`] with the same options).
    pub fn load_reusing(
        root: &Path,
        config: &Config,
        data: &LintData,
        options: &ParseOptions,
        mut reuse: FxHashMap<Box<str>, Page>,
    ) -> Result<Site, LoadError> {
        let metadata = std::fs::metadata(root).map_err(|source| LoadError::RootUnreadable {
            root: root.to_owned(),
            source,
        })?;
        if !metadata.is_dir() {
            return Err(LoadError::RootNotDirectory {
                root: root.to_owned(),
            });
        }
        let filter = FileFilter::new(&config.files)?;
        let started = std::time::Instant::now();
        let Inventory {
            pages: page_paths,
            files,
            failures,
        } = discover::walk(root, &filter, &config.files.link_roots);
        let walked = std::time::Instant::now();
        let known: Vec<(&String, Option<Page>)> = page_paths
            .iter()
            .map(|path| (path, reuse.remove(path.as_str())))
            .collect();
        let pages: Vec<Page> = known
            .into_par_iter()
            .map(|(path, page)| page.unwrap_or_else(|| load_page(root, path, config, data, options)))
            .collect();
        let parsed = std::time::Instant::now();
        let by_path = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        let anchors_by_name = pages
            .par_iter()
            .map(|page| {
                let mut order: Vec<u32> = (0..page.anchors.len() as u32)
                    .filter(|&i| page.anchors[i as usize].region.is_rendered())
                    .collect();
                order.sort_unstable_by(|&a, &b| {
                    page.anchors[a as usize].name.cmp(&page.anchors[b as usize].name)
                });
                order.into_boxed_slice()
            })
            .collect();
        let timings = LoadTimings {
            walk: walked - started,
            parse: parsed - walked,
            index: parsed.elapsed(),
        };
        let anchor_names = pages.iter().map(|_| OnceLock::new()).collect();
        let routes = routes::Routes::new(&config.site.routes, files.iter().map(String::as_str));
        Ok(Site {
            root: root.to_owned(),
            timings,
            pages,
            failures,
            by_path,
            files,
            hints: OnceLock::new(),
            anchors_by_name,
            anchor_names,
            routes,
            route_configs: config.site.routes.clone(),
            linked_hosts: OnceLock::new(),
        })
    }

    pub fn page_index(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    pub fn has_anchor(&self, page: usize, name: &str) -> bool {
        let anchors = &self.pages[page].anchors;
        self.anchors_by_name[page]
            .binary_search_by(|&i| (*anchors[i as usize].name).cmp(name))
            .is_ok()
    }

    /// The page's distinct rendered anchor names (built on first use).
    pub fn anchor_names(&self, page: usize) -> &AnchorNames {
        self.anchor_names[page].get_or_init(|| AnchorNames::of(&self.pages[page]))
    }

    fn hints(&self) -> &Hints {
        self.hints.get_or_init(|| Hints::new(&self.files))
    }

    /// Looks a site-relative path up the way the legacy server did: the file
    /// itself; `X.html` served from page `X.md`; a directory (or a path
    /// ending in `/`, or without extension) served by its index page or by
    /// `X.md`.
    pub fn lookup(&self, path: &str, config: &Config) -> Lookup {
        // Most links name their file exactly: try that before building the
        // full candidate list.
        if let Some(found) = self
            .find_file(path.trim_end_matches('/'))
            .filter(|_| !path.ends_with('/'))
        {
            return found;
        }
        let candidates = candidates(path, &config.site.index_pages);
        if let Some(found) = candidates.iter().find_map(|candidate| self.find_file(candidate)) {
            return found;
        }
        let mut tried = candidates;
        let mut ambiguous = Vec::new();
        match self.routes.resolve(path) {
            Some(Routed::File(file)) => {
                if let Some(found) = self.find_file(&file) {
                    return found;
                }
                tried.push(file);
            }
            Some(Routed::Ambiguous { route, files }) => {
                tried.push(route);
                ambiguous = files;
            }
            Some(Routed::NoFile(file)) => tried.push(file),
            None => {}
        }
        let case_match = tried
            .iter()
            .find_map(|candidate| self.hints().by_lower.get(&candidate.to_lowercase()).cloned());
        Lookup::Missing {
            tried,
            case_match,
            ambiguous,
        }
    }

    /// The site's routes (`[[site.routes]]`), compiled.
    pub fn routes(&self) -> &routes::Routes {
        &self.routes
    }

    fn find_file(&self, path: &str) -> Option<Lookup> {
        if let Some(&index) = self.by_path.get(path) {
            return Some(Lookup::Page(index));
        }
        self.files.contains(path).then(|| Lookup::Asset(path.to_owned()))
    }

    /// Treats these site-relative paths as existing files (assets a
    /// migration did not mirror, for checking the output's links).
    pub fn assume_files<'a>(&mut self, files: impl IntoIterator<Item = &'a str>) {
        self.files.extend(files.into_iter().map(str::to_owned));
        self.hints = OnceLock::new();
        self.routes = routes::Routes::new(&self.route_configs, self.files.iter().map(String::as_str));
    }

    /// Every file of the site (pages included), sorted.
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        files.sort_unstable();
        files
    }

    /// The file in the same directory whose name is closest to `path`'s, if
    /// close enough to be a plausible typo (`new2-cn` for `news2-cn`).
    pub fn similar_file(&self, path: &str) -> Option<String> {
        let (dir, name) = path.trim_end_matches('/').rsplit_once('/').unwrap_or(("", path));
        let stem = |name: &str| {
            name.rsplit_once('.')
                .map_or(name, |(stem, _)| stem)
                .to_lowercase()
        };
        let wanted = stem(name);
        let wanted_len = wanted.chars().count();
        self.hints()
            .by_dir
            .get(dir)?
            .iter()
            .filter_map(|candidate| {
                let candidate_stem = stem(candidate);
                // Similarity >= 0.75 needs lengths within a quarter of each other.
                let length = candidate_stem.chars().count();
                if length.abs_diff(wanted_len) * 4 > length.max(wanted_len) {
                    return None;
                }
                let similarity = strsim::normalized_levenshtein(&candidate_stem, &wanted);
                (similarity >= 0.75).then_some((similarity, candidate))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, candidate)| {
                if dir.is_empty() {
                    candidate.clone()
                } else {
                    format!("{dir}/{candidate}")
                }
            })
    }
}

/// The files a site-relative URL path may be served from, in order.
fn candidates(path: &str, index_pages: &[String]) -> Vec<String> {
    let trimmed = path.trim_end_matches('/');
    let index = |dir: &str| -> Vec<String> {
        index_pages
            .iter()
            .flat_map(|name| {
                let base = if dir.is_empty() {
                    name.clone()
                } else {
                    format!("{dir}/{name}")
                };
                [format!("{base}.md"), format!("{base}.html")]
            })
            .collect()
    };
    if path.is_empty() || path.ends_with('/') {
        // `/support/sla/automation/` is `support/sla/automation.md` on ACOM sites.
        let mut out = index(trimmed);
        if !trimmed.is_empty() {
            out.push(format!("{trimmed}.md"));
        }
        return out;
    }
    let file_name = trimmed.rsplit('/').next().unwrap_or(trimmed);
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let mut out = vec![trimmed.to_owned()];
    match extension.as_deref() {
        Some("html" | "htm" | "aspx") => {
            let stem = &trimmed[..trimmed.rfind('.').unwrap_or(trimmed.len())];
            out.push(format!("{stem}.md"));
            out.push(format!("{stem}.markdown"));
        }
        None => {
            out.push(format!("{trimmed}.md"));
            out.push(format!("{trimmed}.html"));
            out.extend(index(trimmed));
        }
        Some(_) => {}
    }
    out
}

/// Reads and parses one page. Never fails: problems are recorded on the page.
fn load_page(root: &Path, relative: &str, config: &Config, data: &LintData, options: &ParseOptions) -> Page {
    let full = root.join(relative);
    let limit = config.files.max_page_bytes;
    match std::fs::metadata(&full) {
        // Checked before reading, not to read a huge file at all.
        Ok(metadata) if metadata.len() > limit => return too_large(relative, metadata.len(), limit),
        Err(error) => return unreadable(relative, &error),
        Ok(_) => {}
    }
    match std::fs::read(&full) {
        Ok(bytes) => page_from_bytes(relative, bytes, config, data, options),
        Err(error) => unreadable(relative, &error),
    }
}

fn unreadable(relative: &str, error: &std::io::Error) -> Page {
    Page::unloadable(
        relative,
        LoadIssue::Unreadable(error.to_string()),
        format!("cannot read the page: {error}"),
    )
}

/// The page `Site::load` makes of a file holding `bytes`.
pub fn page_from_bytes(
    relative: &str,
    bytes: Vec<u8>,
    config: &Config,
    data: &LintData,
    options: &ParseOptions,
) -> Page {
    let length = bytes.len() as u64;
    let limit = config.files.max_page_bytes;
    if length > limit {
        return too_large(relative, length, limit);
    }
    if source::looks_binary(&bytes) {
        return Page::unloadable(
            relative,
            LoadIssue::Binary,
            "binary file with a page extension (NUL bytes in its first 8 KiB): not checked".to_owned(),
        );
    }
    let decoded = source::decode(bytes);
    let text = decoded.text();
    let mut page = parse_page(relative, text, &decoded.decoding, options, &data.regions);
    page.byte_len = length;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        page.problems.push(load_problem(
            LoadIssue::Empty,
            "empty page: it has no content".to_owned(),
        ));
    }
    let byte_order_marks = (text.len() - text.trim_start_matches('\u{feff}').len()) / 3;
    if byte_order_marks > 1 {
        page.problems.push(Problem {
            kind: ProblemKind::Load(LoadIssue::ExtraByteOrderMarks(byte_order_marks)),
            span: Span::new(3, 3 * byte_order_marks),
            message: format!(
                "page starts with {byte_order_marks} byte-order marks: tools that expect one (Jekyll among them) read the others as text and miss what follows; remove the extra ones"
            ),
        });
    }
    if let Some(message) = decoding_message(&decoded.decoding) {
        page.problems.push(load_problem(
            LoadIssue::Decoded(decoded.decoding.clone()),
            message,
        ));
    }
    page
}

fn too_large(relative: &str, bytes: u64, limit: u64) -> Page {
    let mut page = Page::unloadable(
        relative,
        LoadIssue::TooLarge { bytes, limit },
        format!(
            "page is {} MB, over the {} MB limit (files.max-page-bytes): not checked",
            bytes / 1_000_000,
            limit / 1_000_000
        ),
    );
    page.byte_len = bytes;
    page
}

fn load_problem(issue: LoadIssue, message: String) -> Problem {
    Problem {
        kind: ProblemKind::Load(issue),
        span: Span::default(),
        message,
    }
}

fn decoding_message(decoding: &Decoding) -> Option<String> {
    Some(match decoding {
        Decoding::Utf8 => return None,
        Decoding::Utf16 { big_endian } => format!(
            "page is UTF-16 ({}) encoded: tclint read it, but other tools expect UTF-8; re-save it as UTF-8 (fixes are not applied to it)",
            if *big_endian { "big-endian" } else { "little-endian" }
        ),
        Decoding::Gb18030 => "page is GBK/GB18030 encoded, not UTF-8: tclint read it as GB18030; re-save it as UTF-8 (fixes are not applied to it)".to_owned(),
        Decoding::LossyUtf8 {
            invalid_sequences,
            first_invalid_offset,
        } => format!(
            "page is not valid UTF-8 ({invalid_sequences} invalid byte sequence(s), the first at byte {first_invalid_offset}): they were replaced with U+FFFD for checking (fixes are not applied to it)"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_files_for_legacy_urls() {
        let index = vec!["index".to_owned(), "default".to_owned()];
        assert_eq!(
            candidates("privacy/default.html", &index),
            [
                "privacy/default.html",
                "privacy/default.md",
                "privacy/default.markdown"
            ]
        );
        assert_eq!(
            candidates("support/sla/automation/", &index)[..2],
            [
                "support/sla/automation/index.md",
                "support/sla/automation/index.html"
            ]
        );
        let no_extension = candidates("support/trust-center/transparency-en", &index);
        assert!(no_extension.contains(&"support/trust-center/transparency-en.md".to_owned()));
        assert!(no_extension.contains(&"support/trust-center/transparency-en/default.md".to_owned()));
        assert_eq!(candidates("Images/a.png", &index), ["Images/a.png"]);
    }
}
