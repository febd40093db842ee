//! The user's text editor, opened at a line of a file: `$VISUAL`, else `$EDITOR` (as git and
//! most Unix tools read them), else Notepad on Windows and `vi` elsewhere. Each editor has its
//! own way to be told the line; the common `+LINE FILE` is the default.
//!
//! The editor command is read as git reads it. On Unix it runs through the shell
//! (`sh -c '$EDITOR "$@"'`), so it may quote a program whose path has spaces and carry
//! arguments of its own: `code --wait`, `"/Applications/Sublime Text.app/…/subl" -w`. On
//! Windows it is split as Windows splits a command line, and a program's path with spaces may
//! also go without quotes (`C:\Program Files\Notepad++\notepad++.exe`).

use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};

/// How a platform reads an editor command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// The POSIX shell: quotes and backslashes as `sh` reads them.
    Unix,
    /// Windows: double quotes group, as programs read their command line.
    Windows,
}

impl Shell {
    /// This platform's.
    pub const HERE: Shell = if cfg!(windows) {
        Shell::Windows
    } else {
        Shell::Unix
    };
}

/// The editor command set in `VISUAL` or `EDITOR` (read with `var`), else the default.
fn editor(var: &impl Fn(&str) -> Option<String>) -> String {
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    set("VISUAL")
        .or_else(|| set("EDITOR"))
        .unwrap_or_else(|| default_editor().to_owned())
        .trim()
        .to_owned()
}

/// The editor command as words (the program first), read as `shell` reads it. A command that
/// is as a whole the path of a file is that program alone, spaces and all.
fn words(editor: &str, shell: Shell, exists: &impl Fn(&str) -> bool) -> Vec<String> {
    if exists(editor) {
        return vec![editor.to_owned()];
    }
    match shell {
        Shell::Unix => shlex::split(editor)
            .unwrap_or_else(|| editor.split_whitespace().map(str::to_owned).collect()),
        Shell::Windows => windows_words(editor, exists),
    }
}

/// A Windows command line as words: a program quoted, or unquoted up to the first space after
/// which it names a file (as Windows itself tries), then arguments split as programs do.
fn windows_words(line: &str, exists: &impl Fn(&str) -> bool) -> Vec<String> {
    let (program, rest) = match line.strip_prefix('"') {
        Some(quoted) => match quoted.split_once('"') {
            Some((program, rest)) => (program.to_owned(), rest),
            None => (quoted.to_owned(), ""),
        },
        None => {
            let spaces = line.match_indices(' ').map(|(i, _)| i);
            let end = spaces
                .clone()
                .find(|&i| exists(&line[..i]) || exists(&format!("{}.exe", &line[..i])))
                .or_else(|| spaces.clone().next())
                .unwrap_or(line.len());
            (line[..end].to_owned(), &line[end..])
        }
    };
    let mut out = vec![program];
    out.extend(windows_arguments(rest));
    out
}

/// Arguments split as Windows programs split them: spaces outside double quotes separate,
/// `\"` is a quote, backslashes before a quote are halved.
fn windows_arguments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    let mut backslashes = 0;
    for c in text.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                let w = word.get_or_insert_with(String::new);
                w.extend(std::iter::repeat_n('\\', backslashes / 2));
                if backslashes % 2 == 1 {
                    w.push('"');
                } else {
                    quoted = !quoted;
                }
                backslashes = 0;
            }
            ' ' | '\t' if !quoted => {
                if let Some(mut w) = word.take() {
                    w.extend(std::iter::repeat_n('\\', backslashes));
                    out.push(w);
                } else if backslashes > 0 {
                    out.push("\\".repeat(backslashes));
                }
                backslashes = 0;
            }
            c => {
                let w = word.get_or_insert_with(String::new);
                w.extend(std::iter::repeat_n('\\', backslashes));
                w.push(c);
                backslashes = 0;
            }
        }
    }
    if word.is_some() || backslashes > 0 {
        let mut w = word.unwrap_or_default();
        w.extend(std::iter::repeat_n('\\', backslashes));
        out.push(w);
    }
    out
}

/// The arguments that tell the editor `words` to open `file` at `line`, its own way.
fn line_arguments(words: &[String], file: &Path, line: usize) -> Vec<String> {
    let program = words.first().map_or("", String::as_str);
    // The program's name, from a Unix or a Windows path, without `.exe`.
    let base = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    let name = base.strip_suffix(".exe").unwrap_or(&base);
    let file = file.display().to_string();
    let waits = words.iter().any(|w| w == "-w" || w == "--wait");
    let mut out = Vec::new();
    match name {
        // VS Code and its kin return at once unless told to wait.
        "code" | "code-insiders" | "codium" | "cursor" => {
            if !waits {
                out.push("--wait".into());
            }
            out.extend(["--goto".into(), format!("{file}:{line}")]);
        }
        "subl" | "sublime_text" => {
            if !waits {
                out.push("--wait".into());
            }
            out.push(format!("{file}:{line}"));
        }
        "hx" | "helix" | "zed" => out.push(format!("{file}:{line}")),
        "notepad++" => out.extend([format!("-n{line}"), file]),
        // Notepad cannot be told a line.
        "notepad" => out.push(file),
        // vi, vim, nvim, nano, emacs, micro, kak, joe, mg…
        _ => out.extend([format!("+{line}"), file]),
    }
    out
}

/// The editor's words as the user reads them: the program and its arguments, then those that
/// open `file` at `line` (read with `var` from `VISUAL` or `EDITOR`, as this platform reads
/// them).
pub fn command(file: &Path, line: usize, var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let editor = editor(&var);
    let mut words = words(&editor, Shell::HERE, &is_file);
    words.extend(line_arguments(&words, file, line));
    words
}

/// What runs to open `file` at `line` in the editor command `editor`, as `shell` reads it
/// (`exists`: whether a path names a file). On Unix a command with more than a program's
/// plain name goes through the shell, as git runs it; the file and line are the shell's
/// arguments (`"$@"`), never part of the command it reads.
pub fn invocation(
    editor: &str,
    file: &Path,
    line: usize,
    shell: Shell,
    exists: impl Fn(&str) -> bool,
) -> Vec<String> {
    let words = words(editor, shell, &exists);
    let added = line_arguments(&words, file, line);
    // git's list of characters that need the shell.
    let plain = !editor.contains([
        '|', '&', ';', '<', '>', '(', ')', '$', '`', '\\', '"', '\'', ' ', '\t', '\n', '*', '?',
        '[', '#', '~', '=', '%',
    ]);
    if shell == Shell::Windows || plain || exists(editor) {
        words.into_iter().chain(added).collect()
    } else {
        let mut out = vec![
            "sh".to_owned(),
            "-c".to_owned(),
            format!("{editor} \"$@\""),
            editor.to_owned(),
        ];
        out.extend(added);
        out
    }
}

fn is_file(path: &str) -> bool {
    Path::new(path).is_file()
}

/// The editor when neither `VISUAL` nor `EDITOR` is set.
fn default_editor() -> &'static str {
    if cfg!(windows) { "notepad" } else { "vi" }
}

/// Runs the editor on `file` at `line` on this terminal and waits until it is closed.
pub fn open(file: &Path, line: usize) -> io::Result<ExitStatus> {
    open_with(file, line, |name| std::env::var(name).ok())
}

/// [`open`] with the editor read with `var` from `VISUAL` or `EDITOR`.
pub fn open_with(
    file: &Path,
    line: usize,
    var: impl Fn(&str) -> Option<String>,
) -> io::Result<ExitStatus> {
    let argv = invocation(&editor(&var), file, line, Shell::HERE, is_file);
    let (program, args) = argv
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

    /// What runs for `editor` on `shell`, where only `files` exist.
    fn runs(editor: &str, shell: Shell, files: &[&str]) -> Vec<String> {
        invocation(editor, Path::new("c/faq.yaml"), 42, shell, |p| {
            files.contains(&p)
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
            runs("C:\\Windows\\notepad.exe", Shell::Windows, &[]),
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

    #[test]
    fn unix_runs_an_editor_command_through_the_shell_as_git_does() {
        assert_eq!(
            runs("nvim", Shell::Unix, &[]),
            ["nvim", "+42", "c/faq.yaml"],
            "a plain name runs as it is"
        );
        assert_eq!(
            runs("code --wait", Shell::Unix, &[]),
            [
                "sh",
                "-c",
                "code --wait \"$@\"",
                "code --wait",
                "--goto",
                "c/faq.yaml:42"
            ]
        );
        let subl = "\"/Applications/Sublime Text.app/Contents/SharedSupport/bin/subl\" -w";
        assert_eq!(
            runs(subl, Shell::Unix, &[]),
            [
                "sh".to_owned(),
                "-c".to_owned(),
                format!("{subl} \"$@\""),
                subl.to_owned(),
                "c/faq.yaml:42".to_owned()
            ],
            "a quoted path with spaces is one program, known as Sublime Text (already told to wait)"
        );
        let single = "'/opt/My Editors/hx'";
        assert_eq!(
            runs(single, Shell::Unix, &[])[4..],
            ["c/faq.yaml:42"],
            "single quotes too"
        );
        let unquoted = "/opt/My Editors/vim";
        assert_eq!(
            runs(unquoted, Shell::Unix, &[unquoted]),
            [unquoted, "+42", "c/faq.yaml"],
            "an unquoted path with spaces that names a file is that program"
        );
    }

    #[test]
    fn windows_splits_an_editor_command_as_windows_does() {
        let npp = "C:\\Program Files\\Notepad++\\notepad++.exe";
        let expected = [npp, "-n42", "c/faq.yaml"];
        assert_eq!(
            runs(npp, Shell::Windows, &[npp]),
            expected,
            "unquoted, the whole value a file"
        );
        assert_eq!(
            runs(&format!("\"{npp}\""), Shell::Windows, &[]),
            expected,
            "quoted"
        );
        assert_eq!(
            runs(
                &format!("{npp} -multiInst -nosession"),
                Shell::Windows,
                &[npp]
            ),
            [npp, "-multiInst", "-nosession", "-n42", "c/faq.yaml"],
            "unquoted with arguments: the program ends where a file is named"
        );
        let code = "C:\\Users\\Ann Lee\\AppData\\Local\\Programs\\Microsoft VS Code\\Code";
        assert_eq!(
            runs(
                &format!("\"{code}.exe\" --wait --reuse-window"),
                Shell::Windows,
                &[]
            ),
            [
                format!("{code}.exe").as_str(),
                "--wait",
                "--reuse-window",
                "--goto",
                "c/faq.yaml:42"
            ]
        );
        assert_eq!(
            runs(
                &format!("{code} -w"),
                Shell::Windows,
                &[&format!("{code}.exe")]
            ),
            [code, "-w", "--goto", "c/faq.yaml:42"],
            "a program named without .exe"
        );
        assert_eq!(
            windows_arguments(r#"-a "b c" d\"e f\\"g h" \\x"#),
            ["-a", "b c", "d\"e", "f\\g h", "\\\\x"]
        );
    }

    /// A real editor run: a script whose path has a space, named with quotes and an argument of
    /// its own, gets that argument, the line and the file.
    #[cfg(unix)]
    #[test]
    fn an_editor_whose_path_has_a_space_runs_with_the_file_and_line() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("my editors");
        std::fs::create_dir(&bin).unwrap();
        let script = bin.join("fake edit");
        std::fs::write(
            &script,
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = dir.path().join("my content").join("faq.yaml");
        let script = script.display().to_string();
        for (editor, args) in [
            (format!("\"{script}\" --flag"), "--flag\n+7\n"),
            (format!("'{script}'"), "+7\n"),
            (script.clone(), "+7\n"),
        ] {
            let _ = std::fs::remove_file(bin.join("args"));
            let status =
                open_with(&file, 7, |name| (name == "EDITOR").then(|| editor.clone())).unwrap();
            assert!(status.success(), "{editor}");
            let seen = std::fs::read_to_string(bin.join("args")).unwrap();
            assert_eq!(seen, format!("{args}{}\n", file.display()), "{editor}");
        }
    }
}
