//! Finding the files of a site: pages (by extension, then sniffed by content)
//! and every other file (assets links may point at).

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::config::FilesConfig;

/// What a walk of the site root found.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Candidate pages, site-relative with `/`, sorted.
    pub pages: Vec<String>,
    /// Every file, site-relative with `/` (pages included).
    pub files: FxHashSet<String>,
    /// Entries the walk could not read, or symlink loops: (path, message).
    pub failures: Vec<(String, WalkFailure)>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum WalkFailure {
    SymlinkLoop(String),
    Unreadable(String),
}

/// Include and exclude globs, matched against site-relative paths.
pub struct FileFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
    extensions: Vec<String>,
}

impl FileFilter {
    pub fn new(config: &FilesConfig) -> Result<FileFilter, String> {
        let build = |globs: &[String]| -> Result<GlobSet, String> {
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(Glob::new(glob).map_err(|e| format!("bad glob `{glob}`: {e}"))?);
            }
            builder.build().map_err(|e| e.to_string())
        };
        Ok(FileFilter {
            include: (!config.include.is_empty())
                .then(|| build(&config.include))
                .transpose()?,
            exclude: build(&config.exclude)?,
            extensions: config
                .page_extensions
                .iter()
                .map(|e| e.to_ascii_lowercase())
                .collect(),
        })
    }

    fn excluded(&self, relative: &str) -> bool {
        self.exclude.is_match(relative)
    }

    fn is_page_candidate(&self, relative: &str) -> bool {
        let extension = relative.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let matches_extension = extension.is_some_and(|e| self.extensions.contains(&e));
        matches_extension
            && self
                .include
                .as_ref()
                .is_none_or(|include| include.is_match(relative))
    }
}

/// The site-relative, `/`-separated form of a path under `root`.
pub fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Walks the site root in parallel, honouring `.gitignore` and `.ignore`
/// files (also outside a git repository) and following symlinks so that a
/// loop is reported rather than silently skipped.
pub fn walk(root: &Path, filter: &FileFilter) -> Inventory {
    let inventory = Mutex::new(Inventory::default());
    let walker = WalkBuilder::new(root)
        .follow_links(true)
        .require_git(false)
        .hidden(true)
        .build_parallel();
    walker.run(|| {
        let inventory = &inventory;
        Box::new(move |entry| {
            match entry {
                Ok(entry) => record_entry(root, filter, entry.path(), entry.file_type(), inventory),
                Err(error) => record_error(root, error, inventory),
            }
            WalkState::Continue
        })
    });
    let mut inventory = inventory
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner());
    inventory.pages.sort();
    inventory.failures.sort();
    inventory
}

fn record_entry(
    root: &Path,
    filter: &FileFilter,
    path: &Path,
    file_type: Option<std::fs::FileType>,
    inventory: &Mutex<Inventory>,
) {
    let Some(relative) = relative_path(root, path) else {
        return;
    };
    if !relative.is_empty() && filter.excluded(&relative) {
        return;
    }
    if file_type.is_some_and(|t| t.is_dir()) {
        return;
    }
    let mut inventory = inventory.lock().unwrap_or_else(|poison| poison.into_inner());
    if filter.is_page_candidate(&relative) {
        inventory.pages.push(relative.clone());
    }
    inventory.files.insert(relative);
}

fn record_error(root: &Path, error: ignore::Error, inventory: &Mutex<Inventory>) {
    let (path, failure) = describe_error(&error);
    let relative = path
        .as_deref()
        .and_then(|p| relative_path(root, p))
        .unwrap_or_default();
    let mut inventory = inventory.lock().unwrap_or_else(|poison| poison.into_inner());
    inventory.failures.push((relative, failure));
}

fn describe_error(error: &ignore::Error) -> (Option<PathBuf>, WalkFailure) {
    match error {
        ignore::Error::WithPath { path, err } => {
            let (_, failure) = describe_error(err);
            (Some(path.clone()), failure)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_error(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child.clone()),
            WalkFailure::SymlinkLoop(format!("it links back to `{}`", ancestor.display())),
        ),
        other => (None, WalkFailure::Unreadable(other.to_string())),
    }
}
