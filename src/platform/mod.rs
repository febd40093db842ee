//! Everything that differs by operating system, behind one face, so the rest of leadwiz has no
//! `cfg`: signals and console events (`signals`), whether the console understands escape
//! sequences (`console`), the user's language (`locale`), the clipboard (`clipboard`), what
//! kind of network error a failure is (`net`) and files only their owner reads (`files`).

pub mod clipboard;
pub mod console;
pub mod files;
pub mod locale;
pub mod net;
pub mod signals;
