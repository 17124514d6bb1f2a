//! The output converts to itself: converting the migrated site again must
//! change nothing. A page whose output would change again is not finished
//! (a construct the converter writes but does not read back the same way),
//! so it is marked for review instead of passing.

use rayon::prelude::*;

use super::Chrome;
use super::links::Rewriter;
use super::page::{self, Context};
use super::report::PageReport;
use crate::config::Config;
use crate::data::LintData;
use crate::site::{Site, twins};

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
    let cx = Context {
        site: output,
        config,
        data,
        chrome,
        rewriter: Rewriter {
            site: output,
            config,
            data,
            outputs: &outputs,
        },
        twins: twins::twins(output, config),
        targeted: page::targeted_anchors(output, config),
    };
    let differences: Vec<Option<usize>> = pages
        .par_iter()
        .map(|report| {
            if !report.written {
                return None;
            }
            let index = output.page_index(&report.output)?;
            let text = std::fs::read(output.root.join(&report.output)).ok()?;
            let text = crate::source::decode(text);
            let again = page::convert(&cx, index, text.text()).markdown;
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
    use super::first_difference_line;

    #[test]
    fn the_first_differing_line_is_named() {
        assert_eq!(first_difference_line("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference_line("a\nb\nc", "a\nx\nc"), Some(2));
        assert_eq!(first_difference_line("a\n", "a\n\n"), Some(2));
    }
}
