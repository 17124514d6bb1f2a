use super::css::{self, Issue, IssueKind, RunsInto};
use crate::declare_rule;
use crate::lint::{Finding, Fix, PageContext, PageRule, Severity};
use crate::page::{Css, CssKind};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reads the CSS of `style` attributes and `<style>` elements as
    /// browsers do and reports the declarations they drop or misread: a
    /// name that is no CSS property (`font-szie`), a value that does not
    /// parse for its property (`font-weight: 400px`), a function or bracket
    /// never closed (`color: rgb(30,90,160`), text that is no declaration
    /// at all (`display none`), and `!` that is not `!important`.
    /// Vendor-prefixed and custom properties (`-webkit-...`, `--x`), values
    /// with `var()`, `calc()` or a CSS-wide keyword, what only old IE read
    /// (`*zoom`, `_height`, `\9`, `behavior`), declarations with template syntax
    /// (`{{ }}`, `{% %}`) and CSS inside HTML comments are left alone.
    ///
    /// ## Why it matters
    /// Browsers skip an invalid declaration without a word, so the page
    /// looks almost right: a heading keeps the default size, a list its
    /// default bullets. An unclosed `(` is worse: every declaration after it
    /// becomes part of its value and is lost with it.
    ///
    /// ## Example
    /// ```html
    /// <p style="font-szie:18px">Overview</p>
    /// <h3 style="font-size:22px:font-weight:600">Encryption at rest</h3>
    /// <label style="color:rgb(30,90,160; font-size:13px">Who is responsible</label>
    /// ```
    ///
    /// ## Fix
    /// Correct the name or value as the message says. A misspelt property
    /// whose correction is unambiguous (one property within two edits,
    /// the declaration list not already setting it, the value valid for it)
    /// is fixed by `--fix`; otherwise the closest properties are suggested.
    pub struct InvalidCss {
        name: "invalid-css",
        code: "TC203",
        family: Markup,
        severity: Error,
        fix: Sometimes,
        summary: "CSS a browser drops or misreads: unknown property, invalid value, unclosed function",
    }
}

impl PageRule for InvalidCss {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for css in &cx.page.css {
            if !css.region.is_rendered() {
                continue;
            }
            // Sites repeat the same style attribute on page after page:
            // each distinct text is read once per run.
            let issues = css::memoized(&css.text, css.kind, &cx.data.css);
            for issue in issues.iter() {
                out.push(finding(&cx.page.path, css, issue));
            }
        }
    }
}

/// Browsers skip the whole declaration: what most findings end with.
const DROPPED: &str = "browsers drop this declaration";

fn finding(path: &str, css: &Css, issue: &Issue) -> Finding {
    let span = css.span_of(issue.start, issue.end);
    let new = |message: String, label: &str, subject: &str| {
        Finding::new(&InvalidCss::META, path, span, message)
            .with_label(label)
            .with_subject(subject)
    };
    match &issue.kind {
        IssueKind::UnknownProperty {
            name,
            suggestions,
            fix,
        } => {
            let finding = new(
                format!("`{}` is not a CSS property: {DROPPED}", cut(name)),
                "unknown property",
                name,
            );
            let fix = (*fix && css.verbatim)
                .then(|| rename(span, &css.text[issue.start..issue.end], suggestions))
                .flatten();
            match suggestions.as_slice() {
                [] => finding,
                some => finding.with_help(format!("did you mean {}?", quoted_list(some))),
            }
            .with_fix(fix)
        }
        IssueKind::InvalidValue {
            property,
            value,
            runs_into,
        } => {
            let finding = new(
                format!(
                    "`{}` is not a valid value for `{property}`: {DROPPED}",
                    cut(value)
                ),
                "invalid value",
                property,
            );
            match runs_into {
                Some(runs_into) => finding.with_help(runs_into_help(runs_into)),
                None => finding,
            }
        }
        IssueKind::NoValue { property } => new(
            format!("`{property}` has no value: {DROPPED}"),
            "no value",
            property,
        ),
        IssueKind::BadImportant { text } => new(
            format!("`{}` is not `!important`: {DROPPED}", cut(text)),
            "not !important",
            text,
        ),
        IssueKind::Unclosed { opener, swallowed } => {
            let finding = new(
                unclosed_message(css.kind, opener, swallowed.as_deref()),
                "never closed",
                opener,
            )
            .with_help(format!("close it with `{}`", closer(opener)));
            // Nothing lost yet: browsers close it at the end.
            match swallowed {
                Some(_) => finding,
                None => finding.with_severity(Severity::Warning),
            }
        }
        IssueKind::NotADeclaration { text, missing_colon } => {
            let why = match missing_colon {
                Some(word) => format!("a `:` is missing after `{}`", cut(word)),
                None => "browsers skip it".to_owned(),
            };
            new(
                format!("`{}` is not a CSS declaration: {why}", cut(text)),
                "not a declaration",
                text,
            )
        }
    }
}

/// The fix renaming a property to its one suggestion.
fn rename(span: Span, written: &str, suggestions: &[String]) -> Option<Fix> {
    let [best] = suggestions else {
        return None;
    };
    Fix::replace(format!("use `{best}`"), span, written, best.as_str())
}

/// An unclosed function swallows what follows it, or, at the end, is
/// closed by browsers with nothing lost yet.
fn unclosed_message(kind: CssKind, opener: &str, swallowed: Option<&str>) -> String {
    let place = match kind {
        CssKind::Declarations => "the attribute",
        CssKind::StyleSheet => "the style sheet",
    };
    match swallowed {
        Some(lost) => format!(
            "`{opener}` is never closed: what follows it (`{}`) becomes part of this value and is lost with it",
            cut(lost)
        ),
        None => format!(
            "`{opener}` is never closed: browsers close it at the end of {place}, but a declaration added after it would be lost"
        ),
    }
}

fn closer(opener: &str) -> &'static str {
    match opener.as_bytes().last() {
        Some(b'[') => "]",
        Some(b'{') => "}",
        _ => ")",
    }
}

fn runs_into_help(runs_into: &RunsInto) -> String {
    if runs_into.colon_for_semicolon {
        format!(
            "a `:` stands where a `;` should end the declaration, before `{}`",
            runs_into.property
        )
    } else {
        format!("a `;` seems missing before `{}`", runs_into.property)
    }
}

/// `a`, `a` or `b`, `a`, `b` or `c`.
fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// CSS quoted in a message, cut to a line's worth.
fn cut(text: &str) -> String {
    const MOST: usize = 60;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(MOST) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}
