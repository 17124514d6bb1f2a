//! The result cache: `.tclint-cache/external-links.json` at the site root.
//! Only successes are kept (a dead or unreachable link is checked again next
//! time), for a configurable time (default one day).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{CacheError, Outcome};

pub const CACHE_DIR: &str = ".tclint-cache";
const CACHE_FILE: &str = "external-links.json";
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: HashMap<String, Entry>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    checked: u64,
    outcome: Outcome,
}

pub struct Cache {
    path: PathBuf,
    entries: HashMap<String, Entry>,
    max_age: Duration,
    changed: bool,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

impl Cache {
    /// The cache of the site at `root`; an unreadable or outdated file is
    /// treated as empty (it is only a cache).
    pub fn open(root: &Path, max_age: Duration) -> Cache {
        let path = root.join(CACHE_DIR).join(CACHE_FILE);
        let entries = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<CacheFile>(&text).ok())
            .filter(|file| file.version == VERSION)
            .map(|file| file.entries)
            .unwrap_or_default();
        Cache {
            path,
            entries,
            max_age,
            changed: false,
        }
    }

    /// A fresh result for the URL; `needs_anchors` asks for one that lists
    /// the page's anchors.
    pub fn get(&self, url: &str, needs_anchors: bool) -> Option<Outcome> {
        let entry = self.entries.get(url)?;
        let fresh = now().saturating_sub(entry.checked) <= self.max_age.as_secs();
        (fresh && (!needs_anchors || entry.outcome.anchors().is_some())).then(|| entry.outcome.clone())
    }

    /// Remembers a success; failures are never cached.
    pub fn put(&mut self, url: &str, outcome: &Outcome) {
        if outcome.is_success() {
            let entry = Entry {
                checked: now(),
                outcome: outcome.clone(),
            };
            self.entries.insert(url.to_owned(), entry);
            self.changed = true;
        }
    }

    pub fn save(&self) -> Result<(), CacheError> {
        if !self.changed {
            return Ok(());
        }
        let directory = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(directory).map_err(|source| CacheError::CreateFolder {
            path: directory.to_owned(),
            source,
        })?;
        // Expired entries are dropped, so the file does not grow for ever.
        let now = now();
        let entries = self
            .entries
            .iter()
            .filter(|(_, entry)| now.saturating_sub(entry.checked) <= self.max_age.as_secs())
            .map(|(url, entry)| (url.clone(), entry.clone()))
            .collect();
        let file = CacheFile {
            version: VERSION,
            entries,
        };
        let json = serde_json::to_string(&file)?;
        crate::shared::atomic::write_atomically(&self.path, json.as_bytes()).map_err(|source| {
            CacheError::Write {
                path: self.path.clone(),
                source,
            }
        })
    }
}

/// Deletes the cache of the site at `root`; says whether there was one.
pub fn clear(root: &Path) -> Result<bool, CacheError> {
    let directory = root.join(CACHE_DIR);
    match std::fs::remove_dir_all(&directory) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(CacheError::Remove {
            path: directory,
            source,
        }),
    }
}
