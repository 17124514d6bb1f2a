use super::near_names::{Guess, NearIndex, SiteTerms, each_slip, times};
use crate::declare_rule;
use crate::lint::{AcrossRule, ClaimsContext, Finding, Fix};
use crate::page::vocabulary::Use;

declare_rule! {
    /// ## What it does
    /// Reports a class token the site uses once or twice that is one slip
    /// away from a class it uses a hundred times or more: a letter wrong,
    /// missing or doubled, or two letters swapped, inside one word
    /// (`withArow` on a site with hundreds of `withArrow`). Classes of one
    /// family are deliberate and not reported: tokens that differ in digits
    /// (`span3`/`span4`, `col-md-3`/`col-md-4`), in whole words or
    /// separators (`icon-left`/`icon-right`), in a plural `s`, in letter
    /// case only, in a word of two or three letters (`col-sm`/`col-md`), or
    /// in a word the site uses in another class. The counts are the site's
    /// own, from its rendered markup.
    ///
    /// ## Why it matters
    /// Styles and scripts select elements by exact class. A misspelled
    /// class leaves one element unstyled or inert among hundreds that work,
    /// which nobody sees until a reader does.
    ///
    /// ## Example
    /// ```html
    /// <span class="withArow"><a href="privacy.html">Privacy</a></span>
    /// <!-- everywhere else on the site: class="withArrow" -->
    /// ```
    ///
    /// ## Fix
    /// Correct the class. `--fix` does when one class is nearest and the
    /// attribute is written without character references. If the rare
    /// class is deliberate, suppress the finding on that line.
    pub struct MisspelledClass {
        name: "misspelled-class",
        code: "TC205",
        family: Markup,
        severity: Warning,
        fix: Sometimes,
        summary: "a class used once that is one slip away from a class the site uses hundreds of times",
        vocabulary: true,
    }
}

/// A class the site uses this often is part of its design.
const FREQUENT: u64 = 100;

impl AcrossRule for MisspelledClass {
    fn check_across(&self, cx: &ClaimsContext<'_>, out: &mut Vec<Finding>) {
        let pages = &cx.site.pages;
        let site = SiteTerms::gather(pages, |page| &page.vocabulary.classes);
        let targets = site.used_at_least(FREQUENT);
        if targets.is_empty() {
            return;
        }
        let index = NearIndex::new(targets, 1);
        each_slip(
            cx,
            |page| &page.vocabulary.classes,
            &site,
            &index,
            |_, _| true,
            |page, name, count, used, guess| {
                out.push(finding(&page.path, name, count, used, guess));
            },
        );
    }
}

fn finding(path: &str, name: &str, count: u64, used: &Use, guess: &Guess<'_>) -> Finding {
    let meant = guess.target.name;
    let alternative = guess
        .other
        .map(|other| format!(" or `{}`", other.name))
        .unwrap_or_default();
    let message = format!(
        "class `{name}` is used only {} on the site, one slip away from `{meant}` (used {}): did you mean \
         `{meant}`{alternative}?",
        times(count),
        times(guess.target.count)
    );
    let finding = Finding::new(&MisspelledClass::META, path, used.span, message)
        .with_label(format!("did you mean `{meant}`?"))
        .with_help(format!(
            "styles and scripts written for `{meant}` do not reach this element"
        ));
    if guess.other.is_none() && used.verbatim {
        return finding.with_fix(Fix::replace(format!("use `{meant}`"), used.span, name, meant));
    }
    finding
}
