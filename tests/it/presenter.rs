//! Presenter mode on a screen share never shows a secret: not the characters typed into the
//! masked connection-string field (echoed in the "key" corner), not the `sig=` of a URL.

use crate::common;

use leadwiz::guide::{Guide, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::{App, Item, Screen};
use leadwiz::tui::theme::ThemeName;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn presenter_at(id: &str) -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, id).unwrap();
    // No secret from the environment in the form.
    let mut app = App::new(guide, "en".into(), session)
        .with_presenter(true)
        .with_check_env(vec![]);
    let at = app
        .items()
        .iter()
        .position(|i| matches!(i, Item::LiveCheck(_)))
        .expect("Test my destination on this page");
    common::select(&mut app, at);
    app.update(Action::Select);
    assert_eq!(app.screen(), Screen::Check);
    app
}

fn key(app: &mut App, c: char) {
    leadwiz::tui::handle(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

#[test]
fn typing_a_connection_string_never_shows_in_the_key_corner() {
    let mut app = presenter_at("dest-azure-table");
    let secret = "AccountKey=QZ9xw7Sq3rEtKyMzTrL";
    for c in secret.chars() {
        key(&mut app, c);
        let screen = common::screen::screen(&app, 100, 30, ThemeName::HighContrast);
        let corner = screen
            .lines()
            .rev()
            .find(|l| l.contains("key "))
            .unwrap_or("");
        assert!(corner.trim_end().ends_with("key …"), "{c}: {corner}");
        for w in secret.as_bytes()[11..].windows(4) {
            let w = std::str::from_utf8(w).unwrap();
            assert!(
                !screen.contains(w),
                "{w} of the secret on screen:\n{screen}"
            );
        }
    }
}

#[test]
fn a_url_field_shows_its_signature_masked() {
    let mut app = presenter_at("dest-https");
    let url = "https://prod-27.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Xy7Zq1W2e3R4t5Y6u7I8o9SIGSECRET";
    leadwiz::tui::handle(&mut app, Event::Paste(url.into()));
    let screen = common::screen::screen(&app, 120, 30, ThemeName::HighContrast);
    assert!(!screen.contains("SIGSECRET"), "{screen}");
    assert!(screen.contains("sig=[redacted]"), "{screen}");
    // Outside presenter mode the user sees what they typed, to correct it.
    app.update(Action::TogglePresenter);
    let screen = common::screen::screen(&app, 200, 30, ThemeName::Monochrome);
    assert!(screen.contains("SIGSECRET"), "{screen}");
}
