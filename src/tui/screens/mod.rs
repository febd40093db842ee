//! One screen per file; `view.rs` places them in the frame.

pub mod check;
pub mod errors;
pub mod help;
pub mod node;
pub mod paste;
pub mod search;
