//! The interactive wizard (ratatui): the model and its `update` (`app.rs`), named actions and
//! the one keymap, one file per screen, the frame (`view.rs`), and terminal set-up that is
//! always undone (`terminal.rs`).

pub mod action;
pub mod app;
pub mod keymap;
pub mod live_check;
pub mod presenter;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod wrap;

use std::io;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};

use app::{App, Screen};
use keymap::Context;
use theme::Theme;

/// Runs the wizard until the user quits, or a SIGTERM or SIGHUP arrives (the terminal is
/// restored in every case).
/// With `watch`, the content folder is watched and reloaded on every change.
pub fn run(
    app: &mut App,
    theme: Theme,
    mouse: bool,
    watch: Option<std::path::PathBuf>,
) -> io::Result<()> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    app.hyperlinks = std::env::var("TERM").map_or(true, |t| t != "dumb");
    let _guard = terminal::Guard::new(mouse)?;
    // The event reader can be stuck inside a read when a signal comes (after a hangup it keeps
    // reading an end of file): a watcher restores the terminal and ends the process then.
    let watched = Arc::clone(&stop);
    std::thread::spawn(move || {
        loop {
            if watched.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(300));
                terminal::restore(mouse);
                std::process::exit(0);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    });
    let watcher = match &watch {
        Some(dir) => match crate::watch::watch(dir) {
            Ok(w) => Some(w),
            Err(e) => {
                app.status = Some(format!("cannot watch {}: {e}", dir.display()));
                None
            }
        },
        None => None,
    };
    // Poll, so a signal (and, when watching, a reload) is noticed while no key is pressed.
    let tick = std::time::Duration::from_millis(if watcher.is_some() { 15 } else { 200 });
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let mut dirty = true;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        if dirty {
            terminal.draw(|frame| view::draw(frame, app, &theme))?;
            if let Some(text) = app.pending_copy.take() {
                copy_osc52(&text)?;
            }
        }
        let tick = if app.check_running() {
            tick.min(std::time::Duration::from_millis(100))
        } else {
            tick
        };
        dirty = event::poll(tick)?;
        if dirty {
            handle(app, event::read()?);
        }
        // Progress is redrawn while a check runs; its report as soon as it comes.
        if app.check_running() {
            dirty = true;
            app.poll_check();
        }
        if let Some(w) = &watcher {
            while let Ok(reload) = w.reloads.try_recv() {
                app.reload(reload);
                dirty = true;
            }
        }
    }
    Ok(())
}

/// Puts `text` on the clipboard through the terminal (OSC 52), which works over SSH too.
fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Applies one terminal event to the app.
pub fn handle(app: &mut App, ev: Event) {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let context = app.context();
            app.last_key = Some(keymap::label(key, context));
            if let Some(action) = keymap::action(key, context) {
                app.update(action);
                return;
            }
            match context {
                Context::TextInput if app.paste.input(key) => app.rediagnose(),
                Context::Field => {
                    if let Some(check) = app.check.as_mut()
                        && check.field.input(key)
                    {
                        // A one-line field: a newline never stays in it.
                        let text = check.field.lines().join("");
                        check.set_text(&text);
                    }
                }
                Context::Search => match key.code {
                    KeyCode::Char(c) => app.search_input(Some(c)),
                    KeyCode::Backspace => app.search_input(None),
                    _ => {}
                },
                _ => {}
            }
        }
        Event::Paste(text) => {
            let label = if app.lang == "zh-CN" {
                "粘贴"
            } else {
                "paste"
            };
            app.last_key = Some(label.to_owned());
            // On "Test my destination" a paste is the destination's URL.
            if app.screen == Screen::Check {
                if let Some(check) = app.check.as_mut().filter(|c| c.typing()) {
                    check.insert(&text);
                }
                return;
            }
            if app.screen != Screen::Paste {
                app.update(action::Action::OpenPaste);
            }
            app.focus = app::Focus::Text;
            app.insert_paste(&text);
        }
        Event::Mouse(m) => match m.kind {
            event::MouseEventKind::ScrollDown => {
                app.scroll = Some(app.shown.get().0.saturating_add(3))
            }
            event::MouseEventKind::ScrollUp => {
                app.scroll = Some(app.shown.get().0.saturating_sub(3))
            }
            _ => {}
        },
        _ => {}
    }
}
