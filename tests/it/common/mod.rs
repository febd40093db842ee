#[allow(dead_code)]
pub mod screen;
#[allow(dead_code)]
pub mod server;
#[allow(dead_code)]
pub mod synthetic;

/// The built binary, with the locale cleared (so it speaks English unless told otherwise).
#[allow(dead_code)]
pub fn leadwiz() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("leadwiz").expect("the binary is built");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

/// A case file's text with `\n`, `\r`, `\t`, `\\` and `\xHH` turned into the characters they
/// stand for (tests/fixtures/diagnose/*.tsv); any other backslash stays as written.
#[allow(dead_code)]
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(
                    u8::from_str_radix(&hex, 16).expect("two hex digits"),
                ));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Runs `leadwiz test-lead https URL --json` with `extra` arguments; returns the exit status and
/// the report.
#[allow(dead_code)]
pub fn test_lead(url: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = leadwiz()
        .args(["test-lead", "https", url, "--json"])
        .args(extra)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), report)
}

/// Runs a `leadwiz validate … --json` command: its exit status, the report, and everything it
/// printed (standard output, then standard error, to look for secrets in).
#[allow(dead_code)]
pub fn validate_json(cmd: &mut assert_cmd::Command) -> (i32, serde_json::Value, String) {
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let all = format!("{text}{}", String::from_utf8_lossy(&out.stderr));
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {all}"));
    (out.status.code().unwrap(), v, all)
}

/// The status of each stage of a validation report, in order.
#[allow(dead_code)]
pub fn stage_statuses(v: &serde_json::Value) -> Vec<String> {
    v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_owned())
        .collect()
}

/// Types `text` key by key into the box with the focus, as a person would.
#[allow(dead_code)]
pub fn type_text(app: &mut leadwiz::tui::app::App, text: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        app.update(leadwiz::tui::action::Action::Type(key));
    }
}

/// Selects item `k` of the page as a person would: to the top, then down `k` times.
#[allow(dead_code)]
pub fn select(app: &mut leadwiz::tui::app::App, k: usize) {
    use leadwiz::tui::action::Action;
    app.update(Action::Top);
    for _ in 0..k {
        app.update(Action::Down);
    }
}

/// Empties the search box with Backspace, as a person would.
#[allow(dead_code)]
pub fn clear_search(app: &mut leadwiz::tui::app::App) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for _ in 0..app.search().query.chars().count() {
        let key = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        app.update(leadwiz::tui::action::Action::Type(key));
    }
}

/// Starts the live checks `update` asked for, as the terminal loop does (with no loop to wake,
/// the test polls for the report).
#[allow(dead_code)]
pub fn run_checks(effects: Vec<leadwiz::tui::app::Effect>) {
    for effect in effects {
        if let leadwiz::tui::app::Effect::RunCheck(job) = effect {
            job.spawn(None);
        }
    }
}
