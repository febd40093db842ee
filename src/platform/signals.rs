//! Signals and console events, as one small set of named events.
//!
//! | event       | Unix    | Windows console                         | exit status |
//! |-------------|---------|-----------------------------------------|-------------|
//! | `Interrupt` | SIGINT  | Ctrl-C (in plain mode; the wizard reads it as a key) | 130 |
//! | `Terminate` | SIGTERM | log-off, shut-down                      | 143         |
//! | `Hangup`    | SIGHUP  | the console window closed               | 129         |
//! | `Quit`      | SIGQUIT | Ctrl-Break                              | 131         |
//! | `Suspend`   | SIGTSTP | (none)                                  | (stops)     |
//! | `Continue`  | SIGCONT | (none)                                  | (carries on)|
//!
//! Events are delivered to a callback on a thread of their own; the caller turns them into
//! messages. Nothing here touches the terminal.

use std::io;

/// A signal or console event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// SIGINT, or Ctrl-C in a Windows console.
    Interrupt,
    /// SIGTERM, or a Windows log-off or shut-down.
    Terminate,
    /// SIGHUP (the terminal went away), or the Windows console window was closed.
    Hangup,
    /// SIGQUIT, or Ctrl-Break in a Windows console.
    Quit,
    /// SIGTSTP: the user asked to stop the program for now (Unix job control).
    Suspend,
    /// SIGCONT: the program carries on after a stop (`fg`).
    Continue,
}

impl Signal {
    /// The Unix signal number; Windows console events take the number of their Unix
    /// counterpart, so exit statuses are the same everywhere.
    pub fn number(self) -> u8 {
        match self {
            Signal::Hangup => 1,
            Signal::Interrupt => 2,
            Signal::Quit => 3,
            Signal::Terminate => 15,
            Signal::Continue => imp::CONTINUE,
            Signal::Suspend => imp::SUSPEND,
        }
    }

    /// Whether the event ends the program (after it has cleaned up).
    pub fn ends(self) -> bool {
        !matches!(self, Signal::Suspend | Signal::Continue)
    }

    /// The exit status of a program ended by this event: 128 + the signal's number, as shells
    /// report it.
    pub fn exit_status(self) -> u8 {
        128 + self.number()
    }

    /// The name a person knows the event by.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Hangup => "SIGHUP",
            Signal::Interrupt => "SIGINT",
            Signal::Quit => "SIGQUIT",
            Signal::Terminate => "SIGTERM",
            Signal::Continue => "SIGCONT",
            Signal::Suspend => "SIGTSTP",
        }
    }
}

/// A running listener; dropping it stops delivering events (those that end the program are
/// then ignored rather than killing it half-way through its clean-up).
pub struct Listener {
    _inner: imp::Listener,
}

/// Delivers every ending event (`Interrupt`, `Terminate`, `Hangup`, `Quit`) to `deliver`, on a
/// thread of its own. With `job_control`, `Suspend` and `Continue` too: the program then stops
/// only when it calls [`stop`] (after putting the terminal back).
pub fn listen(
    job_control: bool,
    deliver: impl Fn(Signal) + Send + Sync + 'static,
) -> io::Result<Listener> {
    Ok(Listener {
        _inner: imp::listen(job_control, Box::new(deliver))?,
    })
}

/// Whether the system has job control (Ctrl-Z, `fg`): Unix yes, Windows no.
pub fn has_job_control() -> bool {
    imp::JOB_CONTROL
}

/// Stops the program as SIGTSTP would have, until it is continued (`fg`, SIGCONT); returns
/// then. Does nothing where there is no job control.
pub fn stop() {
    imp::stop();
}

type Deliver = Box<dyn Fn(Signal) + Send + Sync + 'static>;

#[cfg(unix)]
mod imp {
    use super::{Deliver, Signal};
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP};
    use signal_hook::iterator::{Handle, Signals};

    pub const JOB_CONTROL: bool = true;
    // The numbers of these two differ between Linux and macOS.
    pub const SUSPEND: u8 = SIGTSTP as u8;
    pub const CONTINUE: u8 = SIGCONT as u8;

    pub struct Listener {
        handle: Handle,
    }

    impl Drop for Listener {
        fn drop(&mut self) {
            self.handle.close();
        }
    }

    pub fn listen(job_control: bool, deliver: Deliver) -> std::io::Result<Listener> {
        let mut wanted = vec![SIGINT, SIGTERM, SIGHUP, SIGQUIT];
        if job_control {
            wanted.extend([SIGTSTP, SIGCONT]);
        }
        let mut signals = Signals::new(&wanted)?;
        let handle = signals.handle();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for number in signals.forever() {
                    let signal = match number {
                        SIGINT => Signal::Interrupt,
                        SIGTERM => Signal::Terminate,
                        SIGHUP => Signal::Hangup,
                        SIGQUIT => Signal::Quit,
                        SIGTSTP => Signal::Suspend,
                        SIGCONT => Signal::Continue,
                        _ => continue,
                    };
                    deliver(signal);
                }
            })?;
        Ok(Listener { handle })
    }

    pub fn stop() {
        // SIGSTOP, not SIGTSTP: a handler is installed for SIGTSTP, and SIGSTOP also stops a
        // process whose group has no parent shell in the session.
        let _ = signal_hook::low_level::raise(SIGSTOP);
    }
}

#[cfg(windows)]
mod imp {
    use super::{Deliver, Signal};
    use std::sync::{Mutex, OnceLock};
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
        SetConsoleCtrlHandler,
    };
    use windows_sys::core::BOOL;

    pub const JOB_CONTROL: bool = false;
    // No such events; Linux's numbers.
    pub const SUSPEND: u8 = 20;
    pub const CONTINUE: u8 = 18;

    /// Where console events go (a handler routine takes no context).
    static DELIVER: OnceLock<Mutex<Option<Deliver>>> = OnceLock::new();

    pub struct Listener;

    impl Drop for Listener {
        fn drop(&mut self) {
            if let Some(slot) = DELIVER.get()
                && let Ok(mut d) = slot.lock()
            {
                // Still handled (so an event cannot kill the clean-up), but no longer delivered.
                *d = Some(Box::new(|_| {}));
            }
        }
    }

    unsafe extern "system" fn handler(event: u32) -> BOOL {
        let signal = match event {
            CTRL_C_EVENT => Signal::Interrupt,
            CTRL_BREAK_EVENT => Signal::Quit,
            CTRL_CLOSE_EVENT => Signal::Hangup,
            CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => Signal::Terminate,
            _ => return 0,
        };
        if let Some(slot) = DELIVER.get()
            && let Ok(d) = slot.lock()
            && let Some(d) = d.as_ref()
        {
            d(signal);
        }
        if matches!(
            event,
            CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT
        ) {
            // Windows ends the process as soon as this returns: wait here while the program
            // cleans up and exits (Windows allows about five seconds).
            std::thread::sleep(std::time::Duration::from_secs(10));
        }
        1
    }

    pub fn listen(_job_control: bool, deliver: Deliver) -> std::io::Result<Listener> {
        let slot = DELIVER.get_or_init(|| Mutex::new(None));
        *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(deliver);
        // SAFETY: `handler` is a plain function that lives as long as the program.
        if unsafe { SetConsoleCtrlHandler(Some(handler), 1) } == 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Listener)
    }

    pub fn stop() {}
}

#[cfg(not(any(unix, windows)))]
mod imp {
    use super::Deliver;

    pub const JOB_CONTROL: bool = false;
    // No such events; Linux's numbers.
    pub const SUSPEND: u8 = 20;
    pub const CONTINUE: u8 = 18;

    pub struct Listener;

    pub fn listen(_job_control: bool, _deliver: Deliver) -> std::io::Result<Listener> {
        Ok(Listener)
    }

    pub fn stop() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_statuses_follow_the_shell_convention() {
        assert_eq!(Signal::Interrupt.exit_status(), 130);
        assert_eq!(Signal::Terminate.exit_status(), 143);
        assert_eq!(Signal::Hangup.exit_status(), 129);
        assert_eq!(Signal::Quit.exit_status(), 131);
        assert!(!Signal::Suspend.ends() && !Signal::Continue.ends());
        assert!(Signal::Quit.ends());
    }

    #[cfg(unix)]
    #[test]
    fn a_signal_numbers_match_the_system() {
        use signal_hook::consts::*;
        for (s, n) in [
            (Signal::Hangup, SIGHUP),
            (Signal::Interrupt, SIGINT),
            (Signal::Quit, SIGQUIT),
            (Signal::Terminate, SIGTERM),
            (Signal::Continue, SIGCONT),
            (Signal::Suspend, SIGTSTP),
        ] {
            assert_eq!(i32::from(s.number()), n, "{}", s.name());
        }
    }
}
