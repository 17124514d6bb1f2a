//! Tables: a GFM pipe table when the table is simple (a header row, no
//! merged cells, only inline content, rows of equal length); otherwise the
//! table is kept as HTML, so no cell is ever misaligned.

use ego_tree::NodeRef;
use scraper::Node;

use super::{BLOCK_CONTAINERS, Frame, Walker};
use crate::convert::blocks::Block;
use crate::convert::inline::Inline;

struct Row<'a> {
    cells: Vec<NodeRef<'a, Node>>,
    in_head: bool,
}

fn element_name<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

/// The rows of this table (not of tables nested in it).
fn rows<'a>(table: NodeRef<'a, Node>) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let mut add = |row: NodeRef<'a, Node>, in_head: bool| {
        let cells = row
            .children()
            .filter(|c| matches!(element_name(c), Some("td" | "th")))
            .collect();
        rows.push(Row { cells, in_head });
    };
    for child in table.children() {
        match element_name(&child) {
            Some("tr") => add(child, false),
            Some(section @ ("thead" | "tbody" | "tfoot")) => {
                for row in child.children().filter(|r| element_name(r) == Some("tr")) {
                    add(row, section == "thead");
                }
            }
            _ => {}
        }
    }
    rows
}

/// Why a table cannot be a pipe table, if it cannot.
fn not_simple(table: NodeRef<'_, Node>, rows: &[Row<'_>]) -> Option<&'static str> {
    let Some(first) = rows.first() else {
        return Some("no rows");
    };
    if table.children().any(|c| element_name(&c) == Some("caption")) {
        return Some("a caption");
    }
    let header = first.in_head || first.cells.iter().all(|c| element_name(c) == Some("th"));
    if !header || first.cells.is_empty() {
        return Some("no header row");
    }
    if rows.iter().any(|row| row.cells.len() != first.cells.len()) {
        return Some("rows of different lengths");
    }
    let cells = rows.iter().flat_map(|row| &row.cells);
    for cell in cells {
        let merged = cell.value().as_element().is_some_and(|e| {
            ["colspan", "rowspan"]
                .iter()
                .any(|a| e.attr(a).is_some_and(|v| v.trim() != "1"))
        });
        if merged {
            return Some("merged cells");
        }
        let blocks = cell.descendants().skip(1).filter(|d| {
            element_name(d).is_some_and(|n| {
                (BLOCK_CONTAINERS.contains(&n) && n != "p")
                    || matches!(n, "ul" | "ol" | "table" | "pre" | "blockquote" | "br" | "dl")
            })
        });
        let paragraphs = cell
            .descendants()
            .filter(|d| element_name(d) == Some("p"))
            .count();
        if blocks.count() > 0 || paragraphs > 1 {
            return Some("block content in cells");
        }
        if cell.descendants().any(|d| matches!(d.value(), Node::Comment(_))) {
            return Some("comments in cells");
        }
    }
    None
}

impl Walker<'_> {
    pub(super) fn table(&mut self, node: NodeRef<'_, Node>, frame: &mut Frame) {
        self.flush(frame);
        let rows = rows(node);
        if let Some(reason) = not_simple(node, &rows) {
            self.rendered.notes.html_kept.push(format!("<table>: {reason}"));
            let html = self.serialize(node);
            frame.blocks.push(Block::Html(html));
            return;
        }
        if let Some(element) = node.value().as_element() {
            // The table's own id: an anchor paragraph before it.
            self.anchor(element, &mut frame.inline);
            self.flush(frame);
        }
        let mut lines = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            for cell in &row.cells {
                let mut inline = Inline::new();
                if let Some(element) = cell.value().as_element() {
                    self.anchor(element, &mut inline);
                }
                self.inline_children(*cell, &mut inline);
                cells.push(inline.finish_single_line());
            }
            lines.push(format!("| {} |", cells.join(" | ")));
            if index == 0 {
                let separator = vec!["---"; row.cells.len()].join(" | ");
                lines.push(format!("| {separator} |"));
            }
        }
        frame.blocks.push(Block::Table(lines.join("\n")));
    }
}
