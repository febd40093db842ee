//! Whether the console understands escape sequences (VT): every Unix terminal that is not
//! `TERM=dumb` does; a Windows console does from Windows 10 on, once asked to. A console that
//! does not would show the full-screen wizard as garbage, so it gets plain mode instead.

/// Whether the console on standard output takes VT escape sequences (on Windows this also
/// switches them on).
pub fn supports_vt() -> bool {
    imp::supports_vt()
}

#[cfg(windows)]
mod imp {
    pub fn supports_vt() -> bool {
        ratatui::crossterm::ansi_support::supports_ansi()
    }
}

#[cfg(not(windows))]
mod imp {
    pub fn supports_vt() -> bool {
        true
    }
}
