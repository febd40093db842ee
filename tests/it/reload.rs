//! Live reload against a temporary content folder: edit a title, break the YAML, fix it; the
//! wizard keeps its place, shows the errors while the content is broken and keeps the last
//! good guide on screen.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use leadwiz::guide::{Guide, Lang, Sources};
use leadwiz::session::Session;
use leadwiz::tui::app::App;
use leadwiz::tui::app::Update;
use leadwiz::tui::theme::ThemeName;
use leadwiz::watch::{self, Reload};

const TITLE_LINE: &str = "      en: SaaS offer\n";

fn content_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let file = dir.path().join("missing.yaml");
    assert!(std::fs::read_to_string(&file).unwrap().contains(TITLE_LINE));
    (dir, file)
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Saves as many editors do: a new file renamed over the old one.
fn edit_by_rename(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let tmp = file.with_extension("yaml.tmp~");
    std::fs::write(&tmp, text.replacen(from, to, 1)).unwrap();
    std::fs::rename(&tmp, file).unwrap();
}

fn next(w: &watch::Watch) -> Reload {
    w.reloads
        .recv_timeout(Duration::from_secs(10))
        .expect("a reload after the change")
}

fn title(reload: &Reload) -> String {
    match reload {
        Reload::Loaded { guide: g, .. } => g
            .node("missing-offer-saas")
            .unwrap()
            .title
            .get("en")
            .to_owned(),
        Reload::Failed { diagnostics, .. } => panic!("unexpected errors: {diagnostics:?}"),
    }
}

#[test]
fn the_watch_reloads_each_change_once_and_reports_errors_with_positions() {
    let (dir, file) = content_copy();
    let w = watch::watch(dir.path()).unwrap();
    // Give the watch a moment to be in place.
    std::thread::sleep(Duration::from_millis(100));

    edit(&file, TITLE_LINE, "      en: SaaS offer (edited)\n");
    assert_eq!(title(&next(&w)), "SaaS offer (edited)");
    // Loading reads every file; that must not count as a change (no reload loop).
    assert!(
        w.reloads.recv_timeout(Duration::from_millis(500)).is_err(),
        "a second reload without a change"
    );

    edit_by_rename(&file, "SaaS offer (edited)", "SaaS offer (renamed)");
    assert_eq!(title(&next(&w)), "SaaS offer (renamed)");

    edit(
        &file,
        "      en: SaaS offer (renamed)\n",
        "      en: [broken\n",
    );
    match next(&w) {
        Reload::Failed { diagnostics, .. } => {
            let d = &diagnostics[0];
            assert!(d.file.ends_with("missing.yaml"), "{d}");
            assert_eq!((d.line, d.column), (114, 11), "{d}");
            assert!(
                d.to_string().contains("missing.yaml:114:11: error: "),
                "{d}"
            );
        }
        Reload::Loaded { .. } => panic!("broken YAML loaded"),
    }

    edit(
        &file,
        "      en: [broken\n",
        "      en: SaaS offer (fixed)\n",
    );
    assert_eq!(title(&next(&w)), "SaaS offer (fixed)");

    // What `leadwiz check` finds beyond the YAML counts too: an example that would not
    // diagnose to its own error is an error, and the last good guide stays.
    let errors = file.with_file_name("errors.yaml");
    let example = "      - \"unable to sign in to dynamics crm\"\n";
    edit(
        &errors,
        example,
        "      - \"unable to sign in to dynamics crm\"\n      - \"the weather is nice today\"\n",
    );
    match next(&w) {
        Reload::Failed { diagnostics, .. } => {
            let d = &diagnostics[0];
            assert!(d.file.ends_with("errors.yaml"), "{d}");
            assert!(d.to_string().contains(": error: self-test: "), "{d}");
        }
        Reload::Loaded { .. } => panic!("an example that fails the self-test loaded"),
    }
    edit(&errors, "      - \"the weather is nice today\"\n", "");
    assert_eq!(title(&next(&w)), "SaaS offer (fixed)");

    // A change outside YAML files is no reason to reload.
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    assert!(w.reloads.recv_timeout(Duration::from_millis(400)).is_err());
}

#[test]
fn the_wizard_keeps_its_place_shows_errors_and_keeps_the_last_good_guide() {
    let (dir, file) = content_copy();
    let guide = Guide::load(&Sources::from_dir(dir.path()).unwrap())
        .guide
        .unwrap();
    let session = Session::walked_to(&guide, "missing-azure-table").unwrap();
    let mut app = App::new(guide, "en".into(), session);
    common::select(&mut app, 2);
    let before = app.session().breadcrumb(app.guide(), Lang::En);

    edit(&file, "Azure Table", "Azure Table storage");
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert_eq!(app.session().current(), "missing-azure-table");
    assert_eq!(
        app.session().breadcrumb(app.guide(), Lang::En).len(),
        before.len()
    );
    assert_eq!(app.selected(), 2);
    let screen = common::screen::screen(&app, 100, 30, ThemeName::Monochrome);
    assert!(screen.contains("reloaded "), "{screen}");
    assert!(screen.contains("Azure Table storage"), "{screen}");

    // Broken: the errors are listed, the guide on screen is the last good one.
    edit(&file, "kind: question", "kind: questoin");
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(!app.problems().errors().is_empty());
    let screen = common::screen::screen(&app, 100, 30, ThemeName::Monochrome);
    assert!(screen.contains("error(s) in the content"), "{screen}");
    assert!(screen.contains("missing.yaml:"), "{screen}");
    assert!(screen.contains("questoin"), "{screen}");
    assert!(screen.contains("missing-azure-table"), "{screen}");
    assert!(
        screen.contains("Azure Table storage"),
        "the last good content stays"
    );

    // Fixed: the panel goes away.
    edit(&file, "kind: questoin", "kind: question");
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(app.problems().errors().is_empty());
    let screen = common::screen::screen(&app, 100, 30, ThemeName::Monochrome);
    assert!(!screen.contains("error(s) in the content"), "{screen}");

    // The node on screen is deleted (its id changes everywhere, as when an author renames it):
    // the wizard steps back to the nearest one that exists.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let renamed = text.replace("missing-azure-table", "missing-azure-tables");
            std::fs::write(&path, renamed).unwrap();
        }
    }
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(
        app.problems().errors().is_empty(),
        "{:?}",
        app.problems().errors()
    );
    assert_eq!(app.session().current(), "missing-offer-saas");
    let screen = common::screen::screen(&app, 100, 30, ThemeName::Monochrome);
    assert!(
        screen.contains("page missing-azure-table was renamed or removed; showing the nearest"),
        "the wizard says why the page changed:\n{screen}"
    );
}

/// Warnings show as the author makes them (a missing translation), and go when fixed.
#[test]
fn warnings_show_live_and_go_when_fixed() {
    let (dir, file) = content_copy();
    let guide = Guide::load(&Sources::from_dir(dir.path()).unwrap())
        .guide
        .unwrap();
    let session = Session::walked_to(&guide, "missing-leads").unwrap();
    let mut app = App::new(guide, "en".into(), session);
    edit(&file, "      zh-CN: 我收不到潜在客户\n", "");
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(app.problems().errors().is_empty());
    assert_eq!(
        app.problems().warnings().len(),
        1,
        "{:?}",
        app.problems().warnings()
    );
    let screen = common::screen::screen(&app, 100, 30, ThemeName::Monochrome);
    assert!(screen.contains("1 warning(s) in the content"), "{screen}");
    assert!(screen.contains("has no `zh-CN` translation"), "{screen}");
    assert!(screen.contains("missing.yaml:"), "{screen}");
    edit(
        &file,
        "      en: I'm not receiving leads\n",
        "      en: I'm not receiving leads\n      zh-CN: 我收不到潜在客户\n",
    );
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(app.problems().warnings().is_empty());
    let screen = common::screen::screen(&app, 100, 30, ThemeName::Monochrome);
    assert!(!screen.contains("warning(s) in the content"), "{screen}");
}

/// A content file that is deleted is named, whether the rest still loads or not, and a page
/// that went with it says so.
#[test]
fn a_deleted_file_is_named() {
    let (dir, _) = content_copy();
    let extra = dir.path().join("extra.yaml");
    std::fs::write(&extra, "# notes for later\n").unwrap();
    let guide = Guide::load(&Sources::from_dir(dir.path()).unwrap())
        .guide
        .unwrap();
    let session = Session::walked_to(&guide, "missing-leads").unwrap();
    let mut app = App::new(guide, "en".into(), session);
    app.update(Update::Reloaded(watch::load(dir.path())));
    std::fs::remove_file(&extra).unwrap();
    app.update(Update::Reloaded(watch::load(dir.path())));
    let status = common::screen::screen(&app, 120, 30, ThemeName::Monochrome);
    assert!(status.contains("deleted "), "{status}");
    assert!(status.contains("extra.yaml"), "{status}");

    // The rest no longer loads (a page links to the deleted file's pages): still named.
    let marketo = dir.path().join("errors-marketo.yaml");
    let kept = std::fs::read_to_string(&marketo).unwrap();
    std::fs::remove_file(&marketo).unwrap();
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(!app.problems().errors().is_empty());
    let msg = app.problems().reloaded().unwrap().text(Lang::En);
    assert!(
        msg.contains("reload failed")
            && msg.contains("deleted")
            && msg.contains("errors-marketo.yaml"),
        "{msg}"
    );
    let zh = app.problems().reloaded().unwrap().text(Lang::ZhCn);
    assert!(
        zh.contains("已删除") && zh.contains("errors-marketo.yaml"),
        "{zh}"
    );
    std::fs::write(&marketo, &kept).unwrap();
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(app.problems().errors().is_empty());

    // The page on screen was in the deleted file.
    let guide = app.guide().clone();
    let session = Session::walked_to(&guide, "marketo-daily-quota").unwrap();
    let mut app = App::new(guide, "en".into(), session);
    let errors = dir.path().join("errors.yaml");
    let text = std::fs::read_to_string(&errors).unwrap();
    std::fs::write(
        &errors,
        text.replace(
            "        next: error-list-marketo\n",
            "        next: support-ticket\n",
        ),
    )
    .unwrap();
    std::fs::remove_file(&marketo).unwrap();
    app.update(Update::Reloaded(watch::load(dir.path())));
    assert!(
        app.problems().errors().is_empty(),
        "{:?}",
        app.problems().errors()
    );
    let msg = app.problems().reloaded().unwrap().text(Lang::En);
    assert!(
        msg.contains("errors-marketo.yaml was deleted, and page marketo-daily-quota with it"),
        "{msg}"
    );
}
