//! The links family (`links`, TC1xx): where links lead, offline and (with
//! `--online`) as servers answer.
//!
//! Its settings are the `[stale-host]` and `[placeholder-link]` sections of
//! `tclint.toml` ([`settings`]); its data, `lints/stale-hosts.toml` and
//! `lints/placeholders.toml` with those additions ([`data`]).

pub(super) mod broken_anchor;
pub mod data;
pub(super) mod dead_external_link;
pub(super) mod empty_link;
pub(super) mod missing_target;
pub(super) mod moved_external_link;
pub(super) mod placeholder_link;
pub mod settings;
pub(super) mod stale_host;
pub(super) mod unchecked_external_link;
