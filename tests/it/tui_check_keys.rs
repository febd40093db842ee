//! The keys of "Test my destination" say what they do there: the footer lists only the keys
//! that act at the check's stage (no "1–9 choose" on a result), Tab reads "next field" in a
//! form, Shift-Tab goes back a field, and PgUp/PgDn scroll a long result.

use crate::common;

use crate::tui_live_check::{app_in, key, open_check};

use leadwiz::tui::app::App;
use leadwiz::tui::app::Update;
use leadwiz::tui::live_check::{Row, Stage};
use leadwiz::tui::theme::ThemeName;
use ratatui::crossterm::event::KeyCode;

/// The page in `lang`, with "Test my destination" opened on it.
fn check_at(id: &str, lang: &str) -> App {
    let mut app = app_in(id, lang, vec![]);
    open_check(&mut app);
    app
}

fn focused(app: &App) -> Row {
    app.check().unwrap().form.as_ref().unwrap().focused()
}

/// The footer: the last line of the screen.
fn footer(app: &mut App, w: u16) -> String {
    let screen = common::screen::draw(app, w, 24, ThemeName::Monochrome);
    screen.lines().last().unwrap_or_default().to_owned()
}

#[test]
fn tab_reads_next_field_and_shift_tab_goes_back() {
    for (lang, next) in [("en", "next field"), ("zh-CN", "下一个字段")] {
        let mut app = check_at("dest-dynamics", lang);
        // Wide enough that the footer keeps every hint.
        let foot = footer(&mut app, 200);
        assert!(foot.contains(&format!("Tab {next}")), "{foot}");
        assert!(
            !foot.contains("box/list") && !foot.contains("输入框/列表"),
            "{foot}"
        );
        let first = focused(&app);
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        assert_ne!(focused(&app), first);
        key(&mut app, KeyCode::BackTab);
        key(&mut app, KeyCode::BackTab);
        assert_eq!(focused(&app), first, "Shift-Tab went back two fields");
    }
}

#[test]
fn a_result_lists_only_the_keys_that_act_on_it_and_pages_scroll_it() {
    // A well-formed Organization ID whose probe fails at once: the test address is a closed
    // loopback port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut app = check_at("dest-salesforce", "en");
    for c in "00Do0000000ZHog".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Tab);
    for c in format!("http://127.0.0.1:{port}/servlet").chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.check().unwrap().stage() != Stage::Done {
        assert!(std::time::Instant::now() < deadline, "the check ended");
        std::thread::sleep(std::time::Duration::from_millis(20));
        app.update(Update::CheckReport);
    }
    let foot = footer(&mut app, 200);
    assert!(
        !foot.contains("choose"),
        "digits do nothing on a result: {foot}"
    );
    assert!(foot.contains("F5 run the check"), "{foot}");
    // A short terminal, so the result scrolls (it opens on the failed stage): from the top,
    // PgDn moves it and PgUp brings it back.
    common::screen::draw(&mut app, 80, 12, ThemeName::Monochrome);
    key(&mut app, KeyCode::Home);
    let top = common::screen::draw(&mut app, 80, 12, ThemeName::Monochrome);
    key(&mut app, KeyCode::PageDown);
    let down = common::screen::draw(&mut app, 80, 12, ThemeName::Monochrome);
    assert_ne!(top, down, "PgDn scrolled the result");
    key(&mut app, KeyCode::PageUp);
    let back = common::screen::draw(&mut app, 80, 12, ThemeName::Monochrome);
    assert_eq!(top, back, "PgUp scrolled it back");
}
