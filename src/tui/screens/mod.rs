//! One screen per file or folder: its view, and its own state and update (the page's in
//! `node/page.rs`, the paste box's in `paste/state.rs`); `view.rs` places the views in the
//! frame, and `App::update` hands each screen its actions.

pub mod check;
pub mod errors;
pub mod help;
pub mod node;
pub mod paste;
pub mod search;
