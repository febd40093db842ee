//! `leadwiz validate DESTINATION`: Partner Center's Validate button, in stages (see
//! `crate::validate`). Exit status 0 when the destination would accept leads, 1 when not (or
//! when a step could not tell), 2 for usage errors. Secrets come from a file, standard input,
//! an environment variable or a masked prompt, never from the command line, and never appear
//! in the output.
//!
//! A destination plugs in here with a variant of `ValidateDestination` (its options, with
//! `ValidateOptions` flattened in) and an arm in `run` that reads its secrets with
//! [`read_secret`], asks [`confirm_write`] when `--send-test-lead` is given, runs its check and
//! hands the `Validation` to [`finish`].

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::Subcommand;

use crate::cli::{ConnectionOptions, FAILED, OK, USAGE, print};
use crate::destinations::{self, validate_simple};
use crate::guide::{Guide, Lang};
use crate::validate::{Validation, render};

/// Options of every `validate` destination.
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateOptions {
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Give up on a request after this many seconds (default: 20).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Also send the test lead Partner Center's Validate sends (it creates one MSFT_TEST lead);
    /// on a terminal leadwiz asks first.
    #[arg(long)]
    pub send_test_lead: bool,
}

#[derive(Debug, Subcommand)]
pub enum ValidateDestination {
    /// An HTTPS endpoint (a Power Automate flow): the URL's rules, the host answering without
    /// the URL's signature, then with --send-test-lead the test lead.
    Https {
        /// The endpoint's URL (https://, or http:// to a loopback address for local testing).
        url: String,
        #[command(flatten)]
        options: ValidateOptions,
    },
    /// Dynamics 365: the instance URL and ids (offline), the tenant and the instance's sign-in
    /// challenge (no secret sent), then the token, WhoAmI, the user's roles and privileges, and
    /// with --send-test-lead the test lead.
    Dynamics(DynamicsArgs),
    /// An Azure table: the connection string's rules (Partner Center takes only the account-key
    /// form), the Table endpoint answering without the key, then with --send-test-lead a test
    /// lead inserted and read back.
    AzureTable {
        #[command(flatten)]
        connection: ConnectionOptions,
        #[command(flatten)]
        options: ValidateOptions,
    },
    /// Salesforce web-to-lead: the Organization ID Partner Center takes (15 characters, 00D…;
    /// an 18-character ID gets its 15-character form), the web-to-lead host answering, then with
    /// --send-test-lead the test lead Partner Center sends (web-to-lead answers 200 either way:
    /// the report says where to look).
    Salesforce(crate::cli_validate_forms::SalesforceArgs),
    /// Marketo: the Munchkin ID and Form ID (or a pasted form embed snippet), the instance's REST
    /// host answering, then with the API-only user's Client ID and Secret the identity token, the
    /// form and its fields, and with --send-test-lead the test lead through Submit Form.
    Marketo(crate::cli_validate_forms::MarketoArgs),
}

/// `validate dynamics`: the instance and how Partner Center signs in to it (an Entra ID app by
/// default, an Office 365 user with --user).
#[derive(Debug, clap::Args)]
pub struct DynamicsArgs {
    /// The instance URL, such as https://contoso.crm4.dynamics.com (http://127.0.0.1:PORT only
    /// for local testing).
    #[arg(long, value_name = "URL")]
    pub instance_url: String,
    /// The Directory (tenant) ID of the Entra ID app.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "user",
        conflicts_with = "user"
    )]
    pub directory_id: Option<String>,
    /// The Application (client) ID of the Entra ID app.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "user",
        conflicts_with = "user"
    )]
    pub application_id: Option<String>,
    /// Read the client secret from FILE (`-`: standard input) instead of LEADWIZ_CLIENT_SECRET
    /// or a prompt; it is never taken from the command line.
    #[arg(long, value_name = "FILE", conflicts_with = "user")]
    pub secret_file: Option<PathBuf>,
    /// Sign in as this Office 365 user (user name and password) instead of an Entra ID app.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Read the user's password from FILE (`-`: standard input) instead of LEADWIZ_PASSWORD or
    /// a prompt; it is never taken from the command line.
    #[arg(long, value_name = "FILE", requires = "user")]
    pub password_file: Option<PathBuf>,
    /// Entra ID's address, replaced for local testing (a loopback address only).
    #[arg(long, value_name = "URL")]
    pub authority: Option<String>,
    #[command(flatten)]
    pub options: ValidateOptions,
}

/// The environment variables secrets are read from.
pub use crate::destinations::live_form::{CLIENT_SECRET_VAR, PASSWORD_VAR};

/// The request timeout: `--timeout`, else 20 seconds.
pub fn timeout(options: &ValidateOptions) -> Result<Duration, u8> {
    let t = options.timeout.unwrap_or(20.0);
    if t.is_finite() && t > 0.0 && t <= 600.0 {
        Ok(Duration::from_secs_f64(t))
    } else {
        eprintln!("leadwiz: --timeout must be a number of seconds between 0 and 600");
        Err(USAGE)
    }
}

pub fn run(guide: &Guide, destination: &ValidateDestination, lang: Lang) -> u8 {
    let ticks = destinations::ticks_now();
    match destination {
        ValidateDestination::Https { url, options } => {
            let Ok(t) = timeout(options) else {
                return USAGE;
            };
            let what = destinations::shown_url(url.trim());
            let send = match confirm_write(options, &what, lang) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let mut v = destinations::block_on(validate_simple::https(url, send, ticks, t));
            declined(&mut v, options, send);
            finish(guide, &v, options, lang, &[])
        }
        ValidateDestination::Dynamics(args) => dynamics(guide, args, ticks, lang),
        ValidateDestination::Salesforce(args) => {
            crate::cli_validate_forms::salesforce(guide, args, ticks, lang)
        }
        ValidateDestination::Marketo(args) => {
            crate::cli_validate_forms::marketo(guide, args, ticks, lang)
        }
        ValidateDestination::AzureTable {
            connection,
            options,
        } => {
            let Ok(t) = timeout(options) else {
                return USAGE;
            };
            let conn = match crate::cli_net::connection_string(connection) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let what = format!("table {}", connection.table);
            let send = match confirm_write(options, &what, lang) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let mut v = destinations::block_on(validate_simple::azure_table(
                &conn,
                &connection.table,
                send,
                ticks,
                t,
            ));
            declined(&mut v, options, send);
            finish(guide, &v, options, lang, &[conn])
        }
    }
}

/// A replacement service address: a loopback `http://` or `https://` URL, else a usage error.
pub fn loopback_override(flag: &str, raw: &str) -> Result<url::Url, u8> {
    match url::Url::parse(raw.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && destinations::is_loopback(&u) => Ok(u),
        _ => {
            eprintln!(
                "leadwiz: {flag} {}: only a loopback address (http://127.0.0.1:PORT) can replace a service's address, for local testing",
                crate::sanitise::line(&destinations::shown_url(raw))
            );
            Err(USAGE)
        }
    }
}

fn dynamics(guide: &Guide, args: &DynamicsArgs, ticks: u64, lang: Lang) -> u8 {
    use crate::destinations::dynamics_validate::{self as dv, Credentials};
    let Ok(t) = timeout(&args.options) else {
        return USAGE;
    };
    let authority = match &args.authority {
        Some(raw) => match loopback_override("--authority", raw) {
            Ok(u) => u,
            Err(code) => return code,
        },
        None => url::Url::parse(destinations::entra::AUTHORITY).expect("a valid URL"),
    };
    // http:// only to a loopback instance (a local test server): anything else is a usage
    // error, not a lead destination.
    if let Ok(u) = url::Url::parse(args.instance_url.trim())
        && u.scheme() == "http"
        && loopback_override("--instance-url", &args.instance_url).is_err()
    {
        return USAGE;
    }
    let (credentials, secret) = match &args.user {
        Some(user) => {
            let password = match read_secret(
                args.password_file.as_ref(),
                PASSWORD_VAR,
                "--password-file",
                lang.pick("password", "密码"),
                lang,
            ) {
                Ok(p) => p,
                Err(code) => return code,
            };
            (
                Credentials::User {
                    user: user.clone(),
                    password: password.clone(),
                },
                password,
            )
        }
        None => {
            let secret = match read_secret(
                args.secret_file.as_ref(),
                CLIENT_SECRET_VAR,
                "--secret-file",
                lang.pick("client secret", "客户端密码"),
                lang,
            ) {
                Ok(s) => s,
                Err(code) => return code,
            };
            (
                Credentials::App {
                    directory_id: args.directory_id.clone().unwrap_or_default(),
                    application_id: args.application_id.clone().unwrap_or_default(),
                    secret: secret.clone(),
                },
                secret,
            )
        }
    };
    let what = destinations::shown_url(args.instance_url.trim());
    let send = match confirm_write(&args.options, &what, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let input = dv::Input {
        instance_url: args.instance_url.clone(),
        credentials,
        authority,
        timeout: t,
        send_test_lead: send,
        ticks,
    };
    let mut v = destinations::block_on(dv::validate(&input));
    declined(&mut v, &args.options, send);
    let known = [secret.clone(), secret.trim().to_owned()];
    finish(guide, &v, &args.options, lang, &known)
}

/// Prints the validation (text in `lang`, or JSON), masked with `secrets` besides the shapes
/// `redact` knows; 0 when the destination would accept leads.
pub fn finish(
    guide: &Guide,
    v: &Validation,
    options: &ValidateOptions,
    lang: Lang,
    secrets: &[String],
) -> u8 {
    let text = if options.json {
        render::json(v, secrets)
    } else {
        render::text(v, Some(guide), lang, secrets)
    };
    let code = print(&text);
    if code != OK {
        return code;
    }
    if v.accepts_leads() { OK } else { FAILED }
}

/// Notes that the user answered no to the test lead they asked for.
pub fn declined(v: &mut Validation, options: &ValidateOptions, send: bool) {
    if options.send_test_lead && !send {
        v.notes.push(
            (
                "--send-test-lead was given, but the test lead was not sent: the answer to the question was no",
                "指定了 --send-test-lead，但未发送测试潜在顾客：对确认问题的回答是否",
            )
                .into(),
        );
    }
}

/// Whether to send the test lead: only with `--send-test-lead`, and on a terminal only after
/// the user says yes. A refusal is not an error: the other stages still run.
pub fn confirm_write(options: &ValidateOptions, target: &str, lang: Lang) -> Result<bool, u8> {
    if !options.send_test_lead {
        return Ok(false);
    }
    if !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    let target = crate::sanitise::line(target);
    let question = match lang {
        Lang::ZhCn => format!(
            "向 {target} 发送一条测试潜在顾客（MSFT_TEST_…），与合作伙伴中心的“验证”相同？它会创建一条记录。[y/N] "
        ),
        Lang::En => format!(
            "Send a test lead (MSFT_TEST_…) to {target}, as Partner Center's Validate does? It creates one record. [y/N] "
        ),
    };
    let mut err = std::io::stderr();
    let _ = err.write_all(question.as_bytes());
    let _ = err.flush();
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return Err(USAGE);
    }
    let yes = matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "是");
    if !yes {
        eprintln!(
            "{}",
            lang.pick(
                "No test lead is sent; the other stages run.",
                "不发送测试潜在顾客；其他阶段照常运行。"
            )
        );
    }
    Ok(yes)
}

/// At most this much of a secret file is read (secrets are a few hundred bytes).
const MAX_SECRET_FILE: u64 = 64 * 1024;

/// A secret: from `file` (`-`: standard input), else the environment variable `var`, else a
/// masked prompt on a terminal. One line end at its end is dropped (files end with one); the
/// rest is kept as it is, so the field rules can point out spaces.
pub fn read_secret(
    file: Option<&PathBuf>,
    var: &str,
    flag: &str,
    what: &str,
    lang: Lang,
) -> Result<String, u8> {
    let strip = |mut s: String| {
        if s.ends_with('\n') {
            s.pop();
            if s.ends_with('\r') {
                s.pop();
            }
        }
        s
    };
    let read = |mut r: Box<dyn Read>| -> std::io::Result<String> {
        let mut bytes = Vec::new();
        (&mut r).take(MAX_SECRET_FILE).read_to_end(&mut bytes)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let result = match file {
        Some(p) if p.as_os_str() == "-" => read(Box::new(std::io::stdin())),
        Some(p) => std::fs::File::open(p).and_then(|f| read(Box::new(f))),
        None => {
            if let Ok(s) = std::env::var(var) {
                return Ok(s);
            }
            if std::io::stdin().is_terminal() {
                return prompt_masked(what, lang).map_err(|e| cannot_read(what, &e, lang));
            }
            match lang {
                Lang::ZhCn => {
                    let gap = if what.starts_with(|c: char| c.is_ascii()) {
                        " "
                    } else {
                        ""
                    };
                    eprintln!(
                        "leadwiz：没有{gap}{what}：请设置 {var}，或传入 {flag} FILE（`-` 表示从标准输入读取）；它从不通过命令行传入"
                    );
                }
                Lang::En => eprintln!(
                    "leadwiz: no {what}: set {var}, or pass {flag} FILE (`-` reads standard input); it is never taken from the command line"
                ),
            }
            return Err(USAGE);
        }
    };
    result.map(strip).map_err(|e| cannot_read(what, &e, lang))
}

/// Says that the secret `what` could not be read (in `lang`); the usage error's status.
fn cannot_read(what: &str, e: &std::io::Error, lang: Lang) -> u8 {
    match lang {
        Lang::ZhCn => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "文件不存在".to_owned(),
                std::io::ErrorKind::PermissionDenied => "没有读取权限".to_owned(),
                std::io::ErrorKind::Interrupted => "已取消".to_owned(),
                _ => e.to_string(),
            };
            let gap = if what.starts_with(|c: char| c.is_ascii()) {
                " "
            } else {
                ""
            };
            eprintln!("leadwiz：无法读取{gap}{what}：{why}");
        }
        Lang::En => eprintln!("leadwiz: cannot read the {what}: {e}"),
    }
    USAGE
}

/// Whether the masked prompt has the terminal in raw mode (a signal that ends leadwiz puts it
/// back first).
static RAW_PROMPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Gives the terminal back if the masked prompt has it in raw mode (for a signal that ends
/// leadwiz while the prompt waits).
pub fn leave_masked_prompt() {
    if RAW_PROMPT.swap(false, std::sync::atomic::Ordering::SeqCst) {
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
        let _ = std::io::stderr().write_all(b"\r\n");
    }
}

/// Reads a line from the terminal without showing it (a `*` per character). A signal that
/// ends leadwiz meanwhile (SIGTERM, SIGHUP, SIGQUIT) puts the terminal back before it exits.
pub fn prompt_masked(what: &str, lang: Lang) -> std::io::Result<String> {
    prompt_masked_with(what, lang, true)
}

/// [`prompt_masked`]; without `own_signals` the caller's signal handling ends leadwiz and calls
/// [`leave_masked_prompt`] first.
pub fn prompt_masked_with(what: &str, lang: Lang, own_signals: bool) -> std::io::Result<String> {
    use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    use ratatui::crossterm::terminal;
    let mut err = std::io::stderr();
    let prompt = match lang {
        Lang::ZhCn => format!("{what}（输入时不显示）："),
        Lang::En => format!("{what} (not shown as you type): "),
    };
    err.write_all(prompt.as_bytes())?;
    err.flush()?;
    if own_signals {
        // From here on a signal that ends leadwiz gives the terminal back, then exits with
        // 128 + its number, as the shell reports a killed program. It stays in place (a
        // listener let go of would leave those signals ignored).
        static LISTENING: std::sync::Once = std::sync::Once::new();
        LISTENING.call_once(|| {
            if let Ok(listener) = crate::platform::signals::listen(false, |signal| {
                leave_masked_prompt();
                std::process::exit(i32::from(signal.exit_status()));
            }) {
                std::mem::forget(listener);
            }
        });
    }
    terminal::enable_raw_mode()?;
    RAW_PROMPT.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut secret = String::new();
    let result = loop {
        match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(std::io::ErrorKind::Interrupted.into()),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(std::io::ErrorKind::Interrupted.into());
                }
                KeyCode::Backspace if secret.pop().is_some() => {
                    let _ = err.write_all(b"\x08 \x08");
                }
                KeyCode::Char(c) => {
                    secret.push(c);
                    let _ = err.write_all(b"*");
                }
                _ => {}
            },
            Ok(Event::Paste(p)) => {
                secret.push_str(p.trim_end_matches(['\r', '\n']));
                let _ = err.write_all("*".repeat(p.chars().count()).as_bytes());
            }
            Ok(_) => {}
            Err(e) => break Err(e),
        }
        let _ = err.flush();
    };
    leave_masked_prompt();
    result.map(|()| secret)
}
