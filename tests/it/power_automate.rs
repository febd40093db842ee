//! The HTTPS check reads Power Automate's answers: a loopback server answers each refusal of
//! Power Automate's catalogue with its documented body (code and message), and each one is
//! named and linked to the known-error node that fixes it. The test matches codes and nodes,
//! never wording. Also: statuses that are not results, an answer that never finishes, a TLS
//! handshake that stalls, and the notes on a flow URL.

use crate::common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::server::{Answer, STALL, Seen, Server};
use common::{leadwiz, test_lead};

/// The path under which every case answers as a flow trigger does.
const TRIGGER: &str =
    "/powerautomate/automations/direct/workflows/1a2b/triggers/manual/paths/invoke";

fn flow(req: &Seen) -> Answer {
    let json = || vec![("Content-Type", "application/json".to_owned())];
    let error = |status: u16, code: &str, message: &str| -> Answer {
        let body = serde_json::json!({ "error": { "code": code, "message": message } });
        (status, json(), body.to_string())
    };
    let case = req
        .path
        .split('?')
        .nth(1)
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("case=")))
        .unwrap_or("");
    match case {
        "oauth" => error(
            401,
            "DirectApiAuthorizationRequired",
            "The OAuth authorization scheme is required. Please add authentication scheme and try again.",
        ),
        "oauth-short" => error(
            401,
            "DirectApiAuthorizationRequired",
            "The OAuth authorization scheme is required.",
        ),
        "oauth-reworded" => error(401, "DirectApiAuthorizationRequired", "需要 OAuth 授权。"),
        "sas-only" => error(
            401,
            "DirectApiAuthorizationRequired",
            "The request must be authenticated only by Shared Access scheme.",
        ),
        "sas-params" => error(
            401,
            "AuthorizationFailed",
            "Required parameters for shared access URL are permissions ('sp'), version ('sv'), and signature ('sig').",
        ),
        "signature" => error(
            401,
            "DirectApiInvalidAuthorizationSignature",
            "The provided authorization signature is not valid.",
        ),
        "claims" => error(
            401,
            "",
            "One or more claims either missing or does not match with the open authentication access control policy.",
        ),
        "not-found" => error(404, "WorkflowNotFound", "The workflow could not be found."),
        "schema" => error(
            400,
            "TriggerInputSchemaMismatch",
            "The input body for trigger 'manual' of type 'Request' did not match its schema definition. Error details: 'Required properties are missing from object: UserDetails.'.",
        ),
        "html-401" => (401, vec![], "<html><body>Unauthorized</body></html>".into()),
        "not-json" => (401, json(), "{\"error\": not json".into()),
        "switching" => (101, vec![], String::new()),
        "odd-status" => (799, vec![], "odd".into()),
        "nameless" => (299, vec![], String::new()),
        "stalled-body" => (
            200,
            vec![(STALL, String::new())],
            "{\"accepted\":true, \"padding\":\"....................\"}".into(),
        ),
        _ => (202, vec![], String::new()),
    }
}

/// A flow URL on the test server for `case`, signed like an Anyone flow's.
fn url(server: &Server, case: &str) -> String {
    server.url(&format!(
        "{TRIGGER}?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xy7Zq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnMqwe&case={case}"
    ))
}

/// The case's report fails with `problem`, linked to `node`, and the request carried no
/// credentials but the URL's own signature.
fn refused(case: &str, status: u16, problem: &str, node: &str) -> serde_json::Value {
    let server = Server::start(flow);
    let (code, r) = test_lead(&url(&server, case), &[]);
    assert_eq!(code, 1, "{case}: {r}");
    assert_eq!(r["ok"], false, "{case}");
    assert_eq!(r["status"], status, "{case}: {r}");
    assert_eq!(r["findings"][0]["problem"], problem, "{case}: {r}");
    assert_eq!(r["findings"][0]["remediation"], node, "{case}: {r}");
    assert_eq!(r["remediation"], node, "{case}");
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "{case}");
    assert!(
        !seen[0].headers.iter().any(|(k, _)| k == "authorization"),
        "{case}: Partner Center sends no token, and neither does the check"
    );
    assert!(
        !r.to_string().contains("Xy7Zq1W2e3R4"),
        "{case}: the signature is masked: {r}"
    );
    r
}

#[test]
fn a_flow_that_wants_a_signed_in_caller_is_set_to_anyone() {
    let r = refused("oauth", 401, "unauthorized", "flow-oauth-required");
    let msg = r["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("DirectApiAuthorizationRequired"), "{msg}");
    assert!(msg.contains("Anyone"), "{msg}");
    refused("oauth-short", 401, "unauthorized", "flow-oauth-required");
    // The code decides, whatever the wording.
    refused("oauth-reworded", 401, "unauthorized", "flow-oauth-required");
}

#[test]
fn a_flow_that_wants_its_whole_signed_url_was_copied_short() {
    refused("sas-only", 401, "unauthorized", "flow-shared-access-only");
}

#[test]
fn missing_sp_sv_sig_parameters_mean_the_url_was_copied_short() {
    refused("sas-params", 401, "unauthorized", "flow-shared-access-only");
}

#[test]
fn an_invalid_signature_means_the_url_is_wrong_or_was_reissued() {
    refused("signature", 401, "unauthorized", "flow-invalid-signature");
}

#[test]
fn a_claims_refusal_means_a_specific_users_trigger() {
    refused("claims", 401, "unauthorized", "flow-oauth-required");
}

#[test]
fn a_flow_that_is_not_found_was_deleted_or_lives_elsewhere() {
    let r = refused("not-found", 404, "not-found", "flow-not-found-or-off");
    let msg = r["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("WorkflowNotFound"), "{msg}");
    assert!(msg.contains("another environment"), "{msg}");
}

#[test]
fn a_schema_mismatch_links_the_schema_fix() {
    refused("schema", 400, "schema-mismatch", "flow-schema-mismatch");
}

#[test]
fn answers_that_are_not_json_fall_back_to_the_status() {
    let r = refused("html-401", 401, "unauthorized", "https-flow-not-triggered");
    assert_eq!(r["excerpt"], "<html><body>Unauthorized</body></html>");
    refused("not-json", 401, "unauthorized", "https-flow-not-triggered");
}

#[test]
fn statuses_that_are_not_results_are_named_as_they_are() {
    let server = Server::start(flow);
    let (code, r) = test_lead(&url(&server, "switching"), &[]);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["findings"][0]["problem"], "unexpected-status", "{r}");
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("101 Switching Protocols: "),
        "{r}"
    );
    let (code, r) = test_lead(&url(&server, "odd-status"), &[]);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["status"], 799);
    assert_eq!(r["findings"][0]["problem"], "unexpected-status", "{r}");
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("799: not a status HTTP defines"),
        "{r}"
    );
    // A success without a standard name is still a success, named by its number.
    let (code, r) = test_lead(&url(&server, "nameless"), &[]);
    assert_eq!(code, 0, "{r}");
    assert!(
        r["summary"]
            .as_str()
            .unwrap()
            .contains("299 (a status with no standard name)"),
        "{r}"
    );
}

#[test]
fn a_success_whose_answer_never_finishes_is_not_accepted() {
    let server = Server::start(flow);
    let start = Instant::now();
    let (code, r) = test_lead(&url(&server, "stalled-body"), &["--timeout", "1"]);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["ok"], false, "{r}");
    assert_eq!(r["status"], 200);
    assert_eq!(r["findings"][0]["problem"], "timeout", "{r}");
    assert_eq!(r["remediation"], "https-flow-fails");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "the timeout holds"
    );
}

#[test]
fn a_stalled_tls_handshake_reports_the_connection_timeout() {
    // Accepts the connection and never answers the TLS hello.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let start = Instant::now();
    let (code, r) = test_lead(
        &format!("https://127.0.0.1:{port}/hook"),
        &["--timeout", "2"],
    );
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["findings"][0]["problem"], "timeout", "{r}");
    let msg = r["findings"][0]["message"].as_str().unwrap();
    // The connection's own limit (half the whole timeout) fired, and the report says which.
    assert!(msg.starts_with("no connection within 1 s"), "{msg}");
    assert!(msg.contains("TLS handshake"), "{msg}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "the timeout holds"
    );
}

#[test]
fn a_flow_url_on_the_old_host_gets_a_note_about_the_move() {
    let old = "https://prod-27.westus.logic.azure.com:443/workflows/8d2f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xy7Zq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnMqwe";
    let out = leadwiz()
        .args(["test-lead", "https", old, "--dry-run", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("environment.api.powerplatform.com"),
        "{notes}"
    );
    assert!(notes.contains("https-url-migrated"), "{notes}");
    // The new host, signed: nothing to say.
    let new = "https://contoso.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/1/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xy7Zq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnMqwe";
    let out = leadwiz()
        .args(["test-lead", "https", new, "--dry-run", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["notes"], serde_json::json!([]), "{v}");
    // In Chinese, the same note.
    let out = leadwiz()
        .args(["--lang", "zh-CN", "test-lead", "https", old, "--dry-run"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2025 年 11 月 30 日"), "{text}");
}

#[test]
fn every_node_a_flow_finding_links_exists() {
    use leadwiz::guide::{Guide, Sources};
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    for id in leadwiz::destinations::power_automate::NODES {
        assert!(guide.node(id).is_some(), "{id}");
    }
}
