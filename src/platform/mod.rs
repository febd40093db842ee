//! Everything that differs by operating system, behind one face, so the rest of leadwiz has no
//! `cfg`: signals and console events (`signals`), whether the console understands escape
//! sequences (`console`), the user's language (`locale`), the clipboard (`clipboard`), what
//! kind of network error a failure is (`net`), files only their owner reads (`files`) and the
//! user's text editor (`editor`), and waiting for the terminal's input (`terminal_wait`).

pub mod clipboard;
pub mod console;
pub mod editor;
pub mod files;
pub mod locale;
pub mod net;
pub mod signals;
pub mod terminal_wait;
