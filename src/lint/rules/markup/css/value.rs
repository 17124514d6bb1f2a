//! Whether a value parses for its property: lightningcss's grammar of each
//! property, asked only where its answer is a browser's (`judged.rs`).
//! Values it cannot judge as browsers do are left alone: CSS-wide
//! keywords, `var()` and math functions, vendor-prefixed values, old IE
//! hacks.

use lightningcss::properties::{Property, PropertyId};
use lightningcss::stylesheet::ParserOptions;

use super::judged;

/// Values nesting brackets deeper than this are not given to the grammar,
/// which parses nested functions by recursion.
pub(super) const MAX_VALUE_DEPTH: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Valid,
    Invalid,
    /// The grammar does not know the property, or the value is one it
    /// cannot judge.
    Unknown,
}

/// `property` (lower case, a known property) with `value` (trimmed, no
/// `!important`), where the grammar is trusted.
pub(super) fn verdict(property: &str, value: &str) -> Verdict {
    let lower = value.to_ascii_lowercase();
    if not_judged(&lower) || !judged::judged(property, &lower) {
        return Verdict::Unknown;
    }
    let id = PropertyId::from(property);
    if matches!(id, PropertyId::Custom(_)) {
        return Verdict::Unknown;
    }
    // A bug in the grammar must not take the run down: a value it panics
    // on is one it cannot judge.
    let parsed = std::panic::catch_unwind(|| {
        match Property::parse_string(id, value, ParserOptions::default()) {
            // An `Unparsed` property is lightningcss keeping tokens it
            // could not read as the property's value.
            Ok(Property::Unparsed(_)) | Err(_) => Verdict::Invalid,
            Ok(Property::Custom(_)) => Verdict::Unknown,
            Ok(_) => Verdict::Valid,
        }
    });
    parsed.unwrap_or(Verdict::Unknown)
}

/// Values (lower case) whose validity depends on what the grammar cannot
/// see (substitutions, math) or that are meant for one browser only.
fn not_judged(value: &str) -> bool {
    const WIDE_KEYWORDS: [&str; 5] = ["inherit", "initial", "unset", "revert", "revert-layer"];
    // Substituted or computed where used; old IE hacks, invalid elsewhere
    // on purpose.
    const UNJUDGED: [&str; 12] = [
        "var(",
        "env(",
        "attr(",
        "calc(",
        "min(",
        "max(",
        "clamp(",
        "expression(",
        "progid:",
        "alpha(",
        "\\9",
        "\\0",
    ];
    WIDE_KEYWORDS.contains(&value)
        || UNJUDGED.iter().any(|marker| value.contains(marker))
        || has_vendor_word(value)
}

/// A word starting with `-` and a letter (`-webkit-box`, `-moz-calc(`,
/// Opera's `-pre-wrap`): meant for one engine, dropped by the others on
/// purpose.
fn has_vendor_word(value: &str) -> bool {
    let bytes = value.as_bytes();
    let word_start = |at: usize| {
        at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || matches!(bytes[at - 1], b'-' | b'_'))
    };
    bytes
        .windows(2)
        .enumerate()
        .any(|(at, pair)| pair[0] == b'-' && pair[1].is_ascii_alphabetic() && word_start(at))
}

#[cfg(test)]
#[path = "value_tests.rs"]
mod tests;
