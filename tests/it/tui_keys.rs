//! Keys that never surprise: text boxes own every printable key, the arrows continue from what
//! is visible, digits choose, Back and history restore where the user was, help and the footer
//! fit. Driven through the same key handler as a real terminal, drawn into a test terminal.

use crate::common;

use leadwiz::guide::{Guide, Lang, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::{App, Focus, Item, Screen, Update};
use leadwiz::tui::messages::Msg;
use leadwiz::tui::theme::ThemeName;
use leadwiz::watch::Reload;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Every letter the wizard binds anywhere, and digits, brackets and punctuation.
const SENTENCE: &str = "quit? it's the Lg jkl hpyt /sfG [1] 2 3 F5";

fn app_at(id: &str, lang: &str) -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, id).unwrap();
    App::new(guide, lang.into(), session)
}

fn key(app: &mut App, code: KeyCode) {
    leadwiz::tui::handle(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl(app: &mut App, c: char) {
    leadwiz::tui::handle(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Draws the screen and hands what it showed to the model, as the terminal loop does.
fn screen(app: &mut App, w: u16, h: u16) -> String {
    common::screen::draw(app, w, h, ThemeName::Monochrome)
}

#[test]
fn a_text_box_owns_every_printable_key_even_after_a_not_sure_diagnosis() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("ticket.md");
    let mut app = app_at("start", "en").with_transcript(
        leadwiz::transcript::Target {
            path: Some(transcript.clone()),
            format: leadwiz::transcript::Format::Markdown,
            force: false,
        },
        leadwiz::transcript::Context {
            date: "2026-12-02 08:00:00 +00:00".into(),
            source: "built-in".into(),
        },
    );
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(app.screen(), Screen::Paste);
    leadwiz::tui::handle(&mut app, Event::Paste("AADSTS90002".into()));
    ctrl(&mut app, 's');
    assert_eq!(
        app.focus(),
        Focus::Text,
        "not sure: the box keeps the focus"
    );
    key(&mut app, KeyCode::End);
    type_text(&mut app, &format!(" {SENTENCE}"));
    assert!(!app.quitting(), "q typed, not quit");
    assert_eq!(app.screen(), Screen::Paste);
    assert_eq!(app.focus(), Focus::Text);
    assert_eq!(app.session().current(), "start", "nothing navigated");
    assert_eq!(app.lang(), Lang::En, "L typed, not a language switch");
    assert_eq!(
        app.paste().text().lines().join("\n"),
        format!("AADSTS90002 {SENTENCE}")
    );
    assert!(!transcript.exists(), "t typed, no transcript written");
    // F1 opens help from the box; Esc closes it and the box still has the focus.
    key(&mut app, KeyCode::F(1));
    assert!(app.help().is_open());
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("Ctrl-S"), "{help}");
    key(&mut app, KeyCode::Esc);
    assert!(!app.help().is_open());
    assert_eq!(app.focus(), Focus::Text);
    // Tab is a way out; on the list the box shows no cursor; a letter goes back to the box.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::List);
    assert_eq!(
        app.paste().text().cursor_style(),
        ratatui::style::Style::default()
    );
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(app.focus(), Focus::Text);
    assert!(app.paste().text().lines().join("").ends_with("F5x"));
    assert_ne!(
        app.paste().text().cursor_style(),
        ratatui::style::Style::default()
    );
}

#[test]
fn the_search_box_and_a_destination_field_own_every_printable_key() {
    let mut app = app_at("start", "en");
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, SENTENCE);
    assert!(!app.quitting());
    assert_eq!(app.screen(), Screen::Search);
    assert_eq!(app.search().query, SENTENCE);

    let mut app = app_at("dest-https", "en");
    let at = app
        .items()
        .iter()
        .position(|i| matches!(i, Item::LiveCheck(_)))
        .unwrap();
    common::select(&mut app, at);
    app.update(leadwiz::tui::action::Action::Select);
    assert_eq!(app.screen(), Screen::Check);
    type_text(&mut app, SENTENCE);
    assert!(!app.quitting());
    assert_eq!(app.screen(), Screen::Check);
    let field = &app.check().unwrap().form.as_ref().unwrap().values()[0];
    // Every character typed is there.
    assert_eq!(field, SENTENCE);
}

#[test]
fn the_search_box_edits_as_a_line_editor_and_ctrl_keys_type_nothing() {
    let mut app = app_at("start", "zh-CN");
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "潜在顾客 未收到");
    ctrl(&mut app, 'w');
    assert_eq!(app.search().query, "潜在顾客 ");
    // Ctrl-U, Ctrl-A, Ctrl-E: never typed as u, a, e; the results are drawn each time.
    ctrl(&mut app, 'a');
    ctrl(&mut app, 'e');
    assert_eq!(app.search().query, "潜在顾客 ");
    screen(&mut app, 80, 24);
    ctrl(&mut app, 'u');
    assert_eq!(app.search().query, "");
    type_text(&mut app, "潜在顾客");
    ctrl(&mut app, 'u');
    type_text(&mut app, "u");
    screen(&mut app, 80, 24);
    // AltGr arrives as Ctrl+Alt on Windows: `@` types itself.
    leadwiz::tui::handle(
        &mut app,
        Event::Key(KeyEvent::new(
            KeyCode::Char('@'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        )),
    );
    assert_eq!(app.search().query, "u@");
    assert_eq!(app.screen(), Screen::Search);
}

#[test]
fn after_page_down_the_arrows_continue_from_what_is_visible() {
    let mut app = app_at("dest-https", "en");
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::PageDown);
    screen(&mut app, 80, 24);
    let (at, height) = (app.drawn().page.scroll, app.drawn().page.height);
    assert!(at > 0);
    key(&mut app, KeyCode::Down);
    let shown = screen(&mut app, 80, 24);
    let after = app.drawn().page.scroll;
    assert!(
        after >= at,
        "↓ did not jump back to the top ({at} → {after})"
    );
    let row = app.drawn().page.item_rows[app.selected()];
    assert!(
        row >= after && row < after + height,
        "selected row {row} in view\n{shown}"
    );
    assert!(shown.contains("› "), "{shown}");
    // ↑ then continues from there, one item at a time.
    let before = app.selected();
    key(&mut app, KeyCode::Up);
    assert_eq!(app.selected(), before.saturating_sub(1));
}

#[test]
fn end_top_and_f_reach_the_bottom_the_top_and_did_this_fix_it() {
    let mut app = app_at("https-flow-not-triggered", "en");
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('f'));
    let shown = screen(&mut app, 80, 24);
    assert_eq!(app.items()[app.selected()], Item::FollowUp(true));
    assert!(shown.contains("› Yes, it works now"), "{shown}");
    assert!(shown.contains("Did this fix it?"), "{shown}");
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('g'));
    let shown = screen(&mut app, 80, 24);
    assert_eq!(app.selected(), 0);
    assert_eq!(app.drawn().page.scroll, 0);
    assert!(shown.contains("HTTPS endpoint"), "{shown}");
    key(&mut app, KeyCode::Char('G'));
    screen(&mut app, 80, 24);
    assert_eq!(app.selected(), app.items().len() - 1);
    key(&mut app, KeyCode::Home);
    assert_eq!(app.selected(), 0);
    // A question page has no follow-up: f says so.
    let mut q = app_at("start", "en");
    key(&mut q, KeyCode::Char('f'));
    assert!(
        q.status_text()
            .as_deref()
            .unwrap()
            .contains("no \"Did this fix it?\"")
    );
}

#[test]
fn digits_choose_and_say_when_there_is_no_such_item() {
    let mut app = app_at("start", "en");
    let third = app.current().choices[2].next.clone();
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(app.session().current(), third);
    let mut app = app_at("start", "zh-CN");
    key(&mut app, KeyCode::Char('9'));
    assert_eq!(app.session().current(), "start");
    assert!(
        app.status_text().as_deref().unwrap().contains("没有选项 9"),
        "{:?}",
        app.status()
    );
    // On a remediation a digit selects that step (Space ticks it).
    let mut app = app_at("dest-https", "en");
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.items()[app.selected()], Item::Step(1));
    key(&mut app, KeyCode::Char(' '));
    assert!(app.session().is_ticked("dest-https", 1));
    // On the candidate list a digit opens that candidate.
    let mut app = app_at("start", "en");
    key(&mut app, KeyCode::Char('p'));
    leadwiz::tui::handle(&mut app, Event::Paste("AADSTS90002".into()));
    key(&mut app, KeyCode::Tab);
    let second = app.diagnosis().unwrap().candidates[1].id.clone();
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.session().current(), second);
}

#[test]
fn back_restores_the_cursor_history_undoes_start_over_and_esc_at_the_start_says_so() {
    let mut app = app_at("start", "en");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    let page = app.session().current().to_owned();
    assert_ne!(page, "start");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.session().current(), "start");
    assert_eq!(
        app.selected(),
        2,
        "the cursor is back on the choice just tried"
    );
    key(&mut app, KeyCode::Esc);
    assert!(
        app.status_text()
            .as_deref()
            .unwrap()
            .contains("This is the start")
    );

    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    let deep = app.session().current().to_owned();
    let crumbs = app.session().path().len();
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.session().current(), "start");
    key(&mut app, KeyCode::Char('['));
    assert_eq!(
        app.session().current(),
        deep,
        "history back undoes start over"
    );
    assert_eq!(
        app.session().path().len(),
        crumbs,
        "the breadcrumb comes back too"
    );
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.session().current(), "start");
    leadwiz::tui::handle(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Left, KeyModifiers::ALT)),
    );
    assert_eq!(app.session().current(), deep);
}

#[test]
fn below_the_minimum_size_keys_wait_except_quit() {
    let mut app = app_at("start", "en");
    let small = screen(&mut app, 20, 5)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(small.contains("needs at least 24×6"), "{small}");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().current(), "start");
    assert_eq!(app.selected(), 0);
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected(), 1);
    screen(&mut app, 20, 5);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quitting());
}

/// The footer's key row: whole hints only, "…" when some are left out, the most important
/// kept, only keys that act here; in both languages, wide and narrow.
#[test]
fn the_footer_fits_by_priority_and_lists_only_keys_that_act() {
    for lang in ["en", "zh-CN"] {
        for (w, h) in [(80u16, 24u16), (44, 16), (30, 10)] {
            for id in ["start", "dest-https", "resolved"] {
                let mut app = app_at(id, lang);
                // A status message never pushes the keys off.
                key(&mut app, KeyCode::Char('9'));
                let shown = screen(&mut app, w, h);
                let rows: Vec<&str> = shown.lines().collect();
                let keys = rows[rows.len() - 1];
                let quit = if lang == "en" { "q quit" } else { "q 退出" };
                assert!(keys.contains(quit), "{id} {w}×{h}: {keys:?}\n{shown}");
                let width = unicode_width::UnicodeWidthStr::width(keys);
                assert!(width <= w as usize, "{keys:?}");
                let tick = if lang == "en" {
                    "tick step"
                } else {
                    "勾选步骤"
                };
                assert_eq!(
                    keys.contains(tick),
                    id == "dest-https" && w >= 80,
                    "{id} {w}×{h}: {keys:?}"
                );
            }
        }
    }
    let mut app = app_at("dest-https", "en");
    let narrow = screen(&mut app, 44, 16);
    let keys = narrow.lines().nth(15).unwrap();
    assert!(keys.ends_with(" …"), "{keys:?}");
    assert!(!keys.contains("Ctrl-C quit"));
}

#[test]
fn help_scrolls_and_fits_80x24_in_presenter_mode() {
    for lang in ["en", "zh-CN"] {
        let mut app = app_at("dest-https", lang);
        key(&mut app, KeyCode::F(2));
        key(&mut app, KeyCode::Char('?'));
        let top = screen(&mut app, 80, 24);
        let share = if lang == "en" {
            "Share this page: leadwiz --goto dest-https"
        } else {
            "分享此页: leadwiz --goto dest-https"
        };
        assert!(top.contains(share), "{top}");
        for _ in 0..3 {
            key(&mut app, KeyCode::End);
        }
        let bottom = screen(&mut app, 80, 24);
        for needle in ["q/Ctrl-C", "F2", "t  "] {
            assert!(
                top.contains(needle) || bottom.contains(needle),
                "{needle}:\n{top}\n{bottom}"
            );
        }
        key(&mut app, KeyCode::Esc);
        assert!(!app.help().is_open());
    }
}

/// Switching language re-renders every visible message: the status, the reload note, the
/// footer, the end page's last line.
#[test]
fn switching_language_re_renders_every_visible_message() {
    let mut app = app_at("resolved", "en");
    let guide = Box::new(app.guide().clone());
    let (warnings, files) = (Vec::new(), Vec::new());
    app.update(Update::Reloaded(Reload::Loaded {
        guide,
        warnings,
        files,
    }));
    let Some(Msg::Reloaded(at)) = app.problems().reloaded().cloned() else {
        panic!("reloaded");
    };
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('9'));
    let en = screen(&mut app, 80, 24);
    assert!(en.contains("No choice 9"), "{en}");
    assert!(!en.contains("Enter → start"), "{en}");
    key(&mut app, KeyCode::Char('L'));
    let zh = screen(&mut app, 80, 24);
    assert!(zh.contains("此处没有选项 9"), "{zh}");
    assert!(zh.contains("q 退出"), "{zh}");
    assert!(!zh.contains("No choice") && !zh.contains(" quit"), "{zh}");
    // Any key but L clears the status.
    app.update(Action::Top);
    let zh = screen(&mut app, 80, 24);
    assert!(zh.contains(&format!("已重新加载 {at}")), "{zh}");
    let mut end = app_at("resolved", "zh-CN");
    let page = screen(&mut end, 80, 24);
    assert!(
        page.contains("按 s 从头开始") && !page.contains("start"),
        "{page}"
    );
}

/// Search: "type to search" and "no matches" say so; a typo still finds; title matches come
/// first; each hit shows a snippet; long titles end with "…".
#[test]
fn search_says_what_it_is_doing_forgives_a_typo_and_ranks_titles_first() {
    for lang in ["en", "zh-CN"] {
        let mut app = app_at("start", lang);
        key(&mut app, KeyCode::Char('/'));
        let empty = screen(&mut app, 80, 24);
        let hint = if lang == "en" {
            "Type to search"
        } else {
            "输入以搜索"
        };
        assert!(empty.contains(hint), "{empty}");
        type_text(&mut app, "zzqx");
        let none = screen(&mut app, 80, 24);
        let says = if lang == "en" {
            "No topic matches \"zzqx\""
        } else {
            "没有与“zzqx”匹配"
        };
        assert!(none.contains(says), "{none}");
    }
    let mut app = app_at("start", "en");
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "destinaton");
    let hits = app.search_hits();
    assert!(!hits.is_empty(), "a typo still finds");
    assert!(
        hits[0]
            .node
            .title
            .get("en")
            .to_lowercase()
            .contains("destination")
    );
    // Titles first: every hit whose title holds the words comes before any that does not.
    let titles: Vec<bool> = hits.iter().map(|h| h.in_title).collect();
    assert!(titles.windows(2).all(|w| w[0] || !w[1]), "{titles:?}");
    let mut app = app_at("start", "en");
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "secret");
    let shown = screen(&mut app, 44, 16);
    assert!(shown.contains('…'), "{shown}");
    assert!(app.search_hits().iter().any(|h| h.snippet.is_some()));
    for line in shown.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 44, "{line}");
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    leadwiz::tui::handle(
        app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        }),
    );
}

fn row_of(shown: &str, needle: &str) -> u16 {
    shown
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not on screen:\n{shown}")) as u16
}

/// With `--mouse`: a click on a choice opens it, a click on a step ticks it, a click on
/// another item selects it and a second click opens it.
#[test]
fn clicks_choose_tick_and_open() {
    let mut app = app_at("start", "en");
    let shown = screen(&mut app, 80, 24);
    let second = app.current().choices[1].clone();
    let y = row_of(&shown, &format!("2. {}", second.label.get("en")));
    click(&mut app, 10, y);
    assert_eq!(app.session().current(), second.next);

    let mut app = app_at("dest-https", "en");
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('2'));
    let shown = screen(&mut app, 80, 24);
    let y = row_of(&shown, "[ ] 2.");
    click(&mut app, 12, y);
    assert!(app.session().is_ticked("dest-https", 1));
    // A continuation row of a wrapped step belongs to that step too.
    let shown = screen(&mut app, 80, 24);
    let y = row_of(&shown, "[x] 2.");
    click(&mut app, 12, y + 1);
    let continued = shown.lines().nth(y as usize + 1).unwrap();
    if continued.starts_with("          ") && !continued.contains("[ ]") {
        assert!(!app.session().is_ticked("dest-https", 1), "{continued:?}");
    }

    // "Did this fix it?": a click on "No" selects it, a second click opens what is next.
    let mut app = app_at("https-flow-not-triggered", "en");
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('f'));
    let shown = screen(&mut app, 80, 24);
    let y = row_of(&shown, "No, show me the next thing to try");
    click(&mut app, 10, y);
    assert_eq!(
        app.session().current(),
        "https-flow-not-triggered",
        "one click selects"
    );
    assert_eq!(app.items()[app.selected()], Item::FollowUp(false));
    screen(&mut app, 80, 24);
    click(&mut app, 10, y);
    assert_ne!(
        app.session().current(),
        "https-flow-not-triggered",
        "a second click opens"
    );
    // Outside the page: nothing.
    let mut app = app_at("start", "en");
    screen(&mut app, 80, 24);
    click(&mut app, 10, 23);
    assert_eq!(app.session().current(), "start");
}

/// Content authors: the error panel shows whole messages, wrapped (the "did you mean" at the
/// end of a long one stays), and scrolls with `{` and `}` when there are more than fit.
#[test]
fn the_error_panel_wraps_and_scrolls() {
    use leadwiz::guide::{Diagnostic, Severity};
    let mut app = app_at("start", "en");
    let diagnostics = (1..=12)
        .map(|i| Diagnostic {
            severity: Severity::Error,
            file: "missing.yaml".into(),
            line: i,
            column: 7,
            message: format!(
                "unknown field `nxet` in choice {i} of node missing-offer-saas, expected one of `label`, `next`: did you mean `next{i}`?"
            ),
        })
        .collect();
    let files = Vec::new();
    app.update(Update::Reloaded(Reload::Failed { diagnostics, files }));
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("did you mean `next1`?"), "{first}");
    assert!(first.contains("} more"), "{first}");
    assert!(!first.contains("did you mean `next12`?"), "{first}");
    for _ in 0..40 {
        key(&mut app, KeyCode::Char('}'));
        screen(&mut app, 80, 24);
    }
    let last = screen(&mut app, 80, 24);
    assert!(last.contains("did you mean `next12`?"), "{last}");
    key(&mut app, KeyCode::Char('{'));
    assert!(app.problems().scroll() < app.drawn().errors_max);
}

/// The transcript in English from a Chinese session: `T` writes it in English (and from then
/// on), `t` in the interface language.
#[test]
fn t_writes_the_transcript_in_the_interface_language_and_capital_t_in_english() {
    use leadwiz::transcript::{Context, Format, Target};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket.md");
    let mut app = app_at("dest-https", "zh-CN").with_transcript(
        Target {
            path: Some(path.clone()),
            format: Format::Markdown,
            force: true,
        },
        Context {
            date: "2026-12-02 08:00:00 +00:00".into(),
            source: "built-in".into(),
        },
    );
    for e in leadwiz::tui::handle(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE)),
    ) {
        assert_eq!(e, leadwiz::tui::app::Effect::WriteTranscript);
        app.write_transcript().unwrap();
    }
    let zh = std::fs::read_to_string(&path).unwrap();
    assert!(zh.contains("结果"), "{zh}");
    for e in leadwiz::tui::handle(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::NONE)),
    ) {
        assert_eq!(e, leadwiz::tui::app::Effect::WriteTranscript);
        app.write_transcript().unwrap();
    }
    let en = std::fs::read_to_string(&path).unwrap();
    assert!(en.contains("End state") && !en.contains("结果"), "{en}");
    assert_eq!(app.lang(), Lang::ZhCn, "the interface stays in Chinese");
}

/// `--transcript-lang en`: a Chinese plain-mode session writes its transcript in English.
#[test]
fn transcript_lang_picks_the_transcripts_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket.md");
    common::leadwiz()
        .args([
            "--plain",
            "--lang",
            "zh-CN",
            "--transcript-lang",
            "en",
            "--transcript",
        ])
        .arg(&path)
        .write_stdin("3\nq\n")
        .assert()
        .success();
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.contains("End state") && !md.contains("结果"), "{md}");
}

/// A paste with help in front closes help and lands in the paste box the user now sees,
/// never in a box hidden behind help.
#[test]
fn a_paste_while_help_is_open_is_seen_where_it_lands() {
    for lang in ["en", "zh-CN"] {
        let mut app = app_at("start", lang);
        key(&mut app, KeyCode::Char('?'));
        assert!(app.help().is_open());
        let text = "AADSTS90002: Tenant 'contoso' not found.";
        leadwiz::tui::handle(&mut app, Event::Paste(text.into()));
        assert!(!app.help().is_open(), "help closed");
        assert_eq!(app.screen(), Screen::Paste);
        assert_eq!(app.paste().text().lines().join("\n"), text);
        let shown = screen(&mut app, 80, 24);
        assert!(shown.contains("AADSTS90002"), "{shown}");
    }
}

/// A paste on the search screen goes into the search field, as one line.
#[test]
fn a_paste_on_the_search_screen_is_searched_for() {
    for lang in ["en", "zh-CN"] {
        let mut app = app_at("start", lang);
        key(&mut app, KeyCode::Char('/'));
        assert_eq!(app.screen(), Screen::Search);
        leadwiz::tui::handle(&mut app, Event::Paste("\n tenant\r\nnot \t found\n".into()));
        assert_eq!(app.screen(), Screen::Search, "the paste box did not open");
        assert_eq!(app.search().query, "tenant not found");
        assert!(
            app.paste().text().is_empty(),
            "nothing went to the paste box"
        );
        assert!(
            app.search_results()
                .iter()
                .any(|n| n.id == "dynamics-aad-tenant-not-found")
        );
        let shown = screen(&mut app, 80, 24);
        assert!(shown.contains("tenant not found"), "{shown}");
    }
}
