//! Snapshots of every kind of screen, in English and Chinese, at 80×24 and at a narrow 44×16.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always to accept them).

use crate::common;

use leadwiz::guide::{Guide, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::App;
use leadwiz::tui::app::Update;
use leadwiz::tui::theme::ThemeName;

fn screen(app: &App, w: u16, h: u16) -> String {
    common::screen::screen(app, w, h, ThemeName::Monochrome)
}

fn app_at(id: &str, lang: &str) -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, id).unwrap();
    App::new(guide, lang.into(), session)
}

fn snapshot_all(name: &str, app: &App) {
    for (w, h) in [(80, 24), (44, 16)] {
        insta::assert_snapshot!(format!("{name}-{}-{w}x{h}", app.lang()), screen(app, w, h));
    }
}

#[test]
fn screens() {
    for lang in ["en", "zh-CN"] {
        snapshot_all("question", &app_at("missing-offer-saas", lang));
        snapshot_all("answer", &app_at("dest-azure-table", lang));
        snapshot_all(
            "known-error",
            &app_at("dynamics-aad-tenant-not-found", lang),
        );
        snapshot_all("end", &app_at("resolved", lang));

        let mut paste = app_at("start", lang);
        paste.update(Action::OpenPaste);
        paste.update(Update::Paste(
            "AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found.".into(),
        ));
        snapshot_all("paste", &paste);

        let mut search = app_at("start", lang);
        search.update(Action::OpenSearch);
        common::type_text(&mut search, "secret");
        snapshot_all("search", &search);

        let mut help = app_at("dest-https", lang);
        help.update(Action::ToggleHelp);
        snapshot_all("help", &help);
    }
}

/// Presenter mode, as a screen-share viewer sees it: the step header with the node id beside
/// it, the breadcrumb, and the last key echoed in the corner. Drawn with keys through the same
/// handler as a real terminal.
#[test]
fn presenter() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    for lang in ["en", "zh-CN"] {
        let mut app = app_at("missing-offer-saas", lang);
        let key = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        leadwiz::tui::handle(&mut app, key(KeyCode::F(2)));
        assert!(app.presenter(), "F2 turns presenter mode on");
        leadwiz::tui::handle(&mut app, key(KeyCode::Down));
        snapshot_all("presenter", &app);
        let screen80 = screen(&app, 80, 24);
        assert!(screen80.contains("ID missing-offer-saas"), "{screen80}");
        let echo = if lang == "en" {
            "key ↓"
        } else {
            "按键 ↓"
        };
        assert!(
            screen80.lines().any(|l| l.trim_end().ends_with(echo)),
            "the last key in the corner:\n{screen80}"
        );

        let mut remediation = app_at("dynamics-aad-tenant-not-found", lang).with_presenter(true);
        leadwiz::tui::handle(&mut remediation, key(KeyCode::Enter));
        snapshot_all("presenter-remediation", &remediation);

        // Typed text is not echoed to the viewers, only that something was typed.
        let mut paste = app_at("start", lang).with_presenter(true);
        leadwiz::tui::handle(&mut paste, key(KeyCode::Char('p')));
        leadwiz::tui::handle(&mut paste, key(KeyCode::Char('x')));
        assert_eq!(paste.last_key(), Some("…"));
        leadwiz::tui::handle(&mut paste, Event::Paste("AADSTS90002".into()));
        snapshot_all("presenter-paste", &paste);

        leadwiz::tui::handle(&mut app, key(KeyCode::F(2)));
        assert!(!app.presenter(), "F2 turns it off again");
    }
}
