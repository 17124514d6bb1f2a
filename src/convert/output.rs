//! The output folder of a migration, written without ever going through a
//! symbolic link.
//!
//! Every folder a page or an asset goes into is checked (or created) one
//! component at a time below the output root, with `symlink_metadata`: a
//! folder that is a link (say `OUT/privacy -> ../site/privacy`) stops the
//! run before anything is written, so a migration cannot rewrite the site
//! or write anywhere else through it. Files are written to a temporary file
//! in their folder and renamed over the destination: a link already at the
//! destination is replaced, never written through. The guarantee covers
//! the links that are there when the run starts; the output folder is the
//! user's, not shared with a process that swaps folders while it runs.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Names of tclint's temporary files: a run that was killed leaves some,
/// and the next `--force` run removes them.
const TEMPORARY_PREFIX: &str = ".tclint-tmp-";

/// Why the output folder cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "the output folder `{out}` overlaps the site `{site}`: tclint convert never writes inside the site"
    )]
    OverlapsSite { out: PathBuf, site: PathBuf },
    #[error("the output folder `{0}` is not empty (use --force to write into it)")]
    NotEmpty(PathBuf),
    #[error(
        "`{0}` is a symbolic link: tclint convert never writes through links (remove it, or choose another output folder)"
    )]
    LinkOnPath(PathBuf),
    #[error("`{0}` is in the way: a folder is needed there")]
    NotAFolder(PathBuf),
    #[error("cannot resolve `{path}`: {source}")]
    Resolve { path: PathBuf, source: std::io::Error },
    #[error("cannot write `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The output root, checked: outside the site, empty unless forced.
pub struct OutputFolder {
    root: PathBuf,
}

impl OutputFolder {
    /// Checks `out` against the site at `site` without changing anything.
    pub fn check(site: &Path, out: &Path, force: bool) -> Result<OutputFolder, OutputError> {
        let site = site.canonicalize().map_err(|source| OutputError::Resolve {
            path: site.to_owned(),
            source,
        })?;
        let absolute_out = absolute(out)?;
        if absolute_out.starts_with(&site) || site.starts_with(&absolute_out) {
            return Err(OutputError::OverlapsSite {
                out: out.to_owned(),
                site,
            });
        }
        if let Ok(mut entries) = std::fs::read_dir(out)
            && entries.next().is_some()
            && !force
        {
            return Err(OutputError::NotEmpty(out.to_owned()));
        }
        Ok(OutputFolder { root: out.to_owned() })
    }

    /// Creates the root (its own path is the user's to choose) and removes
    /// the temporary files a killed run left.
    pub fn create(&self) -> Result<(), OutputError> {
        std::fs::create_dir_all(&self.root).map_err(io_error(&self.root))?;
        remove_stale_temporaries(&self.root)
    }

    /// Makes sure the folders of `files` (output-relative, `/`-separated)
    /// exist as real folders below the root, creating the missing ones.
    pub fn create_folders<'a>(&self, files: impl IntoIterator<Item = &'a str>) -> Result<(), OutputError> {
        let folders: BTreeSet<&str> = files
            .into_iter()
            .filter_map(|file| file.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        let mut checked: BTreeSet<PathBuf> = BTreeSet::new();
        for folder in folders {
            let mut path = self.root.clone();
            for part in folder.split('/').filter(|part| !part.is_empty()) {
                path.push(part);
                if checked.insert(path.clone()) {
                    real_folder(&path)?;
                }
            }
        }
        Ok(())
    }

    /// Writes `bytes` to `file` (its folder made by [`Self::create_folders`]).
    pub fn write(&self, file: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.root.join(file);
        let mut temporary = self.temporary_for(&path)?;
        temporary.write_all(bytes).map_err(io_error(&path))?;
        persist(temporary, &path)
    }

    /// Copies the file at `from` to `file`, through a temporary file.
    pub fn copy(&self, file: &str, from: &Path) -> Result<(), OutputError> {
        let path = self.root.join(file);
        let mut source = std::fs::File::open(from).map_err(io_error(from))?;
        let mut temporary = self.temporary_for(&path)?;
        std::io::copy(&mut source, temporary.as_file_mut()).map_err(io_error(&path))?;
        persist(temporary, &path)
    }

    /// Makes `file` a symbolic link to `target`: the link is made under a
    /// temporary name and renamed over the destination.
    #[cfg(unix)]
    pub fn link(&self, file: &str, target: &Path) -> Result<(), OutputError> {
        let path = self.root.join(file);
        let folder = path.parent().unwrap_or(&self.root);
        let temporary = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .make_in(folder, |name| std::os::unix::fs::symlink(target, name))
            .map_err(io_error(&path))?;
        persist_path(temporary.into_temp_path(), &path)
    }

    /// Without symbolic links, a hard link (same file system only).
    #[cfg(not(unix))]
    pub fn link(&self, file: &str, target: &Path) -> Result<(), OutputError> {
        let path = self.root.join(file);
        let _ = std::fs::remove_file(&path);
        std::fs::hard_link(target, &path).map_err(io_error(&path))
    }

    fn temporary_for(&self, path: &Path) -> Result<tempfile::NamedTempFile, OutputError> {
        let folder = path.parent().unwrap_or(&self.root);
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMPORARY_PREFIX);
        // Output files get the mode any new file gets (the umask decides),
        // not the temporary file's private 0600.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        builder.tempfile_in(folder).map_err(io_error(path))
    }
}

/// Renames the temporary file over `path`. Generated output is not flushed
/// to disk: a rerun recreates it, and a flush per page would make the run
/// wait for the disk once for every page.
fn persist(temporary: tempfile::NamedTempFile, path: &Path) -> Result<(), OutputError> {
    persist_path(temporary.into_temp_path(), path)
}

fn persist_path(temporary: tempfile::TempPath, path: &Path) -> Result<(), OutputError> {
    temporary.persist(path).map_err(|error| OutputError::Io {
        path: path.to_owned(),
        source: error.error,
    })
}

/// `path` is a folder, not a link to one; created if missing.
fn real_folder(path: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(OutputError::LinkOnPath(path.to_owned())),
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(OutputError::NotAFolder(path.to_owned())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => match std::fs::create_dir(path) {
            Ok(()) => Ok(()),
            // Made in the meantime: check what it is.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                match std::fs::symlink_metadata(path) {
                    Ok(metadata) if metadata.is_dir() => Ok(()),
                    _ => Err(OutputError::NotAFolder(path.to_owned())),
                }
            }
            Err(error) => Err(io_error(path)(error)),
        },
        Err(error) => Err(io_error(path)(error)),
    }
}

/// Removes tclint's temporary files below `root`, without following links.
fn remove_stale_temporaries(root: &Path) -> Result<(), OutputError> {
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                folders.push(entry.path());
            } else if entry.file_name().to_string_lossy().starts_with(TEMPORARY_PREFIX) {
                let path = entry.path();
                std::fs::remove_file(&path).map_err(io_error(&path))?;
            }
        }
    }
    Ok(())
}

/// `out` made absolute, resolving the part that exists (the rest may not yet).
fn absolute(out: &Path) -> Result<PathBuf, OutputError> {
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
            _ => {
                return Err(OutputError::Resolve {
                    path: out.to_owned(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no existing parent"),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_on_the_way_is_refused_and_nothing_written_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("privacy")).unwrap();
        std::fs::write(site.join("privacy/a.md"), "source").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink("../site/privacy", out.join("privacy")).unwrap();
        let folder = OutputFolder::check(&site, &out, true).unwrap();
        folder.create().unwrap();
        let error = folder.create_folders(["privacy/a.md"]).unwrap_err();
        assert!(matches!(error, OutputError::LinkOnPath(_)), "{error}");
        assert_eq!(
            std::fs::read_to_string(site.join("privacy/a.md")).unwrap(),
            "source"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_destination_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("a.md"), "source").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink(site.join("a.md"), out.join("a.md")).unwrap();
        let folder = OutputFolder::check(&site, &out, true).unwrap();
        folder.write("a.md", b"converted").unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.md")).unwrap(), "source");
        assert!(
            !std::fs::symlink_metadata(out.join("a.md"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(out.join("a.md")).unwrap(), "converted");
    }

    #[cfg(unix)]
    #[test]
    fn output_files_get_the_mode_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let out = dir.path().join("out");
        let folder = OutputFolder::check(&site, &out, false).unwrap();
        folder.create().unwrap();
        folder.write("a.md", b"converted").unwrap();
        std::fs::write(out.join("plain.md"), b"x").unwrap();
        let mode = |name: &str| std::fs::metadata(out.join(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("a.md"), mode("plain.md"));
    }

    #[test]
    fn temporaries_of_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("sub")).unwrap();
        std::fs::write(out.join("sub/.tclint-tmp-abc"), "half").unwrap();
        std::fs::write(out.join("sub/keep.md"), "kept").unwrap();
        let folder = OutputFolder::check(&site, &out, true).unwrap();
        folder.create().unwrap();
        assert!(!out.join("sub/.tclint-tmp-abc").exists());
        assert!(out.join("sub/keep.md").exists());
    }

    #[test]
    fn an_output_inside_the_site_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = OutputFolder::check(dir.path(), &dir.path().join("out"), false)
            .err()
            .unwrap();
        assert!(matches!(error, OutputError::OverlapsSite { .. }));
    }
}
