//! Waiting, without waking, until the terminal has input or another thread wakes the waiter:
//! the thread that reads the terminal sleeps here, and stands aside when woken (an editor is
//! about to run on the terminal). On Unix: `poll` on the terminal crossterm reads (standard
//! input when it is a terminal, else `/dev/tty`) and a self-pipe, which SIGWINCH writes to as
//! well (a resize is read as an event). On Windows: `WaitForMultipleObjects` on the console's
//! input and an event.

use std::io;
use std::time::Duration;

/// Why a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The terminal has input (or a resize to report).
    Input,
    /// Another thread called [`Waker::wake`] (or a signal came).
    Woken,
    /// The timeout passed.
    Timeout,
    /// This system cannot wait on its terminal this way (macOS's `poll` on a terminal): the
    /// caller waits some other way.
    Unsupported,
}

/// Waits on the terminal; one per reading thread.
pub struct Waiter(imp::Waiter);

/// Wakes a [`Waiter`] from another thread; a wake-up that comes before the wait ends the next
/// wait at once.
#[derive(Clone)]
pub struct Waker(imp::Waker);

impl Waiter {
    /// A waiter on the terminal crossterm reads, and its waker.
    pub fn new() -> io::Result<(Waiter, Waker)> {
        let (w, k) = imp::new()?;
        Ok((Waiter(w), Waker(k)))
    }

    /// Sleeps until the terminal has input, the waker is called, or `timeout` passes (`None`:
    /// no timeout at all).
    pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Wake> {
        self.0.wait(timeout)
    }
}

impl Waker {
    pub fn wake(&self) {
        self.0.wake();
    }
}

/// Milliseconds for a system wait, rounded up (so a wait for 0.5 ms does not return at once
/// and spin); `None` for ever.
#[cfg_attr(not(any(unix, windows)), allow(dead_code))]
fn millis(timeout: Option<Duration>) -> Option<u32> {
    timeout.map(|t| {
        let ms = t.as_micros().div_ceil(1000);
        u32::try_from(ms).unwrap_or(u32::MAX - 1)
    })
}

#[cfg(unix)]
mod imp {
    use super::{Wake, millis};
    use std::io::{self, Read, Write};
    use std::os::fd::{AsRawFd, OwnedFd, RawFd};
    use std::os::unix::net::UnixStream;
    use std::sync::Arc;
    use std::time::Duration;

    pub struct Waiter {
        /// The terminal, when this module opened it (`/dev/tty`); else standard input.
        _tty: Option<OwnedFd>,
        fd: RawFd,
        wakes: UnixStream,
        sigwinch: Option<signal_hook::SigId>,
    }

    #[derive(Clone)]
    pub struct Waker(Arc<UnixStream>);

    pub fn new() -> io::Result<(Waiter, Waker)> {
        // SAFETY: isatty only looks at the descriptor.
        let (tty, fd) = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            (None, libc::STDIN_FILENO)
        } else {
            let file = std::fs::File::open("/dev/tty")?;
            let fd = file.as_raw_fd();
            (Some(OwnedFd::from(file)), fd)
        };
        on_fd(tty, fd)
    }

    /// A waiter on `fd` (tests give it a pseudo-terminal of their own).
    pub fn on_fd(tty: Option<OwnedFd>, fd: RawFd) -> io::Result<(Waiter, Waker)> {
        let (wakes, waker) = UnixStream::pair()?;
        wakes.set_nonblocking(true)?;
        waker.set_nonblocking(true)?;
        // A resize comes as SIGWINCH, which crossterm reads as an event: it wakes us too.
        let sigwinch = signal_hook::low_level::pipe::register(
            signal_hook::consts::SIGWINCH,
            waker.try_clone()?,
        )?;
        Ok((
            Waiter {
                _tty: tty,
                fd,
                wakes,
                sigwinch: Some(sigwinch),
            },
            Waker(Arc::new(waker)),
        ))
    }

    impl Drop for Waiter {
        fn drop(&mut self) {
            if let Some(id) = self.sigwinch.take() {
                signal_hook::low_level::unregister(id);
            }
        }
    }

    impl Waker {
        pub fn wake(&self) {
            // A full pipe holds wake-ups enough already.
            let _ = (&*self.0).write(&[1]);
        }
    }

    impl Waiter {
        pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Wake> {
            let mut fds = [
                libc::pollfd {
                    fd: self.fd,
                    events: libc::POLLIN,
                    revents: 0,
                },
                libc::pollfd {
                    fd: self.wakes.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                },
            ];
            let ms = millis(timeout).map_or(-1, |m| i32::try_from(m).unwrap_or(i32::MAX));
            // SAFETY: two pollfds, owned here, for the length given.
            let ready = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
            if ready < 0 {
                let e = io::Error::last_os_error();
                // A signal (SIGWINCH among them): let the caller look again.
                return if e.kind() == io::ErrorKind::Interrupted {
                    Ok(Wake::Woken)
                } else {
                    Err(e)
                };
            }
            if fds[1].revents != 0 {
                let mut buf = [0u8; 64];
                while matches!((&self.wakes).read(&mut buf), Ok(n) if n > 0) {}
                return Ok(Wake::Woken);
            }
            let tty = fds[0].revents;
            Ok(if tty & libc::POLLNVAL != 0 {
                Wake::Unsupported
            } else if tty != 0 {
                Wake::Input
            } else {
                Wake::Timeout
            })
        }
    }
}

#[cfg(windows)]
mod imp {
    use super::{Wake, millis};
    use std::io;
    use std::os::windows::io::AsRawHandle;
    use std::sync::Arc;
    use std::time::Duration;
    use windows_sys::Win32::Foundation::{
        CloseHandle, HANDLE, WAIT_FAILED, WAIT_OBJECT_0, WAIT_TIMEOUT,
    };
    use windows_sys::Win32::System::Threading::{
        CreateEventW, INFINITE, SetEvent, WaitForMultipleObjects,
    };

    /// An auto-reset event.
    struct Event(HANDLE);
    // SAFETY: an event handle may be set and waited on from any thread.
    unsafe impl Send for Event {}
    unsafe impl Sync for Event {}

    impl Drop for Event {
        fn drop(&mut self) {
            // SAFETY: the handle is ours, closed once.
            unsafe { CloseHandle(self.0) };
        }
    }

    pub struct Waiter {
        /// `CONIN$`, the console input crossterm reads.
        console: std::fs::File,
        event: Arc<Event>,
    }

    #[derive(Clone)]
    pub struct Waker(Arc<Event>);

    pub fn new() -> io::Result<(Waiter, Waker)> {
        let console = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("CONIN$")?;
        // SAFETY: no attributes, no name; an auto-reset event, not set.
        let handle = unsafe { CreateEventW(std::ptr::null(), 0, 0, std::ptr::null()) };
        if handle.is_null() {
            return Err(io::Error::last_os_error());
        }
        let event = Arc::new(Event(handle));
        Ok((
            Waiter {
                console,
                event: event.clone(),
            },
            Waker(event),
        ))
    }

    impl Waker {
        pub fn wake(&self) {
            // SAFETY: the event lives as long as this Arc.
            unsafe { SetEvent(self.0.0) };
        }
    }

    impl Waiter {
        pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Wake> {
            let handles: [HANDLE; 2] = [self.console.as_raw_handle() as HANDLE, self.event.0];
            let ms = millis(timeout).unwrap_or(INFINITE);
            // SAFETY: two live handles, for the length given.
            let r = unsafe { WaitForMultipleObjects(2, handles.as_ptr(), 0, ms) };
            match r {
                r if r == WAIT_OBJECT_0 => Ok(Wake::Input),
                r if r == WAIT_OBJECT_0 + 1 => Ok(Wake::Woken),
                WAIT_TIMEOUT => Ok(Wake::Timeout),
                WAIT_FAILED => Err(io::Error::last_os_error()),
                _ => Ok(Wake::Woken),
            }
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    use super::Wake;
    use std::io;
    use std::time::Duration;

    pub struct Waiter;
    #[derive(Clone)]
    pub struct Waker;

    pub fn new() -> io::Result<(Waiter, Waker)> {
        Ok((Waiter, Waker))
    }

    impl Waker {
        pub fn wake(&self) {}
    }

    impl Waiter {
        pub fn wait(&mut self, _timeout: Option<Duration>) -> io::Result<Wake> {
            Ok(Wake::Unsupported)
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A pseudo-terminal: (the side a program reads, the side the terminal writes to).
    fn pty() -> (std::fs::File, std::fs::File) {
        use std::os::fd::FromRawFd;
        // SAFETY: plain libc calls; each descriptor is checked and then owned by a File.
        unsafe {
            let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            assert!(master >= 0);
            assert_eq!(libc::grantpt(master), 0);
            assert_eq!(libc::unlockpt(master), 0);
            let name = std::ffi::CStr::from_ptr(libc::ptsname(master))
                .to_str()
                .unwrap()
                .to_owned();
            let master = std::fs::File::from_raw_fd(master);
            let slave = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(name)
                .unwrap();
            (slave, master)
        }
    }

    fn waiter(tty: &std::fs::File) -> (Waiter, Waker) {
        use std::os::fd::AsRawFd;
        let (w, k) = imp::on_fd(None, tty.as_raw_fd()).unwrap();
        (Waiter(w), Waker(k))
    }

    #[test]
    fn without_a_timeout_it_sleeps_until_woken_and_a_wake_before_the_wait_counts() {
        let (tty, _terminal) = pty();
        let (mut w, k) = waiter(&tty);
        let start = Instant::now();
        let waking = {
            let k = k.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(300));
                k.wake();
            })
        };
        assert_eq!(w.wait(None).unwrap(), Wake::Woken);
        assert!(start.elapsed() >= Duration::from_millis(300));
        waking.join().unwrap();
        // Woken before it waits: the wait ends at once, and only once.
        k.wake();
        k.wake();
        assert_eq!(w.wait(None).unwrap(), Wake::Woken);
        assert_eq!(
            w.wait(Some(Duration::from_millis(50))).unwrap(),
            Wake::Timeout
        );
    }

    #[test]
    fn input_on_the_terminal_ends_the_wait_and_a_timeout_is_kept() {
        use std::io::Write;
        let (tty, mut terminal) = pty();
        let (mut w, _k) = waiter(&tty);
        let start = Instant::now();
        assert_eq!(
            w.wait(Some(Duration::from_millis(120))).unwrap(),
            Wake::Timeout
        );
        assert!(start.elapsed() >= Duration::from_millis(120));
        // A new terminal reads whole lines.
        terminal.write_all(b"q\n").unwrap();
        assert_eq!(w.wait(None).unwrap(), Wake::Input);
    }

    #[test]
    fn a_part_of_a_millisecond_is_waited_for_not_skipped() {
        assert_eq!(millis(Some(Duration::from_micros(300))), Some(1));
        assert_eq!(millis(Some(Duration::ZERO)), Some(0));
        assert_eq!(millis(None), None);
    }
}
