//! Finding the files of a site: pages (by extension, then sniffed by content)
//! and every other file (assets links may point at).

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use super::LoadError;
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
    /// A symbolic link whose target is outside the site (and outside every
    /// folder `--follow-links` names): not followed, so nothing outside the
    /// site is read.
    LinkLeavesSite(String),
    /// A symbolic link to nothing.
    DanglingLink,
    /// A name that is not valid UTF-8: site paths are text.
    NameNotUtf8,
}

impl WalkFailure {
    /// What happened, for a reader.
    pub fn describe(&self) -> String {
        match self {
            WalkFailure::SymlinkLoop(detail) => format!("symlink loop: {detail}; not followed"),
            WalkFailure::Unreadable(detail) => format!("cannot read: {detail}"),
            WalkFailure::LinkLeavesSite(target) => format!(
                "symbolic link to `{target}`, outside the site: not followed (`--follow-links DIR` allows a folder)"
            ),
            WalkFailure::DanglingLink => "symbolic link to nothing: skipped".to_owned(),
            WalkFailure::NameNotUtf8 => "file name is not valid UTF-8: not checked; rename it".to_owned(),
        }
    }

    /// Whether content may be missing because of it: a loop only leads
    /// back to a folder the walk reads anyway.
    pub fn loses_content(&self) -> bool {
        !matches!(self, WalkFailure::SymlinkLoop(_))
    }
}

/// Include and exclude globs, matched against site-relative paths.
pub struct FileFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
    extensions: Vec<String>,
}

impl FileFilter {
    pub fn new(config: &FilesConfig) -> Result<FileFilter, LoadError> {
        let build = |globs: &[String]| -> Result<GlobSet, LoadError> {
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(Glob::new(glob).map_err(|source| LoadError::BadGlob {
                    glob: glob.clone(),
                    source,
                })?);
            }
            builder.build().map_err(LoadError::Globs)
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

/// Where symbolic links may lead: the site itself and the folders the
/// command line names, all fully resolved.
#[derive(Clone)]
struct LinkBounds {
    roots: Vec<PathBuf>,
}

impl LinkBounds {
    fn new(root: &Path, link_roots: &[PathBuf]) -> LinkBounds {
        let roots = std::iter::once(root)
            .chain(link_roots.iter().map(PathBuf::as_path))
            .filter_map(|root| root.canonicalize().ok())
            .collect();
        LinkBounds { roots }
    }

    /// Whether the walk may go through the link at `path`; if not, why.
    fn judge(&self, path: &Path) -> Result<(), WalkFailure> {
        let target = match path.canonicalize() {
            Ok(target) => target,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(WalkFailure::DanglingLink);
            }
            Err(error) => return Err(WalkFailure::Unreadable(error.to_string())),
        };
        if self.roots.iter().any(|root| target.starts_with(root)) {
            Ok(())
        } else {
            Err(WalkFailure::LinkLeavesSite(target.display().to_string()))
        }
    }
}

/// Walks the site root in parallel, honouring `.gitignore` and `.ignore`
/// files (also outside a git repository). Symbolic links are followed only
/// where they lead inside the site (or into a folder of `link_roots`):
/// links that leave it, or lead nowhere, are reported and not followed, and
/// loops are reported rather than silently skipped.
pub fn walk(root: &Path, filter: &FileFilter, link_roots: &[PathBuf]) -> Inventory {
    let inventory = std::sync::Arc::new(Mutex::new(Inventory::default()));
    let bounds = LinkBounds::new(root, link_roots);
    let refused = std::sync::Arc::clone(&inventory);
    let walk_root = root.to_path_buf();
    let walker = WalkBuilder::new(root)
        .follow_links(true)
        .require_git(false)
        .hidden(true)
        .filter_entry(move |entry| {
            if !entry.path_is_symlink() {
                return true;
            }
            let Err(failure) = bounds.judge(entry.path()) else {
                return true;
            };
            let relative = relative_path(&walk_root, entry.path()).unwrap_or_default();
            lock(&refused).failures.push((relative, failure));
            false
        })
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
    let mut inventory = std::mem::take(&mut *lock(&inventory));
    inventory.pages.sort();
    inventory.failures.sort();
    inventory
}

fn lock(inventory: &Mutex<Inventory>) -> std::sync::MutexGuard<'_, Inventory> {
    inventory.lock().unwrap_or_else(|poison| poison.into_inner())
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
    let mut inventory = lock(inventory);
    if path.strip_prefix(root).is_ok_and(|p| p.to_str().is_none()) {
        // The lossy name names no file: reported, not read.
        inventory.failures.push((relative, WalkFailure::NameNotUtf8));
        return;
    }
    if filter.is_page_candidate(&relative) {
        inventory.pages.push(relative.clone());
    }
    inventory.files.insert(relative);
}

fn record_error(root: &Path, error: ignore::Error, inventory: &Mutex<Inventory>) {
    let (path, mut failure) = describe_error(&error);
    // Following a link to nothing fails before the entry is seen.
    let dangling = path.as_deref().is_some_and(|path| {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && !path.exists()
    });
    if dangling {
        failure = WalkFailure::DanglingLink;
    }
    let relative = path
        .as_deref()
        .and_then(|p| relative_path(root, p))
        .unwrap_or_default();
    lock(inventory).failures.push((relative, failure));
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
