//! The command line: options, subcommands and exit statuses.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::export;
use crate::guide::{Guide, Lang, Loaded, Node, Sources, i18n};

/// Troubleshoot the lead-management configuration of a Microsoft commercial marketplace offer.
#[derive(Debug, Parser)]
#[command(name = "leadwiz", version, about, long_about = None)]
pub struct Cli {
    /// Load the guide from this folder instead of the copy built into leadwiz.
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Language: en or zh-CN. Default: from LC_ALL, LC_MESSAGES or LANG, else the system's
    /// language (Windows, macOS), else English.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// Open the wizard at this node (a deep link), with the breadcrumb along the shortest path.
    #[arg(long, value_name = "ID")]
    pub goto: Option<String>,
    /// Colours of the wizard (NO_COLOR selects monochrome).
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,
    /// Let the wizard use the mouse wheel (this takes over the terminal's own text selection).
    #[arg(long)]
    pub mouse: bool,
    /// Presenter mode, for a screen share: high contrast, large step header, the node id and
    /// the last key pressed always on screen (F2 toggles it).
    #[arg(long)]
    pub presenter: bool,
    /// Numbered text instead of the full-screen wizard, for screen readers and scripts
    /// (chosen automatically when standard input or output is not a terminal, or TERM=dumb).
    #[arg(long)]
    pub plain: bool,
    /// When the session ends, write a record of it to FILE (personal data masked).
    #[arg(long, value_name = "FILE")]
    pub transcript: Option<PathBuf>,
    /// Replace the --transcript FILE if it is already there (it is never written through a
    /// symbolic link).
    #[arg(long)]
    pub force: bool,
    /// Format of the transcript (default: json for a .json FILE, else markdown).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub transcript_format: Option<TranscriptFormat>,
    /// Language of the transcript (default: the interface language); tickets often want `en`.
    #[arg(long, value_name = "LANG")]
    pub transcript_lang: Option<String>,
    /// With --content: do not reload the guide when its files change.
    #[arg(long)]
    pub no_watch: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check content files: YAML errors, ids, references, reachability, translations, links.
    Check {
        /// The content folder to check (default: --content, else the built-in guide).
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Warn about nodes last reviewed more than DAYS days ago.
        #[arg(long, value_name = "DAYS", default_value_t = crate::guide::check::DEFAULT_MAX_AGE_DAYS as u32)]
        max_review_age: u32,
        /// Count review ages from DATE (YYYY-MM-DD) instead of today, for example to see what
        /// falls due before a release.
        #[arg(long, value_name = "DATE", value_parser = parse_today)]
        today: Option<time::Date>,
    },
    /// Print one node as a person reads it.
    Show {
        /// The node's id (see `leadwiz list`).
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// List every node: id, kind and title.
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Write the whole guide as a document, a data dump or a graph.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Match a pasted error message to its remediation.
    ///
    /// Reads TEXT, or standard input when there is no TEXT or it is `-`. Exit status: 0 for a
    /// confident match, 1 when not sure or no match, 2 for usage or input errors.
    Diagnose {
        /// The error message (several arguments are joined with spaces).
        text: Vec<String>,
        /// Print one JSON object: status, best, candidates, truncated.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the content files (checked in as content/schema.json).
    Schema,
    /// Send a test lead to a lead destination, as Partner Center does, and say what went wrong.
    ///
    /// Exit status: 0 when the destination took the lead, 1 when it did not, 2 for usage errors.
    TestLead {
        #[command(subcommand)]
        destination: TestLeadDestination,
    },
    /// List the leads in a lead destination (the test lead too).
    Leads {
        #[command(subcommand)]
        destination: LeadsDestination,
    },
    /// Validate a lead destination as Partner Center's Validate button does, in stages that
    /// stop at the first failure: field rules offline, probes that send no secret, read-only
    /// calls with credentials, and with --send-test-lead the test lead.
    ///
    /// Exit status: 0 when the destination would accept leads, 1 when not, 2 for usage errors.
    Validate {
        #[command(subcommand)]
        destination: crate::cli_validate::ValidateDestination,
    },
    /// Check the URL of a lead destination.
    CheckUrl {
        #[command(subcommand)]
        destination: CheckUrlDestination,
    },
    /// Print a shell completion script.
    ///
    /// bash: `leadwiz completions bash > ~/.local/share/bash-completion/completions/leadwiz`;
    /// zsh: `leadwiz completions zsh > _leadwiz` in a folder on $fpath; fish:
    /// `leadwiz completions fish > ~/.config/fish/completions/leadwiz.fish`; PowerShell: add
    /// `leadwiz completions powershell | Out-String | Invoke-Expression` to $PROFILE.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff: `leadwiz man | man -l -`).
    Man {
        /// Write leadwiz.1 and a page per command (leadwiz-check.1, …) into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Options of every network check.
#[derive(Debug, Clone, clap::Args)]
pub struct NetOptions {
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Give up on a request after this many seconds (default: 20; 8 for check-url).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
}

/// Where the storage connection string comes from (it is never printed).
#[derive(Debug, Clone, clap::Args)]
pub struct ConnectionOptions {
    /// Read the connection string from FILE (`-`: standard input) instead of the
    /// AZURE_STORAGE_CONNECTION_STRING environment variable.
    #[arg(long, value_name = "FILE")]
    pub connection_string_file: Option<PathBuf>,
    /// The table of leads.
    #[arg(long, default_value = crate::destinations::azure_table::DEFAULT_TABLE)]
    pub table: String,
}

#[derive(Debug, Subcommand)]
pub enum TestLeadDestination {
    /// POST a test lead in the HTTPS-endpoint format to URL (https://, or http:// to a loopback
    /// address for local testing).
    Https {
        url: String,
        /// Print the exact payload and send nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        net: NetOptions,
    },
    /// Check the storage connection string, create the table if it is missing, insert a test
    /// lead and read it back.
    AzureTable {
        #[command(flatten)]
        connection: ConnectionOptions,
        #[command(flatten)]
        net: NetOptions,
    },
}

#[derive(Debug, Subcommand)]
pub enum LeadsDestination {
    /// The leads in an Azure table, oldest first.
    AzureTable {
        #[command(flatten)]
        connection: ConnectionOptions,
        /// Only test leads (MSFT_TEST).
        #[arg(long)]
        test_only: bool,
        /// Only leads written since DATE (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Show e-mail addresses in full (masked by default).
        #[arg(long)]
        show_personal_data: bool,
        #[command(flatten)]
        net: NetOptions,
    },
}

#[derive(Debug, Subcommand)]
pub enum CheckUrlDestination {
    /// Check a Dynamics 365 instance URL: its shape, then whether it answers like an instance.
    Dynamics {
        url: String,
        #[command(flatten)]
        net: NetOptions,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Default,
    HighContrast,
    Monochrome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranscriptFormat {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
    Dot,
    Mermaid,
}

/// Exit statuses.
pub(crate) const OK: u8 = 0;
pub(crate) const FAILED: u8 = 1;
pub(crate) const USAGE: u8 = 2;

pub fn main() -> ExitCode {
    crate::clock::init();
    let cli = Cli::parse();
    ExitCode::from(run(cli))
}

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Some(Command::Check {
            ref dir,
            format,
            max_review_age,
            today,
        }) => {
            let mut policy = crate::guide::ReviewPolicy {
                max_age_days: i64::from(max_review_age),
                ..Default::default()
            };
            if let Some(today) = today {
                policy.today = today;
            }
            check(dir.as_deref().or(cli.content.as_deref()), format, &policy)
        }
        Some(Command::Schema) => print(&schema_json()),
        Some(Command::Completions { shell }) => crate::cli_docs::completions(shell),
        Some(Command::Man { ref dir }) => crate::cli_docs::man(dir.as_deref()),
        Some(Command::Diagnose { ref text, json }) if cli.content.is_none() => {
            // The built-in content's index was built with the program: nothing to load.
            match crate::diagnose::Embedded::load() {
                Some(embedded) => diagnose_embedded(&embedded, text, json, cli.lang.as_deref()),
                None => run_with_guide(&cli),
            }
        }
        _ => run_with_guide(&cli),
    }
}

/// The commands that show the guide (the built-in one, or `--content`).
fn run_with_guide(cli: &Cli) -> u8 {
    let command = &cli.command;
    let guide = match load_guide(cli.content.as_deref()) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let lang = match language(cli.lang.as_deref(), &guide.meta.languages) {
        Ok(l) => l,
        Err(code) => return code,
    };
    match command {
        None => interactive(guide, lang, cli),
        Some(Command::Show { id, format }) => show(&guide, id, *format, lang),
        Some(Command::Diagnose { text, json }) => diagnose(&guide, text, *json, lang),
        Some(Command::List { format }) => match format {
            ListFormat::Text => print(&export::text::list(&guide, lang)),
            ListFormat::Json => print(&pretty(&export::json::list(&guide, lang))),
        },
        Some(Command::Export { format, output }) => {
            let text = match format {
                ExportFormat::Markdown => export::markdown::guide(&guide, lang),
                ExportFormat::Json => pretty(&export::json::guide(&guide)),
                ExportFormat::Dot => export::graph::dot(&guide, lang),
                ExportFormat::Mermaid => export::graph::mermaid(&guide, lang),
            };
            let text = crate::sanitise::text(&text);
            match output {
                Some(path) => match std::fs::write(path, text.as_bytes()) {
                    Ok(()) => OK,
                    Err(e) => {
                        eprintln!("leadwiz: cannot write {}: {e}", path.display());
                        FAILED
                    }
                },
                None => print(&text),
            }
        }
        Some(Command::TestLead { destination }) => {
            crate::cli_net::test_lead(&guide, destination, lang)
        }
        Some(Command::Leads { destination }) => crate::cli_net::leads(&guide, destination, lang),
        Some(Command::Validate { destination }) => {
            crate::cli_validate::run(&guide, destination, lang)
        }
        Some(Command::CheckUrl { destination }) => {
            crate::cli_net::check_url(&guide, destination, lang)
        }
        Some(
            Command::Check { .. }
            | Command::Schema
            | Command::Completions { .. }
            | Command::Man { .. },
        ) => unreachable!("handled above"),
    }
}

/// The session a deep link opens, or the start; an unknown id is reported.
fn first_session(guide: &Guide, goto: Option<&str>) -> Result<crate::session::Session, u8> {
    let Some(id) = goto else {
        return Ok(crate::session::Session::new(guide));
    };
    crate::session::Session::walked_to(guide, id).ok_or_else(|| {
        let closest = guide.closest_ids(id, 5);
        let id = crate::sanitise::line(id);
        eprintln!(
            "leadwiz: no node has the id `{id}`{}",
            if closest.is_empty() {
                String::new()
            } else {
                format!("; closest ids: {}", closest.join(", "))
            }
        );
        FAILED
    })
}

/// Whether the session runs as numbered text rather than full screen. A console that does not
/// understand escape sequences (an old Windows console) gets plain mode and a note saying why.
fn plain_wanted(cli: &Cli) -> bool {
    if cli.plain
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
    {
        return true;
    }
    if !crate::platform::console::supports_vt() {
        say(
            "leadwiz: this console does not understand VT escape sequences, so the wizard runs as numbered text (--plain); Windows Terminal, or Windows 10 and later, show the full-screen wizard",
        );
        return true;
    }
    false
}

/// The language of the transcript asked for with --transcript-lang, as one the guide has
/// (`None`: the interface language).
fn transcript_lang(guide: &Guide, cli: &Cli) -> Option<Lang> {
    let wanted = cli.transcript_lang.as_deref()?;
    let found = crate::guide::i18n::normalise(wanted, &guide.meta.languages);
    if found.is_none() {
        say(&format!(
            "leadwiz: --transcript-lang {wanted}: the guide has no such language; the transcript follows the interface language"
        ));
    }
    found
}

/// Where and how the transcript is written.
fn transcript_target(cli: &Cli) -> crate::transcript::Target {
    use crate::transcript::Format;
    let json_file = cli.transcript.as_ref().is_some_and(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    });
    let format = match cli.transcript_format {
        Some(TranscriptFormat::Json) => Format::Json,
        Some(TranscriptFormat::Markdown) => Format::Markdown,
        None if json_file => Format::Json,
        None => Format::Markdown,
    };
    crate::transcript::Target {
        path: cli.transcript.clone(),
        format,
        force: cli.force,
    }
}

/// The wizard (full screen or plain), and the transcript when the session ends.
fn interactive(guide: Guide, lang: Lang, cli: &Cli) -> u8 {
    let session = match first_session(&guide, cli.goto.as_deref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let started = crate::clock::now();
    let ctx = crate::transcript::Context {
        date: crate::clock::date_time(started),
        source: match &cli.content {
            Some(dir) => dir.display().to_string(),
            None => "built-in".into(),
        },
    };
    let target = transcript_target(cli);
    // Said before the session starts, not after it is lost: a file already there is not
    // replaced without --force, and a link is never written through.
    if let Some(path) = &target.path
        && let Ok(meta) = std::fs::symlink_metadata(path)
        && (meta.file_type().is_symlink() || !cli.force)
    {
        let shown = crate::sanitise::line(&path.display().to_string()).into_owned();
        if meta.file_type().is_symlink() {
            eprintln!(
                "leadwiz: --transcript {shown} is a symbolic link: leadwiz does not write through links; choose another file"
            );
        } else {
            eprintln!(
                "leadwiz: --transcript {shown} already exists: add --force to replace it, or choose another file"
            );
        }
        return USAGE;
    }
    if plain_wanted(cli) {
        let transcript_lang = transcript_lang(&guide, cli);
        return plain(
            &guide,
            lang,
            transcript_lang,
            session,
            &ctx,
            &target,
            started,
        );
    }
    wizard(guide, lang, session, cli, ctx, target)
}

/// Runs plain mode; writes the transcript when it ends, and also when a signal ends it while
/// it waits for input (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT; on Windows Ctrl-C, Ctrl-Break or the
/// console closing): then the exit status is 128 + the signal's number.
#[allow(clippy::too_many_arguments)]
fn plain(
    guide: &Guide,
    lang: Lang,
    transcript_lang: Option<Lang>,
    session: crate::session::Session,
    ctx: &crate::transcript::Context,
    target: &crate::transcript::Target,
    started: time::OffsetDateTime,
) -> u8 {
    use crate::platform::signals::{self, Signal};
    let write = |session: &crate::session::Session, lang: Lang| -> u8 {
        let lang = transcript_lang.unwrap_or(lang);
        let stamp = crate::clock::file_stamp(started);
        match target.write(guide, session, lang, ctx, &stamp) {
            Ok(path) => {
                say(&format!(
                    "leadwiz: transcript written to {}",
                    path.display()
                ));
                OK
            }
            Err(e) => {
                say(&format!("leadwiz: cannot write the transcript: {e}"));
                FAILED
            }
        }
    };
    /// Where the session is, for a signal that ends it; `finished` once the main thread has
    /// taken over the ending (a signal then changes nothing).
    struct Latest {
        session: crate::session::Session,
        lang: Lang,
        finished: bool,
    }
    let latest = std::sync::Mutex::new(Latest {
        session: session.clone(),
        lang,
        finished: false,
    });
    // A lock poisoned by a panic still holds the last state.
    let lock = || latest.lock().unwrap_or_else(|p| p.into_inner());
    // The last signal that arrived (its exit status), for the main thread to see.
    let caught_status = std::sync::Arc::new(std::sync::atomic::AtomicU8::new(0));
    // Plain mode leaves the terminal as it is, so Ctrl-Z stops it as it would any program.
    let (tx, caught) = std::sync::mpsc::channel::<Signal>();
    let status = std::sync::Arc::clone(&caught_status);
    let listener = signals::listen(false, move |s| {
        status.store(s.exit_status(), std::sync::atomic::Ordering::SeqCst);
        let _ = tx.send(s);
    });
    if let Err(e) = &listener {
        say(&format!("leadwiz: cannot listen for signals: {e}"));
    }
    std::thread::scope(|scope| {
        let (lock, write) = (&lock, &write);
        // The main thread may be inside a read that a signal does not end: this thread writes
        // the transcript and ends the process. It ends when the listener is dropped.
        scope.spawn(move || {
            if let Ok(signal) = caught.recv() {
                let latest = lock();
                if latest.finished {
                    return;
                }
                // A signal while the masked prompt reads a secret: the terminal back first.
                crate::cli_validate::leave_masked_prompt();
                say("");
                if target.path.is_some() {
                    write(&latest.session, latest.lang);
                }
                std::process::exit(i32::from(signal.exit_status()));
            }
        });
        let stdin = std::io::stdin().lock();
        let stdout = std::io::stdout().lock();
        let mut plain = crate::plain::Plain::new(guide, lang, session, stdin, stdout);
        if std::io::stdin().is_terminal() {
            plain.read_secrets_with(|what, lang| {
                crate::cli_validate::prompt_masked_with(what, lang, false)
            });
        }
        plain.on_prompt(|session, lang| {
            let mut latest = lock();
            latest.session = session.clone();
            latest.lang = lang;
        });
        let result = plain.run();
        let lang = plain.lang();
        let session = plain.session.clone();
        drop(plain);
        if matches!(result, Ok(crate::plain::End::EndOfInput)) && std::io::stdin().is_terminal() {
            // Ctrl-C in a Windows console also ends the read: let its signal be seen first.
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        // From here on the ending is this thread's (a signal being handled finishes first).
        lock().finished = true;
        drop(listener);
        let signalled = caught_status.load(std::sync::atomic::Ordering::SeqCst);
        let mut code = match result {
            _ if signalled != 0 => {
                say("");
                signalled
            }
            Ok(_) => OK,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
            Err(e) => {
                say(&format!("leadwiz: {e}"));
                FAILED
            }
        };
        if target.path.is_some() && write(&session, lang) != OK && code == OK {
            code = FAILED;
        }
        code
    })
}

/// Writes a line to standard error; a terminal that went away (SIGHUP) is not an error.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Runs the full-screen wizard.
fn wizard(
    guide: Guide,
    lang: Lang,
    session: crate::session::Session,
    cli: &Cli,
    ctx: crate::transcript::Context,
    target: crate::transcript::Target,
) -> u8 {
    use crate::tui::theme::{Theme, ThemeName};
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let name = match cli.theme {
        Some(ThemeArg::Default) => ThemeName::Default,
        Some(ThemeArg::HighContrast) => ThemeName::HighContrast,
        Some(ThemeArg::Monochrome) => ThemeName::Monochrome,
        None if no_color => ThemeName::Monochrome,
        None => ThemeName::Default,
    };
    let transcript_lang = transcript_lang(&guide, cli);
    // A terminal that cannot show hyperlinks says so.
    let hyperlinks = std::env::var("TERM").map_or(true, |t| t != "dumb");
    let mut app = crate::tui::app::App::new(guide, lang, session)
        .with_presenter(cli.presenter)
        .with_hyperlinks(hyperlinks)
        .with_transcript(target.clone(), ctx)
        .with_transcript_lang(transcript_lang)
        .with_content_dir(cli.content.clone());
    let watch = match &cli.content {
        Some(dir) if !cli.no_watch => Some(dir.clone()),
        _ => None,
    };
    // Every way out comes back here with the terminal restored; then the transcript.
    let result = crate::tui::run(&mut app, Theme::new(name), cli.mouse, watch);
    let mut code = match result {
        Ok(exit) => exit.status(),
        Err(e) => {
            say(&format!("leadwiz: terminal error: {e}"));
            FAILED
        }
    };
    if target.path.is_some() {
        match app.write_transcript() {
            Ok(path) => say(&format!(
                "leadwiz: transcript written to {}",
                path.display()
            )),
            Err(e) => {
                say(&format!("leadwiz: cannot write the transcript: {e}"));
                if code == OK {
                    code = FAILED;
                }
            }
        }
    }
    code
}

/// The JSON Schema of a content file, as checked in at `content/schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(crate::guide::model::ContentFile);
    pretty(&serde_json::to_value(schema).expect("a schema is JSON"))
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values serialise");
    s.push('\n');
    s
}

/// Writes to standard output, without escape sequences, control or bidi characters from
/// content, servers or arguments; a closed pipe (`leadwiz export | head`) is not an error.
pub(crate) fn print(text: &str) -> u8 {
    let text = crate::sanitise::text(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("leadwiz: cannot write output: {e}");
            FAILED
        }
    }
}

fn sources(dir: Option<&Path>) -> Result<Sources, u8> {
    match dir {
        None => Ok(Sources::embedded()),
        Some(dir) => Sources::from_dir(dir).map_err(|e| {
            eprintln!(
                "leadwiz: cannot read the content folder {}: {e}",
                dir.display()
            );
            USAGE
        }),
    }
}

/// Loads the guide for the commands that show content; errors in the content are printed and
/// stop the command.
pub fn load_guide(dir: Option<&Path>) -> Result<Guide, u8> {
    let sources = sources(dir)?;
    let loaded = Guide::load(&sources);
    match loaded.guide {
        Some(g) => Ok(g),
        None => {
            eprintln!(
                "leadwiz: the content in {} has {} error(s):",
                sources.origin,
                loaded.errors()
            );
            for d in loaded.diagnostics.iter().filter(|d| d.is_error()).take(10) {
                eprintln!("{d}");
            }
            eprintln!("run `leadwiz check {}` for the full list", sources.origin);
            Err(FAILED)
        }
    }
}

fn language(flag: Option<&str>, available: &[String]) -> Result<Lang, u8> {
    if let Some(wanted) = flag
        && i18n::normalise(wanted, available).is_none()
    {
        let wanted = crate::sanitise::line(wanted);
        eprintln!(
            "leadwiz: unknown language `{wanted}`; this guide has: {}",
            available.join(", ")
        );
        return Err(USAGE);
    }
    // --lang, else LC_ALL/LC_MESSAGES/LANG, else the system's own language (Windows, macOS).
    let wanted = flag
        .map(str::to_owned)
        .or_else(crate::platform::locale::preferred);
    Ok(i18n::pick(wanted.as_deref(), |_| None, available))
}

/// A `--today` value: a date written YYYY-MM-DD.
fn parse_today(text: &str) -> Result<time::Date, String> {
    crate::guide::check::parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)"))
}

fn check(dir: Option<&Path>, format: CheckFormat, policy: &crate::guide::ReviewPolicy) -> u8 {
    let sources = match sources(dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if sources.files.is_empty() && sources.unreadable.is_empty() {
        eprintln!("leadwiz: no .yaml files in {}", sources.origin);
        return USAGE;
    }
    let loaded: Loaded = crate::diagnose::load_for_check(&sources, policy);
    let text = match format {
        CheckFormat::Json => {
            pretty(&serde_json::to_value(&loaded.diagnostics).expect("diagnostics serialise"))
        }
        CheckFormat::Text => {
            let mut s: String = loaded
                .diagnostics
                .iter()
                .map(|d| format!("{d}\n"))
                .collect();
            s.push_str(&format!(
                "{}: {} files, {} nodes: {} error(s), {} warning(s)\n",
                sources.origin,
                loaded.files,
                loaded.nodes,
                loaded.errors(),
                loaded.warnings()
            ));
            s
        }
    };
    let code = print(&text);
    if code != OK {
        return code;
    }
    if loaded.errors() > 0 { FAILED } else { OK }
}

fn show(guide: &Guide, id: &str, format: ShowFormat, lang: Lang) -> u8 {
    let Some(node) = guide.node(id) else {
        let closest = guide.closest_ids(id, 5);
        let id = crate::sanitise::line(id);
        if closest.is_empty() {
            eprintln!("leadwiz: no node has the id `{id}`; `leadwiz list` shows every id");
        } else {
            eprintln!(
                "leadwiz: no node has the id `{id}`; closest ids: {}",
                closest.join(", ")
            );
        }
        return FAILED;
    };
    match format {
        ShowFormat::Text => {
            let share = lang.pick(
                "Share this page (opens it in the wizard): ",
                "分享此页（在向导中打开）：",
            );
            print(&format!(
                "{}\n{share}leadwiz --goto {}\n",
                export::text::node(guide, node, lang),
                node.id
            ))
        }
        ShowFormat::Markdown => print(&export::markdown::node(guide, node, lang, 1)),
        ShowFormat::Json => print(&pretty(&export::json::node(guide, node, lang))),
    }
}

/// Reads standard input: the first `MAX_INPUT` bytes (plus a few, so a longer input is seen
/// as longer and a character cut at the limit is finished) are kept, the rest is read and
/// dropped, so a paste of any size costs bounded memory and the writer never sees a broken pipe.
fn read_stdin() -> std::io::Result<String> {
    use std::io::Read;
    let limit = crate::diagnose::normalise::MAX_INPUT + 4;
    let mut stdin = std::io::stdin().lock();
    let mut kept = Vec::with_capacity(8192);
    (&mut stdin).take(limit as u64).read_to_end(&mut kept)?;
    std::io::copy(&mut stdin, &mut std::io::sink())?;
    Ok(String::from_utf8_lossy(&kept).into_owned())
}

fn diagnose(guide: &Guide, args: &[String], json: bool, lang: Lang) -> u8 {
    let matcher = crate::diagnose::Matcher::new(guide);
    diagnose_with(&matcher, |id| guide.node(id).cloned(), args, json, lang)
}

/// `diagnose` on the built-in content, from the index the build made.
fn diagnose_embedded(
    embedded: &crate::diagnose::Embedded,
    args: &[String],
    json: bool,
    lang: Option<&str>,
) -> u8 {
    match language(lang, &embedded.languages) {
        Ok(lang) => diagnose_with(&embedded.matcher, |id| embedded.node(id), args, json, lang),
        Err(code) => code,
    }
}

/// Diagnoses the paste in `args` (or standard input) and prints the verdict; `node` gives the
/// node of a confident match, whose remediation the text shows.
fn diagnose_with(
    matcher: &crate::diagnose::Matcher,
    node: impl Fn(&str) -> Option<Node>,
    args: &[String],
    json: bool,
    lang: Lang,
) -> u8 {
    use std::io::IsTerminal;
    let input = if args.is_empty() || args == ["-"] {
        if std::io::stdin().is_terminal() {
            eprintln!(
                "{}",
                lang.pick(
                    "Paste the error message, then press Ctrl-D:",
                    "粘贴错误消息，然后按 Ctrl-D：",
                )
            );
        }
        match read_stdin() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("leadwiz: cannot read standard input: {e}");
                return USAGE;
            }
        }
    } else {
        args.join(" ")
    };
    let d = matcher.diagnose(&input, lang);
    let text = if json {
        let mut s = serde_json::to_string_pretty(&d).expect("a diagnosis serialises");
        s.push('\n');
        s
    } else {
        let best = d.best.as_deref().and_then(&node);
        export::diagnosis::text_with(best.as_ref(), &d, lang)
    };
    let code = print(&text);
    if code != OK {
        return code;
    }
    match d.status {
        crate::diagnose::Status::Confident => OK,
        _ => FAILED,
    }
}
