//! The user's text editor, opened at a line of a file: `$VISUAL`, else `$EDITOR` (as git and
//! most Unix tools read them), else Notepad on Windows and `vi` elsewhere. Each editor has its
//! own way to be told the line; the common `+LINE FILE` is the default.

use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};

/// The program and arguments that open `file` at `line`, from the editor command in `VISUAL` or
/// `EDITOR` (read with `var`), which may carry arguments of its own (`code -w`).
pub fn command(file: &Path, line: usize, var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let editor = set("VISUAL")
        .or_else(|| set("EDITOR"))
        .unwrap_or_else(|| default_editor().to_owned());
    let mut words: Vec<String> = editor.split_whitespace().map(str::to_owned).collect();
    let program = words.first().cloned().unwrap_or_default();
    // The program's name, from a Unix or a Windows path, without `.exe`.
    let base = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    let name = base.strip_suffix(".exe").unwrap_or(&base);
    let file = file.display().to_string();
    let has = |words: &[String], flags: &[&str]| words.iter().any(|w| flags.contains(&w.as_str()));
    match name {
        // VS Code and its kin return at once unless told to wait.
        "code" | "code-insiders" | "codium" | "cursor" => {
            if !has(&words, &["-w", "--wait"]) {
                words.push("--wait".into());
            }
            words.extend(["--goto".into(), format!("{file}:{line}")]);
        }
        "subl" | "sublime_text" => {
            if !has(&words, &["-w", "--wait"]) {
                words.push("--wait".into());
            }
            words.push(format!("{file}:{line}"));
        }
        "hx" | "helix" | "zed" => words.push(format!("{file}:{line}")),
        "notepad++" => words.extend([format!("-n{line}"), file]),
        // Notepad cannot be told a line.
        "notepad" => words.push(file),
        // vi, vim, nvim, nano, emacs, micro, kak, joe, mg…
        _ => words.extend([format!("+{line}"), file]),
    }
    words
}

/// The editor when neither `VISUAL` nor `EDITOR` is set.
fn default_editor() -> &'static str {
    if cfg!(windows) { "notepad" } else { "vi" }
}

/// Runs the editor on `file` at `line` on this terminal and waits until it is closed.
pub fn open(file: &Path, line: usize) -> io::Result<ExitStatus> {
    let words = command(file, line, |name| std::env::var(name).ok());
    let (program, args) = words
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no editor"))?;
    Command::new(program).args(args).status()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(visual: Option<&str>, editor: Option<&str>) -> Vec<String> {
        command(Path::new("c/faq.yaml"), 42, |name| match name {
            "VISUAL" => visual.map(str::to_owned),
            "EDITOR" => editor.map(str::to_owned),
            _ => None,
        })
    }

    #[test]
    fn each_editor_is_told_the_line_its_own_way() {
        assert_eq!(with(None, Some("vim")), ["vim", "+42", "c/faq.yaml"]);
        assert_eq!(
            with(Some("nano"), Some("vim")),
            ["nano", "+42", "c/faq.yaml"],
            "VISUAL first"
        );
        assert_eq!(
            with(None, Some("/usr/bin/code")),
            ["/usr/bin/code", "--wait", "--goto", "c/faq.yaml:42"]
        );
        assert_eq!(
            with(None, Some("code -w")),
            ["code", "-w", "--goto", "c/faq.yaml:42"]
        );
        assert_eq!(with(None, Some("hx")), ["hx", "c/faq.yaml:42"]);
        assert_eq!(
            with(None, Some("C:\\Windows\\notepad.exe")),
            ["C:\\Windows\\notepad.exe", "c/faq.yaml"]
        );
        assert_eq!(
            with(Some("  "), Some("emacs -nw")),
            ["emacs", "-nw", "+42", "c/faq.yaml"],
            "a blank VISUAL is not set"
        );
        let default = with(None, None);
        assert_eq!(default[0], default_editor());
    }
}
