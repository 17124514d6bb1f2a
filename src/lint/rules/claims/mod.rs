//! The claims family (`claims`, TC3xx): what pages say, compared across
//! the site and between a page and its translation.
//!
//! Its settings are the `[claims]` section of `tclint.toml` ([`settings`]);
//! its data, `lints/claims.toml` with those additions, compiled into the
//! [`lexicon`]; the [`analysis`] groups every statement of the site for the
//! rules that read it.

pub mod analysis;
pub(super) mod claim_mismatch;
pub(super) mod cross_language_link;
pub(super) mod divergent_claim;
pub mod lexicon;
pub(super) mod link_label_mismatch;
mod patterns;
pub mod reach;
pub mod settings;
pub(super) mod translation_drift;
