//! The markup family (`markup`, TC2xx): what is wrong in a page's markup.
//! No settings and no data of its own.

pub(super) mod duplicate_id;
pub(super) mod malformed_markup;
