//! Everything that differs by operating system, behind one face, so the rest of leadwiz has no
//! `cfg`: signals and console events (`signals`), whether the console understands escape
//! sequences (`console`), the user's language (`locale`), the clipboard (`clipboard`) and what
//! kind of network error a failure is (`net`).

pub mod clipboard;
pub mod console;
pub mod locale;
pub mod net;
pub mod signals;
