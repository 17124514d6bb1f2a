//! The shape of each table of a page (rows, and cells per row with
//! `colspan` counted): translations must keep it, whatever the words in
//! the cells. Collected with the text blocks, for the claims rules.

use super::Region;
use crate::span::Span;

/// One table: where it stands and, per row, how many columns its cells
/// cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub span: Span,
    pub region: Region,
    pub rows: Vec<u16>,
}

impl Table {
    /// The widest row.
    pub fn columns(&self) -> u16 {
        self.rows.iter().copied().max().unwrap_or(0)
    }
}

/// Tables being read, innermost last (tables nest in HTML).
#[derive(Debug, Default)]
pub(super) struct TableCollector {
    open: Vec<(usize, Region, Vec<u16>)>,
    done: Vec<Table>,
}

impl TableCollector {
    pub fn open(&mut self, start: usize, region: Region) {
        self.open.push((start, region, Vec::new()));
    }

    pub fn row(&mut self) {
        if let Some((_, _, rows)) = self.open.last_mut() {
            rows.push(0);
        }
    }

    /// A cell covering `columns` columns (its `colspan`); a cell outside
    /// any row starts one, as browsers do.
    pub fn cell(&mut self, columns: u16) {
        if let Some((_, _, rows)) = self.open.last_mut() {
            match rows.last_mut() {
                Some(row) => *row = row.saturating_add(columns),
                None => rows.push(columns),
            }
        }
    }

    pub fn close(&mut self, end: usize) {
        if let Some((start, region, rows)) = self.open.pop() {
            self.done.push(Table {
                span: Span::new(start, end.max(start)),
                region,
                rows,
            });
        }
    }

    /// Closes what is still open at `end` and gives the tables in source order.
    pub fn finish(mut self, end: usize) -> Vec<Table> {
        while !self.open.is_empty() {
            self.close(end);
        }
        self.done.sort_by_key(|table| table.span.start);
        self.done
    }
}

/// The columns a `colspan` value covers (browsers read a missing or bad
/// value as 1 and cap it at 1000).
pub(super) fn colspan(value: Option<&str>) -> u16 {
    value
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|&n| n > 0)
        .map_or(1, |n| n.min(1000))
}
