use std::collections::HashMap;

use crate::declare_rule;
use crate::lint::{Finding, PageContext, PageRule, Related};
use crate::page::AnchorKind;

declare_rule! {
    /// ## What it does
    /// Reports an `id` used a second time on one page (commented-out markup
    /// does not count). The second element is reported, with the first as a
    /// related location.
    ///
    /// ## Why it matters
    /// A `#fragment` link always lands on the first element with the id: the
    /// later one is unreachable, and scripts or styles keyed on the id act on
    /// the wrong element.
    ///
    /// ## Example
    /// ```html
    /// <label id="data_other">Customer Data and Other Data Types</label>
    /// ...
    /// <div id="data_other">...</div>
    /// ```
    ///
    /// ## Fix
    /// Rename one of them, and update the links meant for it.
    pub struct DuplicateId {
        name: "duplicate-id",
        code: "TC201",
        family: Markup,
        severity: Error,
        fix: Never,
        summary: "an id used twice on one page",
    }
}

impl PageRule for DuplicateId {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        let mut first_use = HashMap::new();
        for anchor in &cx.page.anchors {
            if anchor.kind != AnchorKind::Id || !anchor.region.is_rendered() {
                continue;
            }
            match first_use.get(&*anchor.name) {
                None => {
                    first_use.insert(&*anchor.name, anchor.span);
                }
                Some(&first) => out.push(
                    Finding::new(
                        &Self::META,
                        &cx.page.path,
                        anchor.span,
                        format!(
                            "id `{}` is already used on this page: links to `#{}` reach the first one only",
                            anchor.name, anchor.name
                        ),
                    )
                    .with_label("second use")
                    .with_related(Related {
                        path: cx.page.path.clone(),
                        span: first,
                        message: "first used here".to_owned(),
                        location: Default::default(),
                    }),
                ),
            }
        }
    }
}
