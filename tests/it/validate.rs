//! `leadwiz validate https` and `leadwiz validate azure-table` against a server this test starts
//! on 127.0.0.1: the stages run in order and stop at the first failure, the probe sends no
//! secret, the test lead goes out only with --send-test-lead, and exit statuses say whether the
//! destination would accept leads.

use crate::common;

use common::leadwiz;
use common::server::{Answer, Seen, Server};

fn flow(req: &Seen) -> Answer {
    let json = || ("Content-Type", "application/json".to_owned());
    match (req.method.as_str(), req.path.split('?').next().unwrap_or("")) {
        ("GET", "/") => (404, vec![], "Not Found".into()),
        ("POST", "/ok") => (202, vec![], String::new()),
        ("POST", "/workflows/abc/triggers/manual/paths/invoke") => (
            401,
            vec![json()],
            r#"{"error":{"code":"DirectApiAuthorizationRequired","message":"The request must be authenticated only by Shared Access scheme."}}"#.into(),
        ),
        _ => (500, vec![], String::new()),
    }
}

/// Runs leadwiz with `args` and `--json`; the exit status and the validation.
fn validate_json(args: &[&str]) -> (i32, serde_json::Value, String) {
    common::validate_json(leadwiz().args(args).arg("--json"))
}

fn statuses(v: &serde_json::Value) -> Vec<(String, String)> {
    v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn https_probes_without_the_signature_and_sends_the_lead_only_when_asked() {
    let server = Server::start(flow);
    let url = server.url("/ok?api-version=1&sig=SIGNATUREsecret0123456789abcdefghijkl");
    let (code, v, text) = validate_json(&["validate", "https", &url]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["verdict"], "accepts");
    assert_eq!(
        statuses(&v),
        pairs(&[
            ("fields", "passed"),
            ("probe", "passed"),
            ("read", "skipped"),
            ("write", "skipped")
        ])
    );
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "only the anonymous probe: {seen:?}");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("GET", "/")
    );
    assert!(!text.contains("SIGNATUREsecret"), "{text}");

    let (code, v, text) = validate_json(&["validate", "https", &url, "--send-test-lead"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["stages"][3]["status"], "passed");
    assert_eq!(v["remediation"], "faq-find-test-lead");
    assert_eq!(v["stages"][3]["findings"][0]["status"], 202);
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[2].method, "POST");
    let lead: serde_json::Value = serde_json::from_slice(&seen[2].body).unwrap();
    assert!(
        lead["UserDetails"]["FirstName"]
            .as_str()
            .unwrap()
            .starts_with("MSFT_TEST_")
    );
    assert!(!text.contains("SIGNATUREsecret"), "{text}");
}

#[test]
fn https_failures_stop_the_run_and_name_their_node() {
    let server = Server::start(flow);
    // The write fails: a 401 from the flow.
    let url = server.url("/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    let (code, v, _) = validate_json(&["validate", "https", &url, "--send-test-lead"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["verdict"], "rejects");
    assert_eq!(v["stages"][3]["status"], "failed");
    let f = &v["stages"][3]["findings"][0];
    assert_eq!(f["level"], "fail");
    assert_eq!(f["status"], 401);
    // The flow's answer names its cause: the URL lost its signature parameters.
    assert_eq!(f["node"], "flow-shared-access-only", "{f}");
    assert_eq!(v["remediation"], f["node"]);

    // The field rules fail: nothing is sent.
    let before = server.requests().len();
    let (code, v, _) = validate_json(&[
        "validate",
        "https",
        &format!("ftp://127.0.0.1:{}/x", server.port),
        "--send-test-lead",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        statuses(&v),
        pairs(&[
            ("fields", "failed"),
            ("probe", "not-run"),
            ("read", "not-run"),
            ("write", "not-run")
        ])
    );
    assert_eq!(server.requests().len(), before);

    // Nothing listens: the probe fails, the lead is not sent.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (code, v, _) = validate_json(&[
        "validate",
        "https",
        &format!("http://127.0.0.1:{port}/x"),
        "--send-test-lead",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        v["stages"][1]["findings"][0]["problem"],
        "connection-refused"
    );
    assert_eq!(v["stages"][3]["status"], "not-run");
}

#[test]
fn the_text_report_reads_in_both_languages() {
    let server = Server::start(flow);
    let url = server.url("/ok?sig=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    let out = leadwiz()
        .args(["validate", "https", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("OK: every check passed"), "{text}");
    assert!(
        text.contains("2. probes that send no secret — passed"),
        "{text}"
    );
    assert!(
        text.contains(
            "4. the test lead Validate sends — skipped (not asked for: add --send-test-lead"
        ),
        "{text}"
    );
    assert!(text.contains("leadwiz show dest-https"), "{text}");
    let out = leadwiz()
        .args(["--lang", "zh-CN", "validate", "https", &url])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("成功：所有检查均通过"), "{text}");
    assert!(text.contains("2. 不发送机密的探测 — 通过"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    let out = leadwiz()
        .args(["validate", "https", "https://x.example", "--timeout", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = leadwiz()
        .args(["validate", "azure-table"])
        .env_remove("AZURE_STORAGE_CONNECTION_STRING")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = leadwiz().args(["validate", "nowhere"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

fn table(req: &Seen) -> Answer {
    match req.method.as_str() {
        "GET" => (
            400,
            vec![("x-ms-request-id", "req-0000-1111".to_owned())],
            "<error/>".into(),
        ),
        _ => (500, vec![], String::new()),
    }
}

#[test]
fn azure_table_takes_partner_centers_pattern_and_probes_without_the_key() {
    const KEY: &str = "c2VjcmV0S2V5VmFsdWUwMTIzNDU2Nzg5YWJjZGVmZ2hpams=";
    // A SAS connection string: Partner Center does not take it; nothing is sent.
    let (code, v, text) = validate_json_env(
        &["validate", "azure-table"],
        "BlobEndpoint=https://contoso.blob.core.windows.net/;TableEndpoint=https://contoso.table.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=t&sig=SASsecretSIGNATURE0123456789",
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["stages"][0]["status"], "failed");
    assert_eq!(v["stages"][1]["status"], "not-run");
    assert_eq!(v["remediation"], "dest-azure-table");
    assert!(!text.contains("SASsecret"), "{text}");

    // A loopback endpoint (an emulator): a note, then the anonymous probe.
    let server = Server::start(table);
    let conn = format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};TableEndpoint=http://127.0.0.1:{}/devstoreaccount1;",
        server.port
    );
    let (code, v, text) = validate_json_env(&["validate", "azure-table"], &conn);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["stages"][1]["status"], "passed");
    assert_eq!(
        v["stages"][1]["findings"][0]["trace"]["request_id"],
        "req-0000-1111"
    );
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/");
    assert!(
        seen[0].headers.iter().all(|(k, _)| k != "authorization"),
        "{seen:?}"
    );
    assert!(!text.contains(KEY), "{text}");
}

fn validate_json_env(args: &[&str], connection: &str) -> (i32, serde_json::Value, String) {
    let out = leadwiz()
        .args(args)
        .arg("--json")
        .env("AZURE_STORAGE_CONNECTION_STRING", connection)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let v: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text} {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v, text)
}

/// Kebab-case string literals of the checks that are not node ids (check names, headers, query
/// parameters, serde names). Any other such literal in `src/destinations/` or `src/validate/`
/// must be a node of the embedded guide.
const NOT_NODES: &[&str] = &[
    "kebab-case",
    "not-run",
    "e-mail",
    "api-version",
    "return-no-content",
    "x-ms-version",
    "x-ms-date",
    "x-ms-request-id",
    "x-ms-service-request-id",
    "www-authenticate",
    "odata-entityid",
    "https-test-lead",
    "azure-table-test-lead",
    "azure-table-leads",
    "azure-table",
    "dynamics-url",
];

#[test]
fn every_node_a_check_links_to_exists_in_the_embedded_guide() {
    let loaded = leadwiz::guide::Guide::load(&leadwiz::guide::Sources::embedded());
    let guide = loaded.guide.expect("the embedded guide loads");
    let literal = regex::Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9]+)+)""#).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![root.join("destinations"), root.join("validate")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.push(root.join("cli_validate.rs"));
    let mut checked = 0;
    let mut missing = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        // The unit tests at the end may use made-up ids.
        let code = source.split("#[cfg(test)]").next().unwrap();
        for c in literal.captures_iter(code) {
            let id = &c[1];
            if NOT_NODES.contains(&id) {
                continue;
            }
            checked += 1;
            if guide.node(id).is_none() {
                missing.push(format!("{}: {id}", file.display()));
            }
        }
    }
    assert!(
        checked >= 20,
        "only {checked} node ids found: is the scan broken?"
    );
    assert!(
        missing.is_empty(),
        "node ids the guide does not have: {missing:#?}"
    );
}

#[test]
fn the_partner_center_messages_are_the_guides_exact_errors() {
    let loaded = leadwiz::guide::Guide::load(&leadwiz::guide::Sources::embedded());
    let guide = loaded.guide.expect("the embedded guide loads");
    for d in leadwiz::validate::partner_center::DOCUMENTED {
        let node = guide.node(d.node).unwrap_or_else(|| panic!("{}", d.node));
        let error = node.error.as_ref().unwrap_or_else(|| panic!("{}", d.node));
        assert_eq!(
            error.0.get("en").map(String::as_str),
            Some(d.en),
            "{}",
            d.node
        );
        assert_eq!(
            error.0.get("zh-CN").map(String::as_str),
            Some(d.zh),
            "{}",
            d.node
        );
    }
}

/// The Chinese reports say 潜在顾客 for a lead, as the guide's glossary asks (Microsoft's word
/// for Partner Center's "Customer leads"); 潜在客户 stays only inside the quoted labels of
/// Salesforce's and Marketo's own Chinese interfaces.
#[test]
fn the_chinese_reports_use_the_glossarys_word_for_a_lead() {
    const PRODUCT_LABELS: [&str; 4] = [
        "“潜在客户”",
        "所有未结潜在客户",
        "默认潜在客户创建者",
        "“读写潜在客户”",
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = vec![root.join("destinations"), root.join("validate")];
    let mut found = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for (n, line) in source.lines().enumerate() {
                let mut rest = line.to_owned();
                for label in PRODUCT_LABELS {
                    rest = rest.replace(label, "");
                }
                if rest.contains("潜在客户") {
                    found.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "潜在客户 in a report: {found:#?}");
}

/// The layers import one way: the validation model (`validate/`) knows nothing of the checks
/// nor of the network; the checks (`destinations/`) use the model but nothing of the front-ends,
/// the diagnosis, the session or the exports.
#[test]
fn validate_and_destinations_import_one_way() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = |dir: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut dirs = vec![root.join(dir)];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    // Doc comments may name other layers.
                    let code: String = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    out.push((path.display().to_string(), code));
                }
            }
        }
        out
    };
    let mut wrong = Vec::new();
    for (file, code) in sources("validate") {
        for banned in ["destinations", "tokio", "reqwest", "ratatui", "crossterm"] {
            if code.contains(banned) {
                wrong.push(format!("{file}: {banned}"));
            }
        }
    }
    for (file, code) in sources("destinations") {
        for banned in [
            "crate::export",
            "crate::diagnose",
            "crate::session",
            "crate::tui",
            "crate::plain",
            "crate::cli",
            "ratatui",
        ] {
            if code.contains(banned) {
                wrong.push(format!("{file}: {banned}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers: {wrong:#?}");
}
