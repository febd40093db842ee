//! Wizard timings against DESIGN.md's budgets (launch to first frame ≤ 20 ms, key press to
//! redrawn frame ≤ 2 ms of our own work): `cargo bench --bench wizard`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use leadwiz::guide::{Guide, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::{App, Update};
use leadwiz::tui::theme::{Theme, ThemeName};
use leadwiz::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn wizard(c: &mut Criterion) {
    let theme = Theme::new(ThemeName::Default);
    c.bench_function("launch to first frame (load, matcher, 100x30 frame)", |b| {
        b.iter(|| {
            let guide = Guide::load(&Sources::embedded()).guide.unwrap();
            let session = Session::new(&guide);
            let app = App::new(guide, "en".into(), session);
            let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
            terminal
                .draw(|f| {
                    view::draw(f, &app, &theme);
                })
                .unwrap();
            black_box(terminal.backend().buffer().area)
        })
    });
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, "dest-https").unwrap();
    let mut app = App::new(guide, "en".into(), session);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut down = true;
    c.bench_function(
        "key press to redrawn frame (long remediation, 100x30)",
        |b| {
            b.iter(|| {
                // Walk the selection up and down the page: update, then a full redraw.
                if app.selected() == 0 {
                    down = true;
                } else if app.selected() + 1 >= app.items().len() {
                    down = false;
                }
                app.update(if down { Action::Down } else { Action::Up });
                // As the loop does: the frame's report goes back to the model.
                let mut drawn = view::Drawn::default();
                terminal
                    .draw(|f| drawn = view::draw(f, &app, &theme))
                    .unwrap();
                app.update(Update::Drawn(drawn));
            })
        },
    );
    let mut paste = App::new(
        Guide::load(&Sources::embedded()).guide.unwrap(),
        "en".into(),
        Session::new(&Guide::load(&Sources::embedded()).guide.unwrap()),
    );
    paste.update(Action::OpenPaste);
    paste.update(Update::Paste(
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found.".into(),
    ));
    let mut typed = 0;
    c.bench_function("paste screen: a key typed, re-rank and redraw", |b| {
        b.iter(|| {
            // A letter typed, then deleted: each re-ranks the candidates.
            let code = if typed % 2 == 0 {
                KeyCode::Char('x')
            } else {
                KeyCode::Backspace
            };
            typed += 1;
            paste.update(Action::Type(KeyEvent::new(code, KeyModifiers::NONE)));
            terminal
                .draw(|f| {
                    view::draw(f, &paste, &theme);
                })
                .unwrap();
        })
    });
    check_screen(c, &theme);
}

/// "Test my destination": a key typed into a form field, and the result scrolled, each with a
/// full redraw at 80×24 (the result: an offline field-rule failure, so nothing is sent).
fn check_screen(c: &mut Criterion, theme: &Theme) {
    use leadwiz::tui::app::Item;
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, "dest-dynamics").unwrap();
    let mut app = App::new(guide, "en".into(), session).with_check_env(vec![]);
    let at = app
        .items()
        .iter()
        .position(|i| matches!(i, Item::LiveCheck(_)))
        .unwrap();
    for _ in 0..at {
        app.update(Action::Down);
    }
    app.update(Action::Select);
    // Each field filled in as a paste, then Tab to the next.
    for value in [
        "https://contoso.crm4.dynamics.com",
        "contoso.onmicrosoft.com",
        "66666666-7777-8888-9999-000000000000",
        "a-client-secret-value",
    ] {
        app.update(Update::Paste(value.into()));
        app.update(Action::NextFocus);
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut typed = 0;
    c.bench_function("check form: a key typed, redrawn (80x24)", |b| {
        b.iter(|| {
            let code = if typed % 2 == 0 {
                KeyCode::Char('x')
            } else {
                KeyCode::Backspace
            };
            typed += 1;
            leadwiz::tui::handle(
                &mut app,
                Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            );
            terminal
                .draw(|f| {
                    view::draw(f, &app, theme);
                })
                .unwrap();
        })
    });
    for effect in app.update(Action::RunCheck) {
        if let leadwiz::tui::app::Effect::RunCheck(job) = effect {
            job.spawn(None);
        }
    }
    while app.check_running() {
        app.update(Update::CheckReport);
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let mut down = true;
    c.bench_function("check result: scrolled, redrawn (80x24)", |b| {
        b.iter(|| {
            let (at, max) = app.drawn().check;
            if at == 0 {
                down = true;
            } else if at >= max {
                down = false;
            }
            app.update(if down { Action::Down } else { Action::Up });
            let mut drawn = view::Drawn::default();
            terminal
                .draw(|f| drawn = view::draw(f, &app, theme))
                .unwrap();
            app.update(Update::Drawn(drawn));
        })
    });
}

criterion_group!(benches, wizard);
criterion_main!(benches);
