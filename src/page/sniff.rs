//! Recognizing a page's format from its content.
//!
//! The extension only narrows the guess: on legacy sites an `.md` file is as
//! likely to hold an HTML fragment as Markdown.

use super::PageKind;
use super::frontmatter;

/// Decides the format of a page from its text, using the path's extension
/// only to tell a full HTML document from a fragment.
pub fn sniff_kind(path: &str, text: &str) -> PageKind {
    let extension = path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    let is_html_file = matches!(extension.as_deref(), Some("html" | "htm" | "xhtml"));
    let split = frontmatter::split(text);
    let body = &text[split.body_start..];
    let head = first_meaningful(body);
    if is_acom(body) {
        return PageKind::AcomMarkdown;
    }
    if split.front_matter.is_some() {
        return if starts_with_html_element(head) {
            PageKind::LegacyHtml
        } else {
            PageKind::UnifiedMarkdown
        };
    }
    if is_html_file || starts_with_html_document(head) {
        return PageKind::HtmlDocument;
    }
    if starts_with_html_element(head) && !has_markdown_structure(body) {
        return PageKind::LegacyHtml;
    }
    PageKind::UnifiedMarkdown
}

/// The body with leading whitespace and comments skipped.
fn first_meaningful(mut body: &str) -> &str {
    loop {
        body = body.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        match body
            .strip_prefix("<!--")
            .and_then(|rest| rest.find("-->").map(|end| &rest[end + 3..]))
        {
            Some(rest) => body = rest,
            None => return body,
        }
    }
}

fn starts_with_html_document(head: &str) -> bool {
    let lower: String = head.chars().take(15).collect::<String>().to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html")
}

fn starts_with_html_element(head: &str) -> bool {
    let mut chars = head.chars();
    chars.next() == Some('<') && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// ACOM pages open with `<properties` and carry `<tags` and `[AZURE.` markers.
fn is_acom(body: &str) -> bool {
    let head = first_meaningful(body);
    if head.starts_with("<properties") {
        return true;
    }
    let window = &body[..crate::source::floor_char_boundary(body, 4096)];
    window.contains("<tags ") && (window.contains("ms.service=") || window.contains("[AZURE."))
}

/// Markdown headings or lists at line starts: a Markdown page that happens to
/// open with an HTML element.
fn has_markdown_structure(body: &str) -> bool {
    body.lines().take(400).any(|line| {
        let line = line.trim_end();
        line.starts_with("# ")
            || line.starts_with("## ")
            || line.starts_with("- [")
            || line.starts_with("* [")
            || line.starts_with("|---")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_html_fragment_is_legacy_html() {
        let text = "---\r\nlayout: TrustCenterPage\r\n---\r\n<div class=\"row-fluid\">";
        assert_eq!(sniff_kind("privacy/default.md", text), PageKind::LegacyHtml);
    }

    #[test]
    fn bom_before_front_matter_is_tolerated() {
        let text = "\u{feff}---\nlayout: TrustCenterPage\n---\n<div>";
        assert_eq!(sniff_kind("a.md", text), PageKind::LegacyHtml);
    }

    #[test]
    fn acom_markdown_by_properties() {
        let text = "<properties\n pageTitle=\"\"/>\n\n# Title\n";
        assert_eq!(sniff_kind("support/x-en.md", text), PageKind::AcomMarkdown);
    }

    #[test]
    fn unified_markdown_by_yaml_front_matter() {
        let text = "---\ntitle: Privacy\nlocale: en-us\n---\n# Privacy\n";
        assert_eq!(sniff_kind("privacy/default.md", text), PageKind::UnifiedMarkdown);
    }

    #[test]
    fn html_document_by_content_even_with_md_extension() {
        assert_eq!(
            sniff_kind("c.md", "<!DOCTYPE html><html>"),
            PageKind::HtmlDocument
        );
        assert_eq!(sniff_kind("c.html", "<html><head>"), PageKind::HtmlDocument);
    }

    #[test]
    fn plain_markdown_stays_markdown() {
        assert_eq!(
            sniff_kind("README.md", "Some *text*.\n"),
            PageKind::UnifiedMarkdown
        );
    }
}
