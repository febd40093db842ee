//! Work and memory stay bounded whatever the input: the paste box keeps what the matcher reads
//! and says so, the transcript keeps an excerpt, plain mode drops an over-long line as it reads
//! it and stops a loop in the guide, content escape sequences never reach the terminal.

use std::time::{Duration, Instant};

use crate::common::leadwiz;

use leadwiz::guide::{Guide, Lang, Sources};
use leadwiz::session::Session;
use leadwiz::tui::app::{App, MAX_PASTE};
use leadwiz::tui::theme::ThemeName;

fn app() -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::new(&guide);
    App::new(guide, "en".into(), session)
}

#[test]
fn the_paste_box_keeps_what_the_matcher_reads_and_says_so() {
    let mut app = app();
    let mut paste =
        String::from("AADSTS90002: Tenant not found. AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5\r\n");
    paste.push_str(&"x".repeat(4 << 20));
    let start = Instant::now();
    leadwiz::tui::handle(
        &mut app,
        ratatui::crossterm::event::Event::Paste(paste.clone()),
    );
    assert!(app.paste().len() <= MAX_PASTE, "{}", app.paste().len());
    assert_eq!(app.paste().kept(), Some((app.paste().len(), paste.len())));
    // A full box takes no more typing.
    let before = app.paste().len();
    for _ in 0..100 {
        leadwiz::tui::handle(
            &mut app,
            ratatui::crossterm::event::Event::Key(ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::Char('y'),
            )),
        );
    }
    assert_eq!(app.paste().len(), before);
    let screen = crate::common::screen::screen(&app, 100, 30, ThemeName::Monochrome);
    assert!(
        screen.contains(&format!(
            "(pasted {} bytes, kept the first {before}",
            paste.len()
        )),
        "{screen}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );

    // Submitted, it goes into the transcript as an excerpt, its secret masked.
    app.update(leadwiz::tui::action::Action::Submit);
    let md = leadwiz::transcript::render(
        app.guide(),
        app.session(),
        Lang::En,
        &leadwiz::transcript::Context {
            date: "today".into(),
            source: "built-in".into(),
        },
        leadwiz::transcript::Format::Markdown,
    );
    assert!(md.len() < 16 * 1024, "{}", md.len());
    assert!(md.contains("more bytes not kept"), "{md}");
    assert!(!md.contains("c2VjcmV0a2V5"), "{md}");
}

#[test]
fn plain_mode_drops_an_over_long_line_as_it_reads_it() {
    let mut input = "7".repeat(20 << 20);
    input.push_str("\nq\n");
    let start = Instant::now();
    let out = leadwiz()
        .arg("--plain")
        .write_stdin(input)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.len() < 64 * 1024, "{}", out.stdout.len());
    assert!(start.elapsed() < Duration::from_secs(30));
}

/// A guide whose questions lead round in a loop: 8,000 answers printed 225 MB before.
#[test]
fn plain_mode_stops_a_loop_it_has_seen_many_times() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("guide.yaml"),
        r#"guide:
  title: {en: Loop, zh-CN: 循环}
  version: "1"
  languages: [en, zh-CN]
  start: start
  success: done
  escalation: help
nodes:
  - id: start
    kind: question
    title: {en: Start, zh-CN: 开始}
    prompt: {en: Where?, zh-CN: 哪里？}
    choices:
      - label: {en: On, zh-CN: 继续}
        next: other
  - id: other
    kind: question
    title: {en: Other, zh-CN: 其他}
    prompt: {en: Back?, zh-CN: 返回？}
    choices:
      - label: {en: Round, zh-CN: 循环}
        next: start
      - label: {en: Help, zh-CN: 帮助}
        next: help
  - id: done
    kind: end
    title: {en: Done, zh-CN: 完成}
  - id: help
    kind: answer
    title: {en: Get help, zh-CN: 获取帮助}
    summary: {en: Ask support., zh-CN: 联系支持。}
    follow_up: {ask: false}
"#,
    )
    .unwrap();
    let out = leadwiz()
        .arg("--content")
        .arg(dir.path())
        .args(["--plain", "--no-watch"])
        .write_stdin("1\n".repeat(8000))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("This guide goes round in a loop"),
        "{}",
        &text[text.len().saturating_sub(2000)..]
    );
    assert!(out.stdout.len() < 200 * 1024, "{} bytes", out.stdout.len());
}

/// Escape sequences in content (a clipboard write in the guide's title and version, which
/// `check` rejects now) and in arguments never reach the terminal or an export.
#[test]
fn escape_sequences_from_content_and_arguments_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/guide.yaml"),
    )
    .unwrap()
    .replace(
        "title: {en: Fixture guide,",
        "title: {en: \"Fixture \\e]52;c;aGk=\\a guide\",",
    )
    .replace("version: \"1\"", "version: \"1\\e]0;owned\\a\"")
    .replace(
        "    title: {en: Start, zh-CN: 开始}",
        "    title: {en: \"Start \u{202e}gnp\", zh-CN: 开始}",
    );
    std::fs::write(dir.path().join("guide.yaml"), fixture).unwrap();
    std::fs::write(dir.path().join("\u{1b}]0;x\u{7}.yaml"), "nodes: []\n").unwrap();
    let out = leadwiz().arg("check").arg(dir.path()).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
    assert!(text.contains("guide.yaml:3:"), "{text}");
    assert!(
        text.contains("`version` holds a control character"),
        "{text}"
    );
    assert!(
        text.contains(":24: error: a control character (U+202E)"),
        "{text}"
    );
    for args in [
        &["--goto", "x\u{1b}]52;c;aGk=\u{7}"][..],
        &["--lang", "x\u{1b}[2J"][..],
        &["show", "\u{202e}\u{1b}]0;t\u{7}"][..],
    ] {
        let out = leadwiz().args(args).arg("--plain").output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !all.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{args:?}: {all:?}"
        );
    }
}
