//! The interactive wizard (ratatui): the model and its `update` (`app/`), named actions and
//! the one keymap, each screen's state, update and view (`screens/`), the frame (`view.rs`),
//! terminal set-up that is always undone (`terminal.rs`), and the event loop: keys, pastes,
//! reloads, check results and signals arrive as messages on one channel (`run`), and the loop
//! performs the effects `update` asks for.

use crate::guide::Lang;

pub mod action;
pub mod app;
pub mod drawn;
pub mod frame;
pub mod hints;
pub mod input;
pub mod keymap;
pub mod live_check;
pub mod messages;
pub mod normal;
pub mod presenter;
pub mod screens;
pub mod shared;
pub mod terminal;
pub mod theme;
pub mod type_ahead;
pub mod view;
pub mod wrap;

use std::io;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::platform::clipboard::{self, Copied};
use crate::platform::signals::{self, Signal};
use app::{App, Screen, Update};
use keymap::Context;
use theme::Theme;

/// Everything the wizard reacts to, on one channel.
pub enum Message {
    /// A key, a paste (bracketed, or a burst of keys), the mouse, a resize.
    Input(Event),
    /// The terminal cannot be read any more.
    InputFailed(io::Error),
    /// The content folder changed and was loaded again (`--content` with live reload).
    Reload(crate::watch::Reload),
    /// A live check has its report.
    CheckDone,
    /// A signal or console event.
    Signal(Signal),
}

/// How the wizard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `q`.
    Quit,
    /// Ctrl-C pressed (the terminal is in raw mode, so it is a key, not SIGINT).
    Interrupted,
    /// A signal or console event ended it.
    Signal(Signal),
}

impl Exit {
    /// The exit status: 0 for `q`, else 128 + the signal's number (Ctrl-C counts as SIGINT).
    pub fn status(self) -> u8 {
        match self {
            Exit::Quit => 0,
            Exit::Interrupted => Signal::Interrupt.exit_status(),
            Exit::Signal(s) => s.exit_status(),
        }
    }
}

/// How often the progress of a running check is redrawn.
const PROGRESS: Duration = Duration::from_millis(100);

/// Runs the wizard until the user quits or a signal ends it; the terminal is restored in
/// every case (and while the program is stopped). With `watch`, the content folder is watched
/// and reloaded on every change.
pub fn run(
    app: &mut App,
    theme: Theme,
    mouse: bool,
    watch: Option<std::path::PathBuf>,
) -> io::Result<Exit> {
    let (tx, rx) = channel::<Message>();
    // Listen before the terminal changes, so no signal finds it changed and unguarded.
    let to_loop = tx.clone();
    let _signals = signals::listen(signals::has_job_control(), move |s| {
        let _ = to_loop.send(Message::Signal(s));
    })?;
    // A terminal that goes away without a SIGHUP (it was not our controlling terminal) ends
    // the wizard the same way; otherwise its reads would fail for ever, unseen.
    let to_loop = tx.clone();
    crate::platform::console::on_hangup(move || {
        let _ = to_loop.send(Message::Signal(Signal::Hangup));
    })?;
    let guard = terminal::Guard::new(mouse)?;
    let pause = std::sync::Arc::new(input::Pause::default());
    spawn_input(tx.clone(), pause.clone())?;
    let _watching = match &watch {
        Some(dir) => {
            let to_loop = tx.clone();
            match crate::watch::watch_with(dir, move |r| to_loop.send(Message::Reload(r)).is_ok()) {
                Ok(w) => Some(w),
                Err(e) => {
                    app.update(Update::Status(messages::Msg::CannotWatch {
                        dir: dir.clone(),
                        error: e.to_string(),
                    }));
                    None
                }
            }
        }
        None => None,
    };
    let to_loop = tx.clone();
    let notify: live_check::Notify = std::sync::Arc::new(move || {
        let _ = to_loop.send(Message::CheckDone);
    });
    drop(tx);
    // Never dropped: its drop shows the cursor (the guard does that) and, when the terminal has
    // gone away, prints the failure to a standard error that is gone too, which panics.
    let mut terminal =
        std::mem::ManuallyDrop::new(Terminal::new(CrosstermBackend::new(io::stdout()))?);
    match redraw_all(&mut terminal).and_then(|()| {
        let outside = Outside {
            guard: &guard,
            pause: &pause,
            notify,
        };
        event_loop(app, &theme, &outside, &mut terminal, &rx)
    }) {
        Err(e) => settle(&rx, e),
        exit => exit,
    }
}

/// After a terminal error: a terminal that went away (its window closed) also sends SIGHUP,
/// which says more than the error; wait a moment for it.
fn settle(rx: &Receiver<Message>, error: io::Error) -> io::Result<Exit> {
    let deadline = std::time::Instant::now() + Duration::from_millis(300);
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Message::Signal(s)) if s.ends() => return Ok(Exit::Signal(s)),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Err(error)
}

/// Reads the terminal on a thread of its own; every event (pastes made of keys too) becomes a
/// message.
fn spawn_input(tx: Sender<Message>, pause: std::sync::Arc<input::Pause>) -> io::Result<()> {
    let source = input::TerminalSource::new(pause)?;
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            let mut reader = input::Reader::new(source);
            loop {
                let message = match reader.read() {
                    Ok(e) => Message::Input(e),
                    Err(e) => {
                        let _ = tx.send(Message::InputFailed(e));
                        return;
                    }
                };
                if tx.send(message).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// What the loop hands the terminal over with when a program runs on it (the editor), and
/// what wakes it when a live check has its report.
struct Outside<'a> {
    guard: &'a terminal::Guard,
    pause: &'a input::Pause,
    notify: live_check::Notify,
}

/// Draws, then waits for the next message; until the user quits or a signal ends it.
fn event_loop(
    app: &mut App,
    theme: &Theme,
    outside: &Outside,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    rx: &Receiver<Message>,
) -> io::Result<Exit> {
    let guard = outside.guard;
    loop {
        let mut drawn = drawn::Drawn::default();
        terminal.draw(|frame| drawn = view::draw(frame, app, theme))?;
        app.update(Update::Drawn(drawn));
        // While a check runs, its progress is redrawn now and then; otherwise nothing changes
        // on screen until a message comes.
        let message = if app.check_running() {
            match rx.recv_timeout(PROGRESS) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => Message::CheckDone,
                Err(RecvTimeoutError::Disconnected) => return Ok(Exit::Quit),
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => return Ok(Exit::Quit),
            }
        };
        match message {
            Message::Input(Event::Key(k))
                if k.code == KeyCode::Char('c')
                    && k.modifiers.contains(KeyModifiers::CONTROL)
                    && k.kind != KeyEventKind::Release =>
            {
                return Ok(Exit::Interrupted);
            }
            Message::Input(Event::Key(k))
                if k.code == KeyCode::Char('z')
                    && k.modifiers.contains(KeyModifiers::CONTROL)
                    && k.kind != KeyEventKind::Release
                    && signals::has_job_control() =>
            {
                // Raw mode reads Ctrl-Z as a key: stop as the terminal's own Ctrl-Z would.
                suspend(guard, terminal)?;
            }
            Message::Input(ev) => {
                let effects = handle(app, ev);
                for effect in effects {
                    match effect {
                        app::Effect::Edit(file, line) => edit(app, outside, terminal, &file, line)?,
                        app::Effect::RunCheck(job) => job.spawn(Some(outside.notify.clone())),
                        other => perform(app, other),
                    }
                }
                if app.quitting() {
                    return Ok(Exit::Quit);
                }
            }
            Message::InputFailed(e) => return Err(e),
            Message::Reload(r) => {
                app.update(Update::Reloaded(r));
            }
            Message::CheckDone => {
                app.update(Update::CheckReport);
            }
            Message::Signal(Signal::Suspend) => suspend(guard, terminal)?,
            Message::Signal(Signal::Continue) => {
                // After our own stop, `suspend` has taken the terminal back already: doing it
                // again would switch raw mode off and on under the user's first keys. After a
                // stop that was not ours to see (SIGSTOP), take it back now.
                if !guard.taken_back() {
                    guard.resume()?;
                    redraw_all(terminal)?;
                }
            }
            Message::Signal(s) => return Ok(Exit::Signal(s)),
        }
    }
}

/// Gives the terminal back and stops (Ctrl-Z, SIGTSTP); once continued (`fg`), takes the
/// terminal again and draws everything anew.
fn suspend(
    guard: &terminal::Guard,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
) -> io::Result<()> {
    guard.suspend();
    signals::stop();
    guard.take_back()?;
    redraw_all(terminal)
}

/// Clears the screen so the next frame is drawn whole. Not `Terminal::clear`, which asks the
/// terminal where the cursor is, and the answer would go to the input thread.
fn redraw_all(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>) -> io::Result<()> {
    let area = terminal.size()?.into();
    terminal.resize(area)
}

/// What the status line says after a copy: what was copied, and only a copy the system
/// confirmed is "copied".
fn copy_status(app: &App, what: messages::Copy, result: io::Result<Copied>) -> messages::Msg {
    let id = app.session().current().to_owned();
    match result {
        Ok(Copied::Done) => messages::Msg::Copied { what, id },
        Ok(Copied::Asked) => messages::Msg::CopyAsked { what, id },
        Err(e) => messages::Msg::CopyFailed(e.to_string()),
    }
}

/// Does what `update` asked for: writes the transcript, copies to the clipboard (the status
/// line says what happened), starts a live check.
pub fn perform(app: &mut App, effect: app::Effect) {
    match effect {
        app::Effect::WriteTranscript => {
            let said = match app.write_transcript() {
                Ok(path) => messages::Msg::TranscriptWritten(path),
                Err(e) => messages::Msg::TranscriptFailed(e.to_string()),
            };
            app.update(Update::Status(said));
        }
        app::Effect::Copy(text, what) => {
            let result = clipboard::copy(&text, &mut io::stdout());
            let said = copy_status(app, what, result);
            app.update(Update::Status(said));
        }
        // Without the loop to wake, the check's report is polled for.
        app::Effect::RunCheck(job) => job.spawn(None),
        // Only the loop can hand the terminal over.
        app::Effect::Edit(..) => {}
    }
}

/// Hands the terminal to the user's editor on `file` at `line` (the keys go to the editor, not
/// to the wizard), takes it back when the editor closes, and reloads the content folder.
fn edit(
    app: &mut App,
    outside: &Outside,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    file: &std::path::Path,
    line: usize,
) -> io::Result<()> {
    outside.pause.pause();
    outside.guard.suspend();
    let result = crate::platform::editor::open(file, line);
    let back = outside.guard.resume();
    outside.pause.resume();
    back?;
    redraw_all(terminal)?;
    let failed = match result {
        Ok(status) if status.success() => None,
        Ok(status) => Some(status.to_string()),
        Err(e) => Some(e.to_string()),
    };
    if let Some(error) = failed {
        let words = crate::platform::editor::command(file, line, |n| std::env::var(n).ok());
        app.update(Update::Status(messages::Msg::EditorFailed {
            editor: words.first().cloned().unwrap_or_default(),
            error,
        }));
    }
    if let Some(dir) = app.content_dir().map(std::path::Path::to_path_buf) {
        app.update(Update::Reloaded(crate::watch::load(&dir)));
    }
    Ok(())
}

/// Applies one terminal event to the app; returns the effects the loop must perform.
pub fn handle(app: &mut App, ev: Event) -> Vec<app::Effect> {
    handle_at(app, ev, std::time::Instant::now())
}

/// `handle` for an event that came at `now` (type-ahead reads the pauses between letters).
pub fn handle_at(app: &mut App, ev: Event, now: std::time::Instant) -> Vec<app::Effect> {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let context = app.context();
            let action = keymap::action_at(key, context, app.finding(now));
            // Too small to see what a key would do: only quitting acts.
            if app.drawn().too_small && action != Some(action::Action::Quit) {
                return Vec::new();
            }
            let label = keymap::label(key, context);
            // Any other key types where there is a box to type in.
            let typing = keymap::is_text(context)
                || (context == Context::List
                    && matches!(key.code, KeyCode::Char(_))
                    && !key.modifiers.contains(KeyModifiers::CONTROL));
            let action = match action {
                None if typing => Some(action::Action::Type(key)),
                action => action,
            };
            return app.update_at(Update::Key { label, action }, now);
        }
        Event::Paste(text) => {
            let label = if app.lang() == Lang::ZhCn {
                "粘贴"
            } else {
                "paste"
            };
            let action = None;
            app.update_at(
                Update::Key {
                    label: label.into(),
                    action,
                },
                now,
            );
            return app.update_at(Update::Paste(text), now);
        }
        Event::Mouse(_) if app.drawn().too_small => {}
        Event::Mouse(m) => match m.kind {
            event::MouseEventKind::Down(event::MouseButton::Left)
                if app.screen() == Screen::Node && !app.help().is_open() =>
            {
                return app.update_at(action::Action::Click(m.column, m.row), now);
            }
            event::MouseEventKind::ScrollDown => {
                return app.update_at(action::Action::Wheel(true), now);
            }
            event::MouseEventKind::ScrollUp => {
                return app.update_at(action::Action::Wheel(false), now);
            }
            _ => {}
        },
        _ => {}
    }
    Vec::new()
}
