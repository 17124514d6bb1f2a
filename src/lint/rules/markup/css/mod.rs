//! What is wrong with a piece of CSS, found from its text alone: the
//! declarations browsers drop or misread. `invalid_css.rs` turns what this
//! finds into findings; offsets here are into the CSS text.

mod judged;
mod parse;
mod scan;
mod value;

use std::sync::Arc;

use rustc_hash::FxHashSet;

use self::parse::{Declaration, Item};
use self::value::{MAX_VALUE_DEPTH, Verdict};
use super::data::CssProperties;
use crate::page::CssKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum IssueKind {
    /// A name that is no CSS property. `fix`: the one suggestion can
    /// replace it safely.
    UnknownProperty {
        name: String,
        suggestions: Vec<String>,
        fix: bool,
    },
    InvalidValue {
        property: String,
        value: String,
        runs_into: Option<RunsInto>,
    },
    NoValue {
        property: String,
    },
    /// `!` followed by anything but `important`.
    BadImportant {
        text: String,
    },
    /// A function or bracket never closed. `swallowed`: the text after
    /// it that was meant to be more declarations.
    Unclosed {
        opener: String,
        swallowed: Option<String>,
    },
    /// Not a declaration at all; `missing_colon` names the word a `:`
    /// should follow.
    NotADeclaration {
        text: String,
        missing_colon: Option<String>,
    },
}

/// A value that runs into what looks like the next declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RunsInto {
    pub(super) property: String,
    /// `22px:font-weight:600`: a `:` typed for the `;`. Otherwise the `;`
    /// is missing (`red font-size: 12px`).
    pub(super) colon_for_semicolon: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Issue {
    pub(super) kind: IssueKind,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Texts longer than this are not kept in the memo: long texts rarely
/// repeat, and a hostile page must not fill memory with copies.
const LONGEST_MEMOIZED: usize = 4096;
/// The memo stops growing at this many texts of a kind.
const MOST_MEMOIZED: usize = 100_000;

/// The issues of a text, read once per run however many pages repeat it.
pub(super) fn memoized(text: &str, kind: CssKind, properties: &CssProperties) -> Arc<[Issue]> {
    let memo = &properties.memo.by_kind[kind as usize];
    // A poisoned lock only means another thread panicked: its map is whole.
    let known = memo
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(text)
        .cloned();
    if let Some(issues) = known {
        return issues;
    }
    let issues: Arc<[Issue]> = check(text, kind, properties).into();
    if text.len() <= LONGEST_MEMOIZED {
        let mut map = memo.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() < MOST_MEMOIZED {
            map.insert(text.into(), Arc::clone(&issues));
        }
    }
    issues
}

/// The issues of one `style` attribute or `<style>` element's text.
pub(super) fn check(text: &str, kind: CssKind, properties: &CssProperties) -> Vec<Issue> {
    let mut issues = Vec::new();
    match kind {
        CssKind::Declarations => {
            let templated = has_template(text);
            check_list(
                text,
                &parse::declarations(text),
                properties,
                templated,
                &mut issues,
            );
        }
        // Template syntax in a style sheet opens and closes blocks of its
        // own (`{% if %}`): what the sheet will be is not known.
        CssKind::StyleSheet if has_template(text) => {}
        CssKind::StyleSheet => {
            for list in parse::style_sheet(text) {
                check_list(text, &list, properties, false, &mut issues);
            }
        }
    }
    issues
}

/// Liquid, Jinja, ERB or JavaScript template syntax: filled in later.
fn has_template(text: &str) -> bool {
    ["{{", "}}", "{%", "%}", "<%", "%>", "${"]
        .iter()
        .any(|marker| text.contains(marker))
}

/// `templated`: the text holds template syntax somewhere, so each item
/// is looked at for it.
fn check_list(text: &str, items: &[Item], properties: &CssProperties, templated: bool, out: &mut Vec<Issue>) {
    let names: FxHashSet<String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Declaration(declaration) => Some(declaration.name.to_ascii_lowercase()),
            Item::Junk { .. } => None,
        })
        .collect();
    for item in items {
        let (start, end) = item.range();
        if templated && has_template(&text[start..end]) {
            continue;
        }
        match item {
            Item::Declaration(declaration) => check_declaration(text, declaration, &names, properties, out),
            Item::Junk { start, end } => check_junk(text, *start, *end, out),
        }
    }
}

/// Something browsers skip as no declaration.
fn check_junk(text: &str, start: usize, end: usize, out: &mut Vec<Issue>) {
    let raw = &text[start..end];
    // `*zoom: 1`: a hack only IE 7 and older read, skipped elsewhere on purpose.
    if raw.starts_with('*') {
        return;
    }
    let word_end = raw
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(raw.len());
    let missing_colon = (word_end > 0 && !raw.contains(':')).then(|| raw[..word_end].to_owned());
    out.push(Issue {
        kind: IssueKind::NotADeclaration {
            text: raw.to_owned(),
            missing_colon,
        },
        start,
        end,
    });
}

fn check_declaration(
    text: &str,
    declaration: &Declaration,
    names: &FxHashSet<String>,
    properties: &CssProperties,
    out: &mut Vec<Issue>,
) {
    let (value_start, value_end) = (declaration.value_start, declaration.value_end);
    let value = &text[value_start..value_end];
    let scanned = scan::scan(value);
    if let Some((open_start, open_end)) = scanned.unclosed {
        let swallowed = scanned
            .swallowed_from
            .map(|from| value[from..].trim_matches(|c: char| c.is_whitespace() || c == ';' || c == '}'))
            .filter(|rest| !rest.is_empty())
            .map(str::to_owned);
        out.push(Issue {
            kind: IssueKind::Unclosed {
                opener: value[open_start..open_end].to_owned(),
                swallowed,
            },
            start: value_start + open_start,
            end: value_start + open_end,
        });
        return;
    }
    let name = declaration.name.to_ascii_lowercase();
    // Custom and vendor-prefixed properties (`--x`, `-ms-filter`) are
    // anyone's to define; `_height` is the IE 6 hack.
    if name.starts_with('-') || name.starts_with('_') {
        return;
    }
    let name_span = (declaration.name_start, declaration.name_end);
    if !properties.contains(&name) {
        out.push(unknown_property(
            text,
            declaration,
            value,
            names,
            properties,
            name_span,
        ));
        return;
    }
    if let Some((start, end)) = declaration.bad_bang {
        // `!ie`: a hack for old IE, which alone reads the declaration.
        if text[start..end]
            .trim_start_matches('!')
            .trim()
            .eq_ignore_ascii_case("ie")
        {
            return;
        }
        let kind = IssueKind::BadImportant {
            text: text[start..end].to_owned(),
        };
        out.push(Issue { kind, start, end });
        return;
    }
    if value.is_empty() {
        let kind = IssueKind::NoValue { property: name };
        out.push(Issue {
            kind,
            start: name_span.0,
            end: name_span.1,
        });
        return;
    }
    if scanned.depth <= MAX_VALUE_DEPTH && value::verdict(&name, value) == Verdict::Invalid {
        let runs_into = scanned
            .top_level_colon
            .and_then(|colon| runs_into(value, colon, properties));
        out.push(Issue {
            kind: IssueKind::InvalidValue {
                property: name,
                value: value.to_owned(),
                runs_into,
            },
            start: value_start,
            end: value_end,
        });
    }
}

fn unknown_property(
    text: &str,
    declaration: &Declaration,
    value: &str,
    names: &FxHashSet<String>,
    properties: &CssProperties,
    (start, end): (usize, usize),
) -> Issue {
    let suggestions: Vec<String> = properties
        .closest(&declaration.name)
        .into_iter()
        .map(str::to_owned)
        .collect();
    // One edit, to the one suggestion, on a name written as read (no
    // escapes), that the list does not already set, and whose value the
    // suggestion would accept.
    let fix = match suggestions.as_slice() {
        [only] => {
            text[start..end] == declaration.name
                && !names.contains(only)
                && value::verdict(only, value) != Verdict::Invalid
        }
        _ => false,
    };
    Issue {
        kind: IssueKind::UnknownProperty {
            name: declaration.name.clone(),
            suggestions,
            fix,
        },
        start,
        end,
    }
}

/// `22px:font-weight:600` or `red font-size: 12px`: the property named
/// next to the value's `:` at `colon`, when it is one.
fn runs_into(value: &str, colon: usize, properties: &CssProperties) -> Option<RunsInto> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let before = value[..colon].trim_end();
    let word_before = &before[before.trim_end_matches(is_name).len()..];
    if !word_before.is_empty() && word_before.len() < before.len() && properties.contains(word_before) {
        return Some(RunsInto {
            property: word_before.to_ascii_lowercase(),
            colon_for_semicolon: false,
        });
    }
    let after = value[colon + 1..].trim_start();
    let word_after = &after[..after.len() - after.trim_start_matches(is_name).len()];
    let then_colon = after[word_after.len()..].trim_start().starts_with(':');
    (!word_after.is_empty() && then_colon && properties.contains(word_after)).then(|| RunsInto {
        property: word_after.to_ascii_lowercase(),
        colon_for_semicolon: true,
    })
}

#[cfg(test)]
mod tests;
