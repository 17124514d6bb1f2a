//! Markup problems with messages a maintainer can act on.
//!
//! Only mistakes that change what a reader sees or what a link can reach are
//! reported; the HTML spec lists many more parse errors (a missing `;` after
//! `&nbsp`, a stray `/`) that browsers repair without consequence.

use super::{MarkupIssue, Problem, ProblemKind};
use crate::shared::whitespace::join_words;
use crate::source::floor_char_boundary;
use crate::span::Span;

/// A mistake found inside a tag, waiting for the tag to be complete so it can
/// be described with the attribute it concerns.
#[derive(Debug, Clone, Copy)]
pub struct PendingError {
    pub issue: MarkupIssue,
    /// Just past the offending character.
    pub offset: usize,
}

fn problem(issue: MarkupIssue, span: Span, message: String) -> Problem {
    Problem {
        kind: ProblemKind::Markup(issue),
        span,
        message,
    }
}

/// The character just before `offset`, as a span.
fn previous_char(text: &str, offset: usize) -> Span {
    let end = floor_char_boundary(text, offset);
    let start = text[..end]
        .chars()
        .next_back()
        .map_or(end, |c| end - c.len_utf8());
    Span::new(start, end)
}

/// Describes a pending error of a tag whose attributes are now known.
pub fn describe(
    text: &str,
    error: &PendingError,
    tag: &str,
    tag_span: Span,
    attrs: &[(&str, Span)],
) -> Problem {
    let at = previous_char(text, error.offset);
    let attr_at = |span: Span| attrs.iter().find(|(_, name_span)| name_span.start == span.start);
    match error.issue {
        MarkupIssue::MissingSpaceBetweenAttributes => {
            let glued =
                attr_at(at).map_or_else(|| text[at.range()].to_owned(), |(name, _)| (*name).to_owned());
            let span = attr_at(at).map_or(at, |(_, span)| *span);
            problem(
                error.issue,
                span,
                format!(
                    "mangled attribute in `<{tag}>`: `{glued}` is glued to the quoted value before it, \
                     so browsers read it as a separate attribute"
                ),
            )
        }
        MarkupIssue::CharacterInAttributeName if text[at.range()].starts_with('<') => {
            let swallowed = text[at.start as usize..tag_span.end as usize].trim_end_matches('>');
            problem(
                error.issue,
                tag_span,
                format!(
                    "`<{tag}>` is not closed before the next tag: it swallows `{}` as attributes, \
                     up to the next `>`",
                    join_words(swallowed)
                ),
            )
        }
        MarkupIssue::CharacterInAttributeName => problem(
            error.issue,
            at,
            format!(
                "stray `{}` inside the attributes of `<{tag}>`: a quote or `=` is misplaced",
                &text[at.range()]
            ),
        ),
        MarkupIssue::CharacterInUnquotedValue => problem(
            error.issue,
            at,
            format!(
                "`{}` inside an unquoted attribute value of `<{tag}>`: the value ends somewhere other than intended",
                &text[at.range()]
            ),
        ),
        MarkupIssue::MissingAttributeValue => problem(
            error.issue,
            at,
            format!("an attribute of `<{tag}>` has `=` but no value"),
        ),
        MarkupIssue::NestedComment => {
            let start = text[..at.end as usize].rfind("<!--").unwrap_or(at.start as usize);
            problem(
                error.issue,
                Span::new(start, at.end as usize),
                "`<!--` inside a comment: comments do not nest, the first `-->` ends the outer one \
                 and what follows it is shown"
                    .to_owned(),
            )
        }
        _ => problem(
            MarkupIssue::BadComment,
            at,
            "malformed comment: browsers end or start it somewhere other than intended".to_owned(),
        ),
    }
}

pub fn unknown_element(tag_span: Span, words: &str) -> Problem {
    problem(
        MarkupIssue::UnknownElement,
        tag_span,
        format!(
            "`<{words}...>` is not an HTML element: the words `{words}` are hidden inside a tag \
             instead of being shown"
        ),
    )
}

pub fn duplicate_attribute(span: Span, attribute: &str, tag: &str) -> Problem {
    problem(
        MarkupIssue::DuplicateAttribute,
        span,
        format!("`{attribute}` is given twice on `<{tag}>`: browsers ignore the second one"),
    )
}

/// Attributes on an end tag, which browsers drop. Names a lost anchor:
/// links to it do not land.
pub fn end_tag_attributes(span: Span, tag: &str, names: &[&str], anchor: Option<&str>) -> Problem {
    const SHOWN: usize = 4;
    let mut listed: Vec<String> = names.iter().take(SHOWN).map(|name| format!("`{name}`")).collect();
    if names.len() > SHOWN {
        listed.push(format!("and {} more", names.len() - SHOWN));
    }
    let effect = match anchor {
        Some(anchor) => format!(", and `#{anchor}` is not an anchor"),
        None => String::new(),
    };
    problem(
        MarkupIssue::EndTagAttributes,
        span,
        format!(
            "{} on the end tag `</{tag}>`: browsers drop attributes of end tags, so {} no effect{effect}",
            listed.join(", "),
            if names.len() == 1 { "it has" } else { "they have" },
        ),
    )
}

pub fn eof_in(issue: MarkupIssue, span: Span) -> Problem {
    let message = if issue == MarkupIssue::EofInComment {
        "the page ends inside this comment: everything after `<!--` is hidden"
    } else {
        "the page ends inside this tag: the tag and everything after it are dropped"
    };
    problem(issue, span, message.to_owned())
}

pub fn too_deep(tag_span: Span, limit: usize) -> Problem {
    problem(
        MarkupIssue::TooDeep,
        tag_span,
        format!(
            "elements are nested more than {limit} deep here: browsers stop nesting and \
             flatten what follows, so the layout and structure break"
        ),
    )
}
