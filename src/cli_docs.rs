//! `leadwiz completions SHELL` and `leadwiz man`: shell completion scripts and the manual page,
//! both generated from the command line's own definition, so they never fall behind it.

use std::path::Path;

use clap::CommandFactory;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::{Cli, FAILED, OK, print};

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "leadwiz", &mut script);
    print(&String::from_utf8_lossy(&script))
}

/// Prints the manual page leadwiz(1), or with `dir` writes it and one page per command
/// (`leadwiz-check.1`, `leadwiz-test-lead-https.1`, …) into that folder.
pub fn man(dir: Option<&Path>) -> u8 {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        let mut page = Vec::new();
        return match main_page(&cmd, &mut page) {
            Ok(()) => print(&String::from_utf8_lossy(&page)),
            Err(e) => {
                eprintln!("leadwiz: cannot render the manual page: {e}");
                FAILED
            }
        };
    };
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| clap_mangen::generate_to(cmd.clone(), dir))
        .and_then(|()| {
            let mut page = Vec::new();
            main_page(&cmd, &mut page)?;
            std::fs::write(dir.join("leadwiz.1"), page)
        });
    match written {
        Ok(()) => OK,
        Err(e) => {
            eprintln!(
                "leadwiz: cannot write the manual pages to {}: {e}",
                dir.display()
            );
            FAILED
        }
    }
}

/// leadwiz(1): clap's sections, then the environment and the exit statuses, which clap does not
/// know.
fn main_page(cmd: &clap::Command, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;

    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, what) in [
        (
            "LC_ALL, LC_MESSAGES, LANG",
            "The language when --lang is not given (zh_CN.UTF-8 selects Simplified Chinese): \
             the first one set wins; when none is set, the system's display language; \
             else English.",
        ),
        ("NO_COLOR", "Selects the monochrome theme of the wizard."),
        (
            "TERM",
            "TERM=dumb selects plain mode, as does standard input or output that is not a terminal.",
        ),
        (
            "AZURE_STORAGE_CONNECTION_STRING",
            "The storage connection string of the Azure Table commands (never printed).",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(what)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, what) in [
        ("0", "Success."),
        (
            "1",
            "Content errors (check), an unknown id (show), a paste that matches nothing for sure \
             (diagnose), a destination that did not take the test lead.",
        ),
        (
            "2",
            "Bad arguments, a folder that cannot be read or standard input that cannot be read.",
        ),
        (
            "128 + N",
            "Signal N ended the wizard or plain mode (130 for Ctrl-C), after restoring the \
             terminal and writing the transcript.",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(what)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(
        "leadwiz help COMMAND, and the README of the leadwiz source for the content format.",
    )]);
    roff.to_writer(out)?;
    man.render_version_section(out)
}
