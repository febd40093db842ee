//! `leadwiz validate salesforce` and `leadwiz validate marketo`: the two destinations that take
//! leads through a form (Salesforce's web-to-lead, a Marketo form). Their options, and how each
//! reads its inputs (the Marketo Client Secret from a file, standard input, the environment or a
//! masked prompt, never the command line) before it runs its check.

use std::path::PathBuf;

use crate::cli::USAGE;
use crate::cli_validate::{
    ValidateOptions, confirm_write, declined, finish, loopback_override, read_secret, timeout,
};
use crate::destinations::{self, marketo, salesforce};
use crate::guide::{Guide, Lang};

/// `validate salesforce`.
#[derive(Debug, clap::Args)]
pub struct SalesforceArgs {
    /// The Organization ID: 15 characters starting with 00D (Setup > Company Information, or the
    /// `oid` of the web-to-lead form); an 18-character ID gets its 15-character form.
    #[arg(long, value_name = "ID")]
    pub org_id: String,
    /// Send to this loopback address instead of Salesforce's web-to-lead (for local testing).
    #[arg(long, value_name = "URL")]
    pub web_to_lead_url: Option<String>,
    #[command(flatten)]
    pub options: ValidateOptions,
}

/// `validate marketo`.
#[derive(Debug, clap::Args)]
pub struct MarketoArgs {
    /// The Munchkin ID (123-ABC-456), or the form's embed code
    /// (MktoForms2.loadForm("//app-…", "123-ABC-456", 1179)), which gives the Form ID too.
    #[arg(long, value_name = "ID")]
    pub munchkin_id: String,
    /// The Form ID (the number in the form's embed code).
    #[arg(long, value_name = "N")]
    pub form_id: Option<String>,
    /// The Client ID of the API-only user's LaunchPoint service.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// Read the Client Secret from FILE (`-`: standard input) instead of LEADWIZ_MARKETO_SECRET
    /// or a prompt; it is never taken from the command line.
    #[arg(long, value_name = "FILE", requires = "client_id")]
    pub secret_file: Option<PathBuf>,
    /// Send to this loopback address instead of https://{munchkin}.mktorest.com (for local
    /// testing).
    #[arg(long, value_name = "URL")]
    pub rest_url: Option<String>,
    #[command(flatten)]
    pub options: ValidateOptions,
}

/// The environment variable the Marketo Client Secret is read from.
pub use crate::destinations::live_form::MARKETO_SECRET_VAR;

pub fn salesforce(guide: &Guide, args: &SalesforceArgs, ticks: u64, lang: Lang) -> u8 {
    let Ok(t) = timeout(&args.options) else {
        return USAGE;
    };
    let endpoint = match &args.web_to_lead_url {
        Some(raw) => match loopback_override("--web-to-lead-url", raw) {
            Ok(u) => u,
            Err(code) => return code,
        },
        None => url::Url::parse(salesforce::WEB_TO_LEAD).expect("a valid URL"),
    };
    let what = format!(
        "Salesforce web-to-lead (Organization ID {})",
        crate::sanitise::line(args.org_id.trim())
    );
    let send = match confirm_write(&args.options, &what, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut v = destinations::block_on(salesforce::validate(
        &args.org_id,
        &endpoint,
        send,
        ticks,
        t,
    ));
    declined(&mut v, &args.options, send);
    finish(guide, &v, &args.options, lang, &[])
}

pub fn marketo(guide: &Guide, args: &MarketoArgs, ticks: u64, lang: Lang) -> u8 {
    let Ok(t) = timeout(&args.options) else {
        return USAGE;
    };
    let rest = match &args.rest_url {
        Some(raw) => match loopback_override("--rest-url", raw) {
            Ok(u) => Some(u),
            Err(code) => return code,
        },
        None => None,
    };
    let secret = match &args.client_id {
        Some(_) => match read_secret(
            args.secret_file.as_ref(),
            MARKETO_SECRET_VAR,
            "--secret-file",
            lang.pick("Marketo client secret", "Marketo 客户端密码"),
            lang,
        ) {
            Ok(s) => Some(s),
            Err(code) => return code,
        },
        None => None,
    };
    let what = format!(
        "Marketo ({})",
        crate::width::ellipsize(&crate::sanitise::line(args.munchkin_id.trim()), 40)
    );
    let send = match confirm_write(&args.options, &what, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let input = marketo::Input {
        munchkin: args.munchkin_id.clone(),
        form_id: args.form_id.clone(),
        client_id: args.client_id.clone(),
        secret: secret.clone(),
        rest: rest.clone(),
    };
    let mut v = destinations::block_on(marketo::validate(&input, send, ticks, t));
    declined(&mut v, &args.options, send);
    let known: Vec<String> = secret
        .iter()
        .flat_map(|s| [s.clone(), s.trim().to_owned()])
        .filter(|s| !s.is_empty())
        .collect();
    finish(guide, &v, &args.options, lang, &known)
}
