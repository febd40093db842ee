//! The wizard driven headless through actions, as a user would drive it with keys.

use crate::common;

use leadwiz::guide::{Guide, Lang, NodeKind, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::Update;
use leadwiz::tui::app::{App, Effect, Focus, Item, Screen};

fn app() -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::new(&guide);
    App::new(guide, "en".into(), session)
}

/// Moves the selection to `item` with Down presses and opens it.
fn select(app: &mut App, item: Item) {
    let at = app
        .items()
        .iter()
        .position(|i| *i == item)
        .expect("item on screen");
    app.update(Action::Top);
    for _ in 0..at {
        app.update(Action::Down);
    }
    app.update(Action::Select);
}

#[test]
fn copy_puts_the_remediation_on_the_clipboard() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Select);
    app.update(Action::Select);
    // update copies nothing itself: it returns the copy for the terminal loop to make.
    let Some(Effect::Copy(copied, what)) = app.update(Action::Copy).pop() else {
        panic!("a copy effect");
    };
    assert_eq!(what, leadwiz::tui::messages::Copy::Page);
    assert!(
        copied.contains("Unable to sign in to Dynamics CRM"),
        "{copied}"
    );
    // Y copies the command that opens this page, and the status will say so.
    let Some(Effect::Copy(copied, what)) = app.update(Action::CopyCommand).pop() else {
        panic!("a copy effect");
    };
    assert_eq!(what, leadwiz::tui::messages::Copy::Command);
    assert_eq!(
        copied,
        format!("leadwiz --goto {}", app.session().current())
    );
    let said = leadwiz::tui::messages::Msg::CopyAsked {
        what,
        id: app.session().current().to_owned(),
    }
    .text(Lang::En);
    assert!(
        said.starts_with("Asked the terminal to copy the command `leadwiz --goto "),
        "{said}"
    );
}

#[test]
fn every_path_from_start_reaches_a_remediation_and_comes_back() {
    let mut app = app();
    let mut remediations = std::collections::BTreeSet::new();
    // Depth-first over the choices, driving the app with Down, Select and Back only.
    fn walk(app: &mut App, depth: usize, seen: &mut std::collections::BTreeSet<String>) {
        let here = app.session().current().to_owned();
        let node = app.current().clone();
        if node.kind != NodeKind::Question {
            seen.insert(here);
            return;
        }
        assert!(depth < 12, "path too deep at {here}");
        for (i, choice) in node.choices.iter().enumerate() {
            app.update(Action::Top);
            for _ in 0..i {
                app.update(Action::Down);
            }
            assert_eq!(app.items()[app.selected()], Item::Choice(i));
            app.update(Action::Select);
            assert_eq!(app.session().current(), choice.next, "from {here}");
            walk(app, depth + 1, seen);
            app.update(Action::Back);
            assert_eq!(app.session().current(), here, "Back returns to {here}");
        }
    }
    walk(&mut app, 0, &mut remediations);
    assert!(
        remediations.len() > 40,
        "{} remediations reached",
        remediations.len()
    );
}

#[test]
fn pasting_each_known_error_opens_its_remediation() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    for node in guide
        .nodes()
        .iter()
        .filter(|n| n.kind == NodeKind::KnownError)
    {
        for lang in ["en", "zh-CN"] {
            let mut app = app();
            app.update(Action::OpenPaste);
            assert_eq!(app.screen(), Screen::Paste);
            let message = node.error.as_ref().unwrap().get(lang).to_owned();
            app.update(Update::Paste(format!("Error:\r\n{message}\r\n")));
            let d = app.diagnosis().unwrap();
            assert_eq!(
                d.best.as_deref(),
                Some(node.id.as_str()),
                "live ranking, {lang}"
            );
            app.update(Action::Submit);
            assert_eq!(app.screen(), Screen::Node);
            assert_eq!(app.session().current(), node.id, "{lang}");
        }
    }
}

#[test]
fn an_ambiguous_paste_stays_in_the_box_until_tab_then_opens_a_candidate() {
    let mut app = app();
    app.update(Action::OpenPaste);
    app.update(Update::Paste("AADSTS90002".into()));
    app.update(Action::Submit);
    assert_eq!(
        app.screen(),
        Screen::Paste,
        "not sure: stays on the paste screen"
    );
    assert_eq!(
        app.focus(),
        Focus::Text,
        "Ctrl-S never takes the focus out of the text box"
    );
    assert!(
        app.status_text().as_deref().unwrap().contains("Tab"),
        "{:?}",
        app.status()
    );
    app.update(Action::NextFocus);
    assert_eq!(app.focus(), Focus::List);
    app.update(Action::Down);
    app.update(Action::Select);
    assert_eq!(app.screen(), Screen::Node);
    assert!(app.session().current().starts_with("dynamics-aad-"));
}

#[test]
fn language_switch_keeps_the_node_and_follow_up_leads_on() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Select);
    assert_eq!(app.session().current(), "error-list");
    app.update(Action::SwitchLanguage);
    assert_eq!(app.lang(), Lang::ZhCn);
    assert_eq!(app.session().current(), "error-list");
    app.update(Action::Select);
    assert_eq!(app.session().current(), "dynamics-login-failed");
    select(&mut app, Item::FollowUp(false));
    assert_eq!(app.session().current(), "dynamics-security-role");
    select(&mut app, Item::FollowUp(true));
    assert_eq!(app.session().current(), "resolved");
    app.update(Action::Home);
    assert_eq!(app.session().current(), "start");
}

#[test]
fn search_finds_nodes_in_the_current_language() {
    let mut app = app();
    app.update(Action::OpenSearch);
    common::type_text(&mut app, "storage explorer");
    let ids: Vec<String> = app.search_results().iter().map(|n| n.id.clone()).collect();
    assert!(
        ids.contains(&"faq-azure-table-view-leads".to_owned()),
        "{ids:?}"
    );
    app.update(Action::Select);
    assert_eq!(app.screen(), Screen::Node);
    app.update(Action::SwitchLanguage);
    app.update(Action::OpenSearch);
    common::clear_search(&mut app);
    common::type_text(&mut app, "找不到租户");
    assert!(
        app.search_results()
            .iter()
            .any(|n| n.id == "dynamics-aad-tenant-not-found")
    );
}

#[test]
fn quit_and_help() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    assert!(app.help().is_open());
    app.update(Action::Select);
    assert_eq!(
        app.session().current(),
        "start",
        "help swallows other actions"
    );
    app.update(Action::Back);
    assert!(!app.help().is_open());
    app.update(Action::Quit);
    assert!(app.quitting());
}

#[test]
fn the_t_key_writes_the_transcript_and_shows_where() {
    use leadwiz::transcript::{Context, Format, Target};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket.md");
    let mut app = app().with_transcript(
        Target {
            path: Some(path.clone()),
            format: Format::Markdown,
            force: false,
        },
        Context {
            date: "2026-11-28 10:00:00 +00:00".into(),
            source: "built-in".into(),
        },
    );
    app.update(Action::OpenPaste);
    app.update(Update::Paste("AADSTS7000215: Invalid client secret provided. Client secret: Abc8Q~x1Y2z3W4v5U6t7S8r9Q0p-o_n.mLkJiHgFeDc; user ops@contoso.com".into()));
    app.update(Action::Submit);
    assert_eq!(
        app.session().current(),
        "dynamics-aad-invalid-client-secret"
    );
    app.update(Action::ToggleStep);
    // update writes no file: it returns the effect, which the terminal loop performs.
    assert_eq!(
        app.update(Action::WriteTranscript),
        vec![Effect::WriteTranscript]
    );
    assert!(!path.exists());
    // As the terminal loop does.
    leadwiz::tui::perform(&mut app, Effect::WriteTranscript);
    let status = app.status_text().unwrap();
    assert!(status.starts_with("Transcript written to /"), "{status}");
    assert!(status.ends_with("ticket.md"), "{status}");
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(
        md.contains("Diagnosis: confident, `dynamics-aad-invalid-client-secret`"),
        "{md}"
    );
    assert!(md.contains("AADSTS7000215: Invalid client secret provided. Client secret: [redacted]; user [e-mail]"), "{md}");
    assert!(md.contains("- Steps ticked: 1 (of"), "{md}");
    assert!(!md.contains("Abc8Q~") && !md.contains("ops@"), "{md}");
}

#[test]
fn a_long_page_opens_at_its_top_and_enter_first_shows_the_selection() {
    use leadwiz::tui::theme::{Theme, ThemeName};
    use ratatui::{Terminal, backend::TestBackend};
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, "start").unwrap();
    let mut app = App::new(guide, "en".into(), session).with_presenter(true);
    let theme = Theme::new(ThemeName::HighContrast);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // As the terminal loop does: the frame's report of what it showed goes to the model.
    let mut draw = |app: &mut App| {
        let mut drawn = leadwiz::tui::view::Drawn::default();
        term.draw(|f| drawn = leadwiz::tui::view::draw(f, app, &theme))
            .unwrap();
        app.update(Update::Drawn(drawn));
        let buf = term.backend().buffer().clone();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_owned())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Set up → SaaS → HTTPS endpoint: a page longer than the screen.
    select(&mut app, Item::Choice(0));
    select(&mut app, Item::Choice(0));
    let c = app
        .current()
        .choices
        .iter()
        .position(|c| c.next == "dest-https")
        .unwrap();
    select(&mut app, Item::Choice(c));
    assert_eq!(app.session().current(), "dest-https");
    let screen = draw(&mut app);
    assert!(
        screen.contains("Partner Center POSTs each lead"),
        "{screen}"
    );
    assert!(!screen.contains("› [ ] 1."), "{screen}");

    // Enter (or an arrow) shows the selected step rather than ticking it unseen; then it ticks.
    app.update(Action::Down);
    assert_eq!(app.selected(), 0);
    draw(&mut app);
    app.update(Action::Top);
    draw(&mut app);
    app.update(Action::Select);
    let screen = draw(&mut app);
    assert!(screen.contains("› [ ] 1."), "{screen}");
    assert!(!app.session().is_ticked("dest-https", 0));
    app.update(Action::Select);
    assert!(app.session().is_ticked("dest-https", 0));
    let screen = draw(&mut app);
    assert!(screen.contains("› [x] 1."), "{screen}");
}
