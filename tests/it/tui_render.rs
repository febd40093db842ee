//! Every screen renders at any size without panicking, and shows what it must.

use crate::common;

use leadwiz::guide::{Guide, Sources};
use leadwiz::session::{Session, Via};
use leadwiz::tui::action::Action;
use leadwiz::tui::app::App;
use leadwiz::tui::app::Update;
use leadwiz::tui::theme::ThemeName;

fn render(app: &App, w: u16, h: u16) -> String {
    common::screen::screen(app, w, h, ThemeName::Default)
}

const SIZES: &[(u16, u16)] = &[
    (0, 0),
    (1, 1),
    (10, 3),
    (20, 5),
    (40, 12),
    (60, 20),
    (80, 24),
];

#[test]
fn every_node_renders_at_every_size_in_both_languages() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    for node in guide.nodes() {
        for lang in ["en", "zh-CN"] {
            let mut session = Session::new(&guide);
            session.enter(node.id.clone(), Via::Jump);
            let mut app = App::new(guide.clone(), lang.into(), session);
            for &(w, h) in SIZES {
                let screen = render(&app, w, h);
                if w >= 80 {
                    assert!(
                        screen.contains(&node.id),
                        "{} at {w}×{h}:\n{screen}",
                        node.id
                    );
                }
            }
            app.update(Action::ToggleHelp);
            for &(w, h) in SIZES {
                render(&app, w, h);
            }
        }
    }
}

#[test]
fn too_small_says_so_and_paste_and_search_render() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let mut app = App::new(guide.clone(), "en".into(), Session::new(&guide));
    let small = render(&app, 20, 5)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        small.contains("needs at least") && small.contains("24×6") && small.contains("20×5"),
        "{small}"
    );
    assert!(render(&app, 80, 24).contains("What do you need help with?"));
    app.update(Action::OpenPaste);
    app.update(Update::Paste(
        "Tenant not found\r\n\x1b[31mred\x1b[0m".into(),
    ));
    for &(w, h) in SIZES {
        render(&app, w, h);
    }
    let screen = render(&app, 80, 24);
    assert!(screen.contains("dynamics-aad-tenant-not-found"), "{screen}");
    assert!(!screen.contains('\x1b'));
    app.update(Action::Back);
    app.update(Action::OpenSearch);
    common::type_text(&mut app, "secret");
    for &(w, h) in SIZES {
        render(&app, w, h);
    }
    assert!(render(&app, 80, 24).contains("dynamics-aad-invalid-client-secret"));
}

#[test]
fn presenter_mode_and_the_error_panel_render_at_every_size() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let sizes: Vec<(u16, u16)> = SIZES
        .iter()
        .copied()
        .chain([(24, 6), (30, 8), (44, 16), (59, 17), (60, 18), (120, 40)])
        .collect();
    for lang in ["en", "zh-CN"] {
        for id in [
            "start",
            "dest-azure-table",
            "dynamics-aad-tenant-not-found",
            "resolved",
        ] {
            let session = Session::walked_to(&guide, id).unwrap();
            let mut app = App::new(guide.clone(), lang.into(), session).with_presenter(true);
            let label = "Enter".into();
            app.update(Update::Key {
                label,
                action: None,
            });
            for &(w, h) in &sizes {
                let screen = render(&app, w, h);
                if w >= 60 && h >= 18 {
                    assert!(
                        screen.contains(&format!("ID {id}")),
                        "{id} {w}×{h}:\n{screen}"
                    );
                }
            }
            // Live reload found errors: the panel shares the screen at every size.
            let at = leadwiz::guide::diagnostic::Position::new("content/missing.yaml", 54, 11);
            let diagnostics = (0..12)
                .map(|i| leadwiz::guide::Diagnostic::error(at.clone(), format!("error {i}")))
                .collect();
            let files = Vec::new();
            app.update(Update::Reloaded(leadwiz::watch::Reload::Failed {
                diagnostics,
                files,
            }));
            for presenter in [true, false] {
                if app.presenter() != presenter {
                    app.update(Action::TogglePresenter);
                }
                for &(w, h) in &sizes {
                    render(&app, w, h);
                }
                let screen = render(&app, 80, 24);
                assert!(
                    screen.contains("content/missing.yaml:54:11 error 0"),
                    "{screen}"
                );
                // More than fit: the panel says it scrolls with `}`.
                let more = if lang == "en" { "} more" } else { "} 更多" };
                assert!(screen.contains(more), "{screen}");
            }
        }
    }
}

#[test]
fn a_remediation_says_when_it_was_checked_and_a_question_does_not() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    for (id, shown) in [
        ("dynamics-aad-invalid-tenant-id", true),
        ("support-ticket", true),
        ("start", false),
    ] {
        let reviewed = guide.node(id).unwrap().reviewed.clone().unwrap();
        for (lang, line) in [
            (
                "en",
                format!("Checked against the documentation on {reviewed}"),
            ),
            ("zh-CN", format!("已于 {reviewed} 对照文档核实")),
        ] {
            let mut session = Session::new(&guide);
            session.enter(id.to_owned(), Via::Jump);
            let app = App::new(guide.clone(), lang.into(), session);
            let screen = render(&app, 120, 90);
            assert_eq!(screen.contains(&line), shown, "{id} {lang}:\n{screen}");
        }
    }
}

/// The paste box's candidates: a title or a piece of evidence too long for the line continues
/// under its own text, never back at column 1 (both languages, 80×24).
#[test]
fn candidates_wrap_under_their_own_text() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    for lang in ["en", "zh-CN"] {
        let mut app = App::new(guide.clone(), lang.into(), Session::new(&guide));
        app.update(Action::OpenPaste);
        app.update(Update::Paste(
            "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found"
                .into(),
        ));
        let screen = render(&app, 80, 24);
        let rows: Vec<&str> = screen.lines().collect();
        let first = rows
            .iter()
            .position(|r| r.contains("█") || r.contains("░"))
            .expect("candidates shown");
        // Every row of the list below the first candidate starts with a bar, a bullet, or the
        // indentation under one (the footer's two rows aside).
        for row in &rows[first..rows.len() - 2] {
            let indent = row.len() - row.trim_start().len();
            assert!(
                row.trim().is_empty() || indent >= 3,
                "{lang}: a wrapped row starts at column {indent}: {row:?}\n{screen}"
            );
        }
    }
}
