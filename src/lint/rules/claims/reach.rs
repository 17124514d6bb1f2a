//! Which pages readers reach. A page no other page links to (outside
//! comments), that is not the site's front page, is a leftover copy or a
//! draft: its text is compared with nothing and makes no majority, since
//! no reader sees it.
//!
//! The site's own links decide, so this holds only when tclint understood
//! them: when fewer than half of the pages are reached by a link (links
//! written in a URL scheme tclint does not map to files), every page is
//! taken as reached.

use crate::lint::Opens;
use crate::page::Region;
use crate::site::Site;

/// Per page of `site`: whether no reader reaches it. `link_targets` is what
/// each link of each page opens (same order as `page.links`).
pub fn unreached_pages(site: &Site, link_targets: &[Vec<Opens>]) -> Vec<bool> {
    let mut linked = vec![false; site.pages.len()];
    for (from, (page, targets)) in site.pages.iter().zip(link_targets).enumerate() {
        for (link, opens) in page.links.iter().zip(targets) {
            if let Opens::Page(to) = *opens
                && to as usize != from
                && link.region != Region::Comment
            {
                linked[to as usize] = true;
            }
        }
    }
    let reached = (site.pages.iter().zip(&linked))
        .filter(|&(page, &linked)| linked || is_front_page(&page.path))
        .count();
    if reached * 2 < site.pages.len() {
        return vec![false; site.pages.len()];
    }
    (site.pages.iter().zip(&linked))
        .map(|(page, &linked)| !linked && !is_front_page(&page.path))
        .collect()
}

/// `index.*` or `default.*` at the top of the site: where readers arrive.
fn is_front_page(path: &str) -> bool {
    !path.contains('/') && matches!(path.split('.').next(), Some("index" | "default"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::data::LintData;
    use crate::lint::resolve_links;
    use crate::page::ParseOptions;

    fn unreached(pages: &[(&str, &str)]) -> Vec<(String, bool)> {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in pages {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let config = Config::parse("").unwrap();
        let data = LintData::load(&config).unwrap();
        let site = Site::load(dir.path(), &config, &data, &ParseOptions::default()).unwrap();
        let targets: Vec<Vec<Opens>> = (site.pages.iter())
            .map(|page| {
                resolve_links(page, &site, &config)
                    .iter()
                    .map(Opens::of)
                    .collect()
            })
            .collect();
        let unreached = unreached_pages(&site, &targets);
        (site.pages.iter().map(|page| page.path.to_string()))
            .zip(unreached)
            .collect()
    }

    #[test]
    fn pages_nothing_links_to_are_unreached_but_the_front_page() {
        let got = unreached(&[
            ("index.md", "[a](a.md) [b](b.md) [c](c.md)\n"),
            ("a.md", "[b](b.md) [self](a.md)\n"),
            ("b.md", "text\n"),
            ("c.md", "text\n"),
            ("old.md", "[a](a.md)\n\n<!-- <a href=\"older.md\">x</a> -->\n"),
            ("older.md", "text\n"),
            ("docs/index.md", "text\n"),
        ]);
        let unreached: Vec<&str> = (got.iter())
            .filter(|(_, unreached)| *unreached)
            .map(|(path, _)| path.as_str())
            .collect();
        assert_eq!(unreached, ["docs/index.md", "old.md", "older.md"]);
    }

    #[test]
    fn a_site_whose_links_are_not_understood_has_no_unreached_pages() {
        let got = unreached(&[
            ("index.md", "[a](/documentation/a/)\n"),
            ("a.md", "[b](/documentation/b/)\n"),
            ("b.md", "text\n"),
        ]);
        assert!(got.iter().all(|(_, unreached)| !unreached), "{got:?}");
    }
}
