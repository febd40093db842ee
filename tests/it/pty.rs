//! The real binary in a real terminal (tmux): launch, navigate, bracketed-paste an error, see
//! its id among the candidates, open it, quit; the process exits 0 and the terminal is back out
//! of the alternate screen with the cursor visible.

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(width: u16, height: u16, command: &str) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("leadwiz-test-{}-{n}", std::process::id());
        let t = Tmux { socket };
        let status = Command::new("tmux")
            .args([
                "-L",
                &t.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .arg(command)
            .env_remove("TMUX")
            .status()
            .expect("the terminal tests need tmux (on Debian: apt-get install tmux; macOS: brew install tmux)");
        assert!(status.success());
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "`{needle}` never appeared; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types keys one at a time, as a person does: keys sent together arrive as one burst,
    /// which the wizard takes for a paste.
    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", "t", key]);
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    fn flag(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "t", format])
            .trim()
            .to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

#[test]
fn paste_an_error_open_it_and_quit_cleanly() {
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let t = Tmux::new(
        100,
        30,
        &format!(
            "env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color sh -c '{bin}; echo EXIT=$?; sleep 30'"
        ),
    );
    t.wait_for("What do you need help with?");
    assert_eq!(
        t.flag("#{alternate_on}"),
        "1",
        "the wizard draws on the alternate screen"
    );
    // Navigate: the third choice, then back.
    t.keys(&["j", "j", "Enter"]);
    t.wait_for("Which message did Partner Center show?");
    t.keys(&["Escape"]);
    t.wait_for("What do you need help with?");
    // Paste the raw Entra ID message with a bracketed paste.
    t.keys(&["p"]);
    t.wait_for("Paste the error");
    t.tmux(&[
        "set-buffer",
        "AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID.",
    ]);
    t.tmux(&["paste-buffer", "-p", "-t", "t"]);
    t.wait_for("(dynamics-aad-tenant-not-found)");
    t.keys(&["C-s"]);
    let screen = t.wait_for("Azure AD: tenant not found");
    // Not sure: the box keeps the focus (q would type); Tab and Enter open the first candidate.
    if screen.contains("Not sure") {
        t.keys(&["Tab", "Enter"]);
    }
    t.wait_for("Steps:");
    t.keys(&["q"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert_eq!(
        t.flag("#{alternate_on}"),
        "0",
        "out of the alternate screen"
    );
    assert_eq!(t.flag("#{cursor_flag}"), "1", "cursor visible");
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let t = Tmux::new(
        80,
        24,
        // A background job's input is /dev/null unless given the terminal back.
        &format!(
            "sh -c 'tty=$(tty); {bin} <$tty & pid=$!; sleep 1; kill -TERM $pid; wait $pid; echo EXIT=$?; sleep 30'"
        ),
    );
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("EXIT=143"), "128 + SIGTERM: {screen}");
    assert_eq!(t.flag("#{alternate_on}"), "0");
    assert_eq!(t.flag("#{cursor_flag}"), "1");
}

/// An author's loop in a real terminal: the wizard on a content folder, in presenter mode; a
/// title saved (as editors save: a new file renamed over the old) shows up on screen, broken
/// YAML shows its errors while the last good content stays, the fix clears them; quitting
/// writes the transcript.
#[test]
fn live_reload_presenter_and_transcript_in_a_real_terminal() {
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), content.join(entry.file_name())).unwrap();
    }
    let transcript = dir.path().join("session.md");
    let t = Tmux::new(
        80,
        24,
        &format!(
            "env LANG=C.UTF-8 TERM=xterm-256color sh -c '{bin} --presenter --content {} --goto missing-offer-saas --transcript {}; echo EXIT=$?; sleep 30'",
            content.display(),
            transcript.display()
        ),
    );
    t.wait_for("ID missing-offer-saas");
    let file = content.join("missing.yaml");
    let save = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from));
        let tmp = content.join(".missing.yaml.swp");
        std::fs::write(&tmp, text.replacen(from, to, 1)).unwrap();
        std::fs::rename(&tmp, &file).unwrap();
    };
    save("      en: SaaS offer\n", "      en: SaaS offer (edited)\n");
    let screen = t.wait_for("SaaS offer (edited)");
    assert!(screen.contains("reloaded "), "{screen}");
    save("      en: SaaS offer (edited)\n", "      en: \"unclosed\n");
    let screen = t.wait_for("error(s) in the content");
    assert!(screen.contains("missing.yaml:"), "{screen}");
    assert!(
        screen.contains("SaaS offer (edited)"),
        "the last good content stays"
    );
    save("      en: \"unclosed\n", "      en: SaaS offer (fixed)\n");
    let screen = t.wait_for("SaaS offer (fixed)");
    assert!(!screen.contains("error(s) in the content"), "{screen}");
    t.keys(&["Down"]);
    t.wait_for("key ↓");
    t.keys(&["q"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(screen.contains("transcript written to"), "{screen}");
    let md = std::fs::read_to_string(&transcript).unwrap();
    assert!(md.contains("(`missing-offer-saas`)"), "{md}");
}

/// `e` on a page of a content folder: the editor (`$VISUAL`) opens at the page's file and line
/// on the same terminal and gets every key (`q` and `s` type there instead of quitting or
/// starting over); when it closes, the wizard is back, redrawn, with the content reloaded
/// (without the watcher: `--no-watch`). With the built-in guide `e` says why it cannot.
#[test]
fn e_opens_the_editor_at_the_page_and_the_wizard_reloads_after() {
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), content.join(entry.file_name())).unwrap();
    }
    let args = dir.path().join("args");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\nprintf 'EDITING %s\\n' \"$2\"\nstty raw -echo\nsleep 1\nanswer=$(dd bs=1 count=2 2>/dev/null)\nstty sane\nsed -i \"s/^      en: SaaS offer$/      en: SaaS offer ($answer)/\" \"$2\"\n",
            args.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", &editor.display().to_string()])
        .status()
        .unwrap();
    let t = Tmux::new(
        100,
        30,
        &format!(
            "env LANG=C.UTF-8 TERM=xterm-256color VISUAL={} sh -c '{bin} --no-watch --content {} --goto missing-offer-saas; echo EXIT=$?; sleep 30'",
            editor.display(),
            content.display(),
        ),
    );
    t.wait_for("missing-offer-saas");
    t.keys(&["e"]);
    let screen = t.wait_for("EDITING");
    assert!(screen.contains("missing.yaml"), "{screen}");
    assert_eq!(
        t.flag("#{alternate_on}"),
        "0",
        "the editor has the normal screen"
    );
    // Keys typed before the editor reads them wait for it (the editor sleeps a second
    // first): the wizard does not read the terminal while the editor has it.
    t.keys(&["q", "s"]);
    let screen = t.wait_for("SaaS offer (qs)");
    assert!(!screen.contains("EXIT="), "q went to the editor: {screen}");
    assert_eq!(
        t.flag("#{alternate_on}"),
        "1",
        "the wizard took the screen back"
    );
    let line = {
        let text = std::fs::read_to_string(content.join("missing.yaml")).unwrap();
        text.lines()
            .position(|l| l.trim() == "- id: missing-offer-saas")
            .unwrap()
            + 1
    };
    let told = std::fs::read_to_string(&args).unwrap();
    assert_eq!(
        told,
        format!("+{line}\n{}\n", content.join("missing.yaml").display())
    );
    // The keys work at once.
    t.keys(&["q"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");

    let t = Tmux::new(
        100,
        30,
        &format!("env LANG=C.UTF-8 TERM=xterm-256color sh -c '{bin}; echo EXIT=$?; sleep 30'"),
    );
    t.wait_for("What do you need help with?");
    t.keys(&["e"]);
    t.wait_for("This guide is built in");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// A sentence holding every command letter, typed key by key (as a person types, not a
/// paste) into each text box of the real binary: the paste box after a "not sure" diagnosis,
/// the search box and a destination's URL field. The wizard is still there and the text is in
/// the box each time.
#[test]
fn typing_every_command_letter_into_each_text_box_types_it() {
    const SENTENCE: &str = "quit? it's the Lg jkl hpyt /sfG [1] 2";
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let t = Tmux::new(
        100,
        30,
        &format!("env LANG=C.UTF-8 TERM=xterm-256color sh -c '{bin}; echo EXIT=$?; sleep 30'"),
    );
    let type_sentence = |t: &Tmux| {
        for c in SENTENCE.chars() {
            t.tmux(&["send-keys", "-t", "t", "-l", &c.to_string()]);
            std::thread::sleep(Duration::from_millis(40));
        }
    };
    t.wait_for("What do you need help with?");
    t.keys(&["p"]);
    t.wait_for("Paste the error");
    t.tmux(&["set-buffer", "AADSTS90002"]);
    t.tmux(&["paste-buffer", "-p", "-t", "t"]);
    t.wait_for("(dynamics-aad-");
    t.keys(&["C-s"]);
    t.wait_for("Tab to choose one");
    type_sentence(&t);
    let screen = t.wait_for(&format!("AADSTS90002{SENTENCE}"));
    assert!(screen.contains("Paste the error"), "{screen}");
    assert!(!screen.contains("EXIT="), "{screen}");

    t.keys(&["Escape"]);
    t.wait_for("What do you need help with?");
    t.keys(&["/"]);
    t.wait_for("Search:");
    type_sentence(&t);
    let screen = t.wait_for(&format!("Search: {SENTENCE}"));
    assert!(!screen.contains("EXIT="), "{screen}");

    t.keys(&["Escape"]);
    t.wait_for("What do you need help with?");
    // The last item of the start page is "Test my destination"; then the first kind.
    t.keys(&["G", "Enter", "1"]);
    t.wait_for("POST URL");
    type_sentence(&t);
    let screen = t.wait_for(&format!("Endpoint URL  {SENTENCE}"));
    assert!(!screen.contains("EXIT="), "{screen}");
    t.keys(&["C-c"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("EXIT=130"), "{screen}");
}

/// `validate … --send-test-lead` on a terminal asks first: "n" sends nothing, "y" the lead.
#[test]
fn validate_asks_before_it_sends_the_test_lead() {
    use crate::common::server::Server;
    let server = Server::start(|req| match req.method.as_str() {
        "POST" => (202, vec![], String::new()),
        _ => (404, vec![], String::new()),
    });
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let url = server.url("/ok");
    for (answer, posts) in [("n", 0), ("y", 1)] {
        let t = Tmux::new(
            120,
            30,
            &format!(
                "env LANG=C.UTF-8 sh -c '{bin} validate https {url} --send-test-lead; echo EXIT=$?; sleep 30'"
            ),
        );
        t.wait_for("y/N]");
        t.keys(&[answer, "Enter"]);
        let screen = t.wait_for("EXIT=");
        assert!(screen.contains("EXIT=0"), "{screen}");
        let sent = server
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count();
        assert_eq!(sent, posts, "{answer}: {screen}");
        assert_eq!(
            screen.contains("the test lead was not sent"),
            posts == 0,
            "{screen}"
        );
    }
}

/// Without a secret file or variable, `validate dynamics` asks on the terminal and shows a `*`
/// per character, never the secret.
#[test]
fn validate_dynamics_prompts_for_the_secret_without_echoing_it() {
    use crate::common::server::Server;
    const SECRET: &str = "Typed~Secret.Value_123";
    let entra = Server::start(|req| {
        if req.path.ends_with("/token") {
            (400, vec![], r#"{"error":"invalid_client","error_codes":[7000215],"error_description":"AADSTS7000215: x","trace_id":"t-1"}"#.into())
        } else {
            (200, vec![], r#"{"issuer":"https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"}"#.into())
        }
    });
    let instance = Server::start(|_| {
        (
            401,
            vec![("WWW-Authenticate", "Bearer authorization_uri=https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/authorize".into())],
            String::new(),
        )
    });
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let t = Tmux::new(
        140,
        40,
        &format!(
            "env -u LEADWIZ_CLIENT_SECRET LANG=C.UTF-8 sh -c '{bin} validate dynamics --instance-url {} --authority {} --directory-id 11111111-2222-3333-4444-555555555555 --application-id 66666666-7777-8888-9999-000000000000; echo EXIT=$?; sleep 30'",
            instance.url(""),
            entra.url("")
        ),
    );
    t.wait_for("client secret (not shown as you type)");
    t.tmux(&["send-keys", "-t", "t", "-l", SECRET]);
    t.keys(&["Enter"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("EXIT=1"), "{screen}");
    assert!(screen.contains(&"*".repeat(SECRET.len())), "{screen}");
    assert!(screen.contains("AADSTS7000215"), "{screen}");
    assert!(!screen.contains(SECRET), "{screen}");
    let token = entra
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/token"))
        .expect("a token request");
    let body = String::from_utf8_lossy(&token.body).into_owned();
    assert!(
        body.contains(&format!("client_secret={}", SECRET.replace('~', "%7E"))),
        "{body}"
    );
}

/// Left alone, the wizard sleeps: none of its threads wakes up (the one reading the terminal
/// included, which waits for keys with no timeout), and `e` still finds it ready to stand aside
/// (see the editor test above).
#[cfg(target_os = "linux")]
#[test]
fn the_idle_wizard_does_not_wake_up() {
    let bin = env!("CARGO_BIN_EXE_leadwiz");
    let t = Tmux::new(
        100,
        30,
        &format!("env LANG=C.UTF-8 TERM=xterm-256color {bin} --no-watch"),
    );
    t.wait_for("What do you need help with?");
    let pid = t.flag("#{pane_pid}");
    assert_eq!(
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .unwrap()
            .trim(),
        "leadwiz"
    );
    // Each thread's voluntary context switches: how often it went to sleep, so woke up.
    let count = || -> Vec<(String, u64)> {
        let mut all = Vec::new();
        for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
            let task = task.unwrap().path();
            let name = std::fs::read_to_string(task.join("comm")).unwrap_or_default();
            let status = std::fs::read_to_string(task.join("status")).unwrap_or_default();
            let n = status
                .lines()
                .find_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
                .map_or(0, |n| n.trim().parse().unwrap());
            all.push((name.trim().to_owned(), n));
        }
        all.sort();
        all
    };
    std::thread::sleep(Duration::from_millis(500));
    let before = count();
    std::thread::sleep(Duration::from_millis(1500));
    let after = count();
    let woke: u64 =
        after.iter().map(|t| t.1).sum::<u64>() - before.iter().map(|t| t.1).sum::<u64>();
    assert!(
        woke <= 1,
        "woke {woke} times in 1.5 s while idle: {before:?} then {after:?}"
    );
}
