//! Wizard timings against DESIGN.md's budgets (launch to first frame ≤ 20 ms, key press to
//! redrawn frame ≤ 2 ms of our own work): `cargo bench --bench wizard`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use leadwiz::guide::{Guide, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::App;
use leadwiz::tui::theme::{Theme, ThemeName};
use leadwiz::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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
                if app.selected == 0 {
                    down = true;
                } else if app.selected + 1 >= app.items().len() {
                    down = false;
                }
                app.update(if down { Action::Down } else { Action::Up });
                // As the loop does: the frame's report goes back to the model.
                let mut drawn = view::Drawn::default();
                terminal
                    .draw(|f| drawn = view::draw(f, &app, &theme))
                    .unwrap();
                app.set_drawn(drawn);
            })
        },
    );
    let mut paste = App::new(
        Guide::load(&Sources::embedded()).guide.unwrap(),
        "en".into(),
        Session::new(&Guide::load(&Sources::embedded()).guide.unwrap()),
    );
    paste.update(Action::OpenPaste);
    paste.insert_paste(
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found.",
    );
    c.bench_function("paste screen: re-rank and redraw", |b| {
        b.iter(|| {
            paste.rediagnose();
            terminal
                .draw(|f| {
                    view::draw(f, &paste, &theme);
                })
                .unwrap();
        })
    });
}

criterion_group!(benches, wizard);
criterion_main!(benches);
