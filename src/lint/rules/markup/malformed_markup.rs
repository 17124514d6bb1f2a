use crate::declare_rule;
use crate::lint::{Finding, PageContext, PageRule, Severity};
use crate::page::MarkupIssue;

declare_rule! {
    /// ## What it does
    /// Reports markup that browsers repair silently in a way that changes what
    /// readers see or what links can reach: a mangled attribute
    /// (`<label id="you_own_your"l>`), a tag left open that swallows the markup
    /// after it (`<a class="x" </div>`), a bogus tag hiding words
    /// (`<Secure infrastructure id="...">`), the same attribute twice,
    /// attributes written on an end tag (`</ul style="...">`), a page
    /// that ends inside a tag or comment, comments that nest or close wrongly,
    /// nesting deeper than browsers build, and front matter or legacy Markdown
    /// (`#Title`) that no longer parses. Harmless tokenizer complaints (a
    /// missing `;` after `&nbsp`, a stray `/`) are not reported.
    ///
    /// ## Why it matters
    /// The page looks almost right, so the damage goes unnoticed: a heading's
    /// words vanish into a tag, an anchor id is lost, the rest of a page
    /// disappears into an unclosed comment.
    ///
    /// ## Example
    /// ```html
    /// <label id="you_own_your"l>You own your Customer Data</label>
    /// <Secure infrastructure id="infrastructure_Secure">Secure infrastructure</p>
    /// <ul><li>Audit logs</li></ul style="list-style-type:disc">
    /// ```
    ///
    /// ## Fix
    /// Repair the markup as the message says. There is no automatic fix: the
    /// intended markup is a guess.
    pub struct MalformedMarkup {
        name: "malformed-markup",
        code: "TC202",
        family: Markup,
        severity: Error,
        fix: Never,
        summary: "markup a browser repairs in a way that changes content or anchors",
    }
}

impl PageRule for MalformedMarkup {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for problem in &cx.page.problems {
            let Some(issue) = problem.kind.markup() else {
                continue;
            };
            out.push(
                Finding::new(&Self::META, &cx.page.path, problem.span, problem.message.clone())
                    .with_severity(severity(issue))
                    .with_label(label(issue)),
            );
        }
    }
}

/// Content-losing problems are errors; the rest are warnings.
fn severity(issue: MarkupIssue) -> Severity {
    match issue {
        MarkupIssue::EofInTag
        | MarkupIssue::EofInComment
        | MarkupIssue::UnknownElement
        | MarkupIssue::CharacterInAttributeName
        | MarkupIssue::NestedComment
        | MarkupIssue::MissingSpaceBetweenAttributes
        | MarkupIssue::BadFrontMatter => Severity::Error,
        MarkupIssue::DuplicateAttribute
        | MarkupIssue::EndTagAttributes
        | MarkupIssue::CharacterInUnquotedValue
        | MarkupIssue::MissingAttributeValue
        | MarkupIssue::BadComment
        | MarkupIssue::TooDeep
        | MarkupIssue::LegacyMarkdown => Severity::Warning,
    }
}

fn label(issue: MarkupIssue) -> &'static str {
    match issue {
        MarkupIssue::MissingSpaceBetweenAttributes => "mangled attribute",
        MarkupIssue::CharacterInAttributeName => "tag not closed",
        MarkupIssue::CharacterInUnquotedValue => "unquoted value",
        MarkupIssue::MissingAttributeValue => "missing value",
        MarkupIssue::DuplicateAttribute => "duplicate attribute",
        MarkupIssue::EndTagAttributes => "dropped by browsers",
        MarkupIssue::UnknownElement => "not an HTML element",
        MarkupIssue::EofInTag => "unterminated tag",
        MarkupIssue::EofInComment => "unterminated comment",
        MarkupIssue::NestedComment => "nested comment",
        MarkupIssue::BadComment => "malformed comment",
        MarkupIssue::TooDeep => "too deep",
        MarkupIssue::LegacyMarkdown => "not a heading",
        MarkupIssue::BadFrontMatter => "invalid front matter",
    }
}
