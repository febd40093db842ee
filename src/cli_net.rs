//! The network commands: `test-lead`, `leads`, `check-url`. Each runs one check from
//! `destinations` and prints its report as text or JSON; exit status 0 only on success.

use std::io::Read;
use std::time::Duration;

use crate::cli::{
    CheckUrlDestination, ConnectionOptions, FAILED, LeadsDestination, NetOptions, OK,
    TestLeadDestination, USAGE, print,
};
use crate::destinations::{self, Report, azure_table, dynamics, https};
use crate::guide::{Guide, Lang};

/// The request timeout: `--timeout`, else `default` seconds.
fn timeout(net: &NetOptions, default: f64) -> Result<Duration, u8> {
    let t = net.timeout.unwrap_or(default);
    if t.is_finite() && t > 0.0 && t <= 600.0 {
        Ok(Duration::from_secs_f64(t))
    } else {
        eprintln!("leadwiz: --timeout must be a number of seconds between 0 and 600");
        Err(USAGE)
    }
}

/// Prints a report (text with the remediation's title, or JSON); 0 when it succeeded. Every
/// string passes the masking of secrets on its way out.
fn finish(guide: &Guide, report: &Report, net: &NetOptions, lang: Lang) -> u8 {
    let text = if net.json {
        let mut v = serde_json::to_value(report).expect("a report serialises");
        crate::redact::json(&mut v, crate::redact::secrets);
        let mut s = serde_json::to_string_pretty(&v).expect("a report serialises");
        s.push('\n');
        s
    } else {
        let mut s = destinations::text::report(report, lang);
        if let Some(id) = report.remediation
            && let Some(node) = guide.node(id)
        {
            s.push_str(&format!("\n{} — leadwiz show {id}\n", node.title.get(lang)));
        }
        // The leads read before a listing stopped are shown too.
        let table = azure_table::leads_table(report, lang);
        if report.check == "azure-table-leads" && !table.is_empty() {
            s.push('\n');
            s.push_str(&table);
        }
        crate::redact::secrets(&s)
    };
    let code = print(&text);
    if code != OK {
        return code;
    }
    if report.ok { OK } else { FAILED }
}

/// At most this much of a connection string file is read (a connection string is under 1 KB).
const MAX_CONNECTION_FILE: u64 = 64 * 1024;

/// Reads at most `limit` bytes of a regular file (or standard input's pipe); a FIFO or device
/// is read to the limit and no further, so `/dev/zero` costs no more than a small file.
fn read_file_limited(path: &std::path::Path, limit: u64) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The connection string, from the file named (or standard input) or the environment.
pub(crate) fn connection_string(c: &ConnectionOptions) -> Result<String, u8> {
    use crate::destinations::live::CONNECTION_VAR as VAR;
    let read = match &c.connection_string_file {
        Some(p) if p.as_os_str() == "-" => {
            let mut s = String::new();
            std::io::stdin()
                .take(64 * 1024)
                .read_to_string(&mut s)
                .map(|_| s)
        }
        Some(p) => read_file_limited(p, MAX_CONNECTION_FILE),
        None => match std::env::var(VAR) {
            Ok(s) => Ok(s),
            Err(_) => {
                eprintln!(
                    "leadwiz: no connection string: set {VAR}, or pass --connection-string-file FILE (`-` reads standard input)"
                );
                return Err(USAGE);
            }
        },
    };
    read.map_err(|e| {
        eprintln!("leadwiz: cannot read the connection string: {e}");
        USAGE
    })
}

pub fn test_lead(guide: &Guide, destination: &TestLeadDestination, lang: Lang) -> u8 {
    match destination {
        TestLeadDestination::Https { url, dry_run, net } => {
            let Ok(t) = timeout(net, 20.0) else {
                return USAGE;
            };
            let ticks = destinations::ticks_now();
            if *dry_run {
                return dry_run_https(url, ticks, net.json, lang);
            }
            let report = destinations::block_on(https::send(url, ticks, t));
            finish(guide, &report, net, lang)
        }
        TestLeadDestination::AzureTable { connection, net } => {
            let Ok(t) = timeout(net, 20.0) else {
                return USAGE;
            };
            let conn = match connection_string(connection) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let ticks = destinations::ticks_now();
            let report =
                destinations::block_on(azure_table::test_lead(&conn, &connection.table, ticks, t));
            finish(guide, &report, net, lang)
        }
    }
}

fn dry_run_https(url: &str, ticks: u64, json: bool, lang: Lang) -> u8 {
    let payload = https::payload(ticks);
    let parsed = match destinations::allowed_url(url) {
        Ok(u) => u,
        Err((_, msg)) => {
            eprintln!("leadwiz: {}", msg.get(lang));
            return USAGE;
        }
    };
    let shown = destinations::shown_url(parsed.as_str());
    let notes = https::url_notes(&parsed);
    let text = if json {
        let mut v = serde_json::json!({ "url": shown, "method": "POST", "content_type": "application/json", "payload": payload, "notes": notes });
        crate::redact::json(&mut v, crate::redact::secrets);
        serde_json::to_string_pretty(&v).expect("JSON") + "\n"
    } else {
        let mut s = format!(
            "POST {shown}\nContent-Type: application/json\n\n{}\n",
            serde_json::to_string_pretty(&payload).expect("JSON")
        );
        for n in notes {
            s.push_str(&format!("! {}\n", n.get(lang)));
        }
        s.push_str(lang.pick(
            "(dry run: nothing was sent)\n",
            "（试运行：未发送任何内容）\n",
        ));
        crate::redact::secrets(&s)
    };
    print(&text)
}

pub fn leads(guide: &Guide, destination: &LeadsDestination, lang: Lang) -> u8 {
    let LeadsDestination::AzureTable {
        connection,
        test_only,
        since,
        show_personal_data,
        net,
    } = destination;
    let Ok(t) = timeout(net, 20.0) else {
        return USAGE;
    };
    // A date that is not one is a usage error: nothing is sent.
    if let Some(Err(e)) = since.as_deref().map(azure_table::since_filter) {
        eprintln!("leadwiz: --since: {}", e.get(lang));
        return USAGE;
    }
    let conn = match connection_string(connection) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let query = azure_table::LeadQuery {
        table: connection.table.clone(),
        test_only: *test_only,
        since: since.clone(),
        show_personal_data: *show_personal_data,
    };
    let report = destinations::block_on(azure_table::leads(&conn, &query, t));
    finish(guide, &report, net, lang)
}

pub fn check_url(guide: &Guide, destination: &CheckUrlDestination, lang: Lang) -> u8 {
    let CheckUrlDestination::Dynamics { url, net } = destination;
    let Ok(t) = timeout(net, 8.0) else {
        return USAGE;
    };
    let report = destinations::block_on(dynamics::check(url, t));
    finish(guide, &report, net, lang)
}
