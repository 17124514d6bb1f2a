//! Numbers as people write them: "two minutes" and "2 minutes" state one
//! figure, as do full-width `２％` and `2%`, 两张 and "2 张", 第三级 and
//! "Level 3"; "2.1" opening a step and "step 6" name a place in the page,
//! not a figure; `cdn1.example.com` is a name, not the number 1.

use std::ops::Range;

/// English number words and their values. Only the small numbers people
/// spell out: larger ones are written in digits.
const ENGLISH: [(&str, u32); 20] = [
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("ninety", 90),
    ("hundred", 100),
];

/// The value of an English number word (lower-cased).
pub fn english_word(lower: &str) -> Option<u32> {
    ENGLISH
        .iter()
        .find(|(word, _)| *word == lower)
        .map(|&(_, value)| value)
}

/// Words after which a number names a part of the page or a procedure
/// (a step, an example, a table) rather than stating a figure.
const PLACE_WORDS: [&str; 14] = [
    "step", "steps", "section", "example", "figure", "table", "appendix", "chapter", "步骤", "步", "示例",
    "图", "表", "附录",
];

/// Whether the number `word` at `range` of `text` is a label: the first
/// word of the statement (a list or heading number: "2.", "3.4"), or
/// after a word naming a place ("step 6", "步骤 6").
pub fn is_label(text: &str, range: &Range<usize>, first: bool, word: &str) -> bool {
    if first && is_outline_number(word) {
        return true;
    }
    let before = text[..range.start].trim_end();
    PLACE_WORDS.iter().any(|place| {
        before.len() >= place.len()
            && before.is_char_boundary(before.len() - place.len())
            && before[before.len() - place.len()..].eq_ignore_ascii_case(place)
            && (before.len() == place.len()
                || !before[..before.len() - place.len()]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphabetic()))
    })
}

/// "2", "2.1", "3.4.1": small numbers joined by dots, as outlines number
/// their items (not "99.9%", not "2016").
fn is_outline_number(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    !word.is_empty()
        && word
            .split('.')
            .all(|part| !part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
}

/// `word` with full-width digits, `％` and `．` written as ASCII.
pub fn ascii_digits(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii() {
        return word.into();
    }
    word.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '％' => '%',
            '．' => '.',
            other => other,
        })
        .collect::<String>()
        .into()
}

/// Chinese numerals (十二, 两, 三十) stating a figure: before a measure
/// word or unit (两张, 三天, 五分钟) or after 第 (第三级); not inside words
/// that merely hold a numeral (一些, 一起, 统一, 唯一). Each with the byte
/// range of its characters.
pub fn chinese(text: &str) -> Vec<(Range<usize>, u64)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((start, c)) = chars.next() {
        if !is_numeral(c) {
            previous = Some(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek().filter(|&&(_, next)| is_numeral(next)) {
            end = at + next.len_utf8();
            chars.next();
        }
        let after = text[end..].chars().next();
        let states = previous == Some('第') || after.is_some_and(is_measure);
        if states && let Some(value) = chinese_value(&text[start..end]) {
            out.push((start..end, value));
        }
        previous = text[..end].chars().next_back();
    }
    out
}

fn is_numeral(c: char) -> bool {
    "〇零一二两三四五六七八九十百千万".contains(c)
}

/// Measure words and units a figure stands before.
fn is_measure(c: char) -> bool {
    "个张天日周月年小分秒次级台家种条位步倍份项名层类部本篇点元岁套".contains(c)
}

/// The value of a run of Chinese numerals (十二 = 12, 二十 = 20, 两 = 2,
/// 一百零五 = 105), or none when it is not a well-formed number.
fn chinese_value(run: &str) -> Option<u64> {
    let (mut total, mut section, mut digit): (u64, u64, Option<u64>) = (0, 0, None);
    for c in run.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => {
                digit = Some(match c {
                    '〇' | '零' => 0,
                    '一' => 1,
                    '二' | '两' => 2,
                    '三' => 3,
                    '四' => 4,
                    '五' => 5,
                    '六' => 6,
                    '七' => 7,
                    '八' => 8,
                    '九' => 9,
                    _ => return None,
                });
                continue;
            }
        };
        if unit == 10_000 {
            total += (section + digit.take().unwrap_or(0)) * unit;
            section = 0;
        } else {
            section += digit.take().unwrap_or(1) * unit;
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

/// The figures of a word holding digits ("2016-04-29" -> 2016, 4, 29;
/// "7x24x365"; "1.7MB" -> 1.7), normalized, added to `out`.
pub fn push_number(word: &str, out: &mut Vec<Box<str>>) {
    // "7x24x365" is "7 24 365" written together.
    let bytes = word.as_bytes();
    let times = |at: usize, c: char| {
        matches!(c, 'x' | 'X' | '×')
            && at > 0
            && bytes[at - 1].is_ascii_digit()
            && bytes.get(at + c.len_utf8()).is_some_and(u8::is_ascii_digit)
    };
    let cuts: Vec<(usize, char)> = word
        .char_indices()
        .filter(|&(at, c)| c == '-' || c == '/' || times(at, c))
        .collect();
    let mut start = 0;
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    for (at, c) in cuts {
        parts.push(&word[start..at]);
        start = at + c.len_utf8();
    }
    parts.push(&word[start..]);
    for part in parts {
        // "SOC1", "Type1", "AT101": the figure of a name written without a
        // space, as "SOC 1" would give it.
        // "1.7MB", "2GB": the figure of a measure written without a space.
        let part = part
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let part = part.trim_end_matches(['.', ',']).replace(',', "");
        // Letters left inside: a name (`cdn1.example.com`, `CA1NEW`).
        if part.bytes().any(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let part = if part.bytes().all(|b| b.is_ascii_digit()) {
            part.trim_start_matches('0').to_owned()
        } else {
            part.to_lowercase()
        };
        if !part.is_empty() {
            out.push(part.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_before_a_measure_or_after_di_are_figures() {
        let values = |text: &str| chinese(text).into_iter().map(|(_, v)| v).collect::<Vec<_>>();
        assert_eq!(values("把下载的两张证书放到目录下"), [2]);
        assert_eq!(values("缓存十二小时，第三级"), [12, 3]);
        assert_eq!(values("二十天后，一百零五次"), [20, 105]);
        assert_eq!(values("一些服务一起统一管理，唯一的"), Vec::<u64>::new());
    }

    #[test]
    fn outline_numbers_and_places_are_labels() {
        let label = |text: &str, word: &str, first: bool| {
            let at = text.find(word).unwrap();
            is_label(text, &(at..at + word.len()), first, word)
        };
        assert!(label("2.1 Sign in to the portal", "2.1", true));
        assert!(label("3. Click Create", "3.", true));
        assert!(!label("99.9% of the time", "99.9%", true));
        assert!(!label("2016 saw the launch", "2016", true));
        assert!(label("Use the file generated in step 6 here", "6", false));
        assert!(label("使用步骤 4 生成的文件", "4", false));
        assert!(!label("stored for 6 months", "6", false));
        assert!(!label("a footstep 6 times", "6", false));
    }

    #[test]
    fn spelled_and_full_width_figures_read_as_digits() {
        assert_eq!(english_word("two"), Some(2));
        assert_eq!(english_word("tw"), None);
        assert_eq!(ascii_digits("９９．９％"), "99.9%");
        assert_eq!(ascii_digits("99.9%"), "99.9%");
    }
}
