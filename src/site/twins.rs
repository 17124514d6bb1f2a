//! Pages that are translations of each other ("twins"): `X.md` and
//! `X-cn.md`, ACOM `X-en.md` and `X.md`, `en-us/P` and `zh-cn/P`, and what
//! pages declare (`[AZURE.LANGUAGE]` lists, front-matter `translations`).

use super::{Lookup, Site};
use crate::config::Config;
use crate::page::Locale;
use crate::site::url::{Scope, parse_url, scope};

/// Per page (by index), its twins: (locale, page index).
pub type Twins = [Vec<(Locale, usize)>];

/// For each page, its twins in the other languages (at most one per locale).
pub fn twins(site: &Site, config: &Config) -> Vec<Vec<(Locale, usize)>> {
    use rayon::prelude::*;
    (0..site.pages.len())
        .into_par_iter()
        .map(|index| twins_of(site, config, index))
        .collect()
}

pub fn twins_of(site: &Site, config: &Config, index: usize) -> Vec<(Locale, usize)> {
    let page = &site.pages[index];
    let Some(own) = page.locale else {
        return Vec::new();
    };
    let mut found: Vec<(Locale, usize)> = Vec::new();
    let add = |candidate: usize, found: &mut Vec<(Locale, usize)>| {
        let Some(locale) = site.pages[candidate].locale else {
            return;
        };
        if candidate != index && locale != own && !found.iter().any(|(l, _)| *l == locale) {
            found.push((locale, candidate));
        }
    };
    for (_, url) in &page.metadata.translations {
        let parsed = parse_url(url);
        if let Scope::Site { path, .. } = scope(&parsed, &page.path, config)
            && let Lookup::Page(candidate) = site.lookup(&path, config)
        {
            add(candidate, &mut found);
        }
    }
    for_each_name_candidate(&page.path, |candidate| {
        if let Some(candidate) = site.page_index(candidate) {
            add(candidate, &mut found);
        }
    });
    found
}

/// A key a page shares with its translations and with its copies under
/// locale folders: the path without `en-us`/`zh-cn` segments (at any depth)
/// and without a `-cn`/`-en` suffix.
pub fn language_neutral_path(path: &str) -> String {
    // Built in one buffer: this runs for every page some link opens.
    let mut neutral = String::with_capacity(path.len() + 1);
    let segments = path
        .split('/')
        .filter(|segment| !matches!(*segment, "en-us" | "zh-cn"));
    for (index, segment) in segments.enumerate() {
        if index > 0 {
            neutral.push('/');
        }
        neutral.push_str(segment);
    }
    let dot = neutral.rfind('.');
    let stem_end = dot.unwrap_or(neutral.len());
    let stem = &neutral[..stem_end];
    let suffix = ["-cn", "-en"].into_iter().find(|suffix| stem.ends_with(suffix));
    if let Some(suffix) = suffix {
        neutral.replace_range(stem_end - suffix.len()..stem_end, "");
    }
    if dot.is_none() {
        neutral.push('.');
    }
    neutral
}

/// A key for an external URL: scheme, fragment, case and a trailing slash
/// aside; with `language_neutral` also without `en-us`/`zh-cn` segments
/// (the localized URLs of one document).
pub fn external_key(url: &str, language_neutral: bool) -> String {
    let url = url.split('#').next().unwrap_or(url).trim().to_lowercase();
    let url = url.trim_start_matches("https://").trim_start_matches("http://");
    let url = url.trim_end_matches('/');
    if !language_neutral {
        return url.to_owned();
    }
    let segments: Vec<&str> = url
        .split('/')
        .filter(|segment| !matches!(*segment, "en-us" | "zh-cn"))
        .collect();
    let mut key = segments.join("/");
    // `guide-en.docx` / `guide.docx`: one document per language.
    let last = key.rfind('/').map_or(0, |at| at + 1);
    let dot = key[last..].rfind('.').map_or(key.len(), |at| last + at);
    for suffix in ["-en", "-cn", "-ch", "_en", "_cn"] {
        if key[last..dot].ends_with(suffix) {
            key.replace_range(dot - suffix.len()..dot, "");
            break;
        }
    }
    key
}

/// Hands `probe` each path a twin of `path` may have, by naming
/// convention, in order: `-cn`/`-en` suffixes, then `en-us/` and `zh-cn/`
/// folders swapped. Built in one buffer: this runs for every page.
fn for_each_name_candidate(path: &str, mut probe: impl FnMut(&str)) {
    let mut buffer = String::with_capacity(path.len() + 8);
    let (directory, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
    let (stem, extension) = file.rsplit_once('.').unwrap_or((file, ""));
    let mut with_stem = |parts: [&str; 2], buffer: &mut String| {
        buffer.clear();
        if !directory.is_empty() {
            buffer.push_str(directory);
            buffer.push('/');
        }
        parts.iter().for_each(|part| buffer.push_str(part));
        if !extension.is_empty() {
            buffer.push('.');
            buffer.push_str(extension);
        }
        probe(buffer);
    };
    for suffix in ["-cn", "-en"] {
        match stem.strip_suffix(suffix) {
            Some(base) => with_stem([base, ""], &mut buffer),
            None => with_stem([stem, suffix], &mut buffer),
        }
    }
    for (from, to, inner) in [("en-us/", "zh-cn/", "/en-us/"), ("zh-cn/", "en-us/", "/zh-cn/")] {
        if let Some(rest) = path.strip_prefix(from) {
            buffer.clear();
            buffer.push_str(to);
            buffer.push_str(rest);
            probe(&buffer);
        }
        if let Some(at) = path.find(inner) {
            buffer.clear();
            buffer.push_str(&path[..at + 1]);
            buffer.push_str(to);
            buffer.push_str(&path[at + inner.len()..]);
            probe(&buffer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_neutral_paths_are_those_of_the_plain_definition() {
        let by_definition = |path: &str| {
            let path: Vec<&str> = path
                .split('/')
                .filter(|segment| !matches!(*segment, "en-us" | "zh-cn"))
                .collect();
            let path = path.join("/");
            let (stem, extension) = path.rsplit_once('.').unwrap_or((&path, ""));
            let stem = stem
                .strip_suffix("-cn")
                .or_else(|| stem.strip_suffix("-en"))
                .unwrap_or(stem);
            format!("{stem}.{extension}")
        };
        for path in [
            "privacy/default.md",
            "en-us/privacy/default-cn.md",
            "zh-cn/a/en-us/b-en.html",
            "/en-us/x.md",
            "README",
            "dir-cn/README-en",
            "a.b/c-cn",
            "en-us",
            "",
            "a//b-cn.md",
            "x-cn-en.md",
            "数据/页面-cn.md",
        ] {
            assert_eq!(language_neutral_path(path), by_definition(path), "{path}");
        }
    }

    fn name_candidates(path: &str) -> Vec<String> {
        let mut candidates = Vec::new();
        for_each_name_candidate(path, |candidate| candidates.push(candidate.to_owned()));
        candidates
    }

    #[test]
    fn naming_conventions() {
        assert_eq!(
            name_candidates("a/en-us/b/p-cn.md"),
            ["a/en-us/b/p.md", "a/en-us/b/p-cn-en.md", "a/zh-cn/b/p-cn.md"]
        );
        assert_eq!(
            name_candidates("zh-cn/x"),
            ["zh-cn/x-cn", "zh-cn/x-en", "en-us/x"]
        );
        let c = name_candidates("privacy/default.md");
        assert!(c.contains(&"privacy/default-cn.md".to_owned()));
        assert!(c.contains(&"privacy/default-en.md".to_owned()));
        assert!(name_candidates("privacy/default-cn.md").contains(&"privacy/default.md".to_owned()));
        assert!(
            name_candidates("en-us/privacy/gdpr/index.md")
                .contains(&"zh-cn/privacy/gdpr/index.md".to_owned())
        );
        assert!(name_candidates("site/zh-cn/a.md").contains(&"site/en-us/a.md".to_owned()));
    }
}
