//! Reading the terminal on a thread of its own, and telling a paste from typing.
//!
//! A terminal with bracketed paste marks a paste; a Windows console, and some terminals over
//! SSH, send it as keystrokes, which would otherwise run as commands (`q` quits, `L` switches
//! the language). A person does not type two keys within a couple of milliseconds: printable
//! keys that arrive that close together are a paste, and are delivered whole as one
//! `Event::Paste`, which goes to the paste box (or the field being typed in).

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::platform::terminal_wait::{Waiter, Wake};

/// How soon the next printable key must follow the first for the two to start a paste. A
/// pasted text arrives in one read, so its keys are waiting already; a person's next key
/// comes tens of milliseconds later at the fastest (key repeat included). This is also the
/// delay before a lone printable key acts.
pub const BURST_START: Duration = Duration::from_millis(3);

/// Within a paste, the longest pause between keys (a long paste may arrive in several reads).
pub const BURST_GAP: Duration = Duration::from_millis(15);

/// How many keys make a paste.
pub const BURST_MIN: usize = 2;

/// At most this much of a paste made of keys is kept (the rest is read and dropped, so none
/// of it acts as a command); the paste box notes a truncated input.
pub const BURST_MAX: usize = crate::diagnose::normalise::MAX_INPUT + 4;

/// Where events come from: the terminal, or a script in tests.
pub trait Source {
    /// The next event; `None` when none comes within `timeout` (`None`: wait for ever).
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>>;
}

/// Lets the main thread stop the terminal being read for a while (an editor runs on it, and
/// its keys are the editor's): the reading thread is woken, and parks until reading resumes.
/// Ends the reading thread's wait on the terminal.
type WakeUp = Box<dyn Fn() + Send>;

#[derive(Default)]
pub struct Pause {
    /// (reading should pause, the reading thread is parked).
    state: std::sync::Mutex<(bool, bool)>,
    changed: std::sync::Condvar,
    /// Wakes the reading thread from its wait on the terminal.
    waker: std::sync::Mutex<Option<WakeUp>>,
}

/// How long `pause` waits at most for the reading thread to park (it parks at once when woken;
/// a reader that is not reading at all never does).
const PARK_WAIT: Duration = Duration::from_millis(500);

/// When the terminal cannot be waited on with a wake-up (see `terminal_wait`), or crossterm
/// holds input it takes only when more comes, the reader waits in slices this long, looking
/// between them whether it should pause (the editor starts at most this long after `e`).
const SLICE: Duration = Duration::from_millis(100);

impl Pause {
    /// Stops reading; returns once the reading thread is parked (or after `PARK_WAIT`, if it
    /// is not reading at all).
    pub fn pause(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 = true;
        if let Some(wake) = &*self.waker.lock().unwrap_or_else(|e| e.into_inner()) {
            wake();
        }
        let deadline = std::time::Instant::now() + PARK_WAIT;
        while !state.1 {
            let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) else {
                break;
            };
            state = match self.changed.wait_timeout(state, left) {
                Ok((s, _)) => s,
                Err(e) => e.into_inner().0,
            };
        }
    }

    /// Reading goes on.
    pub fn resume(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 = false;
        self.changed.notify_all();
    }

    /// On the reading thread: parks while reading is paused.
    fn wait_while_paused(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.0 {
            return;
        }
        state.1 = true;
        self.changed.notify_all();
        while state.0 {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.1 = false;
    }
}

/// What the terminal source needs of the terminal: crossterm's reader, and a wait for input
/// that can be woken (tests script both).
pub trait Terminal {
    /// Whether crossterm has an event within `timeout` (`Duration::ZERO`: already).
    fn poll(&mut self, timeout: Duration) -> io::Result<bool>;
    /// The event `poll` found.
    fn read(&mut self) -> io::Result<Event>;
    /// Sleeps until the terminal has input, a wake-up, or `timeout` (`None`: no timeout).
    fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Wake>;
}

/// The real terminal: crossterm, and the platform's wait.
pub struct Crossterm(Waiter);

impl Terminal for Crossterm {
    fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
        event::poll(timeout)
    }
    fn read(&mut self) -> io::Result<Event> {
        event::read()
    }
    fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Wake> {
        self.0.wait(timeout)
    }
}

/// The terminal as a source of events, which sleeps (no wake-ups at all) until a key comes or
/// reading is paused.
pub struct TerminalSource<T> {
    terminal: T,
    pause: std::sync::Arc<Pause>,
}

impl TerminalSource<Crossterm> {
    /// Reads the terminal crossterm reads; `pause` can stop it.
    pub fn new(pause: std::sync::Arc<Pause>) -> io::Result<Self> {
        let (waiter, waker) = Waiter::new()?;
        Ok(Self::with(
            Crossterm(waiter),
            Box::new(move || waker.wake()),
            pause,
        ))
    }
}

impl<T: Terminal> TerminalSource<T> {
    fn with(terminal: T, wake: WakeUp, pause: std::sync::Arc<Pause>) -> Self {
        *pause.waker.lock().unwrap_or_else(|e| e.into_inner()) = Some(wake);
        TerminalSource { terminal, pause }
    }
}

impl<T: Terminal> Source for TerminalSource<T> {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>> {
        let deadline = timeout.map(|t| std::time::Instant::now() + t);
        // Whether to wait in crossterm, in slices, rather than on the terminal: it cannot be
        // waited on, or it has input crossterm does not hand out yet (crossterm reads a long
        // burst of keys a kilobyte at a time and takes the rest only when more comes).
        let mut sliced = false;
        loop {
            self.pause.wait_while_paused();
            // Crossterm may hold parsed events of its own: always take those first.
            if self.terminal.poll(Duration::ZERO)? {
                return self.terminal.read().map(Some);
            }
            let left = deadline.map(|d| d.saturating_duration_since(std::time::Instant::now()));
            if left == Some(Duration::ZERO) {
                return Ok(None);
            }
            if sliced {
                if self.terminal.poll(left.map_or(SLICE, |l| l.min(SLICE)))? {
                    return self.terminal.read().map(Some);
                }
                sliced = self.terminal.wait(Some(Duration::ZERO))? != Wake::Timeout;
                continue;
            }
            match self.terminal.wait(left)? {
                Wake::Input | Wake::Unsupported => sliced = true,
                Wake::Woken | Wake::Timeout => {}
            }
        }
    }
}

/// Reads events from a source, turning bursts of printable keys into pastes.
pub struct Reader<S> {
    source: S,
    /// An event read while looking for the end of a burst, delivered next.
    held: Option<Event>,
}

/// The character a key types, if it is one a paste is made of: a printable character (with
/// Shift, or AltGr, which Windows reports as Ctrl+Alt), or Enter and Tab inside a paste.
fn typed(event: &Event, inside: bool) -> Option<char> {
    let Event::Key(KeyEvent {
        code, modifiers, ..
    }) = event
    else {
        return None;
    };
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    let plain = (*modifiers - KeyModifiers::SHIFT).is_empty()
        || (*modifiers - KeyModifiers::SHIFT) == altgr;
    match code {
        KeyCode::Char(c) if plain && !c.is_control() => Some(*c),
        KeyCode::Enter if inside && modifiers.is_empty() => Some('\n'),
        KeyCode::Tab if inside && modifiers.is_empty() => Some('\t'),
        _ => None,
    }
}

/// A key release (Windows reports them; other terminals do not).
fn release(event: &Event) -> bool {
    matches!(event, Event::Key(k) if k.kind == KeyEventKind::Release)
}

impl<S: Source> Reader<S> {
    pub fn new(source: S) -> Self {
        Reader { source, held: None }
    }

    /// The next event: a key as it came, or the keys of a burst as one `Event::Paste`.
    pub fn read(&mut self) -> io::Result<Event> {
        let first = match self.held.take() {
            Some(e) => e,
            None => loop {
                if let Some(e) = self.source.next(None)? {
                    break e;
                }
            },
        };
        let Some(c) = typed(&first, false).filter(|_| !release(&first)) else {
            return Ok(first);
        };
        let mut text = String::from(c);
        let mut keys = 1;
        let mut wait = BURST_START;
        while let Some(next) = self.source.next(Some(wait))? {
            if release(&next) {
                continue;
            }
            match typed(&next, true) {
                Some(c) => {
                    if text.len() < BURST_MAX {
                        text.push(c);
                    }
                    keys += 1;
                    wait = BURST_GAP;
                }
                None => {
                    self.held = Some(next);
                    break;
                }
            }
        }
        Ok(if keys >= BURST_MIN {
            Event::Paste(text)
        } else {
            first
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// Events at set times (milliseconds from the start), read on a clock of its own.
    struct Script {
        now: Duration,
        events: VecDeque<(Duration, Event)>,
    }

    impl Script {
        fn new(events: &[(u64, Event)]) -> Self {
            Script {
                now: Duration::ZERO,
                events: events
                    .iter()
                    .map(|(ms, e)| (Duration::from_millis(*ms), e.clone()))
                    .collect(),
            }
        }
    }

    impl Source for Script {
        fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>> {
            let due = |at: Duration| timeout.is_none_or(|t| at <= self.now + t);
            match self.events.front() {
                Some((at, _)) if due(*at) => {
                    self.now = self.now.max(*at);
                    Ok(self.events.pop_front().map(|(_, e)| e))
                }
                _ => match timeout {
                    Some(t) => {
                        self.now += t;
                        Ok(None)
                    }
                    None => Err(io::ErrorKind::UnexpectedEof.into()),
                },
            }
        }
    }

    fn key(c: char) -> Event {
        let modifiers = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers))
    }

    fn code(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn released(e: Event) -> Event {
        match e {
            Event::Key(mut k) => {
                k.kind = KeyEventKind::Release;
                Event::Key(k)
            }
            e => e,
        }
    }

    fn all(script: &[(u64, Event)]) -> Vec<Event> {
        let mut reader = Reader::new(Script::new(script));
        let mut out = Vec::new();
        while let Ok(e) = reader.read() {
            out.push(e);
        }
        out
    }

    /// A terminal run by the test: events it is given, a signal for "look again" (input came,
    /// or the pause woke the reader), and a log of every call the source makes.
    struct Scripted {
        events: Arc<Mutex<VecDeque<Event>>>,
        signals: std::sync::mpsc::Receiver<()>,
        log: Arc<Mutex<Vec<String>>>,
        /// The terminal has bytes crossterm does not hand out: every wait says "input".
        stuck: bool,
    }

    use std::sync::{Arc, Mutex};

    impl Terminal for Scripted {
        fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
            self.log.lock().unwrap().push(format!("poll {timeout:?}"));
            let ready = !self.events.lock().unwrap().is_empty();
            if !ready {
                std::thread::sleep(timeout);
            }
            Ok(ready)
        }
        fn read(&mut self) -> io::Result<Event> {
            self.log.lock().unwrap().push("read".into());
            Ok(self.events.lock().unwrap().pop_front().unwrap())
        }
        fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Wake> {
            self.log.lock().unwrap().push(format!("wait {timeout:?}"));
            if self.stuck {
                return Ok(Wake::Input);
            }
            let got = match timeout {
                None => self.signals.recv().map_err(|_| ()),
                Some(t) => self.signals.recv_timeout(t).map_err(|_| ()),
            };
            Ok(match got {
                Ok(()) if self.events.lock().unwrap().is_empty() => Wake::Woken,
                Ok(()) => Wake::Input,
                Err(()) => Wake::Timeout,
            })
        }
    }

    /// A source over a scripted terminal: (source, its events, the input signal, its log).
    #[allow(clippy::type_complexity)]
    fn scripted(
        pause: &Arc<Pause>,
    ) -> (
        TerminalSource<Scripted>,
        Arc<Mutex<VecDeque<Event>>>,
        std::sync::mpsc::Sender<()>,
        Arc<Mutex<Vec<String>>>,
    ) {
        let (tx, signals) = std::sync::mpsc::channel();
        let events = Arc::new(Mutex::new(VecDeque::new()));
        let log = Arc::new(Mutex::new(Vec::new()));
        let terminal = Scripted {
            events: events.clone(),
            signals,
            log: log.clone(),
            stuck: false,
        };
        let waking = Mutex::new(tx.clone());
        let wake: WakeUp = Box::new(move || {
            let _ = waking.lock().unwrap().send(());
        });
        (
            TerminalSource::with(terminal, wake, pause.clone()),
            events,
            tx,
            log,
        )
    }

    #[test]
    fn an_idle_reader_waits_once_with_no_timeout_and_wakes_for_a_key() {
        let pause = Arc::new(Pause::default());
        let (mut source, events, input, log) = scripted(&pause);
        let reading = std::thread::spawn(move || source.next(None).unwrap());
        std::thread::sleep(Duration::from_millis(350));
        assert_eq!(
            *log.lock().unwrap(),
            ["poll 0ns", "wait None"],
            "idle, the reader sleeps in one wait: no timeouts, no looking again"
        );
        events.lock().unwrap().push_back(key('j'));
        input.send(()).unwrap();
        assert_eq!(reading.join().unwrap(), Some(key('j')));
    }

    #[test]
    fn events_crossterm_already_holds_come_before_any_wait_and_a_timeout_is_kept() {
        let pause = Arc::new(Pause::default());
        let (mut source, events, _input, log) = scripted(&pause);
        events.lock().unwrap().extend([key('a'), key('b')]);
        assert_eq!(source.next(None).unwrap(), Some(key('a')));
        assert_eq!(source.next(None).unwrap(), Some(key('b')));
        assert!(!log.lock().unwrap().iter().any(|l| l.starts_with("wait")));
        let start = std::time::Instant::now();
        assert_eq!(source.next(Some(Duration::from_millis(60))).unwrap(), None);
        assert!(start.elapsed() >= Duration::from_millis(60));
        let waits: Vec<_> = log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.starts_with("wait"))
            .cloned()
            .collect();
        assert!(
            waits.len() == 1 && waits[0].starts_with("wait Some("),
            "{waits:?}"
        );
    }

    #[test]
    fn input_crossterm_does_not_hand_out_yet_is_waited_for_in_slices_not_spun_on() {
        let pause = Arc::new(Pause::default());
        let (mut source, events, _input, log) = scripted(&pause);
        source.terminal.stuck = true;
        let reading = std::thread::spawn(move || source.next(None).unwrap());
        std::thread::sleep(Duration::from_millis(350));
        let calls = log.lock().unwrap().len();
        assert!(calls <= 16, "{:?}", log.lock().unwrap());
        assert!(log.lock().unwrap().contains(&format!("poll {SLICE:?}")));
        events.lock().unwrap().push_back(key('x'));
        assert_eq!(reading.join().unwrap(), Some(key('x')));
    }

    #[test]
    fn a_pause_wakes_the_idle_reader_which_reads_nothing_until_resumed() {
        let pause = Arc::new(Pause::default());
        let (source, events, input, log) = scripted(&pause);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = Reader::new(source);
            while let Ok(e) = reader.read() {
                if tx.send(e).is_err() {
                    return;
                }
            }
        });
        std::thread::sleep(Duration::from_millis(100));
        let start = std::time::Instant::now();
        pause.pause();
        assert!(
            start.elapsed() < PARK_WAIT / 2,
            "the reader parked when woken, not at the deadline: {:?}",
            start.elapsed()
        );
        log.lock().unwrap().clear();
        // The editor's keys: the parked reader does not look at the terminal.
        events.lock().unwrap().push_back(code(KeyCode::Down));
        input.send(()).unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        assert!(log.lock().unwrap().is_empty(), "{:?}", log.lock().unwrap());
        events.lock().unwrap().clear();
        pause.resume();
        events.lock().unwrap().push_back(code(KeyCode::Up));
        input.send(()).unwrap();
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(5)).unwrap(),
            code(KeyCode::Up)
        );
    }

    #[test]
    fn keys_typed_by_a_person_stay_keys() {
        // 40 ms apart: faster than anyone types, slower than any paste.
        let script = [(0, key('j')), (40, key('j')), (80, key('q'))];
        assert_eq!(all(&script), vec![key('j'), key('j'), key('q')]);
        // Arrows and Enter are never the start of a paste.
        let script = [(0, code(KeyCode::Down)), (0, code(KeyCode::Enter))];
        assert_eq!(
            all(&script),
            vec![code(KeyCode::Down), code(KeyCode::Enter)]
        );
    }

    #[test]
    fn a_burst_is_one_paste_with_its_line_ends_and_never_commands() {
        let text = "Lead q\tt: AADSTS90002\nnot found";
        let script: Vec<(u64, Event)> = text
            .chars()
            .map(|c| match c {
                '\n' => (0, code(KeyCode::Enter)),
                '\t' => (0, code(KeyCode::Tab)),
                c => (0, key(c)),
            })
            .collect();
        assert_eq!(all(&script), vec![Event::Paste(text.to_owned())]);
    }

    #[test]
    fn a_paste_arriving_in_pieces_stays_whole_and_what_follows_is_kept() {
        // Windows reports releases too; the second half comes 10 ms later; then an arrow.
        let script = [
            (0, key('a')),
            (0, released(key('a'))),
            (1, key('b')),
            (11, key('c')),
            (11, code(KeyCode::Up)),
            (200, key('q')),
        ];
        assert_eq!(
            all(&script),
            vec![Event::Paste("abc".into()), code(KeyCode::Up), key('q')]
        );
    }

    #[test]
    fn a_key_followed_closely_by_a_non_printable_key_stays_a_key() {
        let script = [(0, key('y')), (0, code(KeyCode::Esc)), (50, key('p'))];
        assert_eq!(all(&script), vec![key('y'), code(KeyCode::Esc), key('p')]);
        // Ctrl-C is never pasted text.
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        let script = [(0, key('x')), (0, ctrl_c.clone())];
        assert_eq!(all(&script), vec![key('x'), ctrl_c]);
    }

    #[test]
    fn a_huge_burst_is_read_to_its_end_but_kept_bounded() {
        let script: Vec<(u64, Event)> = (0..BURST_MAX + 100).map(|_| (0, key('x'))).collect();
        let events = all(&script);
        assert_eq!(events.len(), 1, "every key is part of the paste");
        match &events[0] {
            Event::Paste(t) => assert_eq!(t.len(), BURST_MAX),
            e => panic!("{e:?}"),
        }
    }
}
