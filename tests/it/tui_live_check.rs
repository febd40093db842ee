//! "Test my destination" in the wizard, driven headless against servers on 127.0.0.1: the check
//! runs in the background (the model answers keys while it runs), Esc cancels it at once, the
//! result links to its remediation and lands in the transcript.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use leadwiz::destinations::Problem;
use leadwiz::guide::{Guide, Lang, LiveCheck, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::{App, Item, Screen};
use leadwiz::tui::live_check::{CheckState, Stage};
use leadwiz::tui::theme::ThemeName;

/// A server that answers every request with `status` after `delay`.
fn server(status: u16, delay: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line == "\r\n" {
                        break;
                    }
                    line.clear();
                }
                std::thread::sleep(delay);
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    port
}

fn app_at(id: &str) -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, id).unwrap();
    App::new(guide, "en".into(), session)
}

fn open_check(app: &mut App) {
    let at = app
        .items()
        .iter()
        .position(|i| matches!(i, Item::LiveCheck(_)))
        .expect("Test my destination on this page");
    app.selected = at;
    app.update(Action::Select);
    assert_eq!(app.screen, Screen::Check);
}

fn type_url(app: &mut App, url: &str) {
    app.check.as_mut().unwrap().insert(url);
}

/// Renders the screen at every size, tiny ones included, in both languages: nothing panics.
fn render_everywhere(app: &mut App) {
    for lang in ["zh-CN", "en"] {
        app.lang = lang.into();
        for (w, h) in [(0, 0), (1, 1), (10, 3), (20, 5), (40, 12), (80, 24)] {
            common::screen::screen(app, w, h, ThemeName::Default);
        }
    }
}

/// The session's Markdown transcript, in English.
fn transcript(app: &App) -> String {
    leadwiz::transcript::render(
        &app.guide,
        &app.session,
        Lang::En,
        &leadwiz::transcript::Context {
            date: "today".into(),
            source: "built-in".into(),
        },
        leadwiz::transcript::Format::Markdown,
    )
}

fn wait_for_report(app: &mut App) {
    let start = Instant::now();
    while app.check_running() {
        app.poll_check();
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the check never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn start_offers_every_destination_and_a_test_lead_reaches_the_endpoint() {
    let port = server(202, Duration::ZERO);
    let mut app = app_at("start");
    open_check(&mut app);
    assert_eq!(app.check.as_ref().unwrap().stage(), Stage::Choose);
    render_everywhere(&mut app);
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("Check my Dynamics 365 instance URL now"),
        "{screen}"
    );
    app.update(Action::Select); // the first: HTTPS endpoint
    assert_eq!(app.check.as_ref().unwrap().stage(), Stage::Input);
    // A bracketed paste of the URL lands in the field, on one line.
    leadwiz::tui::handle(
        &mut app,
        ratatui::crossterm::event::Event::Paste(format!("http://127.0.0.1:{port}/hook\r\n")),
    );
    assert_eq!(app.screen, Screen::Check, "the paste stays on this screen");
    assert_eq!(
        app.check.as_ref().unwrap().field.lines().join(""),
        format!("http://127.0.0.1:{port}/hook")
    );
    render_everywhere(&mut app);
    app.update(Action::RunCheck);
    assert!(app.check_running());
    wait_for_report(&mut app);
    let report = app.check.as_ref().unwrap().report.clone().unwrap();
    assert!(report.ok, "{report:?}");
    render_everywhere(&mut app);
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("OK: the endpoint accepted the test lead: 202"),
        "{screen}"
    );
    assert!(screen.contains("(faq-find-test-lead)"), "{screen}");
    app.update(Action::Select);
    assert_eq!(app.screen, Screen::Node);
    assert_eq!(app.session.current(), "faq-find-test-lead");
    let md = transcript(&app);
    assert!(
        md.contains("Tested the destination (https-test-lead, http://127.0.0.1:"),
        "{md}"
    );
    assert!(md.contains("**passed**"), "{md}");
}

#[test]
fn a_failing_endpoint_links_to_its_remediation_and_f5_tries_again() {
    let port = server(404, Duration::ZERO);
    let mut app = app_at("dest-https");
    open_check(&mut app);
    assert_eq!(
        app.check.as_ref().unwrap().stage(),
        Stage::Input,
        "the page says which destination"
    );
    type_url(&mut app, &format!("http://127.0.0.1:{port}/gone"));
    app.update(Action::RunCheck);
    wait_for_report(&mut app);
    let r = app.check.as_ref().unwrap().report.clone().unwrap();
    assert_eq!(r.remediation, Some("https-flow-not-triggered"));
    app.update(Action::RunCheck);
    assert!(app.check_running(), "F5 runs it again");
    wait_for_report(&mut app);
    app.update(Action::Select);
    assert_eq!(app.session.current(), "https-flow-not-triggered");
}

#[test]
fn esc_cancels_a_slow_check_at_once_and_presenter_mode_does_not_animate() {
    let port = server(200, Duration::from_secs(30));
    let mut app = app_at("dest-dynamics");
    open_check(&mut app);
    type_url(&mut app, &format!("http://127.0.0.1:{port}/"));
    app.update(Action::RunCheck);
    assert!(app.check_running());
    // The model keeps answering while the check runs: help opens and closes.
    app.update(Action::ToggleHelp);
    app.update(Action::ToggleHelp);
    app.presenter = true;
    let a = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    std::thread::sleep(Duration::from_millis(1100));
    let b = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert_eq!(a, b, "nothing moves in presenter mode");
    assert!(a.contains("Checking http://127.0.0.1:"), "{a}");
    app.presenter = false;
    let start = Instant::now();
    app.update(Action::Back);
    assert!(start.elapsed() < Duration::from_millis(100));
    assert!(!app.check_running());
    assert_eq!(
        app.check.as_ref().unwrap().stage(),
        Stage::Input,
        "back to the URL, kept"
    );
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Node);
}

#[test]
fn azure_table_without_a_connection_string_asks_for_it_and_never_shows_it() {
    let mut app = app_at("dest-azure-table");
    open_check(&mut app);
    // As when AZURE_STORAGE_CONNECTION_STRING is not set.
    app.check = Some(CheckState::with_connection(LiveCheck::AzureTable, None));
    app.update(Action::RunCheck);
    assert!(
        !app.check_running(),
        "nothing runs without a connection string"
    );
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("AZURE_STORAGE_CONNECTION_STRING is not set. Paste the storage"),
        "{screen}"
    );
    render_everywhere(&mut app);
    app.lang = "en".into();

    // Pasted (or typed), it is masked on screen; the check runs with it. Nothing listens at
    // this endpoint, so it ends at once, refused.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let key = "c2VjcmV0LWtleS12YWx1ZS10aGF0LW11c3QtbmV2ZXItc2hvdy11cC1hbnl3aGVyZQ==";
    let conn = format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
    );
    leadwiz::tui::handle(
        &mut app,
        ratatui::crossterm::event::Event::Paste(format!("{conn}\n")),
    );
    let screen = common::screen::screen(&app, 200, 24, ThemeName::Monochrome);
    assert!(!screen.contains("AccountKey"), "{screen}");
    assert!(screen.contains("••••••••••"), "{screen}");
    app.update(Action::RunCheck);
    wait_for_report(&mut app);
    let report = app.check.as_ref().unwrap().report.clone().unwrap();
    assert_eq!(
        report.findings[0].problem,
        Problem::ConnectionRefused,
        "{report:?}"
    );
    let screen = common::screen::screen(&app, 200, 24, ThemeName::Monochrome);
    assert!(screen.contains("devstoreaccount1"), "{screen}");
    assert!(!screen.contains(&key[..12]), "{screen}");
    let md = transcript(&app);
    assert!(md.contains("azure-table-test-lead"), "{md}");
    assert!(!md.contains(&key[..12]), "{md}");

    // A connection string typed for one destination never shows in another's field.
    let mut check = CheckState::with_connection(LiveCheck::Any, None);
    check.choose(LiveCheck::AzureTable);
    check.set_text(&conn);
    check.choose(LiveCheck::Https);
    assert!(check.field.lines().join("").is_empty());
}
