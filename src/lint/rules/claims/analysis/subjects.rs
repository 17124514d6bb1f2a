//! Same subject or not. Two sentences built from one template about
//! different things ("click Traffic Chart" / "click Bandwidth Chart",
//! 服务器 / 数据库, the Workbench section / the SQLyog section) differ in
//! claim-bearing words too, but they are parallel statements, not a
//! disagreement. What tells them apart: where the wordings differ, a word
//! that names something (neither claim-bearing nor a function word) stands
//! in place of another. A real disagreement changes only claim-bearing
//! words (a figure, a negation, a scope or modality word, a named party),
//! maybe with a function word or a form of the same word.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::dates::month;
use super::numbers;
use super::text::{Token, entities_at, has_digit, is_han, spelled_number, tokens};
use crate::lint::rules::claims::lexicon::Lexicon;

/// Whether two near-duplicate wordings put one subject word in place of
/// another.
pub fn parallel_subjects(a: &str, b: &str, lexicon: &Lexicon) -> bool {
    let (words_a, words_b) = (subject_words(a, lexicon), subject_words(b, lexicon));
    let hashes = |words: &[Word]| words.iter().map(|w| w.hash).collect::<Vec<u64>>();
    let ops = capture_diff_slices(Algorithm::Myers, &hashes(&words_a), &hashes(&words_b));
    changes(&ops).into_iter().any(|(old, new)| {
        let (old, new) = (stems(&words_a[old]), stems(&words_b[new]));
        !old.is_empty() && !new.is_empty() && old != new
    })
}

/// Whether two page titles are siblings built from one template about
/// different things ("Azure Database for MySQL overview" / "MySQL Database
/// on Azure overview", "CDN portal: new version guide" / "CDN portal:
/// advanced features"): alike, but a word that names something stands in
/// place of another. Statements on such pages have different subjects.
/// Here every word but function words names something (products and
/// versions included), and word order counts.
pub fn sibling_titles(a: &str, b: &str, lexicon: &Lexicon) -> bool {
    let (tokens_a, tokens_b) = (tokens(a), tokens(b));
    let hashes = |list: &[Token]| list.iter().map(|t| t.hash).collect::<Vec<u64>>();
    let (hashes_a, hashes_b) = (hashes(&tokens_a), hashes(&tokens_b));
    if hashes_a == hashes_b
        || super::diff::similarity(&hashes_a, &hashes_b) < 0.5
        || super::diff::is_extension(&hashes_a, &hashes_b)
    {
        return false;
    }
    // Product names are several words in an order ("Azure Database for
    // MySQL" / "MySQL Database on Azure"): a word that names something
    // anywhere in the changes is enough.
    let names = |text: &str, list: &[Token], range: std::ops::Range<usize>| {
        list[range].iter().any(|t| {
            !lexicon
                .function_words
                .contains(&text[t.range.clone()].to_lowercase())
        })
    };
    let ops = capture_diff_slices(Algorithm::Myers, &hashes_a, &hashes_b);
    changes(&ops)
        .into_iter()
        .any(|(old, new)| names(a, &tokens_a, old) || names(b, &tokens_b, new))
}

/// The subject words' stems of `words`, sorted.
fn stems(words: &[Word]) -> Vec<&str> {
    let mut stems: Vec<&str> = words.iter().filter_map(|w| w.subject.as_deref()).collect();
    stems.sort_unstable();
    stems
}

/// A word of a wording: its hash, and its stem when it names a subject.
struct Word {
    hash: u64,
    subject: Option<String>,
}

fn subject_words(text: &str, lexicon: &Lexicon) -> Vec<Word> {
    let (_, named) = entities_at(text, lexicon);
    let figures = numbers::chinese(text);
    let within =
        |token: &Token, r: &std::ops::Range<usize>| r.start <= token.range.start && token.range.end <= r.end;
    (tokens(text).into_iter())
        .map(|token| {
            let word = &text[token.range.clone()];
            let claim_bearing = named.iter().any(|r| within(&token, r))
                || figures.iter().any(|(r, _)| within(&token, r))
                || is_claim_word(word, lexicon);
            let lower = word.to_lowercase();
            let subject = (!claim_bearing && !lexicon.function_words.contains(&lower)).then(|| stem(&lower));
            Word {
                hash: token.hash,
                subject,
            }
        })
        .collect()
}

/// Figures, months, marker words (English words, and Chinese characters
/// of a marker word).
fn is_claim_word(word: &str, lexicon: &Lexicon) -> bool {
    if has_digit(&numbers::ascii_digits(word)) || spelled_number(word).is_some() || month(word).is_some() {
        return true;
    }
    if word.chars().next().is_some_and(is_han) {
        return lexicon.zh_markers.iter().any(|(marker, _)| marker.contains(word));
    }
    lexicon.english_marker(&word.to_lowercase()).is_some()
}

/// The word without the endings of its forms ("appears", "appeared",
/// "appearing" -> "appear"; "services", "service" -> "servic"), so that a
/// change of form is not a change of subject.
fn stem(lower: &str) -> String {
    let mut stem = lower;
    for (ending, shortest) in [("ing", 6), ("ed", 5), ("s", 4)] {
        if stem.len() >= shortest && stem.ends_with(ending) {
            stem = &stem[..stem.len() - ending.len()];
            break;
        }
    }
    if stem.len() >= 4 {
        stem = stem.strip_suffix('e').unwrap_or(stem);
    }
    stem.to_owned()
}

/// The changed stretches of a diff: (old range, new range), adjacent
/// deletions and insertions taken together.
fn changes(ops: &[DiffOp]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut open = false;
    for op in ops {
        let (old, new) = (op.old_range(), op.new_range());
        if matches!(op, DiffOp::Equal { .. }) {
            open = false;
            continue;
        }
        match out.last_mut().filter(|_| open) {
            Some(last) => {
                last.0.end = old.end;
                last.1.end = new.end;
            }
            None => out.push((old, new)),
        }
        open = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::claims::lexicon::example_lexicon;

    #[test]
    fn a_subject_word_in_place_of_another_makes_parallel_statements() {
        let lexicon = example_lexicon();
        let parallel = |a: &str, b: &str| parallel_subjects(a, b, &lexicon);
        assert!(parallel(
            "For more detailed traffic information, click Usage Chart in the left pane.",
            "For more detailed bandwidth information, click Bandwidth Chart in the left pane."
        ));
        assert!(parallel(
            "编辑并运行以下命令查看服务器的所有用户列表",
            "编辑并运行以下命令查看数据库的用户权限"
        ));
        assert!(parallel(
            "Integer that defines the watermark type, value in the range 1-3.",
            "Integer that defines the watermark position, value in the range 1-9."
        ));
    }

    #[test]
    fn titles_naming_different_things_are_siblings_but_copies_and_strangers_are_not() {
        let lexicon = example_lexicon();
        let siblings = |a: &str, b: &str| sibling_titles(a, b, &lexicon);
        assert!(siblings(
            "MySQL Database on Azure服务概述 - Azure 微软云",
            "Azure Database for MySQL服务概述 - Azure 微软云"
        ));
        assert!(siblings("Azure security overview", "Power BI security overview"));
        assert!(!siblings("Azure security", "Azure security"));
        assert!(!siblings("Azure security", "Frequently asked questions"));
        assert!(!siblings("Azure security overview", "Azure security"));
    }

    #[test]
    fn claim_words_function_words_and_word_forms_do_not() {
        let lexicon = example_lexicon();
        let parallel = |a: &str, b: &str| parallel_subjects(a, b, &lexicon);
        assert!(!parallel(
            "Customer data is stored exclusively in mainland China.",
            "Customer data is stored in mainland China."
        ));
        assert!(!parallel(
            "Azure and Office 365 are operated by 21Vianet.",
            "Azure, Office 365 and Power BI are operated by 21Vianet."
        ));
        assert!(!parallel(
            "Microsoft operates the datacenters.",
            "21Vianet operates the datacenters."
        ));
        assert!(!parallel(
            "Backups are kept for 7 days.",
            "Backups are kept for 30 days."
        ));
        assert!(!parallel(
            "The list appears empty until then.",
            "The list will appear empty until then."
        ));
        assert!(!parallel(
            "您可以用 grant 命令设置权限",
            "你可以用 grant 命令设置权限"
        ));
        assert!(!parallel(
            "Suppliers provide the Azure technology on which our service runs.",
            "Suppliers provide the Azure and Office 365 technology on which our services run."
        ));
        assert!(!parallel(
            "Data is stored in China for 2 years.",
            "Data is stores in China for 3 years."
        ));
    }
}
