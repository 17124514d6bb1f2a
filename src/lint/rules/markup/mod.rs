//! The markup family (`markup`, TC2xx): what is wrong in a page's markup,
//! on its own or against the site's vocabulary (`near_names`). Its data is
//! the list of CSS properties (`data.rs`); no settings.

mod css;
pub mod data;
pub(super) mod duplicate_id;
pub(super) mod invalid_css;
pub(super) mod malformed_markup;
pub(super) mod misspelled_attribute;
pub(super) mod misspelled_class;
mod near_names;
