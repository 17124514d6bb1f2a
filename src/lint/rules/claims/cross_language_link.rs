use crate::declare_rule;
use crate::lint::{Finding, Fix, PageContext, PageRule, ResolvedLink};
use crate::page::{Link, Page};
use crate::site::Lookup;
use crate::site::url::{UrlForm, relative_url};

use crate::lint::rules::url_part_span;

declare_rule! {
    /// ## What it does
    /// Reports a link from a page in one language to a page in the other
    /// language whose twin in the linking page's own language exists (twins
    /// as `translation-drift` pairs them: `X.md` / `X-cn.md`, ACOM `X-en.md`
    /// / `X.md`, `en-us/` / `zh-cn/` folders, `[AZURE.LANGUAGE]` lists and
    /// front-matter `translations`). The language switch itself (a link to
    /// the page's own twin) is not reported.
    ///
    /// ## Why it matters
    /// A Chinese reader following a link from a Chinese page lands on an
    /// English page although the Chinese one exists: usually a page copied
    /// from the other language with its links left unchanged.
    ///
    /// ## Example
    /// ```html
    /// <!-- privacy/default-cn.md -->
    /// <a href="you-own-your-data.html">您拥有自己的数据</a>   <!-- you-own-your-data-cn.md exists -->
    /// ```
    ///
    /// ## Fix
    /// `--fix` points relative and site-absolute links at the twin (the
    /// fragment is kept when the twin has that anchor too; otherwise no fix
    /// is offered).
    pub struct CrossLanguageLink {
        name: "cross-language-link",
        code: "TC304",
        family: Claims,
        severity: Warning,
        fix: Sometimes,
        summary: "a link to the other language's page whose twin in this language exists",
        twins: true,
        preview: true,
    }
}

impl PageRule for CrossLanguageLink {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        let Some(own) = cx.page.locale else { return };
        let own_twins = &cx.twins()[cx.page_index];
        for (link, resolved) in cx.rendered_links() {
            let Some(Lookup::Page(target)) = resolved.lookup else {
                continue;
            };
            let target_page = &cx.site.pages[target];
            let Some(theirs) = target_page.locale else {
                continue;
            };
            if theirs == own || target == cx.page_index || own_twins.iter().any(|&(_, t)| t == target) {
                continue;
            }
            let Some(&(_, twin)) = cx.twins()[target].iter().find(|&&(locale, _)| locale == own) else {
                continue;
            };
            let twin_page = &cx.site.pages[twin];
            let finding = Finding::new(
                &Self::META,
                &cx.page.path,
                link.span,
                format!(
                    "this {} page links to the {} page `{}`; its {} twin `{}` exists",
                    own.as_str(),
                    theirs.as_str(),
                    target_page.path,
                    own.as_str(),
                    twin_page.path
                ),
            )
            .with_label(format!("{} page", theirs.as_str()))
            .with_fix(fix(cx.page, link, resolved, twin_page));
            out.push(finding);
        }
    }
}

/// Points the link at the twin, keeping how it was written (relative or
/// site-absolute, `.html` or `.md`) and its query and fragment.
fn fix(page: &Page, link: &Link, resolved: &ResolvedLink, twin: &Page) -> Option<Fix> {
    if let Some(fragment) = &resolved.url.fragment
        && !twin.has_anchor(fragment)
    {
        return None;
    }
    let end = link.url.find(['?', '#']).unwrap_or(link.url.len());
    let written = &link.url[..end];
    let mut target = match resolved.url.form {
        UrlForm::Relative => relative_url(&page.path, &twin.path),
        UrlForm::SiteAbsolute => format!("/{}", twin.path),
        _ => return None,
    };
    if written.ends_with(".html")
        && let Some(stem) = target.strip_suffix(".md")
    {
        target = format!("{stem}.html");
    }
    let span = url_part_span(link, 0, end)?;
    Fix::replace(format!("link to the twin `{}`", twin.path), span, written, target)
}
