//! What rules report.

use serde::Serialize;

use crate::source::Location;
use crate::span::Span;

use super::RuleMeta;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One diagnostic: a rule, a place, a message, maybe a fix.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// Site-relative path of the page.
    pub path: Box<str>,
    pub span: Span,
    /// Line and column of the span, filled in by the lint pass.
    pub location: Location,
    pub message: String,
    /// Short text shown under the span in the graphical report.
    pub label: Option<String>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// Other places involved (the first of two duplicate ids...).
    pub related: Vec<Related>,
    /// Set when the finding is about the run itself (an unreadable file):
    /// the exit code is then 2.
    pub io_failure: bool,
    /// What the finding is about inside its span, for rules whose findings
    /// share one span (statements of one paragraph): part of the
    /// fingerprint, so that one finding's identity does not depend on
    /// whether another in the same paragraph is still found.
    pub subject: Option<Box<str>>,
    /// Stable across runs and edits elsewhere in the page (baselines, SARIF).
    pub fingerprint: u64,
}

impl Finding {
    pub fn new(rule: &'static RuleMeta, path: &str, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            path: path.into(),
            span,
            location: Location::default(),
            message: message.into(),
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
            io_failure: false,
            subject: None,
            fingerprint: 0,
        }
    }

    pub fn with_subject(mut self, subject: impl Into<Box<str>>) -> Finding {
        self.subject = Some(subject.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Finding {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Finding {
        self.fix = fix;
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn with_related(mut self, related: Related) -> Finding {
        self.related.push(related);
        self
    }

    /// Marks a finding about markup inside an HTML comment: a warning, since
    /// readers do not see it, with the message saying so.
    pub fn in_comment(mut self) -> Finding {
        self.severity = Severity::Warning;
        self.message.push_str(
            " (inside an HTML comment: not shown, but sent to every browser and back if uncommented)",
        );
        self
    }

    /// The order findings are reported in, whatever the thread count.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str, &str) {
        (
            &self.path,
            self.span.start,
            self.span.end,
            self.rule.code,
            &self.message,
        )
    }
}

#[derive(Debug, Clone)]
pub struct Related {
    pub path: Box<str>,
    pub span: Span,
    pub message: String,
    /// Filled in by the lint pass.
    pub location: Location,
}

/// A safe fix: edits that change only the bytes they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

/// Replace `span` (whose current text is `expected`) with `replacement`.
/// The expected text lets the fixer refuse to edit a file that changed
/// since it was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub expected: String,
    pub replacement: String,
    /// Filled in by the lint pass.
    pub location: Location,
}

impl Fix {
    /// A fix replacing one span; `None` when nothing would change.
    pub fn replace(
        description: impl Into<String>,
        span: Span,
        expected: &str,
        replacement: impl Into<String>,
    ) -> Option<Fix> {
        let replacement = replacement.into();
        (expected != replacement).then(|| Fix {
            description: description.into(),
            edits: vec![Edit {
                span,
                expected: expected.to_owned(),
                replacement,
                location: Location::default(),
            }],
        })
    }
}
