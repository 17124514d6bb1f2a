//! What several parts of tclint share and none owns: writing a file
//! atomically, collapsing whitespace. Nothing here knows of pages, rules
//! or sites.

pub mod atomic;
pub mod whitespace;
