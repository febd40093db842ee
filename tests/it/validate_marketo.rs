//! `leadwiz validate marketo` against a Marketo stand-in on 127.0.0.1 that answers with the
//! documented bodies: the identity token (200, 401 `invalid_client`, 401 for an unknown client,
//! an answer that is not JSON), the REST envelope's error codes (601 then a new token, 603, 606,
//! 607, 702), the form's fields (Email missing, a required field the lead does not fill) and
//! Submit Form (`created`, `skipped` with 1006). Cases are told apart by the path under the REST
//! base; the test matches codes and nodes, never wording. The secret travels only in the
//! identity request's body, the token only in the `Authorization` header, and neither is shown.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::leadwiz;
use common::server::{Answer, Seen, Server};

pub(crate) const SECRET: &str = "MktoSecretValue0123456789abcdef";
pub(crate) const TOKEN: &str = "cdf01657-110d-4155-99a7-f986b2ff13a0:int";
pub(crate) const CLIENT: &str = "5f1d2c3b-1111-4a5b-9c8d-0123456789ab";

fn envelope(code: &str, message: &str) -> String {
    serde_json::json!({
        "requestId": format!("e42b#{code}"),
        "success": false,
        "errors": [{ "code": code, "message": message }],
    })
    .to_string()
}

fn fields(extra: &[(&str, bool)], with_email: bool) -> String {
    let mut list: Vec<serde_json::Value> = ["FirstName", "LastName", "Company", "LeadSource"]
        .iter()
        .map(|id| serde_json::json!({ "id": id, "dataType": "text", "required": false }))
        .collect();
    if with_email {
        list.push(serde_json::json!({ "id": "Email", "dataType": "email", "required": true }));
    }
    for (id, required) in extra {
        list.push(serde_json::json!({ "id": id, "dataType": "select", "required": required }));
    }
    serde_json::json!({ "success": true, "errors": [], "warnings": [], "requestId": "2165#1", "result": list })
        .to_string()
}

/// A Marketo instance whose behaviour is the first segment of the path; `renewed` counts the
/// tokens handed out (a 601 is answered until the second token).
fn marketo(renewed: Arc<AtomicUsize>) -> impl Fn(&Seen) -> Answer + Send + Sync + 'static {
    move |req: &Seen| {
        let json = || vec![("Content-Type", "application/json".to_owned())];
        let path = req.path.split('?').next().unwrap_or("");
        let (case, rest) = path
            .trim_start_matches('/')
            .split_once('/')
            .unwrap_or(("", ""));
        if path == "/" {
            return (404, vec![], String::new());
        }
        if rest == "identity/oauth/token" {
            let n = renewed.fetch_add(1, Ordering::SeqCst) + 1;
            return match case {
                "bad-secret" => (
                    401,
                    json(),
                    r#"{"error":"invalid_client","error_description":"Bad client credentials"}"#.into(),
                ),
                "unknown-client" => (
                    401,
                    json(),
                    r#"{"error":"unauthorized","error_description":"No client with requested id: 00000000-bad0"}"#.into(),
                ),
                "not-marketo" => (200, vec![], "<html>Welcome to nginx</html>".into()),
                "slow" => (0, json(), String::new()),
                _ => (
                    200,
                    json(),
                    serde_json::json!({
                        "access_token": format!("{TOKEN}{}", if n > 1 { "2" } else { "" }),
                        "token_type": "bearer", "expires_in": 3599, "scope": "apis@contoso.com",
                    })
                    .to_string(),
                ),
            };
        }
        let form = rest.starts_with("rest/asset/v1/form/1179.json");
        let form_fields = rest.starts_with("rest/asset/v1/form/1179/fields.json");
        let submit = rest == "rest/v1/leads/submitForm.json";
        match case {
            "601" if form => (200, json(), envelope("601", "Access token invalid")),
            "601-once" if form && renewed.load(Ordering::SeqCst) < 2 => {
                (200, json(), envelope("601", "Access token invalid"))
            }
            "602" if form => (200, json(), envelope("602", "Access token expired")),
            "603" if form => (200, json(), envelope("603", "Access denied")),
            "606" if form => (200, json(), envelope("606", "Max rate limit '100' exceeded with in '20' secs")),
            "607" if form => (200, json(), envelope("607", "Daily quota reached")),
            "702" if form => (200, json(), envelope("702", "No data found for a given search scenario")),
            _ if form => (
                200,
                json(),
                r#"{"success":true,"errors":[],"warnings":[],"requestId":"948f#1","result":[{"id":1179,"name":"Partner Center leads","status":"approved"}]}"#.into(),
            ),
            "no-email" if form_fields => (200, json(), fields(&[("State", true)], false)),
            "required-state" if form_fields => (200, json(), fields(&[("State", true)], true)),
            _ if form_fields => (200, json(), fields(&[("State", false)], true)),
            "skipped" if submit => (
                200,
                json(),
                r#"{"requestId":"10667#2","result":[{"status":"skipped","reasons":[{"code":"1006","message":"Field 'leadSource' not found"}]}],"success":true}"#.into(),
            ),
            _ if submit => (
                200,
                json(),
                r#"{"requestId":"10667#1","result":[{"id":319174,"status":"created"}],"success":true}"#.into(),
            ),
            _ => (404, vec![], "Not Found".into()),
        }
    }
}

struct Run {
    code: i32,
    v: serde_json::Value,
    out: String,
}

/// `leadwiz validate marketo --munchkin-id 123-PQR-789 --form-id 1179 --client-id … --rest-url
/// …/{case}/ --json`, the secret in `LEADWIZ_MARKETO_SECRET`, with `extra` arguments.
fn run(server: &Server, case: &str, extra: &[&str]) -> Run {
    let base = server.url(&format!("/{case}/"));
    let mut cmd = leadwiz();
    cmd.env("LEADWIZ_MARKETO_SECRET", SECRET)
        .args([
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
            "--form-id",
            "1179",
            "--client-id",
            CLIENT,
            "--rest-url",
            &base,
            "--json",
        ])
        .args(extra);
    let (code, v, all) = common::validate_json(&mut cmd);
    assert!(!all.contains(SECRET), "the secret is never shown: {all}");
    assert!(!all.contains(TOKEN), "the token is never shown: {all}");
    Run { code, v, out: all }
}

pub(crate) fn start() -> (Server, Arc<AtomicUsize>) {
    let renewed = Arc::new(AtomicUsize::new(0));
    (Server::start(marketo(Arc::clone(&renewed))), renewed)
}

/// The run stopped at `stage` with a failure linked to `node` (and, when given, `code`).
fn stopped(r: &Run, stage: usize, node: &str, code: Option<&str>) {
    assert_eq!(r.code, 1, "{}", r.v);
    assert_eq!(r.v["stages"][stage]["status"], "failed", "{}", r.v);
    let f = r.v["stages"][stage]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["level"] == "fail")
        .unwrap_or_else(|| panic!("no failure: {}", r.v));
    assert_eq!(f["node"], node, "{f}");
    assert_eq!(r.v["remediation"], node);
    if let Some(code) = code {
        assert_eq!(f["code"], code, "{f}");
    }
}

#[test]
fn a_working_connection_passes_every_stage_and_sends_only_with_consent() {
    let (server, _) = start();
    let r = run(&server, "ok", &[]);
    assert_eq!(r.code, 0, "{}", r.v);
    let stages: Vec<&str> = r.v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["passed", "passed", "passed", "skipped"]);
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.path.contains("submitForm")),
        "no lead without --send-test-lead"
    );
    let r = run(&server, "ok", &["--send-test-lead"]);
    assert_eq!(r.code, 0, "{}", r.v);
    assert_eq!(r.v["stages"][3]["status"], "passed");
    let seen = server.requests();
    // The probe sends nothing.
    let probe = seen.iter().find(|s| s.path == "/").unwrap();
    assert!(probe.body.is_empty() && !probe.headers.iter().any(|(k, _)| k == "authorization"));
    // The secret goes only in the identity request's form body.
    let identity = seen.iter().find(|s| s.path.contains("identity")).unwrap();
    assert_eq!(identity.method, "POST");
    assert!(!identity.path.contains(SECRET) && !identity.path.contains("client_secret"));
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&identity.body)
        .into_owned()
        .collect();
    assert!(form.contains(&("grant_type".into(), "client_credentials".into())));
    assert!(form.contains(&("client_id".into(), CLIENT.into())));
    assert!(form.contains(&("client_secret".into(), SECRET.into())));
    // The token only in the Authorization header, never in a query.
    for rest in seen.iter().filter(|s| s.path.contains("/rest/")) {
        assert!(!rest.path.contains("access_token"), "{}", rest.path);
        // (The second run got the instance's second token.)
        let auth = rest.headers.iter().find(|(k, _)| k == "authorization");
        assert!(
            auth.is_some_and(|(_, v)| v.starts_with(&format!("Bearer {TOKEN}"))),
            "{rest:?}"
        );
    }
    let submit = seen
        .iter()
        .find(|s| s.path.ends_with("submitForm.json"))
        .unwrap();
    let lead: serde_json::Value = serde_json::from_slice(&submit.body).unwrap();
    assert_eq!(lead["formId"], 1179);
    let fields = &lead["input"][0]["leadFormFields"];
    let first = fields["firstName"].as_str().unwrap();
    assert!(first.starts_with("MSFT_TEST_"));
    assert_eq!(fields["email"], format!("{first}@test.com"));
    assert!(r.out.contains("created"), "{}", r.out);
}

#[test]
fn a_wrong_secret_is_invalid_client() {
    let (server, _) = start();
    stopped(
        &run(&server, "bad-secret", &[]),
        2,
        "marketo-bad-client-credentials",
        Some("invalid_client"),
    );
}

#[test]
fn an_unknown_client_id_is_named() {
    let (server, _) = start();
    let r = run(&server, "unknown-client", &[]);
    stopped(
        &r,
        2,
        "marketo-bad-client-credentials",
        Some("unauthorized"),
    );
    assert!(r.out.contains("Client ID is unknown"), "{}", r.out);
}

#[test]
fn a_host_that_is_not_marketo_means_a_wrong_munchkin_id() {
    let (server, _) = start();
    stopped(&run(&server, "not-marketo", &[]), 2, "dest-marketo", None);
}

#[test]
fn an_invalid_token_is_renewed_once() {
    let (server, renewed) = start();
    let r = run(&server, "601-once", &[]);
    assert_eq!(r.code, 0, "{}", r.v);
    assert_eq!(
        renewed.load(Ordering::SeqCst),
        2,
        "a second token was asked for"
    );
    let (server, renewed) = start();
    stopped(
        &run(&server, "601", &[]),
        2,
        "marketo-access-token-invalid",
        Some("601"),
    );
    assert_eq!(renewed.load(Ordering::SeqCst), 2, "one retry, no more");
}

#[test]
fn an_expired_token_that_stays_expired_is_named() {
    let (server, _) = start();
    stopped(
        &run(&server, "602", &[]),
        2,
        "marketo-access-token-invalid",
        Some("602"),
    );
}

#[test]
fn access_denied_is_the_role_or_the_ip_allowlist() {
    let (server, _) = start();
    let r = run(&server, "603", &[]);
    stopped(&r, 2, "marketo-access-denied", Some("603"));
    let f = &r.v["stages"][2]["findings"];
    assert!(
        f.to_string().contains("e42b#603"),
        "the request id is shown: {f}"
    );
}

#[test]
fn the_rate_limit_and_the_daily_quota_are_named() {
    let (server, _) = start();
    stopped(
        &run(&server, "606", &[]),
        2,
        "marketo-daily-quota",
        Some("606"),
    );
    stopped(
        &run(&server, "607", &[]),
        2,
        "marketo-daily-quota",
        Some("607"),
    );
}

#[test]
fn a_form_that_does_not_exist_is_702() {
    let (server, _) = start();
    stopped(&run(&server, "702", &[]), 2, "dest-marketo", Some("702"));
}

#[test]
fn a_form_without_email_fails_and_unfilled_required_fields_are_noted() {
    let (server, _) = start();
    stopped(
        &run(&server, "no-email", &[]),
        2,
        "marketo-field-not-found",
        None,
    );
    let r = run(&server, "required-state", &[]);
    assert_eq!(r.code, 0, "a note, not a failure: {}", r.v);
    let notes = r.v["stages"][2]["findings"].to_string();
    assert!(notes.contains("State"), "{notes}");
    assert!(notes.contains("marketo-field-not-found"), "{notes}");
}

#[test]
fn a_skipped_submission_names_the_missing_field() {
    let (server, _) = start();
    stopped(
        &run(&server, "skipped", &["--send-test-lead"]),
        3,
        "marketo-field-not-found",
        Some("1006"),
    );
}

#[test]
fn a_silent_identity_service_times_out() {
    let (server, _) = start();
    let r = run(&server, "slow", &["--timeout", "1"]);
    assert_eq!(r.code, 1);
    let f = &r.v["stages"][2]["findings"][0];
    assert_eq!(f["problem"], "timeout", "{f}");
}

#[test]
fn ids_come_from_a_pasted_embed_snippet_and_bad_ones_are_named() {
    let (server, _) = start();
    let base = server.url("/ok/");
    let snippet =
        r#"<script>MktoForms2.loadForm("//app-ys12.marketo.com", "123-PQR-789", 1179);</script>"#;
    let out = leadwiz()
        .env("LEADWIZ_MARKETO_SECRET", SECRET)
        .args([
            "validate",
            "marketo",
            "--munchkin-id",
            snippet,
            "--client-id",
            CLIENT,
        ])
        .args(["--rest-url", &base, "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert!(v["stages"][0].to_string().contains("1179"), "{v}");
    for (munchkin, says) in [
        ("123PQR789", "did you mean `123-PQR-789`"),
        ("hello", "not a Munchkin ID"),
    ] {
        let out = leadwiz()
            .args([
                "validate",
                "marketo",
                "--munchkin-id",
                munchkin,
                "--form-id",
                "1179",
                "--json",
            ])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            v["stages"][0]["findings"][0]["detail"]
                .as_str()
                .unwrap()
                .contains(says),
            "{v}"
        );
    }
    let out = leadwiz()
        .args([
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
            "--form-id",
            "12ab",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn secrets_come_from_a_file_or_standard_input_never_the_command_line() {
    let (server, _) = start();
    let base = server.url("/ok/");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret");
    std::fs::write(&file, format!("{SECRET}\n")).unwrap();
    let args = |secret: &str| -> Vec<String> {
        [
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
            "--form-id",
            "1179",
            "--client-id",
            CLIENT,
            "--rest-url",
            &base,
            "--secret-file",
            secret,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let out = leadwiz()
        .env_remove("LEADWIZ_MARKETO_SECRET")
        .args(args(file.to_str().unwrap()))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = leadwiz()
        .env_remove("LEADWIZ_MARKETO_SECRET")
        .args(args("-"))
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(SECRET));
    // No secret anywhere, and no terminal to ask on: a usage error.
    let out = leadwiz()
        .env_remove("LEADWIZ_MARKETO_SECRET")
        .args([
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
            "--form-id",
            "1179",
        ])
        .args(["--client-id", CLIENT, "--rest-url", &base])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // There is no option that takes the secret itself.
    let out = leadwiz()
        .args([
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
            "--client-secret",
            SECRET,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn without_credentials_the_read_stage_cannot_tell() {
    let (server, _) = start();
    let base = server.url("/ok/");
    let out = leadwiz()
        .env_remove("LEADWIZ_MARKETO_SECRET")
        .args([
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
            "--form-id",
            "1179",
        ])
        .args(["--rest-url", &base, "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["verdict"], "unknown");
    assert_eq!(v["stages"][2]["findings"][0]["level"], "inconclusive");
}

#[test]
fn only_a_loopback_address_replaces_the_rest_host() {
    let out = leadwiz()
        .args([
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
            "--form-id",
            "1179",
        ])
        .args(["--rest-url", "https://123-pqr-789.mktorest.example/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
}

#[test]
fn the_report_reads_in_chinese() {
    let (server, _) = start();
    let base = server.url("/603/");
    let out = leadwiz()
        .env("LEADWIZ_MARKETO_SECRET", SECRET)
        .args([
            "--lang",
            "zh-CN",
            "validate",
            "marketo",
            "--munchkin-id",
            "123-PQR-789",
        ])
        .args([
            "--form-id",
            "1179",
            "--client-id",
            CLIENT,
            "--rest-url",
            &base,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("访问被拒绝"), "{text}");
    assert!(!text.contains(SECRET));
}

#[test]
fn a_secret_that_cannot_be_read_is_a_usage_error_in_both_languages() {
    let missing = |lang: &str, extra: &[&str]| {
        let out = leadwiz()
            .env_remove("LEADWIZ_MARKETO_SECRET")
            .args(["validate", "marketo", "--munchkin-id", "123-PQR-789"])
            .args(["--client-id", CLIENT, "--lang", lang])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let en = missing("en", &[]);
    assert!(
        en.contains("leadwiz: no Marketo client secret: set LEADWIZ_MARKETO_SECRET"),
        "{en}"
    );
    let zh = missing("zh-CN", &[]);
    assert!(
        zh.contains("leadwiz：没有 Marketo 客户端密码：请设置 LEADWIZ_MARKETO_SECRET"),
        "{zh}"
    );
    let zh = missing("zh-CN", &["--secret-file", "/nonexistent/secret.txt"]);
    assert!(
        zh.contains("leadwiz：无法读取 Marketo 客户端密码：文件不存在"),
        "{zh}"
    );
    let en = missing("en", &["--secret-file", "/nonexistent/secret.txt"]);
    assert!(
        en.contains("leadwiz: cannot read the Marketo client secret:"),
        "{en}"
    );
}
