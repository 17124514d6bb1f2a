use crate::declare_rule;
use crate::lint::{Finding, Fix, PageContext, PageRule, Severity};
use crate::page::Link;
use crate::site::Lookup;
use crate::site::url::{Scope, relative_url};

declare_rule! {
    /// ## What it does
    /// Resolves every link into this site (relative paths, site-absolute paths
    /// the checkout owns, absolute URLs of its production hosts and of staging
    /// hosts that map to it) the way the legacy server served them: the file
    /// itself, `X.html` from page `X.md`, a directory from its index page. It
    /// reports links whose target exists under none of those names. Links whose
    /// `..` climb above the site root are resolved as browsers do (they stop
    /// at the root) and reported too: an error when nothing is there, a
    /// warning when something is.
    ///
    /// ## Why it matters
    /// A missing page or image is a 404 for every reader. Links that climb out
    /// of the root (`../../file/x.pdf` from a top-level folder) work only by
    /// accident and break as soon as the site is served under a path prefix;
    /// they usually mean a page was copied between folder levels.
    ///
    /// ## Example
    /// ```html
    /// <a href="../privacy/you-own-your-data.html">...</a>   <!-- no privacy/you-own-your-data.md -->
    /// <img src="../Images/SOC-ORG.jpg">                     <!-- no such image -->
    /// <a href="../resources/faq.html">FAQ</a>               <!-- file is resources/FAQ.md -->
    /// ```
    ///
    /// ## Fix
    /// When a file exists whose name differs only in letter case, `--fix`
    /// rewrites the link to that spelling (case-sensitive servers and static
    /// hosts need it); a link climbing above the root is rewritten to the
    /// shortest relative path to where it lands. Otherwise restore the target
    /// or update the link; the message lists the paths that were tried.
    pub struct MissingTarget {
        name: "missing-target",
        code: "TC102",
        family: Links,
        severity: Error,
        fix: Sometimes,
        summary: "a link to a page or asset of this site that does not exist",
    }
}

impl PageRule for MissingTarget {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolved) in cx.rendered_links() {
            let Scope::Site { path, climbed, .. } = &resolved.scope else {
                continue;
            };
            match &resolved.lookup {
                Some(Lookup::Missing { tried, ambiguous, .. }) if !ambiguous.is_empty() => {
                    out.push(ambiguous_route(cx, link, tried, ambiguous));
                }
                Some(Lookup::Missing {
                    tried, case_match, ..
                }) => {
                    out.push(missing(cx, link, path, *climbed, tried, case_match.as_deref()));
                }
                Some(_) if *climbed => out.push(climbing(cx, link, path)),
                _ => {}
            }
        }
    }
}

/// A link a route maps to several files: which one the server picks is not
/// known, so the link cannot be checked.
fn ambiguous_route(cx: &PageContext<'_>, link: &Link, tried: &[String], files: &[String]) -> Finding {
    let route = tried.last().map_or("", String::as_str);
    let listed: Vec<String> = files.iter().take(4).map(|f| format!("`{f}`")).collect();
    Finding::new(
        &MissingTarget::META,
        &cx.page.path,
        link.span,
        format!(
            "`{}` matches the route to `{route}`, which names {} files: {}",
            link.url,
            files.len(),
            listed.join(", ")
        ),
    )
    .with_label("ambiguous route")
    .with_help(
        "a route must name one file: narrow its `file` pattern in tclint.toml, or rename one of the files",
    )
}

/// A link whose `..` goes above the root but lands on a file once browsers
/// stop at the root: it works on this server, not under a path prefix.
fn climbing(cx: &PageContext<'_>, link: &Link, path: &str) -> Finding {
    let finding = Finding::new(
        &MissingTarget::META,
        &cx.page.path,
        link.span,
        format!(
            "`{}` climbs above the site root: it reaches `{path}` only because browsers stop at the \
             server root, and breaks when the site is served under a path prefix",
            link.url
        ),
    )
    .with_severity(Severity::Warning)
    .with_label("too many `..`");
    let url = &*link.url;
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    if !link.verbatim || url[..path_end].contains('%') {
        return finding;
    }
    let replacement = format!("{}{}", relative_url(&cx.page.path, path), &url[path_end..]);
    finding.with_fix(Fix::replace(
        format!("use `{replacement}`"),
        link.span,
        url,
        replacement.clone(),
    ))
}

fn missing(
    cx: &PageContext<'_>,
    link: &Link,
    path: &str,
    climbed: bool,
    tried: &[String],
    case_match: Option<&str>,
) -> Finding {
    let shown = if path.is_empty() { "/" } else { path };
    let message = if let Some(actual) = case_match {
        format!(
            "`{}` points to `{shown}`, which exists only as `{actual}` (letter case differs)",
            link.url
        )
    } else if climbed {
        format!(
            "`{}` climbs above the site root, and `{shown}` (where browsers land) does not exist",
            link.url
        )
    } else {
        format!("`{}` points to `{shown}`, which does not exist", link.url)
    };
    let finding = Finding::new(&MissingTarget::META, &cx.page.path, link.span, message);
    if let Some(actual) = case_match {
        let fix = case_fix(link, actual);
        return finding
            .with_label("exists with other letter case")
            .with_help("paths are case-sensitive on most servers and static hosts")
            .with_fix(fix);
    }
    let tried_list: Vec<String> = tried.iter().take(6).map(|t| format!("`{t}`")).collect();
    let suggestion = tried
        .first()
        .and_then(|candidate| cx.site.similar_file(candidate))
        .map(|similar| format!("; did you mean `{similar}`?"))
        .unwrap_or_default();
    finding
        .with_label("no such file")
        .with_help(format!("tried {}{suggestion}", tried_list.join(", ")))
}

/// Rewrites the letter case of the URL's path segments to match `actual`,
/// segment by segment from the end. `None` when the URL is not written
/// verbatim or a segment differs by more than case.
fn case_fix(link: &Link, actual: &str) -> Option<Fix> {
    if !link.verbatim || link.url.contains('%') {
        return None;
    }
    let url = &*link.url;
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(path_end);
    let mut segments: Vec<String> = path.split('/').map(str::to_owned).collect();
    let actual_segments: Vec<&str> = actual.split('/').collect();
    let mut changed = false;
    for (segment, actual) in segments.iter_mut().rev().zip(actual_segments.iter().rev()) {
        if segment == actual {
            continue;
        }
        let fixed = same_ignoring_case(segment, actual)?;
        changed |= fixed != *segment;
        *segment = fixed;
    }
    let fixed = format!("{}{rest}", segments.join("/"));
    changed.then(|| Fix::replace(format!("use `{fixed}`"), link.span, url, fixed.clone()))?
}

/// `segment` respelled as `actual` when they differ only in case; the last
/// segment may also differ in extension (`faq.html` for `FAQ.md`).
fn same_ignoring_case(segment: &str, actual: &str) -> Option<String> {
    if segment.eq_ignore_ascii_case(actual) {
        return Some(actual.to_owned());
    }
    let (stem, extension) = segment.rsplit_once('.')?;
    let (actual_stem, _) = actual.rsplit_once('.')?;
    stem.eq_ignore_ascii_case(actual_stem)
        .then(|| format!("{actual_stem}.{extension}"))
}
