//! The files `--fix` writes. A fix replaces a file by renaming a new one
//! over it; that is safe only for a regular file inside the site, with one
//! link, that its owner may write, and only if the new file gets the old
//! one's owner and mode. Anything else is refused, with the reason.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::site::discover::relative_path;

/// Why a file was not written.
#[derive(Debug)]
pub enum NotWritten {
    /// Left alone on purpose; the text says why.
    Refused(String),
    /// The system failed an operation (`read` or `write`).
    Failed(&'static str, io::Error),
}

fn failed(action: &'static str) -> impl Fn(io::Error) -> NotWritten {
    move |error| NotWritten::Failed(action, error)
}

/// Where a page's file really is, relative to `root` (`/`-separated):
/// symlinks followed, in folders too. Refuses a file that is not inside
/// `root` once they are (the walk follows symlinks, so a page may live
/// anywhere). `root` must be resolved already.
pub fn resolve(root: &Path, relative: &str) -> Result<String, NotWritten> {
    let real = root.join(relative).canonicalize().map_err(failed("read"))?;
    match relative_path(root, &real) {
        Some(inside) if !inside.is_empty() => Ok(inside),
        _ => Err(NotWritten::Refused(format!(
            "it is a symlink (or in a symlinked folder) to `{}`, outside the site: tclint writes only inside the site",
            real.display()
        ))),
    }
}

/// A file read for fixing, with what it takes to replace it faithfully.
#[derive(Debug)]
pub struct SiteFile {
    real: PathBuf,
    bytes: Vec<u8>,
    /// Of the open file, taken before reading it.
    metadata: Metadata,
}

impl SiteFile {
    /// Reads a resolved file, unless replacing it would be unsafe.
    pub fn open(real: &Path) -> Result<SiteFile, NotWritten> {
        let mut file = File::open(real).map_err(failed("read"))?;
        let metadata = file.metadata().map_err(failed("read"))?;
        refuse_unsafe(&metadata)?;
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        file.read_to_end(&mut bytes).map_err(failed("read"))?;
        Ok(SiteFile {
            real: real.to_path_buf(),
            bytes,
            metadata,
        })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Replaces the file with `bytes`: a temporary file in its folder, given
    /// its owner and mode and flushed to disk, renamed over it.
    pub fn replace(&self, bytes: &[u8]) -> Result<(), NotWritten> {
        let temporary =
            crate::shared::atomic::temporary_beside(&self.real, bytes).map_err(failed("write"))?;
        let file = temporary.as_file();
        // Owner first: changing it clears the set-user-ID and set-group-ID
        // bits that the mode then restores.
        platform::keep_owner(file, &self.metadata)?;
        file.set_permissions(self.metadata.permissions())
            .map_err(failed("write"))?;
        file.sync_all().map_err(failed("write"))?;
        self.unchanged()?;
        temporary
            .persist(&self.real)
            .map_err(|error| NotWritten::Failed("write", error.error))?;
        Ok(())
    }

    /// Refuses to go on when the file is no longer the one read: another
    /// file in its place, or an edit made since (by size and time, then
    /// by content, since an edit within the clock's resolution keeps the
    /// time). Checked right before the rename: only an edit made between
    /// this check and the rename, microseconds apart, goes unseen.
    fn unchanged(&self) -> Result<(), NotWritten> {
        let changed = || NotWritten::Refused("it changed while fixing; run again".to_owned());
        let mut file = match File::open(&self.real) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(changed()),
            opened => opened.map_err(failed("read"))?,
        };
        let now = file.metadata().map_err(failed("read"))?;
        if platform::identity(&now) != platform::identity(&self.metadata) {
            return Err(changed());
        }
        let mut bytes = Vec::with_capacity(self.bytes.len());
        file.read_to_end(&mut bytes).map_err(failed("read"))?;
        if bytes != self.bytes {
            return Err(changed());
        }
        Ok(())
    }
}

/// Refuses what a rename over the file would damage.
fn refuse_unsafe(metadata: &Metadata) -> Result<(), NotWritten> {
    let refuse = |reason: String| Err(NotWritten::Refused(reason));
    if !metadata.is_file() {
        return refuse("it is not a regular file".to_owned());
    }
    let links = platform::hard_links(metadata);
    if links > 1 {
        return refuse(format!(
            "it has {links} hard links: replacing it would break them, and writing it in place would not be atomic; not written"
        ));
    }
    if let Some(mode) = platform::read_only(metadata) {
        return refuse(format!(
            "it is read-only ({mode}): tclint writes only files their owner may write"
        ));
    }
    Ok(())
}

#[cfg(unix)]
mod platform {
    use std::fs::{File, Metadata};
    use std::os::unix::fs::{MetadataExt, fchown};

    use super::{NotWritten, failed};

    /// What tells the file read from another file, or from itself edited:
    /// device, inode, size and modification time.
    pub fn identity(metadata: &Metadata) -> (u64, u64, u64, i64, i64) {
        (
            metadata.dev(),
            metadata.ino(),
            metadata.size(),
            metadata.mtime(),
            metadata.mtime_nsec(),
        )
    }

    pub fn hard_links(metadata: &Metadata) -> u64 {
        metadata.nlink()
    }

    /// The mode, when the owner may not write: refused even when running
    /// as root, who could.
    pub fn read_only(metadata: &Metadata) -> Option<String> {
        let mode = metadata.mode() & 0o7777;
        (mode & 0o200 == 0).then(|| format!("mode {mode:04o}"))
    }

    /// Gives `file` the owner and group of the file it replaces, when they
    /// differ (root fixing someone's page; a set-group-ID folder). Only
    /// root may give a file away: otherwise the fix is refused rather than
    /// change the page's owner.
    pub fn keep_owner(file: &File, original: &Metadata) -> Result<(), NotWritten> {
        let new = file.metadata().map_err(failed("write"))?;
        let uid = (new.uid() != original.uid()).then_some(original.uid());
        let gid = (new.gid() != original.gid()).then_some(original.gid());
        if uid.is_none() && gid.is_none() {
            return Ok(());
        }
        fchown(file, uid, gid).map_err(|error| {
            NotWritten::Refused(format!(
                "it belongs to {}:{} and tclint cannot give the new file that owner ({error}): not written, so that its owner does not change",
                original.uid(),
                original.gid()
            ))
        })
    }
}

#[cfg(not(unix))]
mod platform {
    use std::fs::{File, Metadata};

    use super::NotWritten;

    pub fn identity(metadata: &Metadata) -> (u64, Option<std::time::SystemTime>) {
        (metadata.len(), metadata.modified().ok())
    }

    pub fn hard_links(_metadata: &Metadata) -> u64 {
        1
    }

    pub fn read_only(metadata: &Metadata) -> Option<String> {
        metadata
            .permissions()
            .readonly()
            .then(|| "read-only attribute".to_owned())
    }

    pub fn keep_owner(_file: &File, _original: &Metadata) -> Result<(), NotWritten> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(result: Result<(), NotWritten>) -> String {
        match result {
            Err(NotWritten::Refused(reason)) => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_file_edited_after_it_was_read_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "<p>Data</p>").unwrap();
        let file = SiteFile::open(&path).unwrap();
        // Someone else's edit, same size (and maybe the same mtime).
        std::fs::write(&path, "<p>DATA</p>").unwrap();
        let reason = refusal(file.replace(b"<p>data</p>"));
        assert!(reason.contains("changed while fixing; run again"), "{reason}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<p>DATA</p>");
    }

    #[test]
    fn a_file_replaced_after_it_was_read_is_not_replaced_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "<p>Data</p>").unwrap();
        let file = SiteFile::open(&path).unwrap();
        // An editor's save: the same text, a new file renamed over it.
        std::fs::write(dir.path().join("new"), "<p>Data</p>").unwrap();
        std::fs::rename(dir.path().join("new"), &path).unwrap();
        let reason = refusal(file.replace(b"<p>data</p>"));
        assert!(reason.contains("changed while fixing"), "{reason}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<p>Data</p>");
    }

    #[test]
    fn an_unchanged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "<p>Data</p>").unwrap();
        let file = SiteFile::open(&path).unwrap();
        file.replace(b"<p>data</p>").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<p>data</p>");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
