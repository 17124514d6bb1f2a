//! Writing a file whole: through a temporary file in the same directory,
//! renamed over the original, so that readers and crashes see the old file
//! or the new one, never half of one.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

/// Writes through a temporary file in the same directory, flushed to disk,
/// then renamed over the original, keeping the original's permissions: a
/// crash leaves the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = temporary_beside(path, bytes)?;
    temporary.as_file().sync_all()?;
    if let Ok(metadata) = std::fs::metadata(path) {
        temporary.as_file().set_permissions(metadata.permissions())?;
    }
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// A temporary file holding `bytes`, in `path`'s directory: a rename is
/// atomic only within one file system.
pub fn temporary_beside(path: &Path, bytes: &[u8]) -> std::io::Result<NamedTempFile> {
    let directory = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = NamedTempFile::new_in(directory)?;
    temporary.write_all(bytes)?;
    Ok(temporary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_created_and_replaced_keeping_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_atomically(&path, b"one").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let permissions = std::fs::metadata(&path).unwrap().permissions();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions(), permissions);
        write_atomically(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
