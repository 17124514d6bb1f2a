//! Inline suppressions, written as HTML comments so they work in HTML and
//! Markdown pages alike:
//!
//! ```html
//! <!-- tclint-disable-next-line stale-host -- the preview link is on purpose -->
//! <!-- tclint-disable broken-anchor, TC102 -->  ...  <!-- tclint-enable broken-anchor, TC102 -->
//! <!-- tclint-disable-file empty-link -- template chrome -->
//! ```
//!
//! Rules are names, codes or `all`, separated by commas; a reason may follow
//! `--`. The parser records directives; [`resolve`] turns them into byte
//! ranges of the page.

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    NextLine,
    Disable,
    Enable,
    File,
}

/// A directive as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Lower-cased rule names or codes, or `all`.
    pub rules: Vec<Box<str>>,
    pub reason: Option<Box<str>>,
    /// The comment holding it.
    pub span: Span,
}

/// One rule switched off over a range of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Lower-cased rule name or code, or `all`.
    pub rule: Box<str>,
    /// The bytes whose findings it silences.
    pub range: Span,
    /// The comment that asked for it.
    pub directive: Span,
    pub reason: Option<Box<str>>,
}

impl Suppression {
    /// Whether it silences a finding of this rule starting at `offset`.
    pub fn covers(&self, name: &str, code: &str, offset: u32) -> bool {
        let rule_matches =
            &*self.rule == "all" || *self.rule == *name || self.rule.eq_ignore_ascii_case(code);
        rule_matches && self.range.start <= offset && offset <= self.range.end
    }
}

/// Reads a directive from the inside of a comment (`<!--` and `-->`
/// removed). `None` when the comment is not a tclint directive.
pub fn parse_directive(inner: &str, span: Span) -> Option<Directive> {
    let body = inner.trim().strip_prefix("tclint-")?;
    let (head, reason) = match body.split_once("--") {
        Some((head, reason)) => (head, Some(reason.trim()).filter(|r| !r.is_empty())),
        None => (body, None),
    };
    let head = head.trim();
    let (keyword, list) = head.split_once(char::is_whitespace).unwrap_or((head, ""));
    let kind = match keyword {
        "disable-next-line" => DirectiveKind::NextLine,
        "disable" => DirectiveKind::Disable,
        "enable" => DirectiveKind::Enable,
        "disable-file" => DirectiveKind::File,
        _ => return None,
    };
    let mut rules: Vec<Box<str>> = list
        .split(',')
        .map(|rule| rule.trim().to_ascii_lowercase())
        .filter(|rule| !rule.is_empty())
        .map(Into::into)
        .collect();
    if rules.is_empty() {
        rules.push("all".into());
    }
    Some(Directive {
        kind,
        rules,
        reason: reason.map(Into::into),
        span,
    })
}

/// The ranges the directives of a page cover: the line after a
/// `disable-next-line` comment, from `disable` to the matching `enable` (or
/// the end of the page), the whole page for `disable-file`.
pub fn resolve(directives: &[Directive], text: &str) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    for (index, directive) in directives.iter().enumerate() {
        for rule in &directive.rules {
            let range = match directive.kind {
                DirectiveKind::Enable => continue,
                DirectiveKind::File => Span::new(0, text.len()),
                DirectiveKind::NextLine => next_line(text, directive.span.end as usize),
                DirectiveKind::Disable => {
                    let enable = directives[index + 1..].iter().find(|later| {
                        later.kind == DirectiveKind::Enable
                            && later.rules.iter().any(|r| r == rule || &**r == "all")
                    });
                    let end = enable.map_or(text.len(), |enable| enable.span.start as usize);
                    Span::new(directive.span.end as usize, end.max(directive.span.end as usize))
                }
            };
            suppressions.push(Suppression {
                rule: rule.clone(),
                range,
                directive: directive.span,
                reason: directive.reason.clone(),
            });
        }
    }
    suppressions
}

/// The line after the one where `offset` is.
fn next_line(text: &str, offset: usize) -> Span {
    let Some(newline) = text[offset.min(text.len())..].find('\n') else {
        return Span::at(text.len());
    };
    let start = offset + newline + 1;
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive(inner: &str) -> Directive {
        parse_directive(inner, Span::new(0, inner.len())).unwrap()
    }

    #[test]
    fn parses_kinds_rules_and_reasons() {
        let d = directive(" tclint-disable-next-line stale-host, TC104 -- preview link on purpose ");
        assert_eq!(d.kind, DirectiveKind::NextLine);
        assert_eq!(d.rules, ["stale-host".into(), "tc104".into()] as [Box<str>; 2]);
        assert_eq!(d.reason.as_deref(), Some("preview link on purpose"));
        assert_eq!(
            directive("tclint-disable-file").rules,
            ["all".into()] as [Box<str>; 1]
        );
        assert!(parse_directive("an ordinary comment", Span::default()).is_none());
        assert!(parse_directive("tclint-disabel x", Span::default()).is_none());
    }

    #[test]
    fn ranges() {
        let text = "a\n<!-- tclint-disable-next-line x -->\nline three\nfour <!-- tclint-disable y -->\nfive\n<!-- tclint-enable y -->six";
        let comment = |needle: &str| {
            let start = text.find(needle).unwrap();
            let inner_start = start + 4;
            let end = start + text[start..].find("-->").unwrap() + 3;
            parse_directive(&text[inner_start..end - 3], Span::new(start, end)).unwrap()
        };
        let directives = vec![
            comment("<!-- tclint-disable-next"),
            comment("<!-- tclint-disable y"),
            comment("<!-- tclint-enable"),
        ];
        let suppressions = resolve(&directives, text);
        assert_eq!(suppressions.len(), 2);
        assert_eq!(&text[suppressions[0].range.range()], "line three");
        assert_eq!(&text[suppressions[1].range.range()], "\nfive\n");
        assert!(suppressions[1].covers("y", "TC999", text.find("five").unwrap() as u32));
        assert!(!suppressions[1].covers("y", "TC999", text.find("six").unwrap() as u32));
    }
}
