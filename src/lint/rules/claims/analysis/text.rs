//! Statements out of visible text: sentences, words (for Chinese,
//! characters), and the claim-bearing features of a statement (numbers and
//! dates, marker words, named things).

use std::ops::Range;

use super::dates::month;
use super::numbers;
use crate::lint::rules::claims::lexicon::{ChineseFound, Lexicon, MarkerKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    En,
    Zh,
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Byte ranges of the sentences of a block of text. Chinese sentences end at
/// 。！？；, others at `.`, `!`, `?` or `;` followed by a space and a new
/// sentence (not after "e.g." or "Inc.").
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        let boundary = match c {
            '。' | '！' | '？' | '；' => true,
            '.' | '!' | '?' | ';' => {
                let next = chars.peek().map(|&(_, n)| n);
                next == Some(' ') && !is_abbreviation(&text[start..at]) && starts_sentence(&text[end..])
            }
            _ => false,
        };
        if boundary {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let leading = piece.len() - piece.trim_start().len();
    let trailing = piece.len() - piece.trim_end().len();
    if leading + trailing < piece.len() {
        out.push(range.start + leading..range.end - trailing);
    }
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or("");
    word.contains('.')
        || word.len() <= 1
        || [
            "Inc", "Ltd", "Co", "No", "Mr", "Ms", "Dr", "St", "vs", "etc", "Corp",
        ]
        .contains(&word)
}

fn starts_sentence(after: &str) -> bool {
    after
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_han(c) || "\"“(「".contains(c))
}

/// A word (or one Chinese character) of a statement.
#[derive(Debug, Clone)]
pub struct Token {
    pub range: Range<usize>,
    /// Hash of the lower-cased text.
    pub hash: u64,
}

/// The words of a sentence: letters and digits, with `.,-/'@` kept inside
/// (99.9%, 2016-04-29, ISO/IEC, don't, help@example.com) and a trailing `%`; each Han
/// character on its own. Everything else separates.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        let width = c.len_utf8();
        if is_han(c) {
            out.push(token(text, at..at + width));
            at += width;
        } else if c.is_alphanumeric() {
            let end = word_end(text, at, c);
            out.push(token(text, at..end));
            at = end;
        } else {
            at += width;
        }
    }
    out
}

/// The character at byte `at` of `text` (a character boundary), read
/// without decoding when it is ASCII, as most are.
fn char_at(text: &str, at: usize) -> Option<char> {
    let &byte = text.as_bytes().get(at)?;
    if byte.is_ascii() {
        Some(char::from(byte))
    } else {
        text.get(at..)?.chars().next()
    }
}

/// Where the word that starts with `first` at `at` ends: letters and
/// digits (not Han), the joiners of [`tokens`] between them, and a
/// trailing `%`.
fn word_end(text: &str, at: usize, first: char) -> usize {
    let (mut end, mut previous) = (at + first.len_utf8(), first);
    while let Some(d) = char_at(text, end) {
        let next = || char_at(text, end + d.len_utf8());
        let continues = match d {
            _ if d.is_ascii_alphanumeric() => true,
            // 1,000 and 99.9 but not "datacenters,hosting"
            ',' => previous.is_ascii_digit() && next().is_some_and(|n| n.is_ascii_digit()),
            '.' | '．' | '-' | '/' | '\'' | '’' | '@' => {
                next().is_some_and(|n| n.is_alphanumeric() && !is_han(n))
            }
            _ => !d.is_ascii() && d.is_alphanumeric() && !is_han(d),
        };
        if !continues {
            break;
        }
        end += d.len_utf8();
        previous = d;
    }
    if let Some(percent @ ('%' | '％')) = char_at(text, end) {
        end += percent.len_utf8();
    }
    end
}

/// The tokens of `tokens` (a block's, in order) that lie in `range` of
/// the block: the tokens [`tokens`] gives for that piece of the block
/// when it is one of its [`sentences`] (a token never runs over a
/// sentence's end: the end is a stop, not followed by a letter).
pub fn tokens_within(tokens: &[Token], range: &Range<usize>) -> Range<usize> {
    let first = tokens.partition_point(|t| t.range.start < range.start);
    let end = first + tokens[first..].partition_point(|t| t.range.end <= range.end);
    first..end
}

fn token(text: &str, range: Range<usize>) -> Token {
    let hash = hash_lower(&text[range.clone()]);
    Token { range, hash }
}

/// FNV-1a of the lower-cased text: stable across runs and platforms.
/// ASCII bytes are lower-cased as bytes (the same bytes `to_lowercase`
/// gives, without decoding: most tokens are ASCII words or figures).
pub fn hash_lower(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut step = |byte: u8| hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            step(byte.to_ascii_lowercase());
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or_default();
        at += c.len_utf8();
        for lower in c.to_lowercase() {
            let mut buffer = [0; 4];
            lower.encode_utf8(&mut buffer).bytes().for_each(&mut step);
        }
    }
    hash
}

/// The language of a statement: Chinese when Han characters make up at
/// least a third of its tokens.
pub fn language(text: &str, tokens: &[Token]) -> Lang {
    let han = tokens
        .iter()
        .filter(|t| text[t.range.clone()].chars().next().is_some_and(is_han))
        .count();
    if han * 3 >= tokens.len().max(1) && han > 0 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Whether a sentence carries a claim worth comparing: long enough, and
/// not a pointer to a document ("Learn more about ...", "了解更多有关...":
/// `pointer-openers` in `lints/claims.toml`), whose wording follows the
/// link it holds.
pub fn is_statement(sentence: &str, lang: Lang, tokens: &[Token], lexicon: &Lexicon) -> bool {
    let long_enough = match lang {
        Lang::En => tokens.len() >= 6,
        Lang::Zh => tokens.len() >= 10,
    };
    long_enough && !lexicon.opens_pointer(sentence)
}

/// A question asks; its answer states: the two are never one statement
/// ("Do second-level domains need filing?" / "Second-level domains do not
/// need filing."), while two copies of a question are compared.
pub fn is_question(sentence: &str) -> bool {
    let end = sentence.trim_end_matches(|c: char| c.is_whitespace() || "\"”」)".contains(c));
    end.ends_with(['?', '？']) || end.ends_with('吗') || end.ends_with("吗。")
}

/// What a statement asserts beyond its wording.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Features {
    /// Numbers and date parts written in digits, normalized (`2016-04-29`
    /// -> 2016, 4, 29; "May 25, 2016" -> 5, 25, 2016), sorted.
    pub numbers: Vec<Box<str>>,
    /// Numbers written in words ("two", 两), sorted: the same figure as
    /// digits within one language, but not compared across a translation,
    /// where "one another" may well become "any two".
    pub spelled: Vec<Box<str>>,
    /// (marker index, count), sorted.
    pub markers: Vec<(usize, u16)>,
    /// Entity indexes, sorted, deduplicated.
    pub entities: Vec<usize>,
    pub emails: Vec<Box<str>>,
}

impl Features {
    /// No numbers, markers, entities or e-mails.
    pub const fn none() -> Features {
        Features {
            numbers: Vec::new(),
            spelled: Vec::new(),
            markers: Vec::new(),
            entities: Vec::new(),
            emails: Vec::new(),
        }
    }

    /// The kinds of claim-bearing content in which two statements differ.
    pub fn differences(&self, other: &Features, lexicon: &Lexicon) -> Vec<MarkerKind> {
        let mut kinds = Vec::new();
        if self.figures() != other.figures() || self.emails != other.emails {
            kinds.push(MarkerKind::Number);
        }
        for kind in [MarkerKind::Negation, MarkerKind::Scope, MarkerKind::Modality] {
            let of = |features: &Features| -> Vec<(usize, u16)> {
                features
                    .markers
                    .iter()
                    .copied()
                    .filter(|(index, _)| lexicon.markers[*index].kind == kind)
                    .collect()
            };
            let (ours, theirs) = (of(self), of(other));
            // "will appear" / "appears" is tense, "can set" / "set" a
            // manner of speaking: modality differs when both sides state
            // one and they are not the same.
            let stated = kind != MarkerKind::Modality || (!ours.is_empty() && !theirs.is_empty());
            if ours != theirs && stated {
                kinds.push(kind);
            }
        }
        if self.entities_disagree(other, lexicon) {
            kinds.push(MarkerKind::Entity);
        }
        kinds
    }

    /// Every figure, in digits or words, sorted.
    fn figures(&self) -> Vec<&str> {
        let mut all: Vec<&str> = (self.numbers.iter().chain(&self.spelled)).map(|n| &**n).collect();
        all.sort_unstable();
        all
    }

    /// Named things differ in a way that changes the claim: a list grew or
    /// shrank, or a party was replaced by another. Disjoint sets of services
    /// are parallel statements about different subjects.
    fn entities_disagree(&self, other: &Features, lexicon: &Lexicon) -> bool {
        if self.entities == other.entities {
            return false;
        }
        if self.party_replaced(other, lexicon) {
            return true;
        }
        // A list that grew or shrank; not a list against generic wording
        // ("the services" / "Azure, Office 365 and Power BI"), nor lists with
        // nothing in common (parallel statements).
        let (ours, theirs) = (self.named(lexicon, false), other.named(lexicon, false));
        ours != theirs && ours.iter().any(|e| theirs.contains(e))
    }

    /// Whether each side names a party the other does not: a party replaced
    /// by another is a different claim, while a party named on one side only
    /// is mostly wording ("Microsoft datacenters", "Azure operated by
    /// 21Vianet").
    pub fn party_replaced(&self, other: &Features, lexicon: &Lexicon) -> bool {
        let (ours, theirs) = (self.named(lexicon, true), other.named(lexicon, true));
        let only_in = |a: &[usize], b: &[usize]| a.iter().any(|e| !b.contains(e));
        only_in(&ours, &theirs) && only_in(&theirs, &ours)
    }

    /// The entities named that are parties (`party`), or the others.
    pub fn named(&self, lexicon: &Lexicon, party: bool) -> Vec<usize> {
        self.entities
            .iter()
            .copied()
            .filter(|&e| lexicon.entities[e].party == party)
            .collect()
    }

    /// The marker names present (for comparing across languages).
    pub fn marker_names<'l>(&self, lexicon: &'l Lexicon) -> Vec<&'l str> {
        let mut names: Vec<&str> = self
            .markers
            .iter()
            .map(|(index, _)| lexicon.markers[*index].name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// `word` lower-cased into `buffer`, when it is ASCII and fits (for ASCII,
/// the same as `to_lowercase`, without allocating).
fn ascii_lowercase<'b>(word: &str, buffer: &'b mut [u8]) -> Option<&'b str> {
    let lower = buffer.get_mut(..word.len()).filter(|_| word.is_ascii())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok()
}

/// The value of an English number word ("two"), whatever its case.
pub(super) fn spelled_number(word: &str) -> Option<u32> {
    let mut buffer = [0u8; 8];
    numbers::english_word(ascii_lowercase(word, &mut buffer)?)
}

pub(super) fn has_digit(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
}

/// Whether a token lies inside one of the names found in a statement,
/// asked for tokens in order: one sweep over the names sorted by start (a
/// statement may name a great many entities).
struct NameCover {
    names: Vec<std::ops::Range<usize>>,
    next: usize,
    /// The furthest end of the names starting at or before the last token.
    furthest_end: usize,
}

impl NameCover {
    fn new(mut names: Vec<std::ops::Range<usize>>) -> NameCover {
        names.sort_unstable_by_key(|name| name.start);
        NameCover {
            names,
            next: 0,
            furthest_end: 0,
        }
    }

    /// `token` must not start before the token asked about last.
    fn covers(&mut self, token: &std::ops::Range<usize>) -> bool {
        while let Some(name) = self.names.get(self.next).filter(|name| name.start <= token.start) {
            self.furthest_end = self.furthest_end.max(name.end);
            self.next += 1;
        }
        self.next > 0 && self.furthest_end >= token.end
    }
}

/// The claim-bearing features of one statement.
pub fn features(text: &str, tokens: &[Token], lang: Lang, lexicon: &Lexicon) -> Features {
    let mut features = Features::default();
    let (entities, named) = entities_at(text, lexicon);
    let chinese = lexicon.chinese_words.find(text);
    let words: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
    let mut names = NameCover::new(named);
    for (index, word) in words.iter().enumerate() {
        // "365" in "Office 365" is part of a name, not a figure.
        if names.covers(&tokens[index].range) {
            continue;
        }
        let word = &*numbers::ascii_digits(word);
        if word.contains('@') {
            features.emails.push(word.to_lowercase().into());
        } else if has_digit(word) {
            if !numbers::is_label(text, &tokens[index].range, index == 0, word) {
                numbers::push_number(word, &mut features.numbers);
            }
        } else if let Some(value) = spelled_number(word) {
            features.spelled.push(value.to_string().into());
        } else if let Some(number) = month(word) {
            let beside_number = |i: Option<usize>| i.and_then(|i| words.get(i)).is_some_and(|w| has_digit(w));
            if beside_number(index.checked_add(1)) || beside_number(index.checked_sub(1)) {
                features.numbers.push(number.to_string().into());
                continue;
            }
            english_marker(word, lexicon, &mut features.markers);
        } else if lang == Lang::En || !word.chars().next().is_some_and(is_han) {
            english_marker(word, lexicon, &mut features.markers);
        }
    }
    if lang == Lang::Zh {
        chinese_markers(text, lexicon, &chinese, &mut features.markers);
        let figures = numbers::chinese(text).into_iter();
        features
            .spelled
            .extend(figures.map(|(_, value)| value.to_string().into()));
    }
    features.entities = entities;
    if let Some(party) = first_person_party(text, &words, &features.entities, lexicon, &chinese) {
        features.entities.push(party);
        features.entities.sort_unstable();
    }
    features.numbers.sort_unstable();
    features.spelled.sort_unstable();
    features.emails.sort_unstable();
    let mut counted: Vec<(usize, u16)> = Vec::new();
    features.markers.sort_unstable();
    for (index, count) in features.markers.drain(..) {
        match counted.last_mut() {
            Some(last) if last.0 == index => last.1 += count,
            _ => counted.push((index, count)),
        }
    }
    features.markers = counted;
    features
}

/// The party a first-person statement that names none is made by
/// (`first-person` in `lints/claims.toml`).
fn first_person_party(
    text: &str,
    words: &[&str],
    entities: &[usize],
    lexicon: &Lexicon,
    chinese: &ChineseFound<'_>,
) -> Option<usize> {
    let first = lexicon.first_person.as_ref()?;
    if entities.iter().any(|&e| lexicon.entities[e].party) {
        return None;
    }
    let english = words.iter().any(|w| {
        if w.is_ascii() {
            lexicon.first_person_word_ascii(w)
        } else if w.chars().all(is_han) {
            // Han characters have no case.
            lexicon.first_person_word(w)
        } else {
            lexicon.first_person_word(&w.to_lowercase())
        }
    });
    // A subject, not a possessive: "我们的服务" says nothing of who acts.
    let chinese = (first.zh.iter().enumerate())
        .filter(|&(index, _)| chinese.first_person(index))
        .any(|(_, w)| {
            text.match_indices(w.as_str())
                .any(|(at, _)| !text[at + w.len()..].starts_with('的'))
        });
    (english || chinese).then_some(first.entity)
}

fn english_marker(word: &str, lexicon: &Lexicon, out: &mut Vec<(usize, u16)>) {
    // ASCII words (most) are lower-cased on the stack.
    let mut buffer = [0u8; 32];
    let index = match ascii_lowercase(word, &mut buffer) {
        Some(lower) => lexicon.english_marker(lower),
        // Han characters have no case (and no apostrophe).
        None if word.chars().all(is_han) => lexicon.english_marker(word),
        None => lexicon.english_marker(&word.to_lowercase().replace('’', "'")),
    };
    if let Some(index) = index {
        out.push((index, 1));
    }
}

/// Chinese marker words, counted after blanking the words that merely
/// contain their characters (不仅, 非常...); longer words first, so 可能 is
/// not also counted as 可.
fn chinese_markers(text: &str, lexicon: &Lexicon, chinese: &ChineseFound<'_>, out: &mut Vec<(usize, u16)>) {
    let mut rest = blank_false_markers(text, lexicon, chinese);
    for (_, (word, index)) in (lexicon.zh_markers.iter().enumerate()).filter(|&(at, _)| chinese.marker(at)) {
        let count = rest.matches(word.as_str()).count();
        if count > 0 {
            out.push((*index, count as u16));
            rest = rest.replace(word.as_str(), " ");
        }
    }
}

/// The text with the words that merely contain a marker's characters
/// (不仅, 非常...) blanked out.
pub fn without_false_markers(text: &str, lexicon: &Lexicon) -> String {
    blank_false_markers(text, lexicon, &lexicon.chinese_words.find(text))
}

/// [`without_false_markers`], given which of the words `text` holds.
fn blank_false_markers(text: &str, lexicon: &Lexicon, chinese: &ChineseFound<'_>) -> String {
    let mut rest = text.to_owned();
    for (_, word) in (lexicon.zh_false_markers.iter().enumerate()).filter(|&(at, _)| chinese.false_marker(at))
    {
        if rest.contains(word.as_str()) {
            rest = rest.replace(word.as_str(), " ");
        }
    }
    rest
}

/// Entities named in a text (aliases matched longest first, whole words for
/// Latin aliases).
pub fn entities(text: &str, lexicon: &Lexicon) -> Vec<usize> {
    entities_at(text, lexicon).0
}

/// Entities named in a text and the byte ranges naming them.
pub(super) fn entities_at(text: &str, lexicon: &Lexicon) -> (Vec<usize>, Vec<Range<usize>>) {
    let mut present: Vec<usize> = lexicon
        .alias_finder
        .find_overlapping_iter(text)
        .map(|found| found.pattern().as_usize())
        .collect();
    let mut found = Vec::new();
    let mut ranges = Vec::new();
    if present.is_empty() {
        return (found, ranges);
    }
    present.sort_unstable();
    present.dedup();
    // Longest aliases first, each occurrence blanked once taken, so "Azure
    // Active Directory" is not also "Azure". Aliases are lower-case: they
    // are looked for in the text with its ASCII lower-cased (the same
    // bytes otherwise, so the same offsets and character boundaries).
    let mut rest = text.to_ascii_lowercase();
    for (alias, index) in present.into_iter().map(|at| &lexicon.aliases[at]) {
        let finder = memchr::memmem::Finder::new(alias.as_bytes());
        let mut from = 0;
        while let Some(at) = (!alias.is_empty())
            .then(|| finder.find(&rest.as_bytes()[from..]))
            .flatten()
        {
            let start = from + at;
            let end = start + alias.len();
            let bounded = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric());
            if bounded(rest[..start].chars().next_back()) && bounded(rest[end..].chars().next()) {
                found.push(*index);
                ranges.push(start..end);
                rest.replace_range(start..end, &" ".repeat(alias.len()));
            }
            from = end.min(rest.len());
            while !rest.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    (found, ranges)
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
