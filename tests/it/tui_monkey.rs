//! The wizard under random use: keys a newcomer presses, words typed into every box, pastes
//! with escape sequences and Chinese text, clicks and the wheel, resizes down to 1×1, in both
//! languages. Every step is drawn, as the terminal loop does. Nothing may panic; the wizard
//! quits only when asked.
//!
//! "Test my destination" is left at once with Esc: its checks would reach real services, and
//! its screen has tests of its own against local servers.

use leadwiz::guide::{Guide, Lang, Sources};
use leadwiz::session::Session;
use leadwiz::tui::app::{App, Focus, Screen};
use leadwiz::tui::theme::ThemeName;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

#[derive(Debug, Clone)]
enum Op {
    Key(KeyCode, KeyModifiers),
    Type(&'static str),
    Paste(String),
    Resize(u16, u16),
    Click(u16, u16),
    Wheel(bool),
}

/// Words people type into the search and paste boxes: typos, Chinese with its punctuation,
/// synonyms, codes.
const WORDS: &[&str] = &[
    "destinaton",
    "潜在顾客",
    "潜在顾客u",
    "租户，找不到",
    "VM ",
    "AADSTS50126",
    "lead writer",
    "https://example.com/a?b=c ",
    "été",
    "\u{1F600}",
    "q",
    " ",
];

/// Pastes: real errors, control and escape sequences, long and wide text.
fn pastes() -> Vec<String> {
    vec![
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found."
            .to_owned(),
        "无法保存潜在顾客：找不到租户。AADSTS90002".to_owned(),
        "\x1b[31mred\x1b[0m \x1b]8;;https://x\x07link\x1b]8;;\x07 \x07\r\n\ttab".to_owned(),
        "AuthenticationFailed\r\nServer failed to authenticate the request.".repeat(40),
        "字".repeat(3000),
        String::new(),
    ]
}

fn key() -> impl Strategy<Value = Op> {
    let code = prop::sample::select(vec![
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::F(1),
        KeyCode::F(2),
        KeyCode::F(5),
        KeyCode::Char(' '),
    ]);
    let letter = prop::sample::select(
        "abcdefghijklmnopqrstuvwxyzGLTY?/[]'0123456789"
            .chars()
            .collect::<Vec<_>>(),
    );
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ]);
    prop_oneof![
        4 => (code, mods.clone()).prop_map(|(c, m)| Op::Key(c, m)),
        4 => (letter, mods).prop_map(|(c, m)| {
            // Ctrl-C quits, as it should; the sequence goes on without it.
            let m = if c == 'c' { KeyModifiers::NONE } else { m };
            // A terminal sends Shift with the capital letter.
            let c = if m == KeyModifiers::SHIFT { c.to_ascii_uppercase() } else { c };
            Op::Key(KeyCode::Char(c), m)
        }),
        2 => prop::sample::select(WORDS).prop_map(Op::Type),
        1 => prop::sample::select(pastes()).prop_map(Op::Paste),
        1 => (1u16..130, 1u16..45).prop_map(|(w, h)| Op::Resize(w, h)),
        1 => (0u16..130, 0u16..45).prop_map(|(x, y)| Op::Click(x, y)),
        1 => any::<bool>().prop_map(Op::Wheel),
    ]
}

fn event(op: &Op) -> Vec<Event> {
    match op {
        Op::Key(code, mods) => vec![Event::Key(KeyEvent::new(*code, *mods))],
        Op::Type(text) => text
            .chars()
            .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
            .collect(),
        Op::Paste(text) => vec![Event::Paste(text.clone())],
        Op::Resize(..) => Vec::new(),
        Op::Click(x, y) => vec![Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: *x,
            row: *y,
            modifiers: KeyModifiers::NONE,
        })],
        Op::Wheel(down) => vec![Event::Mouse(MouseEvent {
            kind: if *down {
                MouseEventKind::ScrollDown
            } else {
                MouseEventKind::ScrollUp
            },
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        })],
    }
}

/// Whether this key is `q` where it means quit: outside every text box (the help, even when
/// opened from a box, is not one).
fn quits(ev: &Event, app: &App) -> bool {
    let in_box = !app.help().is_open()
        && (app.screen() == Screen::Search
            || (app.screen() == Screen::Paste && app.focus() == Focus::Text));
    matches!(ev, Event::Key(k) if k.code == KeyCode::Char('q')
        && k.modifiers == KeyModifiers::NONE
        && !in_box)
}

#[test]
fn random_use_never_panics_and_quits_only_when_asked() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    // The same sequences on every run, so a failure is seen again; `MONKEY_CASES=5000` tries
    // that many new ones (a different draw each time).
    let more: Option<u32> = std::env::var("MONKEY_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    let config = Config {
        cases: more.unwrap_or(32),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = match more {
        Some(_) => TestRunner::new(config),
        None => TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha)),
    };
    let ops = (
        any::<bool>(),
        prop::collection::vec(key(), 1..60),
        prop::sample::select(vec![
            "start",
            "dest-dynamics",
            "dynamics-aad-tenant-not-found",
        ]),
        // Where the first key goes: the page, the search box or the paste box.
        prop::sample::select(vec![None, Some('/'), Some('p')]),
    );
    runner
        .run(&ops, |(zh, mut ops, at, first)| {
            if let Some(c) = first {
                ops.insert(0, Op::Key(KeyCode::Char(c), KeyModifiers::NONE));
            }
            let lang = if zh { Lang::ZhCn } else { Lang::En };
            let session = Session::walked_to(&guide, at).unwrap();
            let mut app = App::new(guide.clone(), lang, session);
            let (mut w, mut h) = (80u16, 24u16);
            crate::common::screen::draw(&mut app, w, h, ThemeName::Monochrome);
            for op in &ops {
                if let Op::Resize(nw, nh) = op {
                    (w, h) = (*nw, *nh);
                }
                for ev in event(op) {
                    let asked = quits(&ev, &app);
                    leadwiz::tui::handle(&mut app, ev);
                    if app.quitting() {
                        prop_assert!(asked, "quit after {op:?} without being asked");
                        return Ok(());
                    }
                    // Leave "Test my destination" before anything could start a check.
                    for _ in 0..4 {
                        if app.screen() != Screen::Check {
                            break;
                        }
                        leadwiz::tui::handle(
                            &mut app,
                            Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
                        );
                    }
                    prop_assert!(app.screen() != Screen::Check);
                    crate::common::screen::draw(&mut app, w, h, ThemeName::Monochrome);
                }
            }
            Ok(())
        })
        .unwrap();
}
