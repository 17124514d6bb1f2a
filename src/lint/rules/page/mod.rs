//! The page family (`page`, TC0xx): how pages were read, and their inline
//! suppressions. No settings and no data of its own.

pub(super) mod page_load;
pub(super) mod unused_suppression;
