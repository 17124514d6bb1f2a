//! `[[site.routes]]`: how a publishing system maps URLs to files when the
//! URL path is not the file path (docfx's `/documentation/articles/NAME/`
//! served from `articles/<folder>/NAME.md`, Jekyll permalinks, flattened
//! folders).
//!
//! A route is a URL pattern and a file pattern sharing `{name}`-style
//! variables. Each route indexes the site's files once (variables -> files),
//! so a lookup is one regex match and one map lookup, and a URL that names
//! several files is told apart from one that names none.

use regex::Regex;
use rustc_hash::FxHashMap;

use crate::config::RouteConfig;

/// Why a route cannot be used. The texts are what the CLI prints.
#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    #[error("url `{0}` must start with `/`")]
    UrlNotAbsolute(String),
    #[error("`{pattern}`: `{{` without a closing `}}`, or an empty or invalid variable name")]
    BadVariable { pattern: String },
    #[error("`{pattern}` uses `{{{name}}}` twice")]
    RepeatedVariable { pattern: String, name: String },
    #[error("url `{url}` and file `{file}` must use the same variables")]
    VariablesDiffer { url: String, file: String },
    #[error("url `{url}` has no variable: a route maps many URLs, write `{{name}}` where they differ")]
    NoVariable { url: String },
}

/// One compiled route.
#[derive(Debug, Clone)]
pub struct Route {
    pub config: RouteConfig,
    /// Matches a site path (no leading `/`), trailing `/` optional.
    url: Regex,
    /// Matches a file path of the site.
    file: Regex,
    /// The variables in URL order; the file regex's groups are named after them.
    variables: Vec<String>,
}

/// Variable values (in URL order) -> the files a route's file pattern
/// matches with them.
type FileIndex = FxHashMap<Box<[Box<str>]>, Vec<String>>;

/// The site's routes with their file indexes.
#[derive(Debug, Default)]
pub struct Routes {
    routes: Vec<(Route, FileIndex)>,
}

/// What the routes make of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed {
    /// One file.
    File(String),
    /// A route matched, and names several files (the file pattern is too wide).
    Ambiguous { route: String, files: Vec<String> },
    /// A route matched and names no file; the pattern it tried.
    NoFile(String),
}

impl Route {
    /// Checks and compiles a route of the configuration.
    pub fn compile(config: &RouteConfig) -> Result<Route, RouteError> {
        let Some(url) = config.url.strip_prefix('/') else {
            return Err(RouteError::UrlNotAbsolute(config.url.clone()));
        };
        let (url_regex, variables) = pattern_regex(url, &config.url, false)?;
        let (file_regex, mut file_variables) = pattern_regex(&config.file, &config.file, true)?;
        if variables.is_empty() {
            return Err(RouteError::NoVariable {
                url: config.url.clone(),
            });
        }
        let mut url_sorted = variables.clone();
        url_sorted.sort();
        file_variables.sort();
        if url_sorted != file_variables {
            return Err(RouteError::VariablesDiffer {
                url: config.url.clone(),
                file: config.file.clone(),
            });
        }
        let compile = |body: String| Regex::new(&format!("^{body}$")).expect("escaped pattern compiles");
        Ok(Route {
            config: config.clone(),
            url: compile(format!("{}/?", url_regex.trim_end_matches('/'))),
            file: compile(file_regex),
            variables,
        })
    }

    /// The URL pattern's fixed beginning (`/documentation/articles/`).
    pub fn fixed_prefix(&self) -> &str {
        let url = &self.config.url;
        let end = url.find('{').unwrap_or(url.len());
        &url[..url[..end].rfind('/').map_or(end, |slash| slash + 1)]
    }

    /// The file `path` would be for these variable values.
    fn file_for(&self, values: &[&str]) -> String {
        let mut file = self.config.file.clone();
        for (name, value) in self.variables.iter().zip(values) {
            file = file.replace(&format!("{{{name}}}"), value);
        }
        file
    }
}

impl Routes {
    /// Compiles the routes and indexes `files` (site paths) under each.
    /// Routes were validated with the configuration; one that fails here
    /// is left out.
    pub fn new<'a>(configs: &[RouteConfig], files: impl Iterator<Item = &'a str> + Clone) -> Routes {
        let routes = configs
            .iter()
            .filter_map(|config| Route::compile(config).ok())
            .map(|route| {
                let mut index = FileIndex::default();
                for file in files.clone() {
                    let Some(captures) = route.file.captures(file) else {
                        continue;
                    };
                    let key: Box<[Box<str>]> = route
                        .variables
                        .iter()
                        .map(|name| captures.name(name).map_or("", |m| m.as_str()).into())
                        .collect();
                    index.entry(key).or_default().push(file.to_owned());
                }
                for files in index.values_mut() {
                    files.sort_unstable();
                }
                (route, index)
            })
            .collect();
        Routes { routes }
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The compiled routes, in configuration order.
    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().map(|(route, _)| route)
    }

    /// The first route matching the site path `path` (no leading `/`), and
    /// what it names.
    pub fn resolve(&self, path: &str) -> Option<Routed> {
        self.routes.iter().find_map(|(route, index)| {
            let captures = route.url.captures(path)?;
            let values: Vec<&str> = (1..captures.len())
                .map(|group| captures.get(group).map_or("", |m| m.as_str()))
                .collect();
            let key: Box<[Box<str>]> = values.iter().map(|value| (*value).into()).collect();
            Some(match index.get(&key).map(Vec::as_slice) {
                Some([only]) => Routed::File(only.clone()),
                Some(files) if !files.is_empty() => Routed::Ambiguous {
                    route: route.config.file.clone(),
                    files: files.to_vec(),
                },
                _ => Routed::NoFile(route.file_for(&values)),
            })
        })
    }
}

/// A pattern as a regex body and its variables. Variables match one path
/// segment; in file patterns `**/` matches any folders and `*` any part of
/// a name.
fn pattern_regex(pattern: &str, whole: &str, glob: bool) -> Result<(String, Vec<String>), RouteError> {
    let mut body = String::new();
    let mut variables: Vec<String> = Vec::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let end = rest.find('}').ok_or_else(|| bad_variable(whole))?;
            let name = &rest[1..end];
            let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid || name.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(bad_variable(whole));
            }
            if variables.iter().any(|seen| seen == name) {
                return Err(RouteError::RepeatedVariable {
                    pattern: whole.to_owned(),
                    name: name.to_owned(),
                });
            }
            body.push_str(&format!("(?P<{name}>[^/]+)"));
            variables.push(name.to_owned());
            rest = &rest[end + 1..];
        } else if glob && rest.starts_with("**/") {
            body.push_str("(?:[^/]+/)*");
            rest = &rest[3..];
        } else if glob && c == '*' {
            body.push_str("[^/]*");
            rest = &rest[1..];
        } else if c == '}' {
            return Err(bad_variable(whole));
        } else {
            body.push_str(&regex::escape(&c.to_string()));
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok((body, variables))
}

/// A route tclint proposes when many site-absolute links miss but their
/// last segment names exactly one page each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSuggestion {
    pub route: RouteConfig,
    /// Links that miss today and that the route would resolve.
    pub resolves: usize,
}

/// Below this many links a suggestion would be a guess from anecdotes.
const MIN_SUGGESTION_LINKS: usize = 10;
const MIN_SUGGESTION_NAMES: usize = 3;

/// A route to propose, when `tclint.toml` has none: the URL folder under
/// which most missing site-absolute links end in the name of exactly one
/// page, mapped to the narrowest file pattern holding those pages. The
/// route is checked before it is proposed: it must resolve enough of the
/// links it was made from.
pub fn suggest(site: &super::Site, config: &crate::config::Config) -> Option<RouteSuggestion> {
    if !config.site.routes.is_empty() {
        return None;
    }
    let by_stem = pages_by_stem(site);
    // URL folder -> (links, trailing slashes, names, files)
    let mut groups: FxHashMap<String, SuggestionGroup> = FxHashMap::default();
    for page in &site.pages {
        for link in page.links.iter().filter(|link| link.region.is_rendered()) {
            let Some((folder, name, file)) = missing_named_page(site, config, page, link, &by_stem) else {
                continue;
            };
            let group = groups.entry(folder).or_default();
            group.links += 1;
            group.slashes += usize::from(
                link.url
                    .split(['?', '#'])
                    .next()
                    .is_some_and(|u| u.ends_with('/')),
            );
            group.names.insert(name);
            group.files.insert(file);
        }
    }
    let (folder, group) = groups
        .into_iter()
        .filter(|(_, group)| group.links >= MIN_SUGGESTION_LINKS && group.names.len() >= MIN_SUGGESTION_NAMES)
        .max_by(|a, b| a.1.links.cmp(&b.1.links).then_with(|| b.0.cmp(&a.0)))?;
    let (folder, extension) = folder.split_once('\0').unwrap_or((&folder, ""));
    let slash = if extension.is_empty() && group.slashes * 2 >= group.links {
        "/"
    } else {
        ""
    };
    let route = RouteConfig {
        url: format!("/{folder}{{name}}{extension}{slash}"),
        file: file_pattern(&group.files),
    };
    let routes = Routes::new(
        std::slice::from_ref(&route),
        site.files.iter().map(String::as_str),
    );
    let resolves = group
        .names
        .iter()
        .filter(|name| {
            matches!(
                routes.resolve(&format!("{folder}{name}{extension}")),
                Some(Routed::File(_))
            )
        })
        .count();
    (resolves * 2 > group.names.len()).then_some(RouteSuggestion {
        route,
        resolves: group.links,
    })
}

#[derive(Default)]
struct SuggestionGroup {
    links: usize,
    slashes: usize,
    names: std::collections::BTreeSet<String>,
    files: std::collections::BTreeSet<String>,
}

/// Page file name without extension -> the pages with it.
fn pages_by_stem(site: &super::Site) -> FxHashMap<&str, Vec<&str>> {
    let mut by_stem: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for page in &site.pages {
        let name = page.path.rsplit('/').next().unwrap_or(&page.path);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        by_stem.entry(stem).or_default().push(&page.path);
    }
    by_stem
}

/// For a site-absolute link that misses: its URL folder, its last segment,
/// and the one page whose file name is that segment.
fn missing_named_page(
    site: &super::Site,
    config: &crate::config::Config,
    page: &crate::page::Page,
    link: &crate::page::Link,
    by_stem: &FxHashMap<&str, Vec<&str>>,
) -> Option<(String, String, String)> {
    use super::url::{Scope, UrlForm, Via, parse_url, scope};
    let parsed = parse_url(&link.url);
    if !matches!(parsed.form, UrlForm::SiteAbsolute | UrlForm::Absolute { .. }) {
        return None;
    }
    let Scope::Site { path, via, .. } = scope(&parsed, &page.path, config) else {
        return None;
    };
    if !matches!(via, Via::SiteAbsolute | Via::ProductionUrl)
        || !matches!(site.lookup(&path, config), super::Lookup::Missing { .. })
    {
        return None;
    }
    let trimmed = path.trim_end_matches('/');
    let (folder, last) = trimmed.rsplit_once('/')?;
    let name = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    match by_stem.get(name).map(Vec::as_slice) {
        Some([only]) => {
            // The key keeps the segment's extension: `/blog/{name}.html` and
            // `/blog/{name}/` are different routes.
            let extension = &last[name.len()..];
            Some((
                format!("{folder}/\0{extension}"),
                name.to_owned(),
                (*only).to_owned(),
            ))
        }
        _ => None,
    }
}

/// `dir/{name}.ext` when the files share a folder, else `common/**/{name}.ext`
/// (`.*` when their extensions differ). A top-level folder holding nine in
/// ten of the files wins over the few elsewhere: a stray link whose last
/// segment happens to name an include must not widen the route to the
/// whole site.
fn file_pattern(files: &std::collections::BTreeSet<String>) -> String {
    let mut by_top: FxHashMap<&str, usize> = FxHashMap::default();
    for file in files {
        *by_top
            .entry(file.split_once('/').map_or("", |(top, _)| top))
            .or_default() += 1;
    }
    let (top, count) = by_top
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map_or(("", 0), |(top, count)| (*top, *count));
    let files: std::collections::BTreeSet<String> = if count * 10 >= files.len() * 9 && !top.is_empty() {
        files
            .iter()
            .filter(|file| file.starts_with(&format!("{top}/")))
            .cloned()
            .collect()
    } else {
        files.clone()
    };
    let folders: Vec<&str> = files
        .iter()
        .map(|file| file.rsplit_once('/').map_or("", |(folder, _)| folder))
        .collect();
    let extensions: std::collections::BTreeSet<&str> = files
        .iter()
        .map(|file| file.rsplit_once('.').map_or("", |(_, ext)| ext))
        .collect();
    let extension = match extensions.iter().next() {
        Some(only) if extensions.len() == 1 && !only.is_empty() => format!(".{only}"),
        _ => ".*".to_owned(),
    };
    let first = folders.first().copied().unwrap_or("");
    if folders.iter().all(|folder| *folder == first) {
        return if first.is_empty() {
            format!("{{name}}{extension}")
        } else {
            format!("{first}/{{name}}{extension}")
        };
    }
    let mut common: Vec<&str> = first.split('/').collect();
    for folder in &folders {
        let shared = common
            .iter()
            .zip(folder.split('/'))
            .take_while(|(a, b)| **a == *b)
            .count();
        common.truncate(shared);
    }
    let common = common.join("/");
    if common.is_empty() {
        format!("**/{{name}}{extension}")
    } else {
        format!("{common}/**/{{name}}{extension}")
    }
}

fn bad_variable(pattern: &str) -> RouteError {
    RouteError::BadVariable {
        pattern: pattern.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(url: &str, file: &str) -> RouteConfig {
        RouteConfig {
            url: url.to_owned(),
            file: file.to_owned(),
        }
    }

    const FILES: &[&str] = &[
        "articles/cdn/cdn-overview.md",
        "articles/mysql/mysql-faq.md",
        "articles/mysql-faq-old.md",
        "articles/cdn-api.md",
        "articles/twice.md",
        "articles/cdn/twice.md",
        "articles/cdn/media/x.png",
    ];

    fn routes() -> Routes {
        Routes::new(
            &[route("/documentation/articles/{name}/", "articles/**/{name}.md")],
            FILES.iter().copied(),
        )
    }

    #[test]
    fn a_url_names_the_one_file_its_variables_fill_in() {
        let routes = routes();
        let file = |f: &str| Some(Routed::File(f.to_owned()));
        assert_eq!(
            routes.resolve("documentation/articles/cdn-overview/"),
            file("articles/cdn/cdn-overview.md")
        );
        assert_eq!(
            routes.resolve("documentation/articles/cdn-overview"),
            file("articles/cdn/cdn-overview.md")
        );
        assert_eq!(
            routes.resolve("documentation/articles/cdn-api/"),
            file("articles/cdn-api.md")
        );
        assert_eq!(
            routes.resolve("documentation/articles/mysql-faq/"),
            file("articles/mysql/mysql-faq.md")
        );
    }

    #[test]
    fn several_files_are_ambiguous_and_none_is_told() {
        let routes = routes();
        assert_eq!(
            routes.resolve("documentation/articles/twice/"),
            Some(Routed::Ambiguous {
                route: "articles/**/{name}.md".into(),
                files: vec!["articles/cdn/twice.md".into(), "articles/twice.md".into()],
            })
        );
        assert_eq!(
            routes.resolve("documentation/articles/gone/"),
            Some(Routed::NoFile("articles/**/gone.md".into()))
        );
        assert_eq!(routes.resolve("documentation/other/cdn-api/"), None);
        assert_eq!(routes.resolve("documentation/articles/a/b/"), None);
    }

    #[test]
    fn bad_routes_are_refused_with_a_reason() {
        let error = |url: &str, file: &str| Route::compile(&route(url, file)).unwrap_err().to_string();
        assert!(error("docs/{name}/", "{name}.md").contains("must start with `/`"));
        assert!(error("/docs/{name/", "{name}.md").contains("closing"));
        assert!(error("/docs/{}/", "{name}.md").contains("variable"));
        assert!(error("/docs/{name}/", "{other}.md").contains("same variables"));
        assert!(error("/docs/{a}/{a}/", "{a}.md").contains("twice"));
        assert!(error("/docs/", "x.md").contains("no variable"));
    }

    #[test]
    fn a_file_pattern_is_the_narrowest_holding_the_files() {
        let set = |files: &[&str]| files.iter().map(|f| (*f).to_owned()).collect();
        assert_eq!(
            file_pattern(&set(&["a/b/x.md", "a/c/y.md", "a/z.md"])),
            "a/**/{name}.md"
        );
        assert_eq!(file_pattern(&set(&["a/x.md", "a/y.html"])), "a/{name}.*");
        assert_eq!(file_pattern(&set(&["x.md", "b/y.md"])), "**/{name}.md");
        let mostly_articles: Vec<String> = (0..10).map(|i| format!("articles/s{}/p{i}.md", i % 2)).collect();
        let mut with_stray: std::collections::BTreeSet<String> = mostly_articles.into_iter().collect();
        with_stray.insert("includes/p.md".into());
        assert_eq!(file_pattern(&with_stray), "articles/**/{name}.md");
    }

    #[test]
    fn the_fixed_prefix_ends_at_the_last_slash_before_a_variable() {
        let compiled = |url: &str| Route::compile(&route(url, "{name}.md")).unwrap();
        assert_eq!(
            compiled("/documentation/articles/{name}/").fixed_prefix(),
            "/documentation/articles/"
        );
        assert_eq!(compiled("/blog/post-{name}.html").fixed_prefix(), "/blog/");
    }
}
