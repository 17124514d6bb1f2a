//! The graphical report: miette diagnostics with the source snippet, a label
//! at the exact span, help, and related locations with their own sources.
//!
//! Findings of one page are rendered together (the page is read once), pages
//! in parallel; the output order is the findings' order.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    Severity as MietteSeverity, SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;

use super::{ReportOptions, SourceLoader};
use crate::lint::{Finding, Severity};
use crate::source::{SourceFile, floor_char_boundary};
use crate::span::Span;

/// One finding (or one related location) as a miette diagnostic.
struct Rendered {
    message: String,
    code: Option<String>,
    severity: MietteSeverity,
    help: Option<String>,
    source: Option<Window>,
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

/// A few lines of a page around one span, for miette. miette scans its
/// source from the start for every lookup and counts columns in bytes; this
/// hands it only the lines it shows, then shifts its answers back to page
/// lines and offsets, with columns in characters (a BOM not counted).
#[derive(Clone)]
struct Window {
    name: Arc<str>,
    page: Arc<str>,
    /// Byte range of the window in the page.
    start: usize,
    end: usize,
    /// 0-based page line of the window's first line.
    first_line: usize,
}

/// Context lines shown around a span (miette is asked for one).
const CONTEXT_LINES: usize = 1;

/// The most bytes of source a snippet shows. Longer windows (minified
/// pages, a line of thousands of links) are not shown: the finding is
/// given with its line and column instead. miette cannot draw columns past
/// 65,535 in any case, and a snippet repeated for each finding of a long
/// line would make the output quadratic in the line's length.
const MOST_SNIPPET_BYTES: usize = 8 * 1024;

impl Window {
    fn around(name: &Arc<str>, page: &Arc<str>, file: &SourceFile, span: Span) -> Window {
        let lines = &file.lines;
        let first_line = lines
            .line_of(span.start as usize)
            .saturating_sub(CONTEXT_LINES + 1);
        let last_line = lines.line_of(span.end as usize) + CONTEXT_LINES + 2;
        let start = lines.line_start(first_line + 1).unwrap_or(0);
        let end = lines.line_start(last_line + 1).unwrap_or(page.len());
        Window {
            name: name.clone(),
            page: page.clone(),
            start,
            end,
            first_line,
        }
    }
}

impl Window {
    fn too_long(&self) -> bool {
        self.end - self.start > MOST_SNIPPET_BYTES
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span
            .offset()
            .checked_sub(self.start)
            .ok_or(MietteError::OutOfBounds)?;
        let window = &self.page[self.start..self.end];
        let local = SourceSpan::new(offset.into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data_start = self.start + inner.span().offset();
        let column = if inner.column() == 0 {
            0
        } else {
            let end = floor_char_boundary(&self.page, self.start + offset);
            let line_start = floor_char_boundary(&self.page, end.saturating_sub(inner.column()));
            self.page[line_start..end]
                .chars()
                .filter(|&c| c != '\u{feff}')
                .count()
        };
        let data: &'a [u8] = &self.page.as_bytes()[data_start..data_start + inner.span().len()];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            SourceSpan::new(data_start.into(), inner.span().len()),
            self.first_line + inner.line(),
            column,
            self.first_line + inner.line_count(),
        )))
    }
}

/// A page read for rendering: its name and text shared by its windows.
struct LoadedPage {
    name: Arc<str>,
    text: Arc<str>,
    file: SourceFile,
}

/// Page texts needed to render one page's findings.
struct PageTexts<'a> {
    loader: &'a SourceLoader,
    loaded: HashMap<Box<str>, Option<LoadedPage>>,
}

impl PageTexts<'_> {
    fn window(&mut self, path: &str, span: Span) -> Option<Window> {
        let loader = self.loader;
        let entry = self.loaded.entry(path.into()).or_insert_with(|| {
            let file = loader.load(path)?;
            let text = Arc::from(file.text());
            Some(LoadedPage {
                name: Arc::from(path),
                text,
                file,
            })
        });
        let page = entry.as_ref()?;
        (span.end as usize <= page.text.len())
            .then(|| Window::around(&page.name, &page.text, &page.file, span))
    }
}

fn label(span: Span, text: Option<String>) -> LabeledSpan {
    LabeledSpan::new(text, span.start as usize, span.len())
}

fn render(finding: &Finding, texts: &mut PageTexts<'_>) -> Rendered {
    let window = texts.window(&finding.path, finding.span);
    let too_long = window.as_ref().is_some_and(Window::too_long);
    let source = window.filter(|_| !too_long);
    let start = finding.location.start;
    let message = if too_long {
        format!(
            "{}:{}:{}: {}",
            finding.path, start.line, start.column, finding.message
        )
    } else if source.is_none() {
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
            source: texts
                .window(&related.path, related.span)
                .filter(|window| !window.too_long()),
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

/// Renders the findings of one page.
fn render_page(findings: &[Finding], loader: &SourceLoader, handler: &GraphicalReportHandler) -> String {
    let mut texts = PageTexts {
        loader,
        loaded: HashMap::new(),
    };
    let mut out = String::new();
    for finding in findings {
        let rendered = render(finding, &mut texts);
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str(&format!("{}: {}\n", finding.path, finding.message));
        }
        out.push('\n');
    }
    out
}

pub fn write(
    findings: &[Finding],
    loader: &SourceLoader,
    options: &ReportOptions,
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
        .with_context_lines(CONTEXT_LINES);
    let pages: Vec<&[Finding]> = findings.chunk_by(|a, b| a.path == b.path).collect();
    let mut out = io::BufWriter::new(out);
    // Batches bound the memory held by rendered text on huge runs.
    for batch in pages.chunks(256) {
        let rendered: Vec<String> = batch
            .par_iter()
            .map(|page| render_page(page, loader, &handler))
            .collect();
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()
}
