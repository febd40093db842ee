//! Snapshots of every kind of screen, in English and Chinese, at 80×24 and at a narrow 44×16.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always to accept them).

mod common;

use leadwiz::guide::{Guide, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::App;
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
        insta::assert_snapshot!(format!("{name}-{}-{w}x{h}", app.lang), screen(app, w, h));
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
        paste.insert_paste("AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found.");
        snapshot_all("paste", &paste);

        let mut search = app_at("start", lang);
        search.update(Action::OpenSearch);
        for c in "secret".chars() {
            search.search_input(Some(c));
        }
        snapshot_all("search", &search);

        let mut help = app_at("dest-https", lang);
        help.update(Action::ToggleHelp);
        snapshot_all("help", &help);
    }
}
