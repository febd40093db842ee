//! Copying text, and saying what really happened.
//!
//! The system clipboard is used where that is cheap and dependable: Windows' own clipboard,
//! macOS `pbcopy`, and on Linux `wl-copy`, `xclip` or `xsel` when a display is there and one of
//! them is installed. Over SSH the system clipboard is the remote machine's, so there, and
//! when no native way works, the terminal is asked to copy with OSC 52: a request the terminal
//! may honour or silently ignore (macOS Terminal and GNOME Terminal ignore it), so it is never
//! reported as a copy.

use std::io::{self, Write};

/// What a copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard holds the text.
    Done,
    /// The terminal was asked to copy (OSC 52); it does not say whether it did.
    Asked,
}

/// Copies `text`: to the system clipboard where possible (see the module's notes), else by
/// asking the terminal behind `terminal` with OSC 52.
pub fn copy(text: &str, terminal: &mut impl Write) -> io::Result<Copied> {
    copy_with(text, terminal, |k| {
        std::env::var_os(k).is_some_and(|v| !v.is_empty())
    })
}

/// `copy`, with `set` telling which environment variables are set.
fn copy_with(
    text: &str,
    terminal: &mut impl Write,
    set: impl Fn(&str) -> bool,
) -> io::Result<Copied> {
    if !over_ssh(&set) && imp::native(text, &set).is_ok() {
        return Ok(Copied::Done);
    }
    terminal.write_all(osc52(text).as_bytes())?;
    terminal.flush()?;
    Ok(Copied::Asked)
}

/// The OSC 52 request that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

/// Whether leadwiz runs in an SSH session (then the local clipboard is on another machine).
fn over_ssh(set: impl Fn(&str) -> bool) -> bool {
    ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"]
        .into_iter()
        .any(set)
}

/// Runs a copy helper (`pbcopy`, `wl-copy`, …) with `text` on its input; an error when it is
/// missing, fails, or takes more than two seconds.
#[cfg(not(windows))]
fn run_helper(program: &str, args: &[&str], text: &str) -> io::Result<()> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let written = child
        .stdin
        .take()
        .map_or(Ok(()), |mut stdin| stdin.write_all(text.as_bytes()));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            written?;
            return if status.success() {
                Ok(())
            } else {
                Err(io::Error::other(format!("{program}: {status}")))
            };
        }
        if start.elapsed() > Duration::from_secs(2) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::new(io::ErrorKind::TimedOut, program.to_owned()));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(target_os = "macos")]
mod imp {
    pub fn native(text: &str, _set: impl Fn(&str) -> bool) -> std::io::Result<()> {
        super::run_helper("pbcopy", &[], text)
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
mod imp {
    use std::io;

    pub fn native(text: &str, set: impl Fn(&str) -> bool) -> io::Result<()> {
        let mut helpers: Vec<(&str, &[&str])> = Vec::new();
        if set("WAYLAND_DISPLAY") {
            helpers.push(("wl-copy", &[]));
        }
        if set("DISPLAY") {
            helpers.push(("xclip", &["-selection", "clipboard"]));
            helpers.push(("xsel", &["--clipboard", "--input"]));
        }
        let mut last = io::Error::new(io::ErrorKind::Unsupported, "no display");
        for (program, args) in helpers {
            match super::run_helper(program, args, text) {
                Ok(()) => return Ok(()),
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

#[cfg(windows)]
mod imp {
    use std::io;
    use windows_sys::Win32::Foundation::GlobalFree;
    use windows_sys::Win32::System::DataExchange::{
        CloseClipboard, EmptyClipboard, OpenClipboard, SetClipboardData,
    };
    use windows_sys::Win32::System::Memory::{
        GMEM_MOVEABLE, GlobalAlloc, GlobalLock, GlobalUnlock,
    };

    /// `CF_UNICODETEXT`: UTF-16 text ending in a NUL.
    const UNICODE_TEXT: u32 = 13;

    pub fn native(text: &str, _set: impl Fn(&str) -> bool) -> io::Result<()> {
        let wide: Vec<u16> = text.encode_utf16().chain(Some(0)).collect();
        // Another program may hold the clipboard for a moment.
        let mut opened = false;
        for _ in 0..10 {
            // SAFETY: no owner window; closed below.
            if unsafe { OpenClipboard(std::ptr::null_mut()) } != 0 {
                opened = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        if !opened {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: the clipboard is open; the memory is sized for `wide` and, once given to
        // SetClipboardData, belongs to the system (freed here only when it was not taken).
        let result = unsafe {
            if EmptyClipboard() == 0 {
                Err(io::Error::last_os_error())
            } else {
                let mem = GlobalAlloc(GMEM_MOVEABLE, wide.len() * 2);
                if mem.is_null() {
                    Err(io::Error::last_os_error())
                } else {
                    let ptr = GlobalLock(mem).cast::<u16>();
                    if ptr.is_null() {
                        GlobalFree(mem);
                        Err(io::Error::last_os_error())
                    } else {
                        std::ptr::copy_nonoverlapping(wide.as_ptr(), ptr, wide.len());
                        GlobalUnlock(mem);
                        if SetClipboardData(UNICODE_TEXT, mem).is_null() {
                            GlobalFree(mem);
                            Err(io::Error::last_os_error())
                        } else {
                            Ok(())
                        }
                    }
                }
            }
        };
        // SAFETY: opened above.
        unsafe { CloseClipboard() };
        result
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn native(_text: &str, _set: impl Fn(&str) -> bool) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }

    #[test]
    fn over_ssh_the_terminal_is_asked() {
        assert!(over_ssh(|k| k == "SSH_TTY"));
        assert!(!over_ssh(|_| false));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn without_a_display_the_terminal_is_asked_and_it_is_not_called_a_copy() {
        for env in [&[][..], &["SSH_TTY", "DISPLAY", "WAYLAND_DISPLAY"][..]] {
            let mut out = Vec::new();
            let copied = copy_with("a page", &mut out, |k| env.contains(&k)).unwrap();
            assert_eq!(copied, Copied::Asked, "{env:?}");
            assert_eq!(String::from_utf8(out).unwrap(), osc52("a page"));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_missing_or_failing_helper_is_an_error() {
        assert!(run_helper("leadwiz-no-such-helper", &[], "x").is_err());
        assert!(run_helper("false", &[], "x").is_err());
        assert!(run_helper("cat", &[], "x").is_ok());
    }
}
