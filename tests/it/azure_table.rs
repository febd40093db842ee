//! The Azure Table commands against Azurite, the Azure Storage emulator, which this test installs
//! (once, with npm, into the ignored `.tools/azurite/`) and starts on a free loopback port with
//! telemetry off and data in memory. leadwiz inserts a test lead; the test reads it back through
//! leadwiz and through its own REST call (signed independently, with Shared Key Lite).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

const AZURITE: &str = "azurite@3.35.0";
const ACCOUNT: &str = "devstoreaccount1";
const KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// Installs Azurite once per test run; the path of its table server's entry point.
fn installed() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/azurite");
        let bin = dir.join("node_modules/.bin/azurite-table");
        if bin.exists() {
            return bin;
        }
        for tool in ["node", "npm"] {
            let found = Process::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            assert!(
                found,
                "the Azure Table tests need Node.js and npm to install the Azurite emulator \
                 (`{tool}` was not found; on Debian: apt-get install nodejs npm)"
            );
        }
        std::fs::create_dir_all(&dir).unwrap();
        let status = Process::new("npm")
            .args(["install", "--prefix"])
            .arg(&dir)
            .args(["--no-audit", "--no-fund", "--loglevel=error", AZURITE])
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm install {AZURITE} failed");
        assert!(bin.exists(), "{} missing after npm install", bin.display());
        bin
    })
}

/// A running emulator, stopped when dropped.
struct Azurite {
    child: Child,
    port: u16,
}

impl Azurite {
    fn start() -> Azurite {
        let bin = installed();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let work =
            std::env::temp_dir().join(format!("leadwiz-azurite-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&work).unwrap();
        let child = Process::new(bin)
            .args(["--tableHost", "127.0.0.1", "--tablePort", &port.to_string()])
            .args(["--inMemoryPersistence", "--disableTelemetry", "--silent"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Azurite starts");
        let a = Azurite { child, port };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Azurite did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        a
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/{ACCOUNT}", self.port)
    }

    fn connection_string(&self, key: &str) -> String {
        format!(
            "DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={key};TableEndpoint={};",
            self.endpoint()
        )
    }
}

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn leadwiz(connection: &str) -> Command {
    let mut cmd = Command::cargo_bin("leadwiz").unwrap();
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("AZURE_STORAGE_CONNECTION_STRING", connection);
    cmd
}

fn json_of(cmd: &mut Command) -> (i32, serde_json::Value) {
    let out = cmd.arg("--json").output().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

/// A raw Table service call, signed here with Shared Key Lite (not leadwiz's code).
fn raw(method: &str, a: &Azurite, resource: &str, body: Option<&str>) -> (u16, String) {
    let date = {
        let t = time::OffsetDateTime::now_utc();
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
            DAYS[t.weekday().number_days_from_monday() as usize],
            t.day(),
            MONTHS[u8::from(t.month()) as usize - 1],
            t.year(),
            t.hour(),
            t.minute(),
            t.second()
        )
    };
    let path = format!("/{ACCOUNT}/{}", resource.split('?').next().unwrap());
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &BASE64.decode(KEY).unwrap());
    let sig = BASE64.encode(ring::hmac::sign(
        &key,
        format!("{date}\n/{ACCOUNT}{path}").as_bytes(),
    ));
    let url = format!("{}/{resource}", a.endpoint());
    raw_http::call(
        method,
        &url,
        &date,
        &format!("SharedKeyLite {ACCOUNT}:{sig}"),
        body,
    )
}

/// A tiny blocking HTTP/1.1 client over std (enough for Azurite on loopback).
mod raw_http {
    use std::io::{Read, Write};

    pub fn call(
        method: &str,
        url: &str,
        date: &str,
        auth: &str,
        body: Option<&str>,
    ) -> (u16, String) {
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_at(rest.find('/').unwrap());
        let mut s = std::net::TcpStream::connect(host).unwrap();
        let body = body.unwrap_or("");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nx-ms-date: {date}\r\nx-ms-version: 2019-02-02\r\nAccept: application/json;odata=nometadata\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        let status = out[9..12].parse().unwrap();
        let body = out
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        // Chunked bodies: keep the JSON between the first `{` and the last `}`.
        let body = match (body.find('{'), body.rfind('}')) {
            (Some(a), Some(b)) => body[a..=b].to_owned(),
            _ => body,
        };
        (status, body)
    }
}

#[test]
fn insert_a_test_lead_read_it_back_and_list_the_leads() {
    let a = Azurite::start();
    let conn = a.connection_string(KEY);

    // The table does not exist yet: test-lead creates it.
    let (code, r) = json_of(leadwiz(&conn).args(["test-lead", "azure-table"]));
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["ok"], true);
    assert_eq!(r["data"]["created_table"], true);
    assert_eq!(r["remediation"], "faq-azure-table-view-leads");
    let row = r["data"]["row_key"].as_str().unwrap().to_owned();
    assert!(row.starts_with("MSFT_TEST_"));
    assert!(!r.to_string().contains(KEY), "the key is never printed");
    assert!(
        r["target"]
            .as_str()
            .unwrap()
            .starts_with("devstoreaccount1 (http://127.0.0.1:")
    );

    // Read back by a raw REST call that does not use leadwiz's code.
    let (status, body) = raw(
        "GET",
        &a,
        &format!("MarketplaceLeads(PartitionKey='MSFT_TEST',RowKey='{row}')"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let entity: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(entity["FirstName"], row.as_str());
    assert_eq!(entity["Email"], format!("{row}@test.com"));
    assert_eq!(entity["LeadSource"], "AzureMarketplace");
    assert_eq!(entity["ActionCode"], "INS");

    // A second run finds the table in place.
    let (code, r) = json_of(leadwiz(&conn).args(["test-lead", "azure-table"]));
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["data"]["created_table"], false);

    // A real lead, written by the raw call, with personal data.
    let (status, body) = raw(
        "POST",
        &a,
        "MarketplaceLeads",
        Some(
            r#"{"PartitionKey":"lead","RowKey":"1","FirstName":"Jane","LastName":"Doe","Email":"jane.doe@contoso.com","Company":"Contoso","LeadSource":"AppSource (SPZA)-PLT|contoso.leads","ActionCode":"PLT"}"#,
        ),
    );
    assert!(status == 201 || status == 204, "{status} {body}");

    let (code, r) = json_of(leadwiz(&conn).args(["leads", "azure-table"]));
    assert_eq!(code, 0, "{r}");
    let leads = r["data"]["leads"].as_array().unwrap();
    assert_eq!(leads.len(), 3, "{r}");
    let jane = leads.iter().find(|l| l["name"] == "J… D…").unwrap();
    assert_eq!(jane["email"], "j…@contoso.com", "e-mail masked by default");
    assert_eq!(
        jane["company"], "C…",
        "names and companies masked by default"
    );
    assert_eq!(jane["action_code"], "PLT");
    assert!(jane["time"].as_str().unwrap().starts_with("20"));

    let (_, r) = json_of(leadwiz(&conn).args(["leads", "azure-table", "--test-only"]));
    let leads = r["data"]["leads"].as_array().unwrap();
    assert_eq!(leads.len(), 2);
    assert!(leads.iter().all(|l| l["test"] == true));

    let (_, r) = json_of(leadwiz(&conn).args(["leads", "azure-table", "--show-personal-data"]));
    assert!(r.to_string().contains("jane.doe@contoso.com"));
    assert!(r.to_string().contains("Jane Doe") && r.to_string().contains("Contoso"));

    let (_, r) = json_of(leadwiz(&conn).args(["leads", "azure-table", "--since", "2999-01-01"]));
    assert_eq!(r["data"]["leads"].as_array().unwrap().len(), 0);
    assert_eq!(r["remediation"], "azure-table-no-rows");

    // The readable table a person sees.
    let out = leadwiz(&conn)
        .args(["leads", "azure-table"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 leads in table MarketplaceLeads"), "{text}");
    assert!(text.contains("time"), "{text}");
    // Times read as a date and a time, not an OData timestamp.
    let year = time::OffsetDateTime::now_utc().year();
    assert!(
        text.lines().any(|l| l.starts_with(&format!("{year}-"))
            && l[10..].starts_with(' ')
            && l.contains(" UTC  ")),
        "{text}"
    );
    assert!(
        text.contains("J… D…") && text.contains("j…@contoso.com"),
        "{text}"
    );
    assert!(
        !text.contains("jane.doe@") && !text.contains("Jane"),
        "{text}"
    );
    // Nothing matches: said in words, no empty table.
    let out = leadwiz(&conn)
        .args(["leads", "azure-table", "--since", "2999-01-01"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("no leads since 2999-01-01 in table MarketplaceLeads"),
        "{text}"
    );
    assert!(!text.contains("lead source"), "{text}");

    // The connection string from a file, and from standard input.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("conn.txt");
    std::fs::write(&file, format!("{conn}\n")).unwrap();
    let (code, _) = json_of(
        leadwiz("")
            .env_remove("AZURE_STORAGE_CONNECTION_STRING")
            .args(["leads", "azure-table", "--connection-string-file"])
            .arg(&file),
    );
    assert_eq!(code, 0);
    let (code, r) = json_of(
        leadwiz("")
            .env_remove("AZURE_STORAGE_CONNECTION_STRING")
            .args([
                "test-lead",
                "azure-table",
                "--table",
                "OtherLeads",
                "--connection-string-file",
                "-",
            ])
            .write_stdin(conn.clone()),
    );
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["data"]["created_table"], true);
}

/// 300 leads (pages far over 64 KB) are all listed, the test lead among them is found, and a
/// lead whose first name is 30 emoji (whoever submits a lead chooses its name) lines up in the
/// table instead of ending leadwiz.
#[test]
fn three_hundred_leads_are_all_listed() {
    let a = Azurite::start();
    let conn = a.connection_string(KEY);
    let (code, r) = json_of(leadwiz(&conn).args(["test-lead", "azure-table"]));
    assert_eq!(code, 0, "{r}");
    let description = "Interested in the offer; please call back. ".repeat(8);
    for i in 0..300 {
        let body = format!(
            r#"{{"PartitionKey":"lead","RowKey":"{i:04}","FirstName":"Lead{i}","LastName":"Person","Email":"lead{i}@contoso.com","Company":"Company {i}","LeadSource":"AppSource","ActionCode":"PLT","Description":"{description}"}}"#
        );
        let (status, out) = raw("POST", &a, "MarketplaceLeads", Some(&body));
        assert!(status == 201 || status == 204, "{status} {out}");
    }
    let hearts = "\u{2764}\u{fe0f}".repeat(30);
    let body = format!(
        r#"{{"PartitionKey":"lead","RowKey":"emoji","FirstName":"{hearts}","LastName":"\u001b]52;c;aGk=\u0007","Email":"x@contoso.com","Company":"\u202eEvil","LeadSource":"AppSource","ActionCode":"PLT"}}"#
    );
    let (status, out) = raw("POST", &a, "MarketplaceLeads", Some(&body));
    assert!(status == 201 || status == 204, "{status} {out}");

    let (code, r) = json_of(leadwiz(&conn).args(["leads", "azure-table"]));
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        r["data"]["leads"].as_array().unwrap().len(),
        302,
        "{}",
        r["summary"]
    );
    assert_eq!(r["summary"], "302 leads in table MarketplaceLeads");

    let (code, r) = json_of(leadwiz(&conn).args(["leads", "azure-table", "--test-only"]));
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["data"]["leads"].as_array().unwrap().len(), 1, "{r}");

    for args in [
        &["leads", "azure-table"][..],
        &["leads", "azure-table", "--show-personal-data"][..],
    ] {
        let out = leadwiz(&conn).args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{text}{err}");
        assert!(
            text.contains("302 leads in table MarketplaceLeads"),
            "{text}"
        );
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
    }
}

/// "Test my destination" in the wizard, the connection string pasted into its masked field:
/// the test lead goes in, is read back, and the screen offers the page on viewing leads.
#[test]
fn the_wizard_tests_the_table_with_a_pasted_connection_string() {
    use crate::tui_live_check::{app_at, open_check, tick_test_lead};
    use leadwiz::tui::action::Action;
    let a = Azurite::start();
    let mut app = app_at("dest-azure-table");
    open_check(&mut app);
    leadwiz::tui::handle(
        &mut app,
        ratatui::crossterm::event::Event::Paste(a.connection_string(KEY)),
    );
    // The test lead ticked, and the question answered yes.
    tick_test_lead(&mut app);
    app.update(Action::RunCheck);
    assert_eq!(
        app.check().unwrap().stage(),
        leadwiz::tui::live_check::Stage::Confirm
    );
    crate::tui_live_check::key(&mut app, ratatui::crossterm::event::KeyCode::Char('y'));
    let start = Instant::now();
    while app.check_running() {
        app.update(leadwiz::tui::app::Update::CheckReport);
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the check never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let v = &app.check().unwrap().result.as_ref().unwrap().validation;
    assert!(v.accepts_leads(), "{v:#?}");
    assert_eq!(v.remediation, Some("faq-azure-table-view-leads"));
    let (status, body) = raw("GET", &a, "MarketplaceLeads()", None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("MSFT_TEST_"), "{body}");
}

#[test]
fn failures_are_named_and_linked() {
    let a = Azurite::start();

    // A wrong key: the emulator refuses the signature.
    let wrong = BASE64.encode([7u8; 64]);
    let (code, r) =
        json_of(leadwiz(&a.connection_string(&wrong)).args(["test-lead", "azure-table"]));
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "authentication-failed", "{r}");
    assert_eq!(r["remediation"], "azure-table-no-rows");
    assert!(!r.to_string().contains(&wrong));

    // No such table to list.
    let (code, r) = json_of(leadwiz(&a.connection_string(KEY)).args([
        "leads",
        "azure-table",
        "--table",
        "NoSuchTable",
    ]));
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "not-found", "{r}");

    // Known mistakes in the connection string: found before anything is sent.
    let typo = "DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUA==;EndpointSuffix=core.screens.net";
    let (code, r) = json_of(leadwiz(typo).args(["test-lead", "azure-table"]));
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "bad-connection-string");
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("core.windows.net")
    );
    assert_eq!(r["remediation"], "dest-azure-table");
    assert_eq!(r["target"], "(connection string not shown)");
    assert!(
        !r.to_string().contains("Zm9vYmFy"),
        "the key is never printed"
    );
    let out = leadwiz(typo)
        .args(["test-lead", "azure-table", "--lang", "zh-CN"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("目标：（连接字符串不显示）"), "{text}");
    assert!(!text.contains("Zm9vYmFy"), "{text}");
    let (code, r) = json_of(
        leadwiz("https://contosoleads.blob.core.windows.net/leads?sv=2022-11-02&sig=abc")
            .args(["test-lead", "azure-table"]),
    );
    assert_eq!(code, 1);
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("a SAS URL")
    );

    // The emulator stops: the connection is refused.
    let conn = a.connection_string(KEY);
    drop(a);
    let (code, r) = json_of(leadwiz(&conn).args(["test-lead", "azure-table", "--timeout", "5"]));
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "connection-refused", "{r}");

    // No connection string at all: a usage error that says where it is read from.
    let out = leadwiz("")
        .env_remove("AZURE_STORAGE_CONNECTION_STRING")
        .args(["leads", "azure-table"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("AZURE_STORAGE_CONNECTION_STRING"));
}

#[test]
fn validate_sends_the_test_lead_only_when_asked_and_reads_it_back() {
    let a = Azurite::start();
    let conn = a.connection_string(KEY);
    let (code, v) =
        json_of(leadwiz(&conn).args(["validate", "azure-table", "--table", "ValidateLeads"]));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["stages"][3]["status"], "skipped");
    // Without --send-test-lead nothing was written: the table does not exist.
    let (status, _) = raw("GET", &a, "Tables('ValidateLeads')", None);
    assert_eq!(status, 404);

    let (code, v) = json_of(leadwiz(&conn).args([
        "validate",
        "azure-table",
        "--table",
        "ValidateLeads",
        "--send-test-lead",
    ]));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["verdict"], "accepts");
    assert_eq!(v["stages"][3]["status"], "passed");
    assert_eq!(v["remediation"], "faq-azure-table-view-leads");
    let row = v["data"]["row_key"].as_str().unwrap().to_owned();
    let (status, body) = raw(
        "GET",
        &a,
        &format!("ValidateLeads(PartitionKey='MSFT_TEST',RowKey='{row}')"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert!(!v.to_string().contains(KEY), "the key is never printed");

    // A wrong key: the write stage fails and names its node.
    let (code, v) = json_of(
        leadwiz(&a.connection_string(&BASE64.encode([7u8; 64]))).args([
            "validate",
            "azure-table",
            "--send-test-lead",
        ]),
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["stages"][3]["status"], "failed");
    assert!(
        v["remediation"]
            .as_str()
            .unwrap()
            .starts_with("azure-table")
            || v["remediation"] == "dest-azure-table",
        "{v}"
    );
}
