//! Terminal set-up that is always undone: on return, on error, on panic, on a signal, and for
//! the time the program is stopped (Ctrl-Z, SIGTSTP). Raw mode, the alternate screen,
//! bracketed paste and (optionally) the mouse are turned on together and off together, which
//! `ratatui::restore` alone would not do for paste and mouse.

use std::io::{self, Write};

use ratatui::crossterm::{
    cursor, event, execute,
    terminal::{self, EnterAlternateScreen, LeaveAlternateScreen},
};

/// Restores the terminal when dropped.
pub struct Guard {
    mouse: bool,
    /// Set when the terminal was taken back after our own stop, until the SIGCONT that ended
    /// the stop has been seen.
    taken_back: std::cell::Cell<bool>,
}

/// Puts the terminal back as it was; safe to call more than once.
pub fn restore(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, event::DisableMouseCapture);
    }
    let _ = execute!(
        out,
        event::DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Raw mode, the alternate screen, bracketed paste, a hidden cursor and (optionally) the mouse.
fn enter(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        event::EnableBracketedPaste,
        cursor::Hide
    )?;
    if mouse {
        execute!(out, event::EnableMouseCapture)?;
    }
    Ok(())
}

impl Guard {
    pub fn new(mouse: bool) -> io::Result<Self> {
        // Restore before a panic message is printed, so it lands on a normal screen.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore(mouse);
            previous(info);
        }));
        // Dropped (and so restored) if a step fails half-way.
        let guard = Guard {
            mouse,
            taken_back: std::cell::Cell::new(false),
        };
        enter(mouse)?;
        Ok(guard)
    }

    /// Gives the terminal back for a while (before the program stops).
    pub fn suspend(&self) {
        self.taken_back.set(false);
        restore(self.mouse);
    }

    /// Takes the terminal again after our own stop ([`Guard::suspend`], then the stop).
    pub fn take_back(&self) -> io::Result<()> {
        self.resume()?;
        self.taken_back.set(true);
        Ok(())
    }

    /// Whether the terminal was taken back after our own stop since the last SIGCONT was
    /// seen; reading it forgets it, so a later stop that was not ours is still handled.
    pub fn taken_back(&self) -> bool {
        self.taken_back.replace(false)
    }

    /// Takes the terminal again after the program was continued. Raw mode is set afresh even
    /// when it is thought to be on: the shell puts its own modes back while a job is stopped.
    pub fn resume(&self) -> io::Result<()> {
        let _ = terminal::disable_raw_mode();
        enter(self.mouse)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}
