//! Digits and type-ahead choose items on every list: a digit with no item says so, two digits
//! in quick succession reach choice 10 and beyond, letters that are no command jump to the item
//! they start, `'` lets a command letter start one, and a pause ends it.

use std::time::{Duration, Instant};

use crate::common;

use leadwiz::guide::{Guide, Sources};
use leadwiz::session::Session;
use leadwiz::tui::app::{App, Effect, Focus, Screen, Update};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn app_at(id: &str, lang: &str) -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, id).unwrap();
    App::new(guide, lang.into(), session)
}

/// Presses `c` at `ms` milliseconds after `t0`.
fn press(app: &mut App, c: char, t0: Instant, ms: u64) -> Vec<Effect> {
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    leadwiz::tui::handle_at(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers)),
        t0 + Duration::from_millis(ms),
    )
}

fn selected_label(app: &App) -> String {
    app.item_label(&app.items()[app.selected()])
}

fn status(app: &App) -> String {
    app.status_text().unwrap_or_default()
}

#[test]
fn a_free_letter_jumps_to_the_item_it_starts_and_letters_in_quick_succession_refine_it() {
    let t0 = Instant::now();
    let mut app = app_at("setup-offer-type", "en");
    press(&mut app, 'a', t0, 0);
    assert!(selected_label(&app).starts_with("Azure application"));
    assert_eq!(
        app.session().current(),
        "setup-offer-type",
        "it selects, never opens"
    );
    assert_eq!(status(&app), "Find: a…");
    // `d` is free; `y` (copy) typed right after continues the type-ahead and copies nothing.
    press(&mut app, 'd', t0, 2_000);
    let effects = press(&mut app, 'y', t0, 2_300);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(
        selected_label(&app).starts_with("Dynamics 365"),
        "{}",
        selected_label(&app)
    );
    assert_eq!(status(&app), "Find: dy…");
    // After a pause `y` is the command again.
    let effects = press(&mut app, 'y', t0, 3_400);
    assert!(
        matches!(effects.as_slice(), [Effect::Copy(..)]),
        "{effects:?}"
    );
}

#[test]
fn a_quote_lets_a_command_letter_start_a_type_ahead_and_nothing_found_says_so() {
    let t0 = Instant::now();
    let mut app = app_at("setup-offer-type", "en");
    common::select(&mut app, 2);
    // `s` alone starts over; after `'` it finds "Software as a service".
    press(&mut app, '\'', t0, 0);
    assert!(status(&app).starts_with("Find:"), "{}", status(&app));
    press(&mut app, 's', t0, 5_000);
    assert_eq!(
        app.session().current(),
        "setup-offer-type",
        "not started over"
    );
    assert!(selected_label(&app).starts_with("Software as a service"));
    // A letter no item starts with: the selection stays, the status line says so.
    press(&mut app, 'x', t0, 8_000);
    assert!(selected_label(&app).starts_with("Software as a service"));
    assert_eq!(status(&app), "No item here starts with \"x\".");
    // Without the quote `s` starts over, as before.
    press(&mut app, 's', t0, 10_000);
    assert_eq!(app.session().current(), "start");
    // An arrow ends a type-ahead at once: the next command letter acts.
    let mut app = app_at("setup-offer-type", "en");
    press(&mut app, 'c', t0, 0);
    assert!(selected_label(&app).starts_with("Consulting"));
    leadwiz::tui::handle_at(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
        t0 + Duration::from_millis(100),
    );
    press(&mut app, 's', t0, 200);
    assert_eq!(app.session().current(), "start");
}

#[test]
fn the_same_letter_again_steps_through_the_items_it_starts_and_help_states_the_rule() {
    let t0 = Instant::now();
    let mut app = app_at("error-list", "en");
    // "… Application with identifier …", then "A message from Entra ID …": `a` again steps
    // through the items starting with it (an ellipsis before the letter does not count).
    press(&mut app, 'a', t0, 0);
    assert!(selected_label(&app).starts_with("… Application with identifier"));
    press(&mut app, 'a', t0, 300);
    assert!(selected_label(&app).starts_with("A message from Entra ID"));
    press(&mut app, 'a', t0, 600);
    assert!(selected_label(&app).starts_with("A message from Dataverse"));
    // The help says which letters start a type-ahead, read from the keymap.
    press(&mut app, '?', t0, 5_000);
    let help =
        crate::common::screen::screen(&app, 100, 40, leadwiz::tui::theme::ThemeName::Monochrome);
    assert!(help.contains("Type-ahead"), "{help}");
    assert!(
        help.contains("(abcdeimnoruvwxz)") || help.contains("(abcdimnoruvwxz)"),
        "{help}"
    );
}

#[test]
fn two_digits_in_quick_succession_reach_choice_12_of_16() {
    let t0 = Instant::now();
    let mut app = app_at("error-list", "en");
    press(&mut app, '1', t0, 0);
    assert_eq!(
        app.session().current(),
        "error-list",
        "1 of 16 waits for a second digit"
    );
    assert_eq!(app.selected(), 0);
    assert!(
        status(&app).starts_with("1… (another digit for 10–16"),
        "{}",
        status(&app)
    );
    press(&mut app, '2', t0, 400);
    assert_eq!(app.session().current(), "error-list-power-automate");

    // 1, a pause, then 2: choice 2.
    let mut app = app_at("error-list", "en");
    press(&mut app, '1', t0, 0);
    press(&mut app, '2', t0, 1_500);
    assert_eq!(
        app.session().current(),
        "dynamics-leadsourcecode-permission"
    );

    // 1 then 0: choice 10; 1 then 7: there is no choice 17, and the status line says so.
    let mut app = app_at("error-list", "en");
    press(&mut app, '1', t0, 0);
    press(&mut app, '0', t0, 100);
    assert_eq!(app.session().current(), "error-list-entra");
    let mut app = app_at("error-list", "en");
    press(&mut app, '1', t0, 0);
    press(&mut app, '7', t0, 100);
    assert_eq!(app.session().current(), "error-list");
    assert_eq!(status(&app), "No choice 17 here: choose 1–16.");
    // 0 alone is no item anywhere.
    press(&mut app, '0', t0, 5_000);
    assert_eq!(app.session().current(), "error-list");
    assert_eq!(status(&app), "No choice 0 here: choose 1–16.");
    // Enter after the first digit opens the item it selected.
    let mut app = app_at("error-list", "en");
    press(&mut app, '1', t0, 0);
    leadwiz::tui::handle_at(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        t0 + Duration::from_millis(100),
    );
    assert_eq!(app.session().current(), "dynamics-login-failed");
}

#[test]
fn digits_with_no_item_say_so_on_the_candidate_list_and_the_destination_list() {
    let t0 = Instant::now();
    let mut app = app_at("start", "en");
    press(&mut app, 'p', t0, 0);
    leadwiz::tui::handle(&mut app, Event::Paste("AADSTS90002".into()));
    leadwiz::tui::handle(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
    );
    assert_eq!(app.focus(), Focus::List);
    let count = app.diagnosis().unwrap().candidates.len();
    press(&mut app, '0', t0, 1_000);
    assert_eq!(app.screen(), Screen::Paste, "0 opens nothing");
    assert_eq!(status(&app), format!("No candidate 0: choose 1–{count}."));

    let mut app = app_at("start", "en");
    crate::tui_live_check::open_check(&mut app);
    press(&mut app, '9', t0, 0);
    assert!(app.check().unwrap().form.is_none(), "nothing chosen");
    assert!(
        status(&app).starts_with("No choice 9 here"),
        "{}",
        status(&app)
    );
}

/// `e` asks the loop to open the editor: at the page's file and line, or at the first content
/// error while there are some; with the built-in guide it only says why it cannot.
#[test]
fn e_edits_the_page_or_the_first_content_error_and_says_why_not_when_built_in() {
    use leadwiz::guide::{Diagnostic, Severity};
    use leadwiz::tui::action::Action;
    let mut app = app_at("missing-azure-table", "en");
    assert!(app.update(Action::Edit).is_empty());
    assert!(
        status(&app).starts_with("This guide is built in"),
        "{}",
        status(&app)
    );

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let guide = Guide::load(&Sources::from_dir(&dir).unwrap())
        .guide
        .unwrap();
    let (file, line) = guide.origin("missing-azure-table").unwrap();
    let (file, line) = (std::path::PathBuf::from(file), line);
    let session = Session::walked_to(&guide, "missing-azure-table").unwrap();
    let mut app = App::new(guide, "en".into(), session).with_content_dir(Some(dir));
    assert!(file.ends_with("missing.yaml"), "{file:?}");
    assert_eq!(app.update(Action::Edit), vec![Effect::Edit(file, line)]);
    let diagnostics = vec![Diagnostic {
        severity: Severity::Error,
        file: "content/faq.yaml".into(),
        line: 42,
        column: 7,
        message: "this key is not indented like the keys beside it".into(),
    }];
    let files = Vec::new();
    app.update(Update::Reloaded(leadwiz::watch::Reload::Failed {
        diagnostics,
        files,
    }));
    assert_eq!(
        app.update(Action::Edit),
        vec![Effect::Edit("content/faq.yaml".into(), 42)]
    );
}
