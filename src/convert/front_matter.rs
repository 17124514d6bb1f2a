//! The YAML front matter of a converted page: title, description, locale,
//! date in ISO form, translations and breadcrumb (both as links between
//! output files), and the source file it came from.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::Context;
use crate::page::Locale;
use crate::site::url::relative_url;

/// The fields of the front matter, in the order they are written.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    breadcrumb: Vec<Crumb>,
    source: &'a str,
}

/// One entry of a legacy page's breadcrumb.
#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    /// Already rewritten to the output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// The YAML front matter of a converted page (without the `---` lines).
pub fn front_matter(cx: &Context<'_>, index: usize, title: &str, breadcrumb: Vec<Crumb>) -> String {
    let page = &cx.site.pages[index];
    let own_output = &cx.rewriter.outputs[index];
    let translations = cx.twins[index]
        .iter()
        .map(|(locale, twin)| {
            (
                locale.as_str(),
                relative_url(own_output, &cx.rewriter.outputs[*twin]),
            )
        })
        .collect();
    let front = FrontMatter {
        title: title.trim(),
        description: page
            .metadata
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty()),
        locale: page.locale.map(Locale::as_str),
        date: page.metadata.date.as_deref().and_then(iso_date),
        translations,
        breadcrumb,
        source: &page.path,
    };
    serde_saphyr::to_string(&front).unwrap_or_else(|_| format!("title: {title:?}\nsource: {:?}\n", page.path))
}

/// A date as written in legacy metadata, in ISO form: `12/2015` ->
/// `2015-12`, `05/25/2016` -> `2016-05-25`, `May 25, 2016`, `2016年4月29日`.
fn iso_date(written: &str) -> Option<String> {
    let written = written.trim();
    let numbers: Vec<u32> = written
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .filter_map(|n| n.parse().ok())
        .collect();
    let month_name = MONTHS
        .iter()
        .position(|m| written.to_ascii_lowercase().contains(m))
        .map(|i| i as u32 + 1);
    let (year, month, day) = match (month_name, numbers.as_slice()) {
        (Some(month), [day, year]) if *year > 1900 => (*year, month, Some(*day)),
        (Some(month), [year]) if *year > 1900 => (*year, month, None),
        (None, [year, month, day]) if *year > 1900 => (*year, *month, Some(*day)),
        (None, [month, day, year]) if *year > 1900 => (*year, *month, Some(*day)),
        (None, [month, year]) if *year > 1900 => (*year, *month, None),
        (None, [year, month]) if *year > 1900 => (*year, *month, None),
        _ => return None,
    };
    if !(1..=12).contains(&month) || day.is_some_and(|d| !(1..=31).contains(&d)) {
        return None;
    }
    Some(match day {
        Some(day) => format!("{year:04}-{month:02}-{day:02}"),
        None => format!("{year:04}-{month:02}"),
    })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_iso() {
        assert_eq!(iso_date("12/2015").as_deref(), Some("2015-12"));
        assert_eq!(iso_date("05/25/2016").as_deref(), Some("2016-05-25"));
        assert_eq!(iso_date("2016-04-29").as_deref(), Some("2016-04-29"));
        assert_eq!(iso_date("May 25, 2016").as_deref(), Some("2016-05-25"));
        assert_eq!(iso_date("2016年4月29日").as_deref(), Some("2016-04-29"));
        assert_eq!(iso_date("soon"), None);
        assert_eq!(iso_date("13/2015"), None);
    }
}
