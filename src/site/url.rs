//! What a link points at: classification of the URL as written, and
//! resolution of links into this site to a file.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::config::Config;

/// How a URL is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlForm {
    /// `href=""`.
    Empty,
    /// `#` alone.
    BareHash,
    /// `#fragment` (same page).
    Fragment,
    /// `path/x.html`, `../x.html`.
    Relative,
    /// `/path/x`.
    SiteAbsolute,
    /// `http(s)://host/...` or `//host/...`.
    Absolute { host: String, protocol_relative: bool },
    /// `mailto:`, `tel:`, `javascript:`, `data:`...
    OtherScheme(String),
}

/// A URL split into the parts tclint reasons about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    pub form: UrlForm,
    /// The path, percent-decoded, without query and fragment ("" for none).
    pub path: String,
    /// The fragment, percent-decoded, without `#`.
    pub fragment: Option<String>,
}

/// Splits a URL as written in a page. Never fails: anything unparseable is
/// treated as a relative path, which then fails to resolve visibly.
pub fn parse_url(raw: &str) -> ParsedUrl {
    let url = raw.trim();
    if url.is_empty() {
        return ParsedUrl {
            form: UrlForm::Empty,
            path: String::new(),
            fragment: None,
        };
    }
    if url == "#" {
        return ParsedUrl {
            form: UrlForm::BareHash,
            path: String::new(),
            fragment: None,
        };
    }
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(decode(fragment))),
        None => (url, None),
    };
    let without_query = before_fragment.split('?').next().unwrap_or("");
    if before_fragment.is_empty() {
        return ParsedUrl {
            form: UrlForm::Fragment,
            path: String::new(),
            fragment,
        };
    }
    let scheme = scheme_of(url);
    if let Some(scheme) =
        scheme.filter(|s| !s.eq_ignore_ascii_case("http") && !s.eq_ignore_ascii_case("https"))
    {
        return ParsedUrl {
            form: UrlForm::OtherScheme(scheme.to_ascii_lowercase()),
            path: String::new(),
            fragment: None,
        };
    }
    // Browsers read `\` as `/` in http(s) URLs.
    let normalized: Cow<str> = if without_query.contains('\\') {
        without_query.replace('\\', "/").into()
    } else {
        without_query.into()
    };
    let after_scheme = match scheme {
        Some(scheme) => normalized[scheme.len() + 1..].strip_prefix("//"),
        None => normalized.strip_prefix("//"),
    };
    if let Some(rest) = after_scheme {
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let host = authority.rsplit('@').next().unwrap_or("");
        return ParsedUrl {
            form: UrlForm::Absolute {
                host: strip_port(host).to_ascii_lowercase(),
                protocol_relative: scheme.is_none(),
            },
            path: decode(path),
            fragment,
        };
    }
    let form = if normalized.starts_with('/') {
        UrlForm::SiteAbsolute
    } else {
        UrlForm::Relative
    };
    ParsedUrl {
        form,
        path: decode(&normalized),
        fragment,
    }
}

fn strip_port(authority: &str) -> &str {
    if authority.starts_with('[') {
        // `[::1]:8080`; an unclosed bracket is taken whole.
        return authority.find(']').map_or(authority, |end| &authority[..=end]);
    }
    authority.rsplit_once(':').map_or(authority, |(host, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            host
        } else {
            authority
        }
    })
}

/// The scheme of an absolute URL (`mailto` of `mailto:x`), if it has one.
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A one-letter "scheme" is a Windows drive (`C:`): treat as a path.
    (valid && scheme.len() > 1).then_some(scheme)
}

fn decode(text: &str) -> String {
    if text.contains('%') {
        percent_decode_str(text).decode_utf8_lossy().into_owned()
    } else {
        text.to_owned()
    }
}

/// Where a link leads, as far as the site is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Nowhere: empty or `#`.
    Nowhere,
    /// A page or asset of this site at this site-relative path (before
    /// looking it up); `via` says how the link was written. `climbed` is set
    /// when `..` went above the root: browsers stop there, so the path is
    /// where they land, but the link breaks if the site moves under a prefix.
    Site { path: String, via: Via, climbed: bool },
    /// Another site (checked online only).
    External,
    /// `mailto:`, `javascript:`...
    NotHttp(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    SamePage,
    Relative,
    SiteAbsolute,
    ProductionUrl,
    /// A URL on a staging host whose production twin is this site.
    StagingUrl,
}

/// Decides what a parsed URL on the page at `page_path` refers to.
pub fn scope(url: &ParsedUrl, page_path: &str, config: &Config) -> Scope {
    match &url.form {
        UrlForm::Empty | UrlForm::BareHash => Scope::Nowhere,
        UrlForm::Fragment => Scope::Site {
            path: page_path.to_owned(),
            via: Via::SamePage,
            climbed: false,
        },
        UrlForm::OtherScheme(scheme) => Scope::NotHttp(scheme.clone()),
        UrlForm::Relative => {
            let directory = page_path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let (path, climbed) = join(directory, &url.path);
            Scope::Site {
                path,
                via: Via::Relative,
                climbed,
            }
        }
        UrlForm::SiteAbsolute => site_absolute(&url.path, config, Via::SiteAbsolute),
        UrlForm::Absolute { host, .. } => {
            if config.is_production_host(host) {
                if config.owns_path_of(host, &url.path) {
                    site_absolute(&url.path, config, Via::ProductionUrl)
                } else {
                    Scope::External
                }
            } else if config
                .production_twin(host)
                .is_some_and(|twin| config.is_production_host(twin))
            {
                site_absolute(&url.path, config, Via::StagingUrl)
            } else {
                Scope::External
            }
        }
    }
}

fn site_absolute(path: &str, config: &Config, via: Via) -> Scope {
    let path = if path.is_empty() { "/" } else { path };
    let owned = config
        .site
        .owned_prefixes
        .iter()
        .any(|prefix| path.starts_with(prefix.as_str()));
    if !owned {
        return Scope::External;
    }
    let (joined, climbed) = join("", path.trim_start_matches('/'));
    Scope::Site {
        path: joined,
        via,
        climbed,
    }
}

/// Joins a relative path onto a directory, resolving `.` and `..` the way
/// browsers do: `..` at the root stays at the root. Returns the path and
/// whether `..` tried to go above the root. A trailing `/` is kept (it asks
/// for the directory's index page).
pub fn join(directory: &str, relative: &str) -> (String, bool) {
    let mut parts: Vec<&str> = directory.split('/').filter(|s| !s.is_empty()).collect();
    let mut climbed = false;
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => climbed |= parts.pop().is_none(),
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    let last = relative.rsplit('/').next().unwrap_or("");
    let asks_directory = relative.ends_with('/') || last == "." || last == "..";
    if asks_directory && !joined.is_empty() {
        joined.push('/');
    }
    (joined, climbed)
}

/// The shortest relative URL from the page at `from_page` to `to_path`
/// (both site-relative).
pub fn relative_url(from_page: &str, to_path: &str) -> String {
    let from: Vec<&str> = from_page.split('/').collect();
    let from_dirs = &from[..from.len() - 1];
    let to: Vec<&str> = to_path.split('/').collect();
    let common = from_dirs.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&to[common..]);
    let joined = parts.join("/");
    if joined.is_empty() {
        "./".to_owned()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_with_brackets_are_read_whole_even_unclosed() {
        assert_eq!(strip_port("[::1]:8080"), "[::1]");
        assert_eq!(strip_port("[::1"), "[::1");
        assert_eq!(strip_port("[<![CDATA["), "[<![CDATA[");
        assert_eq!(strip_port("example.com:80"), "example.com");
    }

    #[test]
    fn classifies_forms() {
        assert_eq!(parse_url("").form, UrlForm::Empty);
        assert_eq!(parse_url(" # ").form, UrlForm::BareHash);
        let fragment = parse_url("#data_other");
        assert_eq!(
            (fragment.form, fragment.fragment.as_deref()),
            (UrlForm::Fragment, Some("data_other"))
        );
        assert_eq!(
            parse_url("mailto:a@b.c").form,
            UrlForm::OtherScheme("mailto".into())
        );
        assert_eq!(
            parse_url("JavaScript:void(0)").form,
            UrlForm::OtherScheme("javascript".into())
        );
        let relative = parse_url("../privacy/default.html?x=1#you_own_your");
        assert_eq!(relative.form, UrlForm::Relative);
        assert_eq!(relative.path, "../privacy/default.html");
        assert_eq!(relative.fragment.as_deref(), Some("you_own_your"));
        assert_eq!(parse_url("/support/legal/").form, UrlForm::SiteAbsolute);
    }

    #[test]
    fn absolute_and_protocol_relative_hosts() {
        let url =
            parse_url("http://TrustCenterStage.chinacloudsites.cn:8080/privacy/default.html#data_other");
        assert_eq!(
            url.form,
            UrlForm::Absolute {
                host: "trustcenterstage.chinacloudsites.cn".into(),
                protocol_relative: false
            }
        );
        assert_eq!(url.path, "/privacy/default.html");
        let url = parse_url("//wacndevelop.blob.core.chinacloudapi.cn/a/b.pdf");
        assert_eq!(
            url.form,
            UrlForm::Absolute {
                host: "wacndevelop.blob.core.chinacloudapi.cn".into(),
                protocol_relative: true
            }
        );
    }

    #[test]
    fn percent_decoding() {
        let url = parse_url("../../file/%E4%BA%91%20x.pdf#%E6%95%B0");
        assert_eq!(url.path, "../../file/云 x.pdf");
        assert_eq!(url.fragment.as_deref(), Some("数"));
    }

    #[test]
    fn joins_like_a_browser_and_notes_climbing_out() {
        assert_eq!(
            join("privacy", "../transparency/x.html"),
            ("transparency/x.html".into(), false)
        );
        assert_eq!(join("a/b", "./c/"), ("a/b/c/".into(), false));
        assert_eq!(
            join("privacy", "../../../../etc/passwd"),
            ("etc/passwd".into(), true)
        );
        assert_eq!(join("blog", "../../file/x.pdf"), ("file/x.pdf".into(), true));
        assert_eq!(join("privacy", ".."), ("".into(), false));
    }

    #[test]
    fn scopes_with_config() {
        let config = Config::parse(
            "[site]\nproduction-hosts=[\"www.trustcenter.cn\"]\nowned-prefixes=[\"/support/trust-center/\", \"/privacy/\"]\n\
             [site.staging]\n\"trustcenterstage.chinacloudsites.cn\" = \"www.trustcenter.cn\"\n",
        )
        .unwrap();
        let page = "privacy/default.md";
        let scope_of = |url: &str| scope(&parse_url(url), page, &config);
        let site = |path: &str, via, climbed| Scope::Site {
            path: path.into(),
            via,
            climbed,
        };
        assert_eq!(
            scope_of("you-own-your-data.html"),
            site("privacy/you-own-your-data.html", Via::Relative, false)
        );
        assert_eq!(
            scope_of("http://trustcenterstage.chinacloudsites.cn/privacy/default.html#x"),
            site("privacy/default.html", Via::StagingUrl, false)
        );
        assert_eq!(
            scope_of("https://www.trustcenter.cn/privacy/"),
            site("privacy/", Via::ProductionUrl, false)
        );
        assert_eq!(scope_of("/support/legal/privacy-statement"), Scope::External);
        assert_eq!(
            scope_of("/support/trust-center/transparency/"),
            site("support/trust-center/transparency/", Via::SiteAbsolute, false)
        );
        assert_eq!(scope_of("https://www.azure.cn/x"), Scope::External);
        assert_eq!(
            scope_of("../../../../etc/passwd"),
            site("etc/passwd", Via::Relative, true)
        );
    }

    #[test]
    fn relative_urls() {
        assert_eq!(
            relative_url("privacy/default.md", "privacy/you-own-your-data.html"),
            "you-own-your-data.html"
        );
        assert_eq!(
            relative_url("privacy/default.md", "transparency/default.html"),
            "../transparency/default.html"
        );
        assert_eq!(
            relative_url("default.md", "privacy/default.html"),
            "privacy/default.html"
        );
        assert_eq!(relative_url("a/b/c.md", "x.html"), "../../x.html");
    }
}
