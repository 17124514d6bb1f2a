//! The output converts to itself: converting the migrated site again must
//! change nothing. A page whose output would change again is not finished
//! (a construct the converter writes but does not read back the same way),
//! so it is marked for review instead of passing.

use rayon::prelude::*;

use super::Chrome;
use super::context::Context;
use super::page;
use super::report::PageReport;
use crate::config::Config;
use crate::data::LintData;
use crate::page::ParseOptions;
use crate::site::{Site, page_from_bytes};

/// Converts every written page of `output` again and marks the pages whose
/// second conversion differs from what was written.
pub fn mark_unstable(
    output: &Site,
    config: &Config,
    data: &LintData,
    chrome: &Chrome,
    pages: &mut [PageReport],
) {
    let outputs: Vec<String> = output.pages.iter().map(|page| page.path.to_string()).collect();
    let cx = Context::new(output, config, data, chrome, &outputs);
    let differences: Vec<Option<usize>> = pages
        .par_iter()
        .map(|report| {
            if !report.written {
                return None;
            }
            let index = output.page_index(&report.output)?;
            let bytes = std::fs::read(output.root.join(&report.output)).ok()?;
            // Read back as a new run would: the page reused from the
            // migration was never sniffed (a NUL makes a file binary).
            let fresh = page_from_bytes(
                &report.output,
                bytes.clone(),
                config,
                data,
                &ParseOptions::default(),
            );
            if fresh.problems.iter().any(|problem| problem.kind.spoils_content()) {
                return Some(1);
            }
            let text = crate::source::decode(bytes);
            let again = page::markdown_only(&cx, index, text.text());
            first_difference_line(text.text(), &again)
        })
        .collect();
    for (report, difference) in pages.iter_mut().zip(differences) {
        if let Some(line) = difference {
            report.needs_review.push(format!(
                "not stable: converting the output again changes it (line {line})"
            ));
        }
    }
}

/// The 1-based line where `a` and `b` first differ, if they do.
fn first_difference_line(a: &str, b: &str) -> Option<usize> {
    if a == b {
        return None;
    }
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    Some(
        a[..crate::source::floor_char_boundary(a, same)]
            .matches('\n')
            .count()
            + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(output: &str) -> PageReport {
        PageReport {
            source: output.to_owned(),
            output: output.to_owned(),
            kind: "unified-markdown",
            title: String::new(),
            fidelity: Default::default(),
            defects_carried_over: 0,
            new_link_problems: Vec::new(),
            notes: Default::default(),
            needs_review: Vec::new(),
            written: true,
        }
    }

    #[test]
    fn an_output_page_that_converts_to_something_else_is_marked() {
        let dir = tempfile::tempdir().unwrap();
        // What the converter writes converts to itself; a Jekyll page
        // (legacy HTML behind front matter) is converted again.
        std::fs::write(dir.path().join("kept.md"), "# Title\n\nWords [link](other.md)\n").unwrap();
        std::fs::write(dir.path().join("other.md"), "# Other\n").unwrap();
        std::fs::write(
            dir.path().join("legacy.md"),
            "---\nlayout: TrustCenterPage\n---\n<div><p>Words</p></div>\n",
        )
        .unwrap();
        let config = Config::default();
        let data = LintData::load(&config).unwrap();
        let site = Site::load(dir.path(), &config, &data, &ParseOptions::default()).unwrap();
        let chrome = Chrome::load().unwrap();
        let mut pages = vec![written("kept.md"), written("legacy.md")];
        mark_unstable(&site, &config, &data, &chrome, &mut pages);
        assert!(pages[0].needs_review.is_empty(), "{:?}", pages[0].needs_review);
        assert_eq!(
            pages[1].needs_review,
            ["not stable: converting the output again changes it (line 2)"]
        );
    }

    #[test]
    fn the_first_differing_line_is_named() {
        assert_eq!(first_difference_line("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference_line("a\nb\nc", "a\nx\nc"), Some(2));
        assert_eq!(first_difference_line("a\n", "a\n\n"), Some(2));
    }
}
