//! The block structure of a converted page and how it is written as
//! CommonMark: blank lines between blocks, list items indented by their
//! marker's width, quotes prefixed, fences longer than any run inside.

use super::escape::escape_line_start;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Lines of inline Markdown, joined by hard breaks.
    Paragraph(Vec<String>),
    Heading {
        level: u8,
        text: String,
    },
    List {
        ordered: bool,
        start: u32,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
    /// Raw HTML (comments, tables that GFM cannot hold): no blank lines
    /// inside, except in comments.
    Html(String),
    /// A GFM table, already written.
    Table(String),
    Rule,
}

/// The shape of what was written, for checking the re-parse against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// (level, text) of every heading.
    pub headings: Vec<(u8, String)>,
    /// Depth (1 = top level) of every list item, in order.
    pub list_items: Vec<u32>,
    /// (rows, columns) of every Markdown table.
    pub tables: Vec<(usize, usize)>,
}

impl Shape {
    pub fn of(blocks: &[Block]) -> Shape {
        let mut shape = Shape::default();
        shape.add(blocks, 0);
        shape
    }

    fn add(&mut self, blocks: &[Block], depth: u32) {
        for block in blocks {
            match block {
                Block::Heading { level, text } => self.headings.push((*level, text.clone())),
                Block::List { items, .. } => {
                    for item in items {
                        self.list_items.push(depth + 1);
                        self.add(item, depth + 1);
                    }
                }
                Block::Quote(inner) => self.add(inner, depth),
                Block::Table(table) => {
                    let rows = table.lines().count().saturating_sub(1);
                    let columns = table.lines().nth(1).map_or(0, |sep| sep.matches("---").count());
                    self.tables.push((rows, columns));
                }
                _ => {}
            }
        }
    }
}

/// Writes blocks separated by blank lines.
pub fn write(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous: Option<&Block> = None;
    let mut bullet = '-';
    for block in blocks {
        if let Block::List { ordered: false, .. } = block {
            // Two bullet lists in a row would merge: alternate the marker.
            if matches!(previous, Some(Block::List { ordered: false, .. })) {
                bullet = if bullet == '-' { '*' } else { '-' };
            } else {
                bullet = '-';
            }
        }
        let written = write_block(block, bullet);
        if written.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&written);
        previous = Some(block);
    }
    out
}

fn write_block(block: &Block, bullet: char) -> String {
    match block {
        Block::Paragraph(lines) => write_paragraph(lines),
        Block::Heading { level, text } => {
            let text = text.trim();
            if text.is_empty() {
                return String::new();
            }
            format!(
                "{} {}",
                "#".repeat(usize::from(*level)),
                protect_closing_hashes(text)
            )
        }
        Block::List {
            ordered,
            start,
            items,
        } => write_list(*ordered, *start, items, bullet),
        Block::Quote(inner) => prefix_lines(&write(inner), "> ", ">"),
        Block::Code(text) => {
            let longest = longest_run(text, '`');
            let fence = "`".repeat(longest.max(2) + 1);
            format!("{fence}\n{}\n{fence}", text.trim_end_matches('\n'))
        }
        Block::Html(html) => html.clone(),
        Block::Table(table) => table.clone(),
        Block::Rule => "---".to_owned(),
    }
}

fn write_paragraph(lines: &[String]) -> String {
    let lines: Vec<String> = lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .map(escape_line_start)
        .collect();
    lines.join("\\\n")
}

/// `## Issue #` would lose its `#` as a closing sequence.
fn protect_closing_hashes(text: &str) -> String {
    let trimmed = text.trim_end_matches('#');
    if trimmed.len() < text.len() && (trimmed.is_empty() || trimmed.ends_with(' ')) {
        format!("{trimmed}\\{}", &text[trimmed.len()..])
    } else {
        text.to_owned()
    }
}

fn write_list(ordered: bool, start: u32, items: &[Vec<Block>], bullet: char) -> String {
    let loose = items
        .iter()
        .any(|item| item.iter().filter(|b| !matches!(b, Block::List { .. })).count() > 1);
    let mut written = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let marker = if ordered {
            format!("{}. ", start as usize + index)
        } else {
            format!("{bullet} ")
        };
        let body = if loose { write(item) } else { write_tight(item) };
        let indent = " ".repeat(marker.len());
        let mut text = String::new();
        for (line_index, line) in body.lines().enumerate() {
            if line_index == 0 {
                text.push_str(&marker);
                text.push_str(line);
            } else {
                text.push('\n');
                if !line.is_empty() {
                    text.push_str(&indent);
                    text.push_str(line);
                }
            }
        }
        if body.is_empty() {
            text.push_str(marker.trim_end());
        }
        written.push(text);
    }
    written.join(if loose { "\n\n" } else { "\n" })
}

/// An item's blocks without blank lines between a paragraph and a nested
/// list, so the list stays tight.
fn write_tight(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        let written = write_block(block, '-');
        if written.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let separator = if matches!(block, Block::List { .. }) {
                "\n"
            } else {
                "\n\n"
            };
            out.push_str(separator);
        }
        out.push_str(&written);
    }
    out
}

fn prefix_lines(text: &str, prefix: &str, empty: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                empty.to_owned()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for ch in text.chars() {
        if ch == c {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::Paragraph(vec![text.to_owned()])
    }

    #[test]
    fn nested_lists_are_indented_by_marker_width() {
        let nested = Block::List {
            ordered: false,
            start: 1,
            items: vec![vec![paragraph("inner")]],
        };
        let list = Block::List {
            ordered: true,
            start: 9,
            items: vec![vec![paragraph("nine"), nested], vec![paragraph("ten")]],
        };
        assert_eq!(write(&[list]), "9. nine\n   - inner\n10. ten");
    }

    #[test]
    fn consecutive_bullet_lists_do_not_merge() {
        let list = |text: &str| Block::List {
            ordered: false,
            start: 1,
            items: vec![vec![paragraph(text)]],
        };
        assert_eq!(write(&[list("a"), list("b")]), "- a\n\n* b");
    }

    #[test]
    fn quotes_code_and_headings() {
        let quote = Block::Quote(vec![paragraph("one"), paragraph("two")]);
        assert_eq!(write(&[quote]), "> one\n>\n> two");
        assert_eq!(write(&[Block::Code("a ``` b".into())]), "````\na ``` b\n````");
        let heading = Block::Heading {
            level: 2,
            text: "Issue #".into(),
        };
        assert_eq!(write(&[heading]), "## Issue \\#");
    }

    #[test]
    fn paragraph_lines_are_joined_by_hard_breaks_and_protected() {
        let block = Block::Paragraph(vec!["# one".into(), "2. two".into()]);
        assert_eq!(write(&[block]), "\\# one\\\n2\\. two");
    }

    #[test]
    fn shape_counts_depths_and_tables() {
        let table = Block::Table("| a | b |\n| --- | --- |\n| 1 | 2 |".into());
        let list = Block::List {
            ordered: false,
            start: 1,
            items: vec![vec![
                paragraph("x"),
                Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![vec![paragraph("y")]],
                },
            ]],
        };
        let shape = Shape::of(&[table, list]);
        assert_eq!(shape.tables, [(2, 2)]);
        assert_eq!(shape.list_items, [1, 2]);
    }
}
