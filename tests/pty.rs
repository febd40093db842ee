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
            .expect("tmux runs (it is part of the machine image: apt package tmux)");
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

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux(&args);
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
    t.wait_for("Azure AD: tenant not found");
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
fn sigterm_restores_the_terminal() {
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
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert_eq!(t.flag("#{alternate_on}"), "0");
    assert_eq!(t.flag("#{cursor_flag}"), "1");
}
