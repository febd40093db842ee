//! `leadwiz completions SHELL` and `leadwiz man`: the bash script parses and completes leadwiz's
//! own commands and values in a real bash; the other shells' scripts name every command; the
//! manual page renders with groff without a warning and holds every command, the environment
//! and the exit statuses.

use std::process::Command;

use crate::common;

fn stdout(args: &[&str]) -> String {
    let out = common::leadwiz().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "leadwiz {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

const COMMANDS: [&str; 12] = [
    "check",
    "show",
    "list",
    "export",
    "diagnose",
    "schema",
    "test-lead",
    "leads",
    "check-url",
    "completions",
    "man",
    "help",
];

/// What bash completes for the words typed so far (the last one being completed).
fn bash_complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\n\
         COMP_POINT=${{#COMP_LINE}}\n_leadwiz leadwiz \"${{COMP_WORDS[COMP_CWORD]}}\" \
         \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completion_parses_and_completes_commands_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("leadwiz.bash");
    std::fs::write(&script, stdout(&["completions", "bash"])).unwrap();
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(check.status.success(), "bash -n: {check:?}");

    let all = bash_complete(&script, &["leadwiz", ""]);
    for c in COMMANDS {
        assert!(all.contains(&c.to_owned()), "{c} missing from {all:?}");
    }
    assert_eq!(bash_complete(&script, &["leadwiz", "exp"]), ["export"]);
    let destinations = bash_complete(&script, &["leadwiz", "test-lead", ""]);
    for d in ["https", "azure-table", "--help"] {
        assert!(
            destinations.contains(&d.to_owned()),
            "{d}: {destinations:?}"
        );
    }
    assert!(
        !destinations.contains(&"diagnose".to_owned()),
        "{destinations:?}"
    );
    let formats = bash_complete(&script, &["leadwiz", "export", "--format", ""]);
    assert_eq!(formats, ["markdown", "json", "dot", "mermaid"]);
    let shells = bash_complete(&script, &["leadwiz", "completions", ""]);
    for s in ["bash", "zsh", "fish", "powershell"] {
        assert!(
            shells.contains(&s.to_owned()),
            "{s} missing from {shells:?}"
        );
    }
}

#[test]
fn zsh_fish_and_powershell_scripts_name_every_command() {
    for (shell, marker, values) in [
        ("zsh", "#compdef leadwiz", true),
        ("fish", "complete -c leadwiz", true),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'leadwiz'",
            false,
        ),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for c in COMMANDS {
            assert!(script.contains(c), "{shell}: {c} missing");
        }
        assert!(
            !values || script.contains("mermaid"),
            "{shell}: export formats missing"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = common::leadwiz()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
    assert!(err.contains("powershell"), "{err}");
}

/// The page as groff renders it for a terminal; fails on any groff warning.
fn render(page: &[u8]) -> String {
    use std::io::Write;
    let mut groff = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-rLL=100n"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "the manual page test needs groff ({e}); on Debian: apt-get install groff-base, \
                 on macOS: brew install groff"
            )
        });
    groff.stdin.take().unwrap().write_all(page).unwrap();
    let out = groff.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.is_empty(), "groff warned:\n{warnings}");
    String::from_utf8(out.stdout).unwrap()
}

/// Removes groff's overstriking (bold is `c\bc`, underline `_\bc`) from terminal output.
fn plain_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c == '\u{8}' {
            out.pop();
            continue;
        }
        out.push(c);
    }
    out
}

#[test]
fn the_manual_page_renders_with_every_command_the_environment_and_exit_statuses() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH leadwiz 1"));
    let text = plain_text(&render(page.as_bytes()));
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "SUBCOMMANDS",
        "ENVIRONMENT",
        "EXIT STATUS",
        "VERSION",
    ] {
        assert!(
            text.lines().any(|l| l == section),
            "no {section} section in:\n{text}"
        );
    }
    assert!(text.contains("leadwiz - A terminal wizard that troubleshoots the lead-management"));
    for c in COMMANDS {
        assert!(
            text.contains(&format!("leadwiz-{c}(1)")),
            "{c} missing:\n{text}"
        );
    }
    assert!(text.contains("--content"));
    assert!(text.contains("AZURE_STORAGE_CONNECTION_STRING"));
    assert!(text.contains("128 + N"), "signals in EXIT STATUS");
    assert!(text.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn man_dir_writes_a_page_per_command_and_each_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::leadwiz()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in [
        "leadwiz.1",
        "leadwiz-check.1",
        "leadwiz-test-lead-https.1",
        "leadwiz-leads-azure-table.1",
        "leadwiz-completions.1",
    ] {
        assert!(
            names.contains(&name.to_owned()),
            "{name} missing: {names:?}"
        );
    }
    let main = std::fs::read(dir.path().join("leadwiz.1")).unwrap();
    assert_eq!(
        main,
        stdout(&["man"]).into_bytes(),
        "leadwiz.1 is `leadwiz man`"
    );
    let https = plain_text(&render(
        &std::fs::read(dir.path().join("leadwiz-test-lead-https.1")).unwrap(),
    ));
    assert!(https.contains("--dry-run"), "{https}");
    assert!(https.contains("--timeout"), "{https}");
}
