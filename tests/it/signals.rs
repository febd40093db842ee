//! Signals in a real terminal: the binary runs on a pseudo-terminal made here, and these tests
//! read the raw bytes it wrote. For each signal (INT, TERM, HUP, QUIT, and TSTP then CONT) on
//! each screen (the start, a node page, the paste box holding text, a check running against a
//! server that answers slowly): every mode the wizard switched on (alternate screen, bracketed
//! paste, mouse, hidden cursor) is switched off after it was last switched on, raw mode is off,
//! the transcript is written, and the exit status is 128 + the signal (exited, not killed).
//! After TSTP the terminal is given back while the program is stopped; after CONT the wizard
//! takes it again (raw mode, redrawn) and a key works at once.

#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// (switched on, switched off), as crossterm writes them.
const MODES: [(&str, &str, &str); 8] = [
    ("alternate screen", "\x1b[?1049h", "\x1b[?1049l"),
    ("bracketed paste", "\x1b[?2004h", "\x1b[?2004l"),
    ("hidden cursor", "\x1b[?25l", "\x1b[?25h"),
    ("mouse: clicks", "\x1b[?1000h", "\x1b[?1000l"),
    ("mouse: drags", "\x1b[?1002h", "\x1b[?1002l"),
    ("mouse: any motion", "\x1b[?1003h", "\x1b[?1003l"),
    ("mouse: urxvt", "\x1b[?1015h", "\x1b[?1015l"),
    ("mouse: SGR", "\x1b[?1006h", "\x1b[?1006l"),
];

const WAIT: Duration = Duration::from_secs(15);

/// The wizard on a pseudo-terminal of 100×30.
struct Wizard {
    child: Child,
    master: File,
    output: Arc<Mutex<Vec<u8>>>,
    /// Set to make the reader let go of the terminal (to close it: `hang_up`).
    stop: Arc<std::sync::atomic::AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    transcript: PathBuf,
    _dir: tempfile::TempDir,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

impl Wizard {
    fn start(args: &[&str]) -> Wizard {
        Wizard::start_on(args, true)
    }

    /// With `controlling`, the pseudo-terminal is the program's controlling terminal (closing
    /// it sends SIGHUP); without, it is only the terminal the program reads and writes.
    fn start_on(args: &[&str], controlling: bool) -> Wizard {
        Wizard::launch(args, controlling, true)
    }

    /// Starts `leadwiz ARGS` on the pseudo-terminal; with `wizard`, the wizard's `--mouse` and
    /// `--transcript` follow the arguments.
    fn launch(args: &[&str], controlling: bool, wizard: bool) -> Wizard {
        let (mut master, mut slave) = (0, 0);
        let mut size = libc::winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: plain calls on fds made here, each checked.
        unsafe {
            assert_eq!(
                libc::openpty(
                    &mut master,
                    &mut slave,
                    std::ptr::null_mut(),
                    // *const on Linux, *mut on macOS: a *mut coerces to both.
                    std::ptr::null_mut(),
                    &raw mut size
                ),
                0,
                "openpty"
            );
            libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC);
            libc::fcntl(slave, libc::F_SETFD, libc::FD_CLOEXEC);
        }
        // SAFETY: both fds were just opened and are owned by these files alone.
        let (master, slave) = unsafe { (File::from_raw_fd(master), File::from_raw_fd(slave)) };
        let dir = tempfile::tempdir().unwrap();
        let transcript = dir.path().join("session.md");
        let mut command = Command::new(env!("CARGO_BIN_EXE_leadwiz"));
        command.args(args);
        if wizard {
            command.args(["--mouse", "--transcript"]).arg(&transcript);
        }
        command
            .env("TERM", "xterm-256color")
            .env_remove("LEADWIZ_MARKETO_SECRET")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("NO_COLOR")
            // No system clipboard: copying asks the terminal (OSC 52).
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                // A session of its own, with the pseudo-terminal as its controlling terminal
                // when asked.
                if libc::setsid() < 0
                    || (controlling && libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0)
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("leadwiz starts");
        drop(command);
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = Arc::clone(&output);
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut poll = libc::pollfd {
                fd: reader.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // Ends with an error (EIO) once the program and its terminal are gone.
            loop {
                // SAFETY: one pollfd, owned here.
                let ready = unsafe { libc::poll(&mut poll, 1, 20) };
                if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                if ready == 0 {
                    continue;
                }
                let Ok(n) = reader.read(&mut buf) else { break };
                if n == 0 {
                    break;
                }
                // Answer "where is the cursor?" as a terminal would.
                if find(&buf[..n], b"\x1b[6n").is_some() {
                    let _ = reader.write_all(b"\x1b[1;1R");
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Wizard {
            child,
            master,
            output,
            stop,
            reader: Some(reader),
            transcript,
            _dir: dir,
        }
    }

    fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    fn len(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// Waits until `needle` is written at or after byte `from`; returns where it ends.
    fn wait_for(&self, from: usize, needle: &str) -> usize {
        let start = Instant::now();
        loop {
            let out = self.output();
            if let Some(at) = out.get(from..).and_then(|o| find(o, needle.as_bytes())) {
                return from + at + needle.len();
            }
            assert!(
                start.elapsed() < WAIT,
                "{needle:?} was never written; the last bytes after byte {from}:\n{:?}",
                String::from_utf8_lossy(&out[from.max(out.len().saturating_sub(1500))..])
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `bytes` as one keystroke (or one bracketed paste), then leaves a pause, as a
    /// person does (keys sent together would be a paste).
    fn key(&mut self, bytes: &str) {
        self.master.write_all(bytes.as_bytes()).unwrap();
        self.master.flush().unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }

    /// Closes the terminal, as closing its window does: the program (its controlling
    /// process) gets SIGHUP and its reads fail.
    fn hang_up(&mut self) -> ExitStatus {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        // Swap in a file that is not the terminal, closing the last handle on it.
        drop(std::mem::replace(
            &mut self.master,
            File::open("/dev/null").unwrap(),
        ));
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < WAIT,
                "leadwiz did not end after the hang-up"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, signal: libc::c_int) {
        // SAFETY: a signal to our own child.
        assert_eq!(unsafe { libc::kill(self.child.id() as i32, signal) }, 0);
    }

    /// Local modes of the terminal now (the master side reads the slave's).
    fn lflag(&self) -> libc::tcflag_t {
        let mut t = std::mem::MaybeUninit::<libc::termios>::zeroed();
        // SAFETY: tcgetattr fills the struct or fails.
        assert_eq!(
            unsafe { libc::tcgetattr(self.master.as_raw_fd(), t.as_mut_ptr()) },
            0
        );
        // SAFETY: filled above.
        unsafe { t.assume_init() }.c_lflag
    }

    fn raw_mode(&self) -> bool {
        self.lflag() & (libc::ICANON | libc::ECHO) == 0
    }

    /// The process state letter from /proc (`T`: stopped).
    fn state(&self) -> char {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        stat.rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
            .unwrap_or('?')
    }

    fn wait_until_stopped(&self) {
        let start = Instant::now();
        while self.state() != 'T' {
            assert!(start.elapsed() < WAIT, "never stopped ({})", self.state());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader ends once it has read the last bytes (then reading fails: EIO).
                if let Some(r) = self.reader.take() {
                    r.join().unwrap();
                }
                return status;
            }
            assert!(
                start.elapsed() < WAIT,
                "leadwiz did not end; the last bytes it wrote:\n{:?}",
                String::from_utf8_lossy(&self.output()[self.len().saturating_sub(1500)..])
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Wizard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every mode switched on was switched off after it was last switched on (within `out`).
fn assert_restored(out: &[u8], what: &str) {
    for (name, on, off) in MODES {
        let on_at = rfind(out, on.as_bytes())
            .unwrap_or_else(|| panic!("{what}: {name} was never switched on"));
        let off_at = rfind(out, off.as_bytes());
        assert!(
            off_at.is_some_and(|off| off > on_at),
            "{what}: {name} left on (on at byte {on_at}, off at {off_at:?}); the end:\n{:?}",
            String::from_utf8_lossy(&out[out.len().saturating_sub(300)..])
        );
    }
}

/// Every mode switched on again, in `out`.
fn assert_taken_again(out: &[u8], what: &str) {
    for (name, on, _) in MODES {
        assert!(
            find(out, on.as_bytes()).is_some(),
            "{what}: {name} not switched on again"
        );
    }
}

/// A server that takes connections and answers only after 20 s.
fn slow_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(20));
                drop(stream);
            });
        }
    });
    port
}

#[derive(Debug, Clone, Copy)]
enum Screen {
    Start,
    Node,
    PasteBox,
    RunningCheck,
}

const SCREENS: [Screen; 4] = [
    Screen::Start,
    Screen::Node,
    Screen::PasteBox,
    Screen::RunningCheck,
];

/// What a screen shows (to know it is drawn) and the page its transcript ends on.
fn marks(screen: Screen) -> (&'static str, &'static str) {
    match screen {
        Screen::Start => ("What do you need help with?", "Last page: Start (`start`)"),
        Screen::Node => ("set up a Power Automate flow", "(`dest-https`)"),
        Screen::PasteBox => ("Paste the error", "Last page: Start (`start`)"),
        Screen::RunningCheck => ("Checking", "Last page: Start (`start`)"),
    }
}

/// Starts the wizard and brings it to `screen`; returns it with what the transcript must name.
fn open(screen: Screen) -> (Wizard, &'static str) {
    let names = marks(screen).1;
    match screen {
        Screen::Start => {
            let w = Wizard::start(&[]);
            w.wait_for(0, "What do you need help with?");
            (w, names)
        }
        Screen::Node => {
            let w = Wizard::start(&["--goto", "dest-https"]);
            w.wait_for(0, "set up a Power Automate flow");
            (w, names)
        }
        Screen::PasteBox => {
            let mut w = Wizard::start(&[]);
            let at = w.wait_for(0, "What do you need help with?");
            w.key("p");
            let at = w.wait_for(at, "Paste the error");
            w.key("\x1b[200~AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found.\x1b[201~");
            w.wait_for(at, "dynamics-aad-tenant-not-found");
            (w, names)
        }
        Screen::RunningCheck => {
            let port = slow_server();
            let mut w = Wizard::start(&[]);
            let mut at = w.wait_for(0, "What do you need help with?");
            // The fifth item: "Test my destination now"; then the HTTPS endpoint.
            for _ in 0..4 {
                w.key("j");
            }
            w.key("\r");
            at = w.wait_for(at, "Test my endpoint now");
            w.key("\r");
            at = w.wait_for(at, "HTTP POST URL");
            w.key(&format!("\x1b[200~http://127.0.0.1:{port}/hook\x1b[201~"));
            at = w.wait_for(at, &format!("{port}/hook"));
            w.key("\r");
            // The progress spinner (only changed cells are written, so not the whole line).
            w.wait_for(at, "⠙");
            (w, names)
        }
    }
}

/// The signal ends the wizard on every screen, as described at the top.
fn ends_cleanly(signal: libc::c_int) {
    for screen in SCREENS {
        let (mut w, names) = open(screen);
        let what = format!("signal {signal} on {screen:?}");
        assert!(w.raw_mode(), "{what}: raw mode before");
        w.signal(signal);
        let status = w.wait_exit();
        assert_eq!(status.signal(), None, "{what}: killed instead of exiting");
        assert_eq!(status.code(), Some(128 + signal), "{what}: exit status");
        let out = w.output();
        assert_restored(&out, &what);
        assert!(!w.raw_mode(), "{what}: raw mode left on");
        let note = rfind(&out, b"transcript written to")
            .unwrap_or_else(|| panic!("{what}: no note of the transcript"));
        assert!(
            note > rfind(&out, b"\x1b[?1049l").unwrap(),
            "{what}: the note is written on the restored screen"
        );
        let md = std::fs::read_to_string(&w.transcript)
            .unwrap_or_else(|e| panic!("{what}: transcript: {e}"));
        assert!(md.contains(names), "{what}: {md}");
    }
}

#[test]
fn sigint_restores_the_terminal_writes_the_transcript_and_exits_130() {
    ends_cleanly(libc::SIGINT);
}

#[test]
fn sigterm_restores_the_terminal_writes_the_transcript_and_exits_143() {
    ends_cleanly(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal_writes_the_transcript_and_exits_129() {
    ends_cleanly(libc::SIGHUP);
}

#[test]
fn sigquit_restores_the_terminal_writes_the_transcript_and_exits_131() {
    ends_cleanly(libc::SIGQUIT);
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_takes_it_again_with_keys_working() {
    for screen in SCREENS {
        let (mut w, names) = open(screen);
        let what = format!("TSTP on {screen:?}");
        let before = w.len();
        w.signal(libc::SIGTSTP);
        w.wait_until_stopped();
        // Written before it stopped; wait for the reader to have it.
        w.wait_for(before, "\x1b[?25h");
        let out = w.output();
        assert_restored(&out, &what);
        assert!(!w.raw_mode(), "{what}: raw mode left on while stopped");
        let before = w.len();
        w.signal(libc::SIGCONT);
        // Redrawn whole: the screen is cleared and the frame written again.
        let at = w.wait_for(before, "\x1b[2J");
        let what = format!("CONT on {screen:?}");
        w.wait_for(at, marks(screen).0);
        assert_taken_again(&w.output()[before..], &what);
        assert!(w.raw_mode(), "{what}: raw mode");
        // A key works at once, without Enter: F2 switches presenter mode on, which shows it.
        let at = w.len();
        w.key("\x1bOQ");
        w.wait_for(at, "key F2");
        w.signal(libc::SIGTERM);
        let status = w.wait_exit();
        assert_eq!(status.code(), Some(143), "{what}: then SIGTERM");
        assert_restored(&w.output(), &what);
        assert!(!w.raw_mode());
        let md = std::fs::read_to_string(&w.transcript).unwrap();
        assert!(md.contains(names), "{what}: {md}");
    }
}

#[test]
fn q_exits_0_and_ctrl_c_exits_130_both_restoring_the_terminal() {
    for (key, code) in [("q", 0), ("\x03", 130)] {
        let (mut w, _) = open(Screen::Start);
        w.key(key);
        let status = w.wait_exit();
        assert_eq!(status.code(), Some(code), "{key:?}");
        assert_restored(&w.output(), key);
        assert!(!w.raw_mode());
        assert!(w.transcript.exists());
    }
}

#[test]
fn keys_arriving_as_a_burst_are_a_paste_and_never_commands() {
    // Without bracketed paste (Windows consoles, some SSH terminals), a paste is keystrokes:
    // `q` would quit, `L` switch the language. Sent together, they land in the paste box.
    let (mut w, _) = open(Screen::Start);
    let at = w.len();
    w.key("qL AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found.");
    w.wait_for(at, "dynamics-aad-tenant-not-found");
    assert!(w.child.try_wait().unwrap().is_none(), "q did not quit");
    w.signal(libc::SIGTERM);
    assert_eq!(w.wait_exit().code(), Some(143));
}

#[test]
fn closing_the_terminal_writes_the_transcript_and_exits_129() {
    for screen in SCREENS {
        let (mut w, names) = open(screen);
        let status = w.hang_up();
        assert_eq!(status.code(), Some(129), "{screen:?}: 128 + SIGHUP");
        let md = std::fs::read_to_string(&w.transcript).unwrap();
        assert!(md.contains(names), "{screen:?}: {md}");
    }
}

#[test]
fn a_terminal_that_goes_away_without_sighup_still_ends_the_wizard() {
    // A terminal that is not the program's controlling terminal sends no SIGHUP when it
    // closes; its reads just fail. The wizard must still end, not spin on a dead terminal.
    let mut w = Wizard::start_on(&[], false);
    w.wait_for(0, marks(Screen::Start).0);
    let status = w.hang_up();
    assert_eq!(status.code(), Some(129), "128 + SIGHUP");
    let md = std::fs::read_to_string(&w.transcript).unwrap();
    assert!(md.contains(marks(Screen::Start).1), "{md}");
}

/// Plain mode, reading answers from a pipe; `signal` arrives while it waits at a prompt.
fn plain_mode_ends(signal: libc::c_int, transcript: bool) {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("session.md");
    let mut command = Command::new(env!("CARGO_BIN_EXE_leadwiz"));
    command.arg("--plain");
    if transcript {
        command.arg("--transcript").arg(&md);
    }
    let mut child = command
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"3\n").unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !(seen.contains("[question · error-list]") && seen.ends_with("> ")) {
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "leadwiz ended early: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    // SAFETY: a signal to our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < WAIT, "leadwiz did not end");
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    let what = format!("plain mode, signal {signal}, transcript {transcript}");
    assert_eq!(status.signal(), None, "{what}: killed instead of exiting");
    assert_eq!(status.code(), Some(128 + signal), "{what}");
    if transcript {
        let text = std::fs::read_to_string(&md).expect("the transcript was written");
        assert!(text.contains("(`error-list`)"), "{what}: {text}");
    }
}

#[test]
fn plain_mode_exits_128_plus_the_signal_with_and_without_a_transcript() {
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
        plain_mode_ends(signal, true);
        plain_mode_ends(signal, false);
    }
}

#[test]
fn copy_asks_the_terminal_and_never_claims_a_copy_it_cannot_know() {
    let (mut w, _) = open(Screen::Start);
    let at = w.len();
    w.key("y");
    let end = w.wait_for(at, "Asked");
    let out = w.output();
    let osc52 = find(&out[at..], b"\x1b]52;c;").expect("an OSC 52 request");
    assert!(at + osc52 < end, "the request comes before the status line");
    assert!(find(&out[at..], b"Copied").is_none());
    w.key("q");
    assert_eq!(w.wait_exit().code(), Some(0));
}

/// A signal while the masked prompt reads a secret (`validate`, and plain mode's "Test my
/// destination") gives the terminal back before leadwiz exits with 128 + the signal.
#[test]
fn the_masked_secret_prompt_gives_the_terminal_back_on_a_signal() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let mut w = Wizard::launch(
            &[
                "validate",
                "marketo",
                "--munchkin-id",
                "123-ABC-456",
                "--client-id",
                "client",
            ],
            true,
            false,
        );
        w.wait_for(0, "Marketo client secret (not shown as you type): ");
        w.key("abc");
        w.wait_for(0, "***");
        assert!(w.raw_mode(), "the prompt reads in raw mode");
        w.signal(signal);
        let status = w.wait_exit();
        assert_eq!(status.code(), Some(128 + signal), "signal {signal}");
        assert!(!w.raw_mode(), "signal {signal}: raw mode left on");
    }

    // Plain mode: the transcript is written as well.
    let mut w = Wizard::launch(&["--plain", "--goto", "dest-marketo"], true, true);
    let at = w.wait_for(0, "> ");
    w.key("1\r");
    let at = w.wait_for(at, "Munchkin ID");
    w.key("123-ABC-456\r");
    let at = w.wait_for(at, "Form ID");
    w.key("\r");
    let at = w.wait_for(at, "Client ID");
    w.key("client\r");
    w.wait_for(at, "Client secret (not shown as you type): ");
    assert!(w.raw_mode());
    w.signal(libc::SIGTERM);
    let status = w.wait_exit();
    assert_eq!(status.code(), Some(143));
    assert!(!w.raw_mode(), "raw mode left on");
    let md = std::fs::read_to_string(&w.transcript).expect("the transcript was written");
    assert!(md.contains("dest-marketo"), "{md}");
}
