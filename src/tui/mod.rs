//! The interactive wizard (ratatui): the model and its `update` (`app.rs`), named actions and
//! the one keymap, one file per screen, the frame (`view.rs`), and terminal set-up that is
//! always undone (`terminal.rs`).

pub mod action;
pub mod app;
pub mod keymap;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod view;

use std::io;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};

use app::{App, Screen};
use keymap::Context;
use theme::Theme;

/// Runs the wizard until the user quits.
pub fn run(mut app: App, theme: Theme, mouse: bool) -> io::Result<()> {
    let _guard = terminal::Guard::new(mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    while !app.quit {
        terminal.draw(|frame| view::draw(frame, &app, &theme))?;
        handle(&mut app, event::read()?);
    }
    Ok(())
}

/// Applies one terminal event to the app.
pub fn handle(app: &mut App, ev: Event) {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let context = app.context();
            if let Some(action) = keymap::action(key, context) {
                app.update(action);
                return;
            }
            match context {
                Context::TextInput if app.paste.input(key) => app.rediagnose(),
                Context::Search => match key.code {
                    KeyCode::Char(c) => app.search_input(Some(c)),
                    KeyCode::Backspace => app.search_input(None),
                    _ => {}
                },
                _ => {}
            }
        }
        Event::Paste(text) => {
            if app.screen != Screen::Paste {
                app.update(action::Action::OpenPaste);
            }
            app.focus = app::Focus::Text;
            app.insert_paste(&text);
        }
        Event::Mouse(m) => match m.kind {
            event::MouseEventKind::ScrollDown => app.scroll = app.scroll.saturating_add(3),
            event::MouseEventKind::ScrollUp => app.scroll = app.scroll.saturating_sub(3),
            _ => {}
        },
        _ => {}
    }
}
