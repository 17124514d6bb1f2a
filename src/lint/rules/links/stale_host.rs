use crate::declare_rule;
use crate::lint::rules::links::data::HostVerdict;
use crate::lint::{Finding, Fix, PageContext, PageRule, ResolvedLink};
use crate::page::Link;
use crate::site::Lookup;
use crate::site::hosts::is_related;
use crate::site::url::{Scope, UrlForm, Via, relative_url};

use crate::lint::rules::url_part_span;

declare_rule! {
    /// ## What it does
    /// Reports URLs (`href`, `src`, `data-src`, Markdown links, protocol-relative
    /// `//host/...` included) on staging, pre-production, test or development
    /// hosts: hosts configured as staging in `tclint.toml`, and hosts matching
    /// the default patterns of `lints/stale-hosts.toml` (labels such as `stage`,
    /// `ppe`, `dev`, `uat`, or ending in them like `trustcenterstage`; default
    /// web-app hosts like `*.chinacloudsites.cn` with an environment in the
    /// name, or named like this site; `localhost`; raw IP addresses).
    /// An environment word counts only on a host related to this site: one
    /// sharing the registrable domain of a production host (configured or
    /// inferred), or whose name without the word begins a host the site uses
    /// (`wacnppe` beside `wacnstorage`); `dev.mysql.com` is another
    /// organisation's production. Intranet hosts (`*.sharepoint.com` team
    /// sites, `*.corp.*`, `intranet.*`, names without a domain) are reported
    /// with their own message: readers outside the organisation cannot open
    /// them. Hosts listed as production are never reported. URLs inside HTML
    /// comments are reported too, as warnings: comments are sent to every
    /// browser, and come back when the markup is uncommented.
    ///
    /// ## Why it matters
    /// Staging URLs work for the authors and fail, or show unreleased content,
    /// for readers. They survive review because the page looks right.
    ///
    /// ## Example
    /// ```html
    /// <a href="http://trustcenterstage.chinacloudsites.cn/privacy/default.html#data_other">...</a>
    /// <a href="https://wacnppe.blob.core.chinacloudapi.cn/marketing-resource/documents/x.pdf">...</a>
    /// ```
    ///
    /// ## Fix
    /// With `[site.staging]` mapping the host to its production twin, `--fix`
    /// rewrites the link: to a relative link when the twin is this site and the
    /// target page exists (its anchor is then checked by `broken-anchor`), else
    /// to the production host. Without a mapping, the message says which
    /// pattern matched; add the mapping, or list the host in
    /// `[stale-host] allow` if it really is production.
    pub struct StaleHost {
        name: "stale-host",
        code: "TC103",
        family: Links,
        severity: Error,
        fix: Sometimes,
        summary: "a URL on a staging, test, development or local host",
    }
}

impl PageRule for StaleHost {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolved) in cx.resolved_links() {
            let UrlForm::Absolute { host, .. } = &resolved.url.form else {
                continue;
            };
            if cx.config.is_production_host(host) {
                continue;
            }
            let twin = cx.config.production_twin(host);
            let Some(kind) = twin.map_or_else(|| kind_of(cx, host), |_| Some(Kind::Configured)) else {
                continue;
            };
            let host_span = host_span(link, host).unwrap_or(link.span);
            let finding = Finding::new(&Self::META, &cx.page.path, host_span, kind.message(host))
                .with_label(kind.label());
            let finding = match (twin, &kind) {
                (Some(twin), _) => finding.with_fix(fix(cx, link, resolved, host, twin)),
                (None, Kind::Intranet(_)) => finding.with_help(
                    "link to a public copy of the content, or remove the link; list the host under \
                     `[stale-host] allow` if readers can open it",
                ),
                (None, _) => finding.with_help(format!(
                    "map it to its production host in tclint.toml (`[site.staging]` \"{host}\" = \"...\"), \
                     or list it under `[stale-host] allow` if it is production"
                )),
            };
            out.push(if link.region.is_rendered() {
                finding
            } else {
                finding.in_comment()
            });
        }
    }
}

/// Why a host is reported.
enum Kind {
    Configured,
    NotProduction(String),
    Intranet(String),
}

impl Kind {
    fn message(&self, host: &str) -> String {
        match self {
            Kind::Configured => {
                format!("`{host}` is not a production host: tclint.toml lists it as a staging host")
            }
            Kind::NotProduction(why) => format!("`{host}` is not a production host: {why}"),
            Kind::Intranet(why) => {
                format!("`{host}` is an intranet host: {why}; readers of a public page cannot open it")
            }
        }
    }

    fn label(&self) -> &'static str {
        match self {
            Kind::Intranet(_) => "intranet host",
            _ => "staging host",
        }
    }
}

/// What the host's name says, for a host tclint.toml does not map. An
/// environment word counts only on a host related to this site.
fn kind_of(cx: &PageContext<'_>, host: &str) -> Option<Kind> {
    let stale = &cx.data.stale_hosts;
    match stale.verdict(host) {
        HostVerdict::Fine => None,
        HostVerdict::NotProduction(why) => Some(Kind::NotProduction(why)),
        HostVerdict::Intranet(why) => Some(Kind::Intranet(why)),
        HostVerdict::Environment { why, label, stem } => {
            is_related(host, label, &stem, cx.site, cx.config, stale).then_some(Kind::NotProduction(why))
        }
        HostVerdict::PlatformApp { why, app } => {
            is_related(host, 0, &app, cx.site, cx.config, stale).then_some(Kind::NotProduction(why))
        }
    }
}

/// Where the host is written in the URL (case-insensitive search).
fn host_span(link: &Link, host: &str) -> Option<crate::span::Span> {
    let lower = link.url.to_ascii_lowercase();
    let start = lower.find(host)?;
    url_part_span(link, start, start + host.len())
}

fn fix(cx: &PageContext<'_>, link: &Link, resolved: &ResolvedLink, host: &str, twin: &str) -> Option<Fix> {
    if !link.verbatim {
        return None;
    }
    let this_site = matches!(
        resolved.scope,
        Scope::Site {
            via: Via::StagingUrl,
            ..
        }
    );
    let target_exists = matches!(resolved.lookup, Some(Lookup::Page(_) | Lookup::Asset(_)));
    if this_site && target_exists {
        let url = &*link.url;
        let after_host = url.to_ascii_lowercase().find(host).map(|i| i + host.len())?;
        let rest = &url[after_host..];
        let rest = rest.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
        let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
        let target_path = rest[..path_end].trim_start_matches('/');
        let relative = if target_path.is_empty() {
            relative_url(&cx.page.path, "")
        } else {
            relative_url(&cx.page.path, target_path)
        };
        let replacement = format!("{relative}{}", &rest[path_end..]);
        return Fix::replace(
            format!("link to `{replacement}` on this site"),
            link.span,
            url,
            replacement,
        );
    }
    let span = host_span(link, host)?;
    let written = &link.url[(span.start - link.span.start) as usize..(span.end - link.span.start) as usize];
    Fix::replace(format!("use the production host `{twin}`"), span, written, twin)
}
