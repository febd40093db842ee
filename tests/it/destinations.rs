//! The HTTPS-endpoint and Dynamics URL checks against an HTTP server this test starts on
//! 127.0.0.1: it records what it receives and answers each failure case (a redirect, 401, 403,
//! 404, a JSON schema error, 500, a slow answer), so every case is named and linked to its
//! remediation. Nothing leaves the machine.

use crate::common;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use common::server::{Answer, Seen, Server};
use common::{leadwiz, test_lead};

fn endpoint(req: &Seen) -> Answer {
    let json = || ("Content-Type", "application/json".to_owned());
    match req.path.split('?').next().unwrap_or("") {
        "/ok" => (202, vec![], String::new()),
        "/redirect" => (
            302,
            vec![("Location", "https://elsewhere.example/hook?sig=SECRETSIGNATURE123".into())],
            String::new(),
        ),
        "/workflows/abc/triggers/manual/paths/invoke" => (
            401,
            vec![json()],
            r#"{"error":{"code":"DirectApiAuthorizationRequired","message":"The request must be authenticated only by Shared Access scheme."}}"#.into(),
        ),
        "/forbidden" => (403, vec![], "Forbidden".into()),
        "/schema" => (
            400,
            vec![json()],
            r#"{"error":{"code":"TriggerInputSchemaMismatch","message":"The input body for trigger 'manual' of type 'Request' did not match its schema definition. Error details: 'Required properties are missing from object: userDetails.'"}}"#.into(),
        ),
        "/teapot" => (418, vec![], "\x1b[31mI'm a teapot\x1b[0m".into()),
        "/boom" => (500, vec![], "Internal Server Error \x07 at https://x/?sig=abcdefghij".into()),
        "/slow" => (0, vec![], String::new()),
        _ => (404, vec![], "Not Found".into()),
    }
}

#[test]
fn a_test_lead_arrives_in_the_documented_format() {
    let server = Server::start(endpoint);
    let (code, r) = test_lead(&server.url("/ok"), &[]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["ok"], true);
    assert_eq!(r["status"], 202);
    assert_eq!(r["remediation"], "faq-find-test-lead");
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/ok"));
    assert!(
        req.headers
            .contains(&("content-type".into(), "application/json".into()))
    );
    let lead: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    let first = lead["UserDetails"]["FirstName"].as_str().unwrap();
    assert!(first.starts_with("MSFT_TEST_") && first[10..].chars().all(|c| c.is_ascii_digit()));
    assert_eq!(lead["UserDetails"]["Email"], format!("{first}@test.com"));
    assert_eq!(lead["LeadSource"], "AzureMarketplace");
    assert_eq!(lead["ActionCode"], "INS");
    assert_eq!(lead["Description"], first);
    assert!(lead["OfferTitle"].is_string());
    // The text form, as a person reads it.
    let out = leadwiz()
        .args(["test-lead", "https", &server.url("/ok")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("OK: the endpoint accepted the test lead: 202"),
        "{text}"
    );
    assert!(
        text.contains("How can I find the test lead? — leadwiz show faq-find-test-lead"),
        "{text}"
    );
}

#[test]
fn each_failure_is_named_and_linked_to_its_remediation() {
    let server = Server::start(endpoint);
    let cases: &[(&str, &str, &str, Option<u16>)] = &[
        (
            "/redirect",
            "redirect",
            "https-flow-not-triggered",
            Some(302),
        ),
        (
            "/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01",
            "unauthorized",
            "flow-shared-access-only",
            Some(401),
        ),
        (
            "/forbidden",
            "unauthorized",
            "https-flow-not-triggered",
            Some(403),
        ),
        ("/gone", "not-found", "https-flow-not-triggered", Some(404)),
        (
            "/schema",
            "schema-mismatch",
            "flow-schema-mismatch",
            Some(400),
        ),
        ("/teapot", "client-error", "https-flow-fails", Some(418)),
        ("/boom", "server-error", "https-flow-fails", Some(500)),
    ];
    for (path, problem, node, status) in cases {
        let (code, r) = test_lead(&server.url(path), &[]);
        assert_eq!(code, 1, "{path}: {r}");
        assert_eq!(r["ok"], false);
        assert_eq!(r["findings"][0]["problem"], *problem, "{path}: {r}");
        assert_eq!(r["findings"][0]["remediation"], *node, "{path}");
        assert_eq!(r["remediation"], *node);
        assert_eq!(r["status"].as_u64().map(|s| s as u16), *status);
    }
    let (_, r) = test_lead(&server.url("/redirect"), &[]);
    let msg = r["findings"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("redirects to https://elsewhere.example/hook?sig=[redacted]"),
        "{msg}"
    );
    let (_, r) = test_lead(
        &server.url("/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01"),
        &[],
    );
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("lost its `sp`, `sv` or `sig` parameters")
    );
    assert!(
        r["notes"][0]
            .as_str()
            .unwrap()
            .contains("no `sig=` parameter")
    );
    let (_, r) = test_lead(&server.url("/boom"), &[]);
    let excerpt = r["excerpt"].as_str().unwrap();
    assert_eq!(
        excerpt,
        "Internal Server Error at https://x/?sig=[redacted]"
    );
    let (_, r) = test_lead(&server.url("/teapot"), &[]);
    assert_eq!(r["excerpt"], "I'm a teapot", "escape sequences are removed");
}

#[test]
fn timeouts_refusals_and_tls_errors() {
    let server = Server::start(endpoint);
    let start = std::time::Instant::now();
    let (code, r) = test_lead(&server.url("/slow"), &["--timeout", "1"]);
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "timeout", "{r}");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "the timeout holds"
    );

    // A port where nothing listens.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (code, r) = test_lead(&format!("http://127.0.0.1:{closed}/x"), &[]);
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "connection-refused", "{r}");
    assert_eq!(r["remediation"], "https-flow-not-triggered");

    // https:// to a server that speaks plain HTTP: the TLS handshake fails.
    let (code, r) = test_lead(&format!("https://127.0.0.1:{}/ok", server.port), &[]);
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "tls", "{r}");
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the server closed the connection during the TLS handshake"),
        "{r}"
    );

    // Only https://, or http:// to loopback, is ever sent to.
    let (code, r) = test_lead("http://example.com/hook", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "not-allowed");
    assert_eq!(r["elapsed_ms"], 0);
}

#[test]
fn a_name_that_does_not_resolve_is_a_dns_failure() {
    // A resolver that knows no names, so no query leaves the machine.
    struct NoNames;
    impl reqwest::dns::Resolve for NoNames {
        fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
            Box::pin(async {
                Err::<reqwest::dns::Addrs, _>(
                    std::io::Error::other(
                        "failed to lookup address information: Name or service not known",
                    )
                    .into(),
                )
            })
        }
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .dns_resolver(Arc::new(NoNames))
        .build()
        .unwrap();
    let r = leadwiz::destinations::block_on(leadwiz::destinations::https::send_with(
        &client,
        "https://prod-00.westus.logic.azure.com/workflows/x/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc",
        1,
        Duration::from_secs(5),
    ));
    assert!(!r.ok);
    assert_eq!(
        r.findings[0].problem,
        leadwiz::destinations::Problem::Dns,
        "{r:?}"
    );
    assert_eq!(r.remediation, Some("https-flow-not-triggered"));
    assert!(r.target.en.ends_with("sig=[redacted]"), "{}", r.target.en);
}

#[test]
fn dry_run_prints_the_payload_and_sends_nothing() {
    let server = Server::start(endpoint);
    let out = leadwiz()
        .args([
            "test-lead",
            "https",
            &server.url("/ok"),
            "--dry-run",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["method"], "POST");
    assert!(
        v["payload"]["UserDetails"]["FirstName"]
            .as_str()
            .unwrap()
            .starts_with("MSFT_TEST_")
    );
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.requests().is_empty(), "a dry run sends nothing");
}

fn dynamics(req: &Seen) -> Answer {
    match req.path.as_str() {
        "/api/data/v9.2/" => (
            401,
            vec![(
                "WWW-Authenticate",
                "Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=https://contoso.crm4.dynamics.com/".into(),
            )],
            String::new(),
        ),
        _ => (404, vec![], String::new()),
    }
}

fn not_dynamics(_: &Seen) -> Answer {
    (200, vec![], "<html>Welcome to nginx</html>".into())
}

fn check_url(url: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = leadwiz()
        .args(["check-url", "dynamics", url, "--json"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

#[test]
fn a_dynamics_url_is_validated_then_probed() {
    let good = Server::start(dynamics);
    let (code, r) = check_url(&good.url("/"), &[]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["status"], 401);
    assert!(
        r["summary"]
            .as_str()
            .unwrap()
            .contains("answers like a Dynamics 365 instance")
    );
    assert_eq!(good.requests()[0].path, "/api/data/v9.2/");

    let other = Server::start(not_dynamics);
    let (code, r) = check_url(&other.url("/"), &[]);
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "not-dynamics");
    assert_eq!(r["remediation"], "dynamics-request-timeout");

    let slow = Server::start(|_| (0, vec![], String::new()));
    let (code, r) = check_url(&slow.url("/"), &["--timeout", "1"]);
    assert_eq!(code, 1);
    assert_eq!(r["findings"][0]["problem"], "timeout");
    assert_eq!(r["remediation"], "dynamics-request-timeout");
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("request channel timed out")
    );

    // Shape problems are found without sending anything.
    let (code, r) = check_url("https://contoso.crm4.dynamics.com/main.aspx?appid=1", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["findings"].as_array().unwrap().len(), 2);
    assert_eq!(r["status"], serde_json::Value::Null);
    let (_, r) = check_url("https://make.powerapps.com/", &[]);
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a Dynamics 365 instance host")
    );
}

#[test]
fn reports_read_in_chinese_and_json_stays_english() {
    let server = Server::start(endpoint);
    let out = leadwiz()
        .args([
            "test-lead",
            "https",
            &server.url("/gone"),
            "--lang",
            "zh-CN",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("失败：未找到 (404)"), "{text}");
    assert!(text.contains("此 URL 没有响应者"), "{text}");
    assert!(
        text.contains("解决方法：leadwiz show https-flow-not-triggered"),
        "{text}"
    );
    let (_, r) = test_lead(&server.url("/gone"), &["--lang", "zh-CN"]);
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nothing answers at this URL")
    );
}
