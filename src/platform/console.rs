//! Whether the console understands escape sequences (VT): every Unix terminal that is not
//! `TERM=dumb` does; a Windows console does from Windows 10 on, once asked to. A console that
//! does not would show the full-screen wizard as garbage, so it gets plain mode instead.

/// Whether the console on standard output takes VT escape sequences (on Windows this also
/// switches them on).
pub fn supports_vt() -> bool {
    imp::supports_vt()
}

/// Calls `gone` once, from a thread of its own, when the terminal on standard input goes away
/// (its window closed, the connection dropped). SIGHUP says so only to a program whose
/// controlling terminal it was; without this, a wizard run on another terminal would be left
/// reading a dead one for ever. Waits without waking while the terminal is there; does nothing
/// where the system has no such notice (Windows says it with a console event).
pub fn on_hangup(gone: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    imp::on_hangup(Box::new(gone))
}

#[cfg(windows)]
mod imp {
    pub fn supports_vt() -> bool {
        ratatui::crossterm::ansi_support::supports_ansi()
    }

    pub fn on_hangup(_gone: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(unix)]
mod imp {
    pub fn supports_vt() -> bool {
        true
    }

    pub fn on_hangup(gone: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        std::thread::Builder::new()
            .name("hangup".into())
            .spawn(move || {
                // No events asked for: poll reports only a hang-up or an error, so it sleeps
                // while the terminal is there.
                let mut fd = libc::pollfd {
                    fd: 0,
                    events: 0,
                    revents: 0,
                };
                loop {
                    // SAFETY: one pollfd, owned by this thread.
                    let ready = unsafe { libc::poll(&mut fd, 1, -1) };
                    if ready < 0 {
                        if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
                        {
                            continue;
                        }
                        return;
                    }
                    // Only a hang-up ends the program: some systems cannot poll a terminal
                    // at all (POLLNVAL), which must not read as one.
                    if fd.revents & libc::POLLHUP != 0 {
                        gone();
                    }
                    return;
                }
            })?;
        Ok(())
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn supports_vt() -> bool {
        true
    }

    pub fn on_hangup(_gone: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        Ok(())
    }
}
