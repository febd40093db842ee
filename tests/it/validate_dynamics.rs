//! `leadwiz validate dynamics` against two servers this test starts on 127.0.0.1: one plays Entra
//! ID (`--authority`: discovery, user realm, token), the other the Dataverse instance (the
//! anonymous challenge, WhoAmI, roles, privileges, leadsourcecode, the test lead). Each answers
//! with the documented bodies in `tests/fixtures/validate/`; one test per failure row of the
//! catalogues checks the code, the node, the trace id and that no secret is shown, plus the
//! shapes of the requests, timeouts and answers that are not JSON.

use std::sync::Arc;

use crate::common;

use common::leadwiz;
use common::server::{Answer, Seen, Server};

pub(crate) const TENANT: &str = "11111111-2222-3333-4444-555555555555";
const OTHER_TENANT: &str = "99999999-2222-3333-4444-555555555555";
pub(crate) const APP: &str = "66666666-7777-8888-9999-000000000000";
pub(crate) const SECRET: &str = "Zq8Q~wS3cr3tValue.Never-Shown_0123456789ab";
pub(crate) const PASSWORD: &str = "correct horse battery staple 7";
pub(crate) const USER: &str = "leads@contoso.onmicrosoft.com";
const TRACE: &str = "0000aaaa-11bb-cccc-dd22-eeeeee333333";
/// The access token of `aad/token_ok_v2.json`.
pub(crate) const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJ0aWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUifQ.";

pub(crate) fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/validate")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What each route answers (status 0: after 5 s, for timeouts).
#[derive(Clone)]
pub(crate) struct Scenario {
    discovery: (u16, String),
    realm: (u16, String),
    pub(crate) token: (u16, String),
    /// The tenant of the instance's challenge; `None`: 200 without a challenge.
    challenge: Option<String>,
    challenge_status: u16,
    whoami: (u16, String),
    roles: (u16, String),
    privileges: (u16, String),
    leadsourcecode: (u16, String),
    create: (u16, String),
}

impl Scenario {
    pub(crate) fn ok() -> Scenario {
        Scenario {
            discovery: (
                200,
                format!(
                    r#"{{"issuer":"https://login.microsoftonline.com/{TENANT}/v2.0","token_endpoint":"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token"}}"#
                ),
            ),
            realm: (200, fixture("aad/userrealm_managed.json")),
            token: (200, fixture("aad/token_ok_v2.json")),
            challenge: Some(TENANT.into()),
            challenge_status: 401,
            whoami: (200, fixture("dataverse/whoami_ok.json")),
            roles: (200, fixture("dataverse/roles_ok.json")),
            privileges: (200, fixture("dataverse/privileges_lead_writer.json")),
            leadsourcecode: (200, fixture("dataverse/leadsourcecode_open.json")),
            create: (204, String::new()),
        }
    }
}

fn json_header() -> (&'static str, String) {
    ("Content-Type", "application/json".to_owned())
}

fn authority(s: &Scenario, req: &Seen) -> Answer {
    let path = req.path.split('?').next().unwrap_or("");
    let (status, body) = if path.ends_with("/v2.0/.well-known/openid-configuration") {
        s.discovery.clone()
    } else if path.starts_with("/common/userrealm/") {
        s.realm.clone()
    } else if path.ends_with("/oauth2/v2.0/token") && req.method == "POST" {
        s.token.clone()
    } else {
        (404, String::new())
    };
    (status, vec![json_header()], body)
}

fn instance(s: &Scenario, req: &Seen) -> Answer {
    let path = req.path.as_str();
    let request_id = ("x-ms-service-request-id", "svc-req-42".to_owned());
    let (status, body) = if path == "/api/data/v9.2/" {
        return match &s.challenge {
            Some(t) => (
                s.challenge_status,
                vec![(
                    "WWW-Authenticate",
                    format!(
                        "Bearer authorization_uri=https://login.microsoftonline.com/{t}/oauth2/authorize, resource_id=https://contoso.crm.dynamics.com/"
                    ),
                )],
                String::new(),
            ),
            None => (200, vec![], "<html>a web site</html>".into()),
        };
    } else if path == "/api/data/v9.2/WhoAmI" {
        s.whoami.clone()
    } else if path.contains("RetrieveUserSetOfPrivilegesByNames") {
        s.privileges.clone()
    } else if path.starts_with("/api/data/v9.2/systemusers(") {
        s.roles.clone()
    } else if path.starts_with("/api/data/v9.2/EntityDefinitions(") {
        s.leadsourcecode.clone()
    } else if path == "/api/data/v9.2/leads" && req.method == "POST" {
        let (status, body) = s.create.clone();
        let mut headers = vec![json_header(), request_id];
        if status == 204 {
            headers.push((
                "OData-EntityId",
                "http://127.0.0.1/api/data/v9.2/leads(bbbbbbbb-0000-0000-0000-000000000009)".into(),
            ));
        }
        return (status, headers, body);
    } else {
        (404, String::new())
    };
    (status, vec![json_header(), request_id], body)
}

/// One run: the servers, what leadwiz printed and its exit status.
struct Run {
    code: i32,
    json: serde_json::Value,
    output: String,
    entra: Server,
    dataverse: Server,
}

impl Run {
    /// The finding that stopped the run.
    fn failure(&self) -> serde_json::Value {
        self.json["stages"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["findings"].as_array().unwrap().iter())
            .find(|f| f["level"] == "fail" || f["level"] == "inconclusive")
            .cloned()
            .unwrap_or_else(|| panic!("no failure: {}", self.json))
    }

    fn stage_status(&self, stage: &str) -> String {
        self.json["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == stage)
            .map(|s| s["status"].as_str().unwrap().to_owned())
            .unwrap()
    }

    fn paths(&self, server: &Server) -> Vec<String> {
        server.requests().into_iter().map(|r| r.path).collect()
    }
}

pub(crate) fn start(s: &Scenario) -> (Server, Server) {
    let a = Arc::new(s.clone());
    let b = Arc::clone(&a);
    (
        Server::start(move |r| authority(&a, r)),
        Server::start(move |r| instance(&b, r)),
    )
}

/// Runs `validate dynamics` with an Entra ID app against the scenario.
fn app(s: &Scenario, extra: &[&str]) -> Run {
    app_with(s, extra, TENANT, APP, SECRET)
}

fn app_with(s: &Scenario, extra: &[&str], tenant: &str, app: &str, secret: &str) -> Run {
    let (entra, dataverse) = start(s);
    let timeout = if extra.contains(&"--timeout") {
        &[][..]
    } else {
        &["--timeout", "2"][..]
    };
    let mut cmd = leadwiz();
    cmd.args(["validate", "dynamics", "--json"])
        .args(timeout)
        .args(["--instance-url", &dataverse.url("")])
        .args(["--authority", &entra.url("")])
        .args(["--directory-id", tenant, "--application-id", app])
        .args(extra)
        .env("LEADWIZ_CLIENT_SECRET", secret);
    finish(&mut cmd, entra, dataverse, secret)
}

/// Runs `validate dynamics --user` against the scenario.
fn user(s: &Scenario, extra: &[&str]) -> Run {
    let (entra, dataverse) = start(s);
    let mut cmd = leadwiz();
    cmd.args(["validate", "dynamics", "--json", "--timeout", "2"])
        .args(["--instance-url", &dataverse.url("")])
        .args(["--authority", &entra.url("")])
        .args(["--user", USER, "--password-file", "-"])
        .args(extra)
        .write_stdin(format!("{PASSWORD}\n"));
    finish(&mut cmd, entra, dataverse, PASSWORD)
}

fn finish(cmd: &mut assert_cmd::Command, entra: Server, dataverse: Server, secret: &str) -> Run {
    let (code, json, output) = common::validate_json(cmd);
    // No secret in any output: the secret, the password, the token.
    for s in [secret, SECRET, PASSWORD, TOKEN, "eyJ0eXAi"] {
        if s.trim().is_empty() {
            continue;
        }
        assert!(!output.contains(s), "`{s}` shown: {output}");
    }
    Run {
        code,
        json,
        output,
        entra,
        dataverse,
    }
}

#[test]
fn an_app_that_can_write_leads_passes_and_the_requests_have_their_documented_shapes() {
    let r = app(&Scenario::ok(), &[]);
    assert_eq!(r.code, 0, "{}", r.output);
    assert_eq!(r.json["verdict"], "accepts");
    for (stage, status) in [
        ("fields", "passed"),
        ("probe", "passed"),
        ("read", "passed"),
        ("write", "skipped"),
    ] {
        assert_eq!(r.stage_status(stage), status, "{stage}: {}", r.json);
    }
    assert_eq!(r.json["remediation"], "dest-dynamics");

    // Entra ID: discovery, then the token; the secret only in the token request's form.
    let seen = r.entra.requests();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].method, "GET");
    assert_eq!(
        seen[0].path,
        format!("/{TENANT}/v2.0/.well-known/openid-configuration")
    );
    assert!(seen[0].header("authorization").is_none());
    assert!(!String::from_utf8_lossy(&seen[0].body).contains(SECRET));
    assert_eq!(seen[1].method, "POST");
    assert_eq!(seen[1].path, format!("/{TENANT}/oauth2/v2.0/token"));
    assert_eq!(
        seen[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let instance_origin = r.dataverse.url("");
    assert_eq!(
        seen[1].form(),
        vec![
            ("client_id".to_owned(), APP.to_owned()),
            ("scope".to_owned(), format!("{instance_origin}/.default")),
            ("client_secret".to_owned(), SECRET.to_owned()),
            ("grant_type".to_owned(), "client_credentials".to_owned()),
        ]
    );
    assert!(!seen[1].path.contains(SECRET));

    // Dataverse: the anonymous challenge, then reads with the bearer token in its header only.
    let seen = r.dataverse.requests();
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths[0], "/api/data/v9.2/");
    assert!(seen[0].header("authorization").is_none());
    assert_eq!(paths[1], "/api/data/v9.2/WhoAmI");
    assert!(
        paths[2].starts_with(
            "/api/data/v9.2/systemusers(aaaaaaaa-0000-0000-0000-000000000002)?$select="
        )
    );
    assert!(paths[3].contains("RetrieveUserSetOfPrivilegesByNames"));
    assert!(paths[3].contains("prvCreateLead"));
    assert!(paths[4].starts_with("/api/data/v9.2/EntityDefinitions(LogicalName='lead')"));
    assert_eq!(
        seen.len(),
        5,
        "no write without --send-test-lead: {paths:?}"
    );
    for req in &seen[1..] {
        assert_eq!(req.method, "GET");
        assert_eq!(
            req.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(req.header("odata-version"), Some("4.0"));
        assert_eq!(req.header("odata-maxversion"), Some("4.0"));
        assert_eq!(req.header("accept"), Some("application/json"));
        assert!(!req.path.contains("eyJ0eXAi"));
    }
}

#[test]
fn the_test_lead_is_created_only_with_send_test_lead() {
    let r = app(&Scenario::ok(), &["--send-test-lead"]);
    assert_eq!(r.code, 0, "{}", r.output);
    assert_eq!(r.stage_status("write"), "passed");
    assert_eq!(r.json["remediation"], "faq-find-test-lead");
    let seen = r.dataverse.requests();
    let post = seen.iter().find(|s| s.method == "POST").expect("a POST");
    assert_eq!(post.path, "/api/data/v9.2/leads");
    assert_eq!(
        post.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let lead: serde_json::Value = serde_json::from_slice(&post.body).unwrap();
    let first = lead["firstname"].as_str().unwrap();
    assert!(first.starts_with("MSFT_TEST_"), "{lead}");
    assert_eq!(lead["emailaddress1"], format!("{first}@test.com"));
    assert!(lead["leadsourcecode"].is_number());
    assert!(
        r.output
            .contains("leads(bbbbbbbb-0000-0000-0000-000000000009)")
    );
}

/// The token step's catalogue: fixture, status, the code shown, the node, whether the FAQ's
/// message is quoted.
const TOKEN_ROWS: &[(&str, u16, &str, &str, bool)] = &[
    (
        "aad/90002_token.json",
        400,
        "AADSTS90002",
        "dynamics-aad-tenant-not-found",
        true,
    ),
    (
        "aad/900023.json",
        400,
        "AADSTS900023",
        "dynamics-aad-invalid-tenant-id",
        true,
    ),
    (
        "aad/700016.json",
        400,
        "AADSTS700016",
        "dynamics-aad-app-not-found",
        true,
    ),
    (
        "aad/7000215.json",
        401,
        "AADSTS7000215",
        "dynamics-aad-invalid-client-secret",
        true,
    ),
    (
        "aad/7000222.json",
        401,
        "AADSTS7000222",
        "dynamics-aad-invalid-client-secret",
        true,
    ),
    (
        "aad/7000218.json",
        401,
        "AADSTS7000218",
        "entra-client-secret-missing",
        false,
    ),
    (
        "aad/500011.json",
        400,
        "AADSTS500011",
        "entra-resource-not-in-tenant",
        false,
    ),
    (
        "aad/7000112.json",
        400,
        "AADSTS7000112",
        "dynamics-setup-aad",
        false,
    ),
];

#[test]
fn every_token_failure_names_its_code_node_message_and_trace() {
    for &(file, status, code, node, quoted) in TOKEN_ROWS {
        let s = Scenario {
            token: (status, fixture(file)),
            ..Scenario::ok()
        };
        let r = app(&s, &["--send-test-lead"]);
        assert_eq!(r.code, 1, "{file}: {}", r.output);
        assert_eq!(r.json["verdict"], "rejects");
        assert_eq!(r.stage_status("read"), "failed", "{file}");
        assert_eq!(r.stage_status("write"), "not-run", "{file}");
        let f = r.failure();
        assert_eq!(f["code"], code, "{file}: {f}");
        assert_eq!(f["node"], node, "{file}");
        assert_eq!(f["status"], status, "{file}");
        assert_eq!(f["partner_center"]["quoted"], quoted, "{file}");
        assert_eq!(f["trace"]["trace_id"], TRACE, "{file}");
        assert_eq!(
            f["trace"]["correlation_id"],
            "aaaa0000-bb11-2222-33cc-444444dddddd"
        );
        assert_eq!(r.json["remediation"], node);
        // Nothing read from Dataverse with a token that was never issued.
        assert_eq!(r.paths(&r.dataverse), ["/api/data/v9.2/"], "{file}");
    }
}

#[test]
fn the_documented_messages_are_quoted_exactly() {
    let s = Scenario {
        token: (401, fixture("aad/7000215.json")),
        ..Scenario::ok()
    };
    let r = app(&s, &[]);
    assert_eq!(
        r.failure()["partner_center"]["message"],
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Error validating credentials.: Invalid client secret is provided."
    );
    // The text report, in Chinese, quotes the Chinese FAQ and the trace id.
    let (entra, dataverse) = start(&s);
    let out = leadwiz()
        .args(["--lang", "zh-CN", "validate", "dynamics"])
        .args(["--instance-url", &dataverse.url("")])
        .args(["--authority", &entra.url("")])
        .args(["--directory-id", TENANT, "--application-id", APP])
        .env("LEADWIZ_CLIENT_SECRET", SECRET)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("失败："), "{text}");
    assert!(
        text.contains("合作伙伴中心显示：\"无法使用 AAD 将潜在顾客保存到 Dynamics CRM。异常::验证凭据时出错：提供的客户端密码无效。\""),
        "{text}"
    );
    assert!(text.contains(&format!("跟踪 ID：{TRACE}")), "{text}");
    assert!(text.contains("代码：AADSTS7000215"), "{text}");
    assert!(text.contains("leadwiz show dynamics-aad-invalid-client-secret"));
    assert!(!text.contains(SECRET));
}

#[test]
fn a_tenant_that_does_not_exist_stops_before_any_secret_is_sent() {
    for file in ["aad/90002_discovery.json", "aad/90002_empty_guid.json"] {
        let s = Scenario {
            discovery: (400, fixture(file)),
            ..Scenario::ok()
        };
        let r = app(&s, &[]);
        assert_eq!(r.code, 1);
        assert_eq!(r.stage_status("probe"), "failed");
        let f = r.failure();
        assert_eq!(f["code"], "AADSTS90002");
        assert_eq!(f["node"], "dynamics-aad-tenant-not-found");
        assert_eq!(f["trace"]["trace_id"], TRACE);
        assert_eq!(r.entra.requests().len(), 1, "no token request");
        assert!(r.dataverse.requests().is_empty());
    }
}

#[test]
fn a_directory_id_of_another_tenant_than_the_instances_is_named_with_both() {
    let s = Scenario {
        challenge: Some(OTHER_TENANT.into()),
        ..Scenario::ok()
    };
    let r = app(&s, &[]);
    assert_eq!(r.code, 1);
    let f = r.failure();
    assert_eq!(f["node"], "dynamics-aad-invalid-tenant-id");
    let detail = f["detail"].as_str().unwrap();
    assert!(
        detail.contains(OTHER_TENANT) && detail.contains(TENANT),
        "{detail}"
    );
    // The secret was never sent.
    assert!(r.entra.requests().iter().all(|q| q.method == "GET"));
}

#[test]
fn an_instance_url_that_is_no_instance_fails_as_partner_centers_timeout() {
    let s = Scenario {
        challenge: None,
        ..Scenario::ok()
    };
    let r = app(&s, &[]);
    assert_eq!(r.code, 1);
    let f = r.failure();
    assert_eq!(f["problem"], "not-dynamics");
    assert_eq!(f["node"], "dynamics-request-timeout");
    assert!(r.entra.requests().iter().all(|q| q.method == "GET"));
}

/// The Dataverse catalogue on WhoAmI: fixture, code, node.
const WHOAMI_ROWS: &[(&str, &str, &str)] = &[
    (
        "dataverse/0x80072560_not_member.json",
        "0x80072560",
        "dataverse-user-not-member",
    ),
    (
        "dataverse/0x80042f09_no_roles.json",
        "0x80042f09",
        "dynamics-no-roles-assigned",
    ),
    (
        "dataverse/user_disabled.json",
        "0x80041d1f",
        "dataverse-user-disabled",
    ),
];

#[test]
fn every_dataverse_failure_on_whoami_names_its_code_and_node() {
    for &(file, code, node) in WHOAMI_ROWS {
        let s = Scenario {
            whoami: (403, fixture(file)),
            ..Scenario::ok()
        };
        let r = app(&s, &[]);
        assert_eq!(r.code, 1, "{file}");
        let f = r.failure();
        assert_eq!(f["code"], code, "{file}");
        assert_eq!(f["node"], node, "{file}");
        assert_eq!(f["status"], 403);
        assert_eq!(f["trace"]["request_id"], "svc-req-42");
        assert_eq!(r.stage_status("read"), "failed");
    }
    // No roles: the FAQ's message, quoted.
    let s = Scenario {
        whoami: (403, fixture("dataverse/0x80042f09_no_roles.json")),
        ..Scenario::ok()
    };
    let f = app(&s, &[]).failure();
    assert_eq!(f["partner_center"]["quoted"], true);
    assert!(
        f["partner_center"]["message"]
            .as_str()
            .unwrap()
            .ends_with("SecLib::RetrievePrivilegeForUser failed - no roles are assigned to user.")
    );
}

#[test]
fn the_write_failures_name_their_code_and_node() {
    for (file, code, node) in [
        (
            "dataverse/0x80040220_prvCreateLead.json",
            "0x80040220",
            "dataverse-missing-privilege",
        ),
        (
            "dataverse/0x8004f502_leadsourcecode.json",
            "0x8004f502",
            "dynamics-leadsourcecode-permission",
        ),
    ] {
        let s = Scenario {
            create: (403, fixture(file)),
            ..Scenario::ok()
        };
        let r = app(&s, &["--send-test-lead"]);
        assert_eq!(r.code, 1, "{file}");
        assert_eq!(r.stage_status("write"), "failed");
        let f = r.failure();
        assert_eq!(f["code"], code);
        assert_eq!(f["node"], node);
    }
}

#[test]
fn privileges_and_roles_are_read_before_any_write() {
    // prvCreateLead and the Lead Writer's other privileges missing: the read stage fails.
    let s = Scenario {
        privileges: (200, fixture("dataverse/privileges_none.json")),
        ..Scenario::ok()
    };
    let r = app(&s, &["--send-test-lead"]);
    assert_eq!(r.code, 1);
    let f = r.failure();
    assert_eq!(f["node"], "dataverse-missing-privilege");
    assert!(f["detail"].as_str().unwrap().contains("prvCreateLead"));
    assert_eq!(r.stage_status("write"), "not-run");
    assert!(r.dataverse.requests().iter().all(|q| q.method == "GET"));

    // Only prvCreateLead: the System Job privileges the Lead Writer role needs are missing.
    let s = Scenario {
        privileges: (200, fixture("dataverse/privileges_create_lead.json")),
        ..Scenario::ok()
    };
    let f = app(&s, &[]).failure();
    let detail = f["detail"].as_str().unwrap();
    assert!(detail.contains("prvReadAsyncOperation"), "{detail}");
    assert!(!detail.contains("prvCreateLead,"), "{detail}");

    // A disabled user.
    let s = Scenario {
        roles: (200, fixture("dataverse/roles_disabled.json")),
        ..Scenario::ok()
    };
    let f = app(&s, &[]).failure();
    assert_eq!(f["node"], "dataverse-user-disabled");

    // Roles that cannot be read (403) are a note: the privileges decide.
    let s = Scenario {
        roles: (403, fixture("dataverse/0x80040220_prvCreateLead.json")),
        ..Scenario::ok()
    };
    let r = app(&s, &[]);
    assert_eq!(r.code, 0, "{}", r.output);
    assert!(r.output.contains("the roles could not be listed (403)"));

    // A field-secured leadsourcecode is pointed out.
    let s = Scenario {
        leadsourcecode: (200, fixture("dataverse/leadsourcecode_issecured.json")),
        ..Scenario::ok()
    };
    let r = app(&s, &[]);
    assert_eq!(r.code, 0);
    assert!(r.output.contains("dynamics-leadsourcecode-permission"));
}

#[test]
fn field_rules_fail_offline_and_nothing_is_sent() {
    let rows: &[(&str, &str, &str, &str, Option<&str>)] = &[
        (
            "contoso",
            APP,
            SECRET,
            "dynamics-aad-invalid-tenant-id",
            Some("AADSTS900023"),
        ),
        (
            "contoso.onmicrosoft.com",
            APP,
            SECRET,
            "dynamics-aad-invalid-tenant-id",
            None,
        ),
        (
            "00000000-0000-0000-0000-000000000000",
            APP,
            SECRET,
            "dynamics-aad-tenant-not-found",
            Some("AADSTS90002"),
        ),
        (TENANT, "my-app", SECRET, "dynamics-aad-app-not-found", None),
        (
            TENANT,
            APP,
            "0e4a5b6c-1d2e-4f3a-9b8c-7d6e5f4a3b2c",
            "dynamics-aad-invalid-client-secret",
            Some("AADSTS7000215"),
        ),
        (
            TENANT,
            APP,
            "",
            "entra-client-secret-missing",
            Some("AADSTS7000218"),
        ),
    ];
    for &(tenant, app, secret, node, code) in rows {
        let r = app_with(&Scenario::ok(), &[], tenant, app, secret);
        assert_eq!(r.code, 1, "{tenant} {app}: {}", r.output);
        assert_eq!(r.stage_status("fields"), "failed");
        assert_eq!(r.stage_status("probe"), "not-run");
        let f = r.failure();
        assert_eq!(f["node"], node, "{tenant} {app}");
        if let Some(code) = code {
            assert_eq!(f["code"], code);
        }
        assert!(r.entra.requests().is_empty() && r.dataverse.requests().is_empty());
    }
    // An instance URL with a path: Partner Center's URL rule (the FAQ's timeout message).
    let (entra, dataverse) = start(&Scenario::ok());
    let mut cmd = leadwiz();
    cmd.args(["validate", "dynamics", "--json"])
        .args(["--instance-url", &dataverse.url("/main.aspx?appid=1")])
        .args(["--authority", &entra.url("")])
        .args(["--directory-id", TENANT, "--application-id", APP])
        .env("LEADWIZ_CLIENT_SECRET", SECRET);
    let r = finish(&mut cmd, entra, dataverse, SECRET);
    assert_eq!(r.code, 1);
    assert_eq!(r.failure()["node"], "dynamics-request-timeout");
    assert_eq!(r.failure()["partner_center"]["quoted"], true);
}

#[test]
fn slow_services_time_out_and_answers_that_are_not_json_are_named() {
    // A token endpoint that does not answer in time.
    let s = Scenario {
        token: (0, fixture("aad/token_ok_v2.json")),
        ..Scenario::ok()
    };
    let f = app(&s, &["--timeout", "1"]).failure();
    assert_eq!(f["problem"], "timeout");
    // An instance that does not answer its challenge in time: Partner Center's 00:02:00.
    let s = Scenario {
        challenge_status: 0,
        ..Scenario::ok()
    };
    let f = app(&s, &["--timeout", "1"]).failure();
    assert_eq!(f["problem"], "timeout");
    assert_eq!(f["node"], "dynamics-request-timeout");
    assert_eq!(f["partner_center"]["quoted"], true);
    // An HTML error page from the token endpoint.
    let s = Scenario {
        token: (502, "<html><body>Bad Gateway</body></html>".into()),
        ..Scenario::ok()
    };
    let f = app(&s, &[]).failure();
    assert_eq!(f["problem"], "server-error");
    assert_eq!(f["node"], "error-other");
    assert!(f["excerpt"].as_str().unwrap().contains("Bad Gateway"));
    // A 401 without a body from WhoAmI: the token is not for this instance's tenant.
    let s = Scenario {
        whoami: (401, String::new()),
        ..Scenario::ok()
    };
    let f = app(&s, &[]).failure();
    assert_eq!(f["node"], "dynamics-aad-invalid-tenant-id");
    // A v1-style token answer (numbers as strings) is a token all the same.
    let s = Scenario {
        token: (200, fixture("aad/token_ok_v1.json")),
        ..Scenario::ok()
    };
    let r = app(&s, &[]);
    assert_eq!(r.code, 0, "{}", r.output);
}

/// The Office 365 sign-in's catalogue: fixture, code, node, inconclusive.
const PASSWORD_ROWS: &[(&str, &str, &str, bool)] = &[
    (
        "aad/50126.json",
        "AADSTS50126",
        "entra-wrong-password",
        false,
    ),
    (
        "aad/50034.json",
        "AADSTS50034",
        "entra-user-not-found",
        false,
    ),
    (
        "aad/50053.json",
        "AADSTS50053",
        "entra-account-locked",
        false,
    ),
    (
        "aad/50055.json",
        "AADSTS50055",
        "entra-password-expired",
        false,
    ),
    (
        "aad/50057.json",
        "AADSTS50057",
        "entra-account-disabled",
        false,
    ),
    ("aad/50076.json", "AADSTS50076", "entra-mfa-required", false),
    ("aad/50079.json", "AADSTS50079", "entra-mfa-required", false),
    (
        "aad/53003.json",
        "AADSTS53003",
        "entra-conditional-access-blocked",
        false,
    ),
    (
        "aad/65001.json",
        "AADSTS65001",
        "entra-consent-missing",
        true,
    ),
];

#[test]
fn an_office_365_user_signs_in_with_the_password_grant() {
    let r = user(&Scenario::ok(), &[]);
    assert_eq!(r.code, 0, "{}", r.output);
    assert!(
        r.output.contains("retiring password sign-ins"),
        "{}",
        r.output
    );
    let seen = r.entra.requests();
    assert!(
        seen[0].path.starts_with(&format!(
            "/common/userrealm/{}?api-version=",
            USER.replace('@', "%40")
        )) || seen[0]
            .path
            .starts_with(&format!("/common/userrealm/{USER}?api-version="))
    );
    assert!(!String::from_utf8_lossy(&seen[0].body).contains(PASSWORD));
    let token = &seen[1];
    assert_eq!(token.path, format!("/{TENANT}/oauth2/v2.0/token"));
    let origin = r.dataverse.url("");
    assert_eq!(
        token.form(),
        vec![
            (
                "client_id".to_owned(),
                "51f81489-12ee-4a9e-aaae-a2591f45987d".to_owned()
            ),
            ("scope".to_owned(), format!("{origin}/user_impersonation")),
            ("username".to_owned(), USER.to_owned()),
            ("password".to_owned(), PASSWORD.to_owned()),
            ("grant_type".to_owned(), "password".to_owned()),
        ]
    );
}

#[test]
fn every_password_sign_in_failure_names_its_code_and_node() {
    for &(file, code, node, inconclusive) in PASSWORD_ROWS {
        let s = Scenario {
            token: (400, fixture(file)),
            ..Scenario::ok()
        };
        let r = user(&s, &[]);
        assert_eq!(r.code, 1, "{file}");
        let f = r.failure();
        assert_eq!(f["code"], code, "{file}");
        assert_eq!(f["node"], node, "{file}");
        assert_eq!(f["trace"]["trace_id"], TRACE);
        let verdict = if inconclusive { "unknown" } else { "rejects" };
        assert_eq!(r.json["verdict"], verdict, "{file}");
        assert_eq!(r.paths(&r.dataverse), ["/api/data/v9.2/"], "{file}");
    }
}

#[test]
fn the_users_realm_is_read_without_the_password() {
    let s = Scenario {
        realm: (200, fixture("aad/userrealm_unknown.json")),
        ..Scenario::ok()
    };
    let r = user(&s, &[]);
    assert_eq!(r.code, 1);
    assert_eq!(r.failure()["node"], "entra-user-not-found");
    assert_eq!(r.entra.requests().len(), 1, "no password sent");
    let s = Scenario {
        realm: (200, fixture("aad/userrealm_federated.json")),
        ..Scenario::ok()
    };
    let r = user(&s, &[]);
    assert_eq!(r.code, 0, "a federated user is a warning: {}", r.output);
    assert!(r.output.contains("federated account"));
    // A password with a space at its end: the password sign-in would fail.
    let (entra, dataverse) = start(&Scenario::ok());
    let mut cmd = leadwiz();
    cmd.args(["validate", "dynamics", "--json"])
        .args(["--instance-url", &dataverse.url("")])
        .args(["--authority", &entra.url("")])
        .args(["--user", USER])
        .env("LEADWIZ_PASSWORD", "trailing space ");
    let r = finish(&mut cmd, entra, dataverse, "trailing space ");
    assert_eq!(r.code, 1);
    assert_eq!(r.stage_status("fields"), "failed");
    assert!(r.entra.requests().is_empty());
}

#[test]
fn service_addresses_are_replaced_only_by_loopback_addresses_and_secrets_never_by_arguments() {
    let base = [
        "validate",
        "dynamics",
        "--directory-id",
        TENANT,
        "--application-id",
        APP,
    ];
    for extra in [
        &[
            "--instance-url",
            "https://contoso.crm.dynamics.com",
            "--authority",
            "https://login.example.com",
        ][..],
        &["--instance-url", "http://contoso.crm.dynamics.com"][..],
        &["--instance-url", "http://10.0.0.1:8080"][..],
        &[
            "--instance-url",
            "https://contoso.crm.dynamics.com",
            "--client-secret",
            SECRET,
        ][..],
    ] {
        let out = leadwiz()
            .args(base)
            .args(extra)
            .env("LEADWIZ_CLIENT_SECRET", SECRET)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(out.stdout.is_empty());
    }
    // No secret anywhere (not a terminal, no variable, no file): a usage error.
    let out = leadwiz()
        .args(base)
        .args(["--instance-url", "https://contoso.crm.dynamics.com"])
        .env_remove("LEADWIZ_CLIENT_SECRET")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LEADWIZ_CLIENT_SECRET"));
}

#[test]
fn a_lead_a_business_rule_or_plug_in_refuses_shows_dataverses_message() {
    // Row D8: a validation error (0x80044331) or a plug-in's (0x80040265) on the write.
    for code in ["0x80044331", "0x80040265"] {
        let s = Scenario {
            create: (
                400,
                format!(
                    r#"{{"error":{{"code":"{code}","message":"A validation error occurred. The value of 'companyname' is required."}}}}"#
                ),
            ),
            ..Scenario::ok()
        };
        let r = app(&s, &["--send-test-lead"]);
        assert_eq!(r.code, 1, "{code}");
        let f = r.failure();
        assert_eq!(f["code"], code);
        assert_eq!(f["node"], "error-other");
        assert_eq!(f["partner_center"]["quoted"], false);
        assert!(
            f["detail"]
                .as_str()
                .unwrap()
                .contains("'companyname' is required")
        );
    }
}
