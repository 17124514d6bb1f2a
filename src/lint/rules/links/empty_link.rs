use crate::declare_rule;
use crate::lint::{Finding, PageContext, PageRule};

declare_rule! {
    /// ## What it does
    /// Reports links that have neither text nor an accessible name (no image
    /// with `alt`, no `aria-label`, no `title`) and that go nowhere (`href=""`,
    /// `href="#"`, no `href` value).
    ///
    /// ## Why it matters
    /// Such a link is invisible on screen yet announced as "link" by screen
    /// readers, and leads nowhere: leftovers of templates or removed content.
    ///
    /// ## Example
    /// ```html
    /// <li class="box-actions box-description"><a class="mscom-link" href=""></a></li>
    /// ```
    ///
    /// ## Fix
    /// Remove the empty `<a>` element (or give it text and a target).
    pub struct EmptyLink {
        name: "empty-link",
        code: "TC105",
        family: Links,
        severity: Warning,
        fix: Never,
        summary: "a link with no text and no accessible name that goes nowhere",
    }
}

impl PageRule for EmptyLink {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for link in &cx.page.links {
            if !link.region.is_rendered() || !link.is_navigation() || link.scripted {
                continue;
            }
            let nameless = link.label().trim().is_empty() && !link.has_image;
            if nameless && cx.data.placeholders.is_placeholder_href(&link.url) {
                out.push(
                    Finding::new(
                        &Self::META,
                        &cx.page.path,
                        link.element,
                        "empty link: no text, no accessible name, and it goes nowhere",
                    )
                    .with_label("empty link")
                    .with_help("remove the element, or give it text and a target"),
                );
            }
        }
    }
}
