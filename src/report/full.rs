//! The graphical report: miette diagnostics with the source snippet, a label
//! at the exact span, help, and related locations with their own sources.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    Severity as MietteSeverity, SourceCode, SourceSpan, SpanContents,
};

use super::{ReportOptions, Sources};
use crate::lint::{Finding, Severity};
use crate::span::Span;

/// One finding (or one related location) as a miette diagnostic.
struct Rendered {
    message: String,
    code: Option<String>,
    severity: MietteSeverity,
    help: Option<String>,
    source: Option<CharColumns>,
    label: LabeledSpan,
    related: Vec<Rendered>,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|code| Box::new(code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<MietteSeverity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(std::iter::once(self.label.clone())))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// A page's text for miette, reporting columns in characters (a byte-order
/// mark not counted) so the header agrees with the JSON output even in CJK
/// text; miette itself counts bytes.
#[derive(Clone)]
struct CharColumns {
    name: Arc<str>,
    text: Arc<str>,
}

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let column = if inner.column() == 0 {
            0
        } else {
            let end = crate::source::floor_char_boundary(&self.text, span.offset());
            let start = crate::source::floor_char_boundary(&self.text, end.saturating_sub(inner.column()));
            self.text[start..end].chars().filter(|&c| c != '\u{feff}').count()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

fn named_source(sources: &mut Sources, path: &str) -> Option<CharColumns> {
    let loaded = sources.get(path)?;
    Some(CharColumns {
        name: path.into(),
        text: Arc::from(loaded.text.as_str()),
    })
}

fn label(span: Span, text: Option<String>) -> LabeledSpan {
    LabeledSpan::new(text, span.start as usize, span.len())
}

fn render(finding: &Finding, sources: &mut Sources, cache: &mut Option<(Box<str>, CharColumns)>) -> Rendered {
    let source = match cache {
        Some((path, source)) if **path == *finding.path => Some(source.clone()),
        _ => {
            let source = named_source(sources, &finding.path);
            if let Some(source) = &source {
                *cache = Some((finding.path.clone(), source.clone()));
            }
            source
        }
    };
    let message = if source.is_none() {
        format!("{}: {}", finding.path, finding.message)
    } else {
        finding.message.clone()
    };
    let help = match (&finding.help, &finding.fix) {
        (Some(help), Some(fix)) => Some(format!("{help}\nfix: {}", fix.description)),
        (None, Some(fix)) => Some(format!("fix: {}", fix.description)),
        (help, None) => help.clone(),
    };
    let related = finding
        .related
        .iter()
        .map(|related| Rendered {
            message: related.message.clone(),
            code: None,
            severity: MietteSeverity::Advice,
            help: None,
            source: named_source(sources, &related.path),
            label: label(related.span, Some(related.message.clone())),
            related: Vec::new(),
        })
        .collect();
    Rendered {
        message,
        code: Some(format!("{}({})", finding.rule.name, finding.rule.code)),
        severity: match finding.severity {
            Severity::Error => MietteSeverity::Error,
            Severity::Warning => MietteSeverity::Warning,
        },
        help,
        source,
        label: label(finding.span, finding.label.clone()),
        related,
    }
}

pub fn write(
    findings: &[Finding],
    sources: &mut Sources,
    options: ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1);
    let mut cache = None;
    for finding in findings {
        let rendered = render(finding, sources, &mut cache);
        let mut text = String::new();
        handler
            .render_report(&mut text, &rendered)
            .map_err(|_| io::Error::other("could not render a diagnostic"))?;
        out.write_all(text.as_bytes())?;
        writeln!(out)?;
    }
    Ok(())
}
