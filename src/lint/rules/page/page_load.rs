use crate::declare_rule;
use crate::lint::{Finding, PageContext, PageRule, Severity, SiteRule};
use crate::page::{LoadIssue, ProblemKind};
use crate::site::Site;
use crate::site::discover::WalkFailure;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports files that could not be read as pages, or only approximately:
    /// unreadable files and directories, symlink loops, symbolic links that
    /// lead out of the site or to nothing (not followed: tclint reads
    /// nothing outside the site unless `--follow-links DIR` allows that
    /// folder), file names that are not UTF-8, binary files with a
    /// page extension, empty pages, pages over the size limit
    /// (`files.max-page-bytes`), and pages that are not UTF-8 (UTF-16 or
    /// GBK/GB18030, decoded for checking; invalid UTF-8, decoded with
    /// replacement characters), and pages that start with more than one
    /// byte-order mark (read as if they had one). The run goes on; nothing
    /// is skipped silently.
    ///
    /// ## Why it matters
    /// A page tclint cannot read is a page nothing checks. Legacy sites often
    /// carry files saved in the wrong encoding, which other tools (and browsers
    /// without a charset) garble.
    ///
    /// ## Example
    /// ```text
    /// privacy/old.md: page is GBK/GB18030 encoded, not UTF-8
    /// images/logo.md: binary file with a page extension
    /// ```
    ///
    /// ## Fix
    /// Re-save the page as UTF-8, remove or rename stray files, fix
    /// permissions. Unreadable files make the run exit with status 2.
    pub struct PageLoad {
        name: "page-load",
        code: "TC001",
        family: Page,
        severity: Warning,
        fix: Never,
        summary: "a file that could not be read as a page, or only approximately",
    }
}

impl PageRule for PageLoad {
    fn check(&self, cx: &PageContext<'_>, out: &mut Vec<Finding>) {
        for problem in &cx.page.problems {
            let ProblemKind::Load(issue) = &problem.kind else {
                continue;
            };
            let mut finding = Finding::new(&Self::META, &cx.page.path, problem.span, problem.message.clone());
            match issue {
                LoadIssue::Unreadable(_) => {
                    finding.severity = Severity::Error;
                    finding.io_failure = true;
                }
                LoadIssue::Binary | LoadIssue::TooLarge { .. } => finding.severity = Severity::Error,
                LoadIssue::Decoded(_)
                | LoadIssue::Empty
                | LoadIssue::SymlinkLoop(_)
                | LoadIssue::ExtraByteOrderMarks(_) => {}
            }
            out.push(finding);
        }
    }
}

impl SiteRule for PageLoad {
    fn check_site(&self, site: &Site, in_scope: &dyn Fn(&str) -> bool, out: &mut Vec<Finding>) {
        for (path, failure) in &site.failures {
            if !in_scope(path) {
                continue;
            }
            let mut finding = Finding::new(&Self::META, path, Span::default(), failure.describe());
            match failure {
                WalkFailure::Unreadable(_) => {
                    finding.severity = Severity::Error;
                    finding.io_failure = true;
                }
                // A file the site names that is not there, or that cannot be named.
                WalkFailure::NameNotUtf8 | WalkFailure::DanglingLink => finding.severity = Severity::Error,
                WalkFailure::SymlinkLoop(_) | WalkFailure::LinkLeavesSite(_) => {}
            }
            out.push(finding);
        }
    }
}
