//! The interactive wizard (ratatui): the model and its `update` (`app.rs`), named actions and
//! the one keymap, the screens, and the terminal set-up that is always undone.

pub mod action;
pub mod app;
pub mod keymap;
