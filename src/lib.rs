//! tclint: a content linter and migration tool for legacy documentation sites.
//!
//! The library parses every page of a site into one [`page::Page`] model,
//! indexes the site ([`site::Site`]), runs the rules ([`lint`]) in parallel and
//! hands the findings to a reporter ([`report`]). It never prints: the CLI
//! ([`cli`]) passes writers in.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod convert;
pub mod data;
pub mod fix;
#[doc(hidden)]
pub mod harness;
pub mod lint;
pub mod online;
pub mod page;
pub mod report;
pub mod shared;
pub mod site;
pub mod source;
pub mod span;
