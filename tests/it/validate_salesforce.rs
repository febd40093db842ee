//! `leadwiz validate salesforce` against a web-to-lead stand-in on 127.0.0.1: Partner Center's
//! Organization ID rule (15 characters, 00D…; an 18-character ID shortened once its checksum
//! holds), the anonymous probe, and with --send-test-lead the test lead POSTed with the fields
//! Partner Center sends. Web-to-lead answers 200 either way, so the report says where to look.

use crate::common;

use common::leadwiz;
use common::server::{Answer, Seen, Server};

const ORG: &str = "00Do0000000ZHog";

/// Web-to-lead as Salesforce runs it: 200 with an HTML page for any POST, whatever it holds.
fn web_to_lead(req: &Seen) -> Answer {
    match (req.method.as_str(), req.path.split('?').next().unwrap_or("")) {
        ("GET", "/") => (200, vec![], "<html></html>".into()),
        ("POST", "/servlet/servlet.WebToLead") => (
            200,
            vec![("Content-Type", "text/html".to_owned())],
            "<html><head><meta http-equiv=\"Refresh\" content=\"0; URL=http://www.salesforce.com\"></head></html>".into(),
        ),
        ("POST", "/redirects/servlet.WebToLead") => (
            302,
            vec![("Location", "https://www.contoso.com/thanks".to_owned())],
            String::new(),
        ),
        ("POST", "/down/servlet.WebToLead") => (503, vec![], "Service Unavailable".into()),
        _ => (404, vec![], String::new()),
    }
}

fn validate(args: &[&str]) -> (i32, serde_json::Value) {
    let (code, v, _) = common::validate_json(
        leadwiz()
            .args(["validate", "salesforce"])
            .args(args)
            .arg("--json"),
    );
    (code, v)
}

use common::stage_statuses as stage_status;

#[test]
fn the_test_lead_goes_to_web_to_lead_with_partner_centers_fields() {
    let server = Server::start(web_to_lead);
    let url = server.url("/servlet/servlet.WebToLead");
    let (code, v) = validate(&["--org-id", ORG, "--web-to-lead-url", &url]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(stage_status(&v), ["passed", "passed", "skipped", "skipped"]);
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "only the anonymous probe: {seen:?}");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("GET", "/")
    );
    assert!(seen[0].body.is_empty());

    let (code, v) = validate(&[
        "--org-id",
        ORG,
        "--web-to-lead-url",
        &url,
        "--send-test-lead",
    ]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(stage_status(&v), ["passed", "passed", "skipped", "passed"]);
    let seen = server.requests();
    let post = seen
        .iter()
        .find(|r| r.method == "POST")
        .expect("the lead was sent");
    assert_eq!(post.path, "/servlet/servlet.WebToLead?encoding=UTF-8");
    assert!(post.headers.contains(&(
        "content-type".into(),
        "application/x-www-form-urlencoded".into()
    )));
    let fields = post.form();
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {k}: {fields:?}"))
    };
    assert_eq!(get("oid"), ORG);
    let first = get("first_name");
    assert!(first.starts_with("MSFT_TEST_") && first[10..].chars().all(|c| c.is_ascii_digit()));
    for k in ["last_name", "company", "title", "description"] {
        assert_eq!(get(k), first, "{k}");
    }
    assert_eq!(get("email"), format!("{first}@test.com"));
    assert_eq!(get("phone"), "1234567890");
    assert_eq!(get("country"), "US");
    assert_eq!(get("encoding"), "UTF-8");
    assert_eq!(get("lead_source"), format!("{first}-{first}|Contoso Test"));
    assert!(
        !post
            .headers
            .iter()
            .any(|(k, _)| k == "authorization" || k == "cookie"),
        "web-to-lead takes no credentials"
    );
    // Web-to-lead answers 200 whatever happened: the report says where to look.
    let text = v.to_string();
    assert!(text.contains("MSFT_TEST_"), "{text}");
    assert!(text.contains("Default Lead Creator"), "{text}");
    assert!(text.contains("500 leads a day"), "{text}");
    assert_eq!(v["remediation"], "faq-salesforce-missing-leads");
    let notes: Vec<&str> = v["stages"][3]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["node"].as_str())
        .collect();
    assert!(notes.contains(&"salesforce-w2l-daily-limit"), "{notes:?}");
    assert!(
        notes.contains(&"salesforce-w2l-required-field"),
        "{notes:?}"
    );
}

#[test]
fn a_redirect_to_the_return_url_is_a_sent_lead_too() {
    let server = Server::start(web_to_lead);
    let url = server.url("/redirects/servlet.WebToLead");
    let (code, v) = validate(&[
        "--org-id",
        ORG,
        "--web-to-lead-url",
        &url,
        "--send-test-lead",
    ]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["stages"][3]["findings"][0]["status"], 302);
}

#[test]
fn an_error_from_web_to_lead_fails_the_write() {
    let server = Server::start(web_to_lead);
    let url = server.url("/down/servlet.WebToLead");
    let (code, v) = validate(&[
        "--org-id",
        ORG,
        "--web-to-lead-url",
        &url,
        "--send-test-lead",
    ]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["stages"][3]["status"], "failed");
    assert_eq!(v["stages"][3]["findings"][0]["problem"], "server-error");
    assert_eq!(v["remediation"], "dest-salesforce");
}

#[test]
fn an_eighteen_character_id_gets_its_fifteen_character_form() {
    let server = Server::start(web_to_lead);
    let url = server.url("/servlet/servlet.WebToLead");
    let (code, v) = validate(&["--org-id", "00Do0000000ZHogEAG", "--web-to-lead-url", &url]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(
        stage_status(&v),
        ["failed", "not-run", "not-run", "not-run"]
    );
    let detail = v["stages"][0]["findings"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("`00Do0000000ZHog`"), "{detail}");
    assert!(detail.contains("checksum holds"), "{detail}");
    assert_eq!(v["remediation"], "dest-salesforce");
    assert!(server.requests().is_empty(), "nothing is sent");
}

#[test]
fn ids_that_are_not_org_ids_are_named() {
    for (id, says) in [
        ("00Do0000000ZHogEAX", "checksum"),
        ("00558000001N0Ke", "a user's ID"),
        ("00Q5800000ABCDE", "a lead's ID"),
        ("00Do0000000ZHo", "14 characters"),
        ("\"00Do0000000ZHog\"", "quotation marks"),
    ] {
        let (code, v) = validate(&["--org-id", id]);
        assert_eq!(code, 1, "{id}: {v}");
        let f = &v["stages"][0]["findings"][0];
        assert_eq!(f["level"], "fail", "{id}");
        assert!(f["detail"].as_str().unwrap().contains(says), "{id}: {f}");
    }
}

#[test]
fn only_a_loopback_address_replaces_web_to_lead() {
    let out = leadwiz()
        .args([
            "validate",
            "salesforce",
            "--org-id",
            ORG,
            "--web-to-lead-url",
            "https://webto.example.com/servlet/servlet.WebToLead",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("loopback"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_report_reads_in_chinese() {
    let server = Server::start(web_to_lead);
    let url = server.url("/servlet/servlet.WebToLead");
    let out = leadwiz()
        .args([
            "--lang",
            "zh-CN",
            "validate",
            "salesforce",
            "--org-id",
            ORG,
            "--web-to-lead-url",
            &url,
            "--send-test-lead",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("默认潜在客户创建者"), "{text}");
    assert!(text.contains("组织 ID"), "{text}");
}

#[test]
fn a_closed_port_stops_the_probe_with_connection_refused_and_nothing_after_it() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("http://127.0.0.1:{port}/servlet/servlet.WebToLead");
    let (code, v) = validate(&[
        "--org-id",
        ORG,
        "--web-to-lead-url",
        &url,
        "--send-test-lead",
    ]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(
        stage_status(&v),
        ["passed", "failed", "not-run", "not-run"],
        "{v}"
    );
    let f = &v["stages"][1]["findings"][0];
    assert_eq!(f["problem"], "connection-refused", "{f}");
    assert_eq!(f["node"], "dest-salesforce", "{f}");
    let out = leadwiz()
        .args(["validate", "salesforce", "--org-id", ORG])
        .args(["--web-to-lead-url", &url])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("FAILED: 127.0.0.1 answers (no secret sent) — connection refused"),
        "{text}"
    );
}
