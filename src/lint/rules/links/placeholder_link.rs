use crate::declare_rule;
use crate::lint::{Finding, PageContext, PageRule};
use crate::page::Link;

declare_rule! {
    /// ## What it does
    /// Reports links whose text is a placeholder ("。。。", "...", "…", TBD,
    /// TODO, xxx, 待定 and the others listed in `lints/placeholders.toml`), and
    /// links with real text whose target goes nowhere (`href="#"`, `href=""`,
    /// `javascript:void(0)`). Links wired to script (`onclick`,
    /// `role="button"`, `data-toggle`) are left alone: there `#` is a behaviour.
    /// Inside HTML comments both are reported as warnings (they come back
    /// when the markup is uncommented).
    ///
    /// ## Why it matters
    /// Placeholders are content nobody finished: readers see "。。。" in a list
    /// of helpful links, or click a promising title that does nothing.
    ///
    /// ## Example
    /// ```html
    /// <label><a class="mscom-link" href="#">。。。</a></label>
    /// <label><a class="mscom-link" href="#">Frequently Asked Questions (FAQ)</a></label>
    /// ```
    ///
    /// ## Fix
    /// Put in the real link, or remove the entry. There is no automatic fix:
    /// only a person knows where the link should go.
    pub struct PlaceholderLink {
        name: "placeholder-link",
        code: "TC104",
        family: Links,
        severity: Error,
        fix: Never,
        summary: "a link whose text is a placeholder, or real text linking nowhere",
    }
}

impl PageRule for PlaceholderLink {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        let placeholders = &cx.data.placeholders;
        for link in &cx.page.links {
            if !link.is_navigation() {
                continue;
            }
            let comment = |finding: Finding| {
                if link.region.is_rendered() {
                    finding
                } else {
                    finding.in_comment()
                }
            };
            if placeholders.is_placeholder_text(&link.text) {
                out.push(comment(
                    Finding::new(
                        &Self::META,
                        &cx.page.path,
                        link.text_span.filter(|s| !s.is_empty()).unwrap_or(link.span),
                        format!("link text `{}` is a placeholder", link.text),
                    )
                    .with_label("placeholder text")
                    .with_help(target_help(link)),
                ));
            } else if has_words(&link.text) && placeholders.is_placeholder_href(&link.url) && !link.scripted {
                let shown = if link.url.is_empty() {
                    "an empty href".to_owned()
                } else {
                    format!("`{}`", link.url)
                };
                out.push(comment(
                    Finding::new(
                        &Self::META,
                        &cx.page.path,
                        link.span,
                        format!("link `{}` goes nowhere: its target is {shown}", link.text),
                    )
                    .with_label("no target")
                    .with_help("put in the page or document this link names, or make it plain text"),
                ));
            }
        }
    }
}

fn target_help(link: &Link) -> String {
    if link.url.trim().is_empty() || link.url.trim() == "#" {
        "the link has no target either: replace both with the real link, or remove it".to_owned()
    } else {
        format!("it links to `{}`: write the name of what it links to", link.url)
    }
}

/// Text with at least one letter or digit (any script).
pub(crate) fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}
