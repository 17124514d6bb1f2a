use super::near_names::{Guess, NearIndex, SiteTerms, Target, each_slip, times};
use crate::declare_rule;
use crate::lint::{AcrossRule, ClaimsContext, Finding, Fix};
use crate::page::attributes::{html_attribute_names, is_html_attribute};
use crate::page::vocabulary::{Use, may_hold};

declare_rule! {
    /// ## What it does
    /// Reports an attribute name that is not HTML's, that the site uses
    /// once or twice, and that is a slip of a name the site uses often (20
    /// times or more: `bi:typea` on a site with a thousand `bi:type`) or of
    /// an HTML attribute (`aria-lable`, `framebroder`): a letter wrong,
    /// missing or doubled, or two letters swapped, inside one word of the
    /// name. Names that differ in digits, separators, whole words, a plural
    /// `s` or a word of their own the site uses elsewhere are deliberate
    /// (`data-view1`/`data-view2`) and not reported. The site's vocabulary
    /// is counted from its rendered markup (not comments, not SVG).
    ///
    /// ## Why it matters
    /// Browsers, styles and scripts know an attribute only by its exact
    /// name. A misspelled one does nothing, silently: the tracking tag is
    /// not sent, the accessible label is not read, the border is drawn.
    ///
    /// ## Example
    /// ```html
    /// <div class="heroitem" bi:typea="heroitem">...</div>
    /// <!-- every other hero item on the site: bi:type="heroitem" -->
    /// ```
    ///
    /// ## Fix
    /// Rename the attribute. `--fix` renames it when one name is nearest,
    /// one edit away, and the element does not have that name already.
    pub struct MisspelledAttribute {
        name: "misspelled-attribute",
        code: "TC204",
        family: Markup,
        severity: Warning,
        fix: Sometimes,
        summary: "an attribute name used once that is a slip of one the site uses often",
        vocabulary: true,
    }
}

/// A name the site uses this often is its vocabulary.
const FREQUENT: u64 = 20;

/// Two edits are a slip only of a name this long; shorter names two edits
/// apart are other names.
const LONGEST_AT_ONE_EDIT: usize = 7;

/// HTML's own names this short are common words (`name`, `data`, `size`),
/// which sites also use as names of their own.
const SHORTEST_LANGUAGE_NAME: usize = 6;

impl AcrossRule for MisspelledAttribute {
    fn check_across(&self, cx: &ClaimsContext<'_>, out: &mut Vec<Finding>) {
        let pages = &cx.site.pages;
        let site = SiteTerms::gather(pages, |page| &page.vocabulary.attributes);
        let index = NearIndex::new(targets(&site), 2);
        each_slip(
            cx,
            |page| &page.vocabulary.attributes,
            &site,
            &index,
            allowed,
            |page, name, count, used, guess| {
                out.push(finding(&page.path, name, count, used, guess));
            },
        );
    }
}

/// The names a rare one may be a slip of: those the site uses often that
/// are not HTML's (a rare HTML name is not suspect, but a frequent one is
/// a target like any), and HTML's own.
fn targets<'a>(site: &SiteTerms<'a>) -> Vec<Target<'a>> {
    let mut targets = site.used_at_least(FREQUENT);
    for name in html_attribute_names() {
        if name.len() >= SHORTEST_LANGUAGE_NAME && site.count(name) < FREQUENT {
            targets.push(Target {
                name,
                count: site.count(name),
                language: true,
            });
        }
    }
    targets
}

/// One edit from any target; two from a long name the site uses often.
fn allowed(target: &Target<'_>, distance: usize) -> bool {
    distance == 1 || (!target.language && target.name.len() > LONGEST_AT_ONE_EDIT)
}

fn finding(path: &str, name: &str, count: u64, used: &Use, guess: &Guess<'_>) -> Finding {
    debug_assert!(!is_html_attribute(name));
    let meant = guess.target.name;
    let known = if guess.target.language {
        "an HTML attribute".to_owned()
    } else {
        format!("used {} on the site", times(guess.target.count))
    };
    let alternative = guess
        .other
        .map(|other| format!(" or `{}`", other.name))
        .unwrap_or_default();
    let message = format!(
        "`{name}` is not an HTML attribute and the site uses it only {}: did you mean `{meant}` ({known}){alternative}?",
        times(count)
    );
    let finding = Finding::new(&MisspelledAttribute::META, path, used.span, message)
        .with_label(format!("did you mean `{meant}`?"));
    let clear = guess.distance == 1 && guess.other.is_none();
    let free = !may_hold(used.siblings, meant);
    let help = "browsers and scripts know an attribute only by its exact name";
    if !free {
        return finding.with_help(format!(
            "{help}; the element may have `{meant}` already: keep the right value under that name"
        ));
    }
    let fix = (clear && used.verbatim)
        .then(|| Fix::replace(format!("rename to `{meant}`"), used.span, name, meant))
        .flatten();
    finding.with_help(help).with_fix(fix)
}
