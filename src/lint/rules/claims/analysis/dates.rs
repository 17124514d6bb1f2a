//! Dates as the site writes them: month names (for figures compared across
//! pages and translations) and the first date of a text block (for links
//! listed with a date, such as news items).

use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;

use crate::page::{NO_TEXT_ID, Page};
use crate::site::Site;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1-12) a word names: the full name, its first three letters,
/// or "Sept", in any case.
pub fn month(word: &str) -> Option<usize> {
    // Month names are ASCII, three to nine letters; no other word
    // lower-cases to one (only the Kelvin sign lower-cases to ASCII). Most
    // words are turned away by their length or first letter before any
    // lower-casing (this runs on every word of every statement).
    let bytes = word.as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    if !(3..=9).contains(&bytes.len()) || !b"jfmasond".contains(&first) || !word.is_ascii() {
        return None;
    }
    let mut buffer = [0u8; 9];
    let lower = &mut buffer[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    if lower == b"sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.as_bytes() == &*lower || (lower.len() == 3 && m.as_bytes().starts_with(lower)))
        .map(|index| index + 1)
}

/// A date as `YYYYMMDD` (month and day as written, checked by no calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(u32);

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (year, month, day) = (self.0 / 10_000, self.0 / 100 % 100, self.0 % 100);
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

/// The first date written in a text: `2016-04-29` (also with `/` or `.`),
/// `2016年4月29日`, `May 25, 2016`.
pub fn first_date(text: &str) -> Option<Date> {
    static DATE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let date = DATE.get_or_init(|| {
        Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})")
            .unwrap()
    });
    // Every date has an ASCII digit (other digits match `\d` but do not
    // parse): most blocks, without one, are not searched at all.
    if !text.bytes().any(|byte| byte.is_ascii_digit()) {
        return None;
    }
    // The DFA finds the date; only its few bytes go through the slower
    // capturing engine.
    let at = date.find(text)?;
    let found = date.captures(&text[at.range()])?;
    let (year, month, day): (&str, u32, u32) = if let Some(year) = found.get(1) {
        (year.as_str(), found[2].parse().ok()?, found[3].parse().ok()?)
    } else {
        (
            found.get(6)?.as_str(),
            month(&found[4])? as u32,
            found[5].parse().ok()?,
        )
    };
    let year: u32 = year.parse().ok()?;
    Some(Date(year * 10_000 + month * 100 + day))
}

/// The first date of each distinct block text, read once: a site repeats
/// its dated lists (news items) on many pages and in copies, and reading
/// them block by block would read each copy again. Keyed by the
/// number the parser's text store gave the text, and checked against the
/// text itself (pages parsed without a store, or with another, are read
/// directly).
pub struct BlockDates(Vec<OnceLock<(usize, Option<Date>)>>);

impl BlockDates {
    pub fn new(site: &Site) -> BlockDates {
        let count = (site.pages.par_iter())
            .filter_map(|page| {
                (page.text_blocks.blocks().iter().map(|block| block.text_id))
                    .filter(|&id| id != NO_TEXT_ID)
                    .max()
            })
            .max()
            .map_or(0, |id| id as usize + 1);
        BlockDates((0..count).map(|_| OnceLock::new()).collect())
    }

    /// The first date of the text of block `block` of `page`.
    pub fn of(&self, page: &Page, block: usize) -> Option<Date> {
        let text = page.text_blocks.text(block);
        let address = text.as_ptr() as usize;
        match self.0.get(page.text_blocks.get(block).text_id as usize) {
            Some(slot) => match *slot.get_or_init(|| (address, first_date(text))) {
                (stored, date) if stored == address => date,
                _ => first_date(text),
            },
            None => first_date(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_both_languages_and_only_from_ascii_digits() {
        let read = |text| first_date(text).map(|date| date.to_string());
        assert_eq!(
            read("Updated May 25, 2016: new terms").as_deref(),
            Some("2016-05-25")
        );
        assert_eq!(read("Posted Sept. 5, 2016").as_deref(), Some("2016-09-05"));
        assert_eq!(read("发布于 2016年4月29日").as_deref(), Some("2016-04-29"));
        assert_eq!(read("2016-04-29").as_deref(), Some("2016-04-29"));
        // Full-width digits match `\d` but are not parsed: no date, as
        // before blocks without ASCII digits were skipped.
        assert_eq!(read("２０１６年４月２９日"), None);
        assert_eq!(read("Azure Trust Center"), None);
        assert_eq!(read("Version 12, 2016"), None, "not a month");
    }

    #[test]
    fn months_are_named_in_full_or_in_three_letters() {
        let months: Vec<Option<usize>> = ["May", "SEPT", "dec", "Ju", "Mayday", "Ｍay"]
            .iter()
            .map(|w| month(w))
            .collect();
        assert_eq!(months, [Some(5), Some(9), Some(12), None, None, None]);
    }

    #[test]
    fn block_dates_are_read_once_per_text_and_never_taken_from_another_text() {
        use crate::config::Config;
        use crate::data::LintData;
        use crate::page::{ParseOptions, SharedTexts};
        let dir = tempfile::tempdir().unwrap();
        let page = |date: &str| format!("<ul><li><a href=\"/n\">News</a> {date}</li></ul>");
        std::fs::write(dir.path().join("a.html"), page("2016-04-29")).unwrap();
        std::fs::write(dir.path().join("b.html"), page("2016-04-29")).unwrap();
        let config = Config::parse("").unwrap();
        let data = LintData::load(&config).unwrap();
        let options = ParseOptions {
            text_blocks: true,
            shared_texts: SharedTexts::new(),
            vocabulary: false,
        };
        let mut site = Site::load(dir.path(), &config, &data, &options).unwrap();
        // A page parsed with another store: its text has number 0 there too.
        let other = ParseOptions {
            text_blocks: true,
            shared_texts: SharedTexts::new(),
            vocabulary: false,
        };
        let regions = crate::page::regions::RegionRules::default();
        let mut apart = crate::page::parse_page(
            "b.html",
            &page("2020-01-02"),
            &crate::source::Decoding::Utf8,
            &other,
            &regions,
        );
        apart.path = site.pages[1].path.clone();
        site.pages[1] = apart;
        assert_eq!(site.pages[0].text_blocks.get(0).text_id, 0);
        assert_eq!(site.pages[1].text_blocks.get(0).text_id, 0);
        let dates = BlockDates::new(&site);
        let shown = |page: usize| dates.of(&site.pages[page], 0).map(|d| d.to_string());
        assert_eq!(shown(0).as_deref(), Some("2016-04-29"));
        assert_eq!(shown(1).as_deref(), Some("2020-01-02"));
        assert_eq!(
            shown(0).as_deref(),
            Some("2016-04-29"),
            "read again, from the cache"
        );
    }
}
