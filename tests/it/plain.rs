//! Plain mode driven through standard input, as a script or a screen reader user drives it:
//! numbered choices, back, start, paste, ticks, quit, end of input, and the transcript it
//! writes with personal data masked.

use crate::common;

use assert_cmd::Command;
use common::server::{Answer, Seen, Server};

fn leadwiz() -> Command {
    let mut cmd = common::leadwiz();
    cmd.env_remove("AZURE_STORAGE_CONNECTION_STRING")
        .env("TERM", "xterm-256color");
    cmd
}

fn run(args: &[&str], input: &str) -> (i32, String, String) {
    let out = leadwiz().args(args).write_stdin(input).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Plain text: no escape sequences, no box drawing.
fn assert_plain(out: &str) {
    assert!(!out.contains('\x1b'), "an escape sequence in plain output");
    for c in ['│', '┌', '┐', '└', '┘', '─', '█', '┃', '━', '║'] {
        assert!(!out.contains(c), "box drawing {c:?} in plain output");
    }
}

#[test]
fn a_piped_session_walks_to_a_remediation_without_flags() {
    // Standard input is not a terminal: plain mode is chosen by itself.
    let (code, out, _) = run(&[], "3\n1\nq\n");
    assert_eq!(code, 0);
    assert_plain(&out);
    assert!(out.contains("[question · start]"));
    assert!(out.contains("  3. I have an error message"));
    assert!(out.contains("Step 2 · I have an error message"));
    assert!(
        out.contains("[known error · dynamics-login-failed]"),
        "{out}"
    );
    assert!(out.contains("Steps:\n  1. In Partner Center"));
    // The page whose fix the Dynamics 365 check confirms offers it first.
    assert!(out.contains("  1. Validate my Dynamics 365 connection now"));
    assert!(out.contains("Did this fix it?\n  2. Yes, it works now\n  3. No, show me"));
    assert!(out.contains(
        "  5. Dynamics 365: sign in with an Azure AD (Entra ID) app (dynamics-setup-aad)"
    ));
    assert!(out.contains("[1-7 choose · t N tick step N · b back"));
}

#[test]
fn back_start_bad_input_and_end_of_input() {
    let (code, out, _) = run(&["--plain"], "2\nb\nb\n42\nhello\n2\n1\ng\n");
    assert_eq!(code, 0, "end of input ends the session normally");
    assert_plain(&out);
    assert!(out.contains("Already at the start."));
    assert!(out.contains("Type a number 1-5, or b, g, p, q."), "{out}");
    assert!(out.contains("[question · missing-offer-saas]"));
    // g went back to the start: the last screen is the start again.
    let last = out.rsplit("\nStep ").next().unwrap();
    assert!(last.starts_with("1\n"), "{last}");
    assert!(last.contains("[question · start]"));
}

#[test]
fn goto_and_chinese() {
    let (code, out, _) = run(&["--goto", "dest-azure-table", "--lang", "zh-CN"], "q\n");
    assert_eq!(code, 0);
    assert!(out.contains("第 4 步 · 设置潜在客户目标"), "{out}");
    assert!(out.contains("[解决方法 · dest-azure-table]"));
    // A setup guide fixes nothing, so it does not ask "Did this fix it?".
    assert!(
        out.contains("  1. 立即测试我的 Azure 表，与合作伙伴中心的“验证”相同\n相关主题：\n  2. "),
        "{out}"
    );
    assert!(!out.contains("问题解决了吗？"), "{out}");
    let (code, _, err) = run(&["--goto", "dest-azure-tabel"], "q\n");
    assert_eq!(code, 1);
    assert!(err.contains("closest ids: dest-azure-table"), "{err}");
}

#[test]
fn a_paste_is_diagnosed_opened_and_recorded_masked() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("session.md");
    let json = dir.path().join("session.json");
    let paste = "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found.\n\
                 This instance may happen if there are no active subscriptions for the tenant.\n\
                 Contact jane.doe@contoso.com, tenant 72f988bf-86f1-41af-91ab-2d7cd011db47\n\
                 DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;EndpointSuffix=core.windows.net\n";
    // Paste, open the match, tick steps 1 and 3, answer "no" (after "Validate my Dynamics 365
    // connection now"), then quit.
    let input = format!("p\n{paste}.\ny\nt 1\nt 3\n3\nq\n");
    for (path, format) in [(&md, "markdown"), (&json, "json")] {
        let (code, out, err) = run(
            &[
                "--transcript",
                path.to_str().unwrap(),
                "--transcript-format",
                format,
            ],
            &input,
        );
        assert_eq!(code, 0, "{err}");
        assert_plain(&out);
        assert!(
            out.contains("Match: dynamics-aad-tenant-not-found"),
            "{out}"
        );
        assert!(
            out.contains("Open Azure AD: tenant not found (dynamics-aad-tenant-not-found)? [Y/n]")
        );
        assert!(out.contains("[known error · dynamics-aad-tenant-not-found]"));
        assert!(out.contains("[x] 1. Microsoft Entra admin center or Azure portal"));
        assert!(out.contains("[known error · dynamics-aad-invalid-tenant-id]"));
        assert!(err.contains("transcript written to"), "{err}");
    }
    let md = std::fs::read_to_string(&md).unwrap();
    for want in [
        "- Language: en",
        "- End state: **abandoned**",
        "Pasted an error message",
        "Contact [e-mail], tenant 72f9****-****-****-****-********db47",
        "AccountKey=[redacted];EndpointSuffix=core.windows.net",
        "Diagnosis: confident, `dynamics-aad-tenant-not-found`",
        "Opened the diagnosed error: Azure AD: tenant not found (`dynamics-aad-tenant-not-found`)",
        "- Steps ticked: 1, 3 (of 4)",
        "→ **no** → `dynamics-aad-invalid-tenant-id`",
    ] {
        assert!(md.contains(want), "missing {want:?}:\n{md}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["steps"][1]["kind"], "paste");
    assert_eq!(v["steps"][1]["best"], "dynamics-aad-tenant-not-found");
    assert_eq!(v["remediations"][0]["ticked"], serde_json::json!([1, 3]));
    for text in [md, v.to_string()] {
        for secret in [
            "jane.doe",
            "contoso.com",
            "86f1-41af-91ab",
            "c2VjcmV0LWtleS12YWx1ZQ",
        ] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }
}

#[test]
fn an_ambiguous_paste_lists_candidates_and_end_of_input_mid_paste_is_clean() {
    let (code, out, _) = run(&[], "p\nAADSTS90002\n.\n1\nq\n");
    assert_eq!(code, 0);
    assert!(
        out.contains("Open which? Type 1-2 or press Enter to stay"),
        "{out}"
    );
    assert!(
        out.contains("[known error · dynamics-aad-tenant-not-found]"),
        "{out}"
    );
    let (code, out, _) = run(&[], "p\nAADSTS90002 tenant not found");
    assert_eq!(code, 0);
    assert!(
        out.contains("Match: dynamics-aad-tenant-not-found"),
        "{out}"
    );
}

#[test]
fn a_session_that_ends_fixed_or_escalated_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.json");
    let p = path.to_str().unwrap();
    // Error list → tenant not found → yes, it works.
    let (code, _, _) = run(&["--transcript", p], "3\n3\n2\n");
    assert_eq!(code, 0);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["outcome"], "fixed");
    assert_eq!(v["last_node"], "resolved");
    // The same file again: replaced only when asked.
    let (code, _, err) = run(&["--transcript", p, "--goto", "support-ticket"], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    let (code, _, _) = run(
        &["--transcript", p, "--force", "--goto", "support-ticket"],
        "",
    );
    assert_eq!(code, 0);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["outcome"], "escalated");
}

#[test]
fn an_unwritable_transcript_is_reported() {
    let (code, _, err) = run(&["--transcript", "/nonexistent-folder/t.md"], "q\n");
    assert_eq!(code, 1);
    assert!(err.contains("cannot write the transcript"), "{err}");
}

fn flow(req: &Seen) -> Answer {
    match req.path.as_str() {
        "/ok" => (202, vec![], String::new()),
        _ => (
            401,
            vec![("Content-Type", "application/json".to_owned())],
            r#"{"error":{"code":"DirectApiAuthorizationRequired","message":"The request must be authenticated only by Shared Access scheme."}}"#.into(),
        ),
    }
}

#[test]
fn test_my_destination_sends_a_test_lead_and_opens_the_remediation() {
    let server = Server::start(flow);
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("session.md");
    // From the start: "Test my destination" (5), HTTPS endpoint (1), a URL copied short
    // (the server says 401), open the remediation it names, quit.
    let short = server
        .url("/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SECRETSIG123");
    let input = format!("5\n1\n{short}\ny\n\nq\n");
    let (code, out, err) = run(&["--transcript", md.to_str().unwrap()], &input);
    assert_eq!(code, 0, "{err}");
    assert_plain(&out);
    assert!(
        out.contains("  5. Test my destination now, as Partner Center's Validate does"),
        "{out}"
    );
    assert!(
        out.contains("Which lead destination?\n  1. Test my endpoint now"),
        "{out}"
    );
    assert!(out.contains("not authorised (401/403)"), "{out}");
    assert!(
        out.contains("4. the test lead Validate sends — FAILED"),
        "{out}"
    );
    assert!(
        out.contains("leadwiz show flow-shared-access-only"),
        "{out}"
    );
    assert!(
        !out.contains("SECRETSIG123"),
        "the signature is never shown: {out}"
    );
    assert!(out.contains("? [Y/n] > "), "{out}");
    let opened = out.rsplit("\nStep ").next().unwrap();
    assert!(opened.contains(" · flow-shared-access-only]"), "{opened}");
    let posts = |server: &Server| {
        server
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count()
    };
    assert_eq!(posts(&server), 1, "one test lead, after the question");
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains("Tested the destination (https, "), "{md}");
    assert!(!md.contains("SECRETSIG123"), "{md}");

    // A remediation that offers its own check (dest-https) asks for the URL at once; a
    // working endpoint passes, and Enter at the URL prompt goes back without sending.
    let ok = server.url("/ok");
    let (code, out, _) = run(
        &["--goto", "dest-https"],
        &format!("1\n{ok}\ny\nn\n1\n\nq\n"),
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("  1. Test my endpoint now, as Partner Center's Validate does"),
        "{out}"
    );
    assert!(out.contains("\nOK: "), "{out}");
    assert_eq!(posts(&server), 2, "Enter at the prompt sends nothing");
    // Answered no, the test lead is not sent and the report says so.
    let (code, out, _) = run(&["--goto", "dest-https"], &format!("1\n{ok}\nn\nn\nq\n"));
    assert_eq!(code, 0);
    assert!(
        out.contains("the test lead Validate sends — skipped"),
        "{out}"
    );
    assert_eq!(posts(&server), 2);
}

#[test]
fn azure_table_asks_for_the_connection_string_and_never_shows_it() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let key = "c2VjcmV0LWtleS12YWx1ZS10aGF0LW11c3QtbmV2ZXItc2hvdy11cC1hbnl3aGVyZQ==";
    let conn = format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
    );
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("session.md");
    let (code, out, err) = run(
        &[
            "--goto",
            "dest-azure-table",
            "--transcript",
            md.to_str().unwrap(),
        ],
        &format!("1\n{conn}\n\nn\nn\nq\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Connection string (never saved or written to the transcript) > "),
        "{out}"
    );
    assert!(
        out.contains("Table (MarketplaceLeads; Enter: MarketplaceLeads) > "),
        "{out}"
    );
    assert!(out.contains("FAILED: "), "{out}");
    assert!(!out.contains(&key[..12]), "{out}");
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains("(azure-table, "), "{md}");
    assert!(!md.contains(&key[..12]), "{md}");
}

#[test]
fn salesforce_and_marketo_run_from_their_pages_in_both_languages() {
    // Salesforce: the Organization ID, a stand-in web-to-lead, the test lead after the question.
    let server = Server::start(|req: &Seen| match req.method.as_str() {
        "POST" => (200, vec![], "<html></html>".into()),
        _ => (200, vec![], String::new()),
    });
    let url = server.url("/servlet/servlet.WebToLead");
    let (code, out, err) = run(
        &["--goto", "dest-salesforce"],
        &format!("1\n00Do0000000ZHog\n{url}\ny\nn\nq\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert_plain(&out);
    assert!(
        out.contains("Organization ID (00D…: Setup > Company Information) > "),
        "{out}"
    );
    assert!(out.contains("\nOK: "), "{out}");
    let posts: Vec<Seen> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1);
    assert!(String::from_utf8_lossy(&posts[0].body).contains("oid=00Do0000000ZHog"));
    // A replacement address that is not loopback is refused, and asked for again.
    let (code, out, _) = run(
        &["--goto", "dest-salesforce", "--lang", "zh-CN"],
        &format!("1\n00Do0000000ZHog\nhttps://webto.example.com/x\n{url}\nn\nn\nq\n"),
    );
    assert_eq!(code, 0);
    assert!(out.contains("✗ Web-to-Lead 地址：只有环回地址"), "{out}");
    assert!(out.contains("\n成功："), "{out}");

    // Marketo: the Munchkin ID, the form, the API user; the secret is asked for and never shown.
    let (mkto, _) = crate::validate_marketo::start();
    let rest = mkto.url("/ok/");
    let secret = crate::validate_marketo::SECRET;
    let client = crate::validate_marketo::CLIENT;
    let (code, out, err) = run(
        &["--goto", "dest-marketo"],
        &format!("1\n123-PQR-789\n1179\n{client}\n{secret}\n{rest}\nn\nn\nq\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Client secret (never saved or written to the transcript) > "),
        "{out}"
    );
    assert!(out.contains("\nOK: "), "{out}");
    assert!(!out.contains(secret), "{out}");
    assert!(!out.contains(crate::validate_marketo::TOKEN), "{out}");
}

#[test]
fn dynamics_runs_with_either_sign_in_and_the_secret_from_the_environment() {
    use crate::validate_dynamics::{self as d, Scenario};
    let (entra, dataverse) = d::start(&Scenario::ok());
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("session.md");
    // The page's sign-in (Enter), the fields, the secret typed at its prompt.
    let input = format!(
        "1\n\n{}\n{}\n{}\n{}\n{}\nn\nn\nq\n",
        dataverse.url(""),
        d::TENANT,
        d::APP,
        d::SECRET,
        entra.url("")
    );
    let (code, out, err) = run(
        &[
            "--goto",
            "dest-dynamics",
            "--transcript",
            md.to_str().unwrap(),
        ],
        &input,
    );
    assert_eq!(code, 0, "{err}");
    assert_plain(&out);
    assert!(
        out.contains("Sign in as:\n  1. an Entra ID application *"),
        "{out}"
    );
    assert!(out.contains("\nOK: "), "{out}");
    assert!(
        out.contains("3. read-only calls with the credentials — passed"),
        "{out}"
    );
    assert!(!out.contains(&d::SECRET[..8]), "{out}");
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains("(dynamics, "), "{md}");
    assert!(!md.contains(&d::SECRET[..8]), "{md}");

    // The Office 365 user, the password from LEADWIZ_PASSWORD (Enter at its prompt).
    let input = format!(
        "1\n2\n{}\n{}\n\n{}\nn\nn\nq\n",
        dataverse.url(""),
        d::USER,
        entra.url("")
    );
    let out = leadwiz()
        .args(["--goto", "dest-dynamics", "--lang", "zh-CN"])
        .env("LEADWIZ_PASSWORD", d::PASSWORD)
        .write_stdin(input)
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("密码（Enter：使用 LEADWIZ_PASSWORD）"),
        "{out}"
    );
    assert!(out.contains("\n成功："), "{out}");
    assert!(!out.contains(d::PASSWORD), "{out}");
}

#[test]
fn ctrl_c_while_waiting_still_writes_the_transcript() {
    use std::io::Write;
    use std::process::{Command as Process, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("session.md");
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("leadwiz"))
        .args(["--plain", "--transcript"])
        .arg(&md)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"2\nb\n3\n").unwrap();
    stdin.flush().unwrap();
    // Wait until the answers are read and leadwiz waits at the next prompt, then interrupt.
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !(seen.contains("[question · error-list]") && seen.ends_with("> ")) {
        let n = std::io::Read::read(&mut stdout, &mut buf).unwrap();
        assert!(n > 0, "leadwiz ended early: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    let killed = Process::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "leadwiz did not end"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    assert_eq!(status.code(), Some(130), "128 + SIGINT");
    let text = std::fs::read_to_string(&md).expect("the transcript was written");
    assert!(
        text.contains("**I have an error message** (`error-list`)"),
        "{text}"
    );
    assert!(text.contains("- End state: **abandoned**"), "{text}");
}

/// The number plain mode gives the option labelled `label` on the last page printed.
fn option_number(out: &str, label: &str) -> Option<String> {
    let page = out.rsplit("\nStep ").next().unwrap_or(out);
    page.lines().find_map(|l| {
        let (n, rest) = l.trim_start().split_once(". ")?;
        (rest.starts_with(label) && n.chars().all(|c| c.is_ascii_digit())).then(|| n.to_owned())
    })
}

fn oauth_flow(req: &Seen) -> Answer {
    match req.path.as_str() {
        "/ok" => (202, vec![], String::new()),
        _ => (
            401,
            vec![("Content-Type", "application/json".to_owned())],
            r#"{"error":{"code":"DirectApiAuthorizationRequired","message":"The OAuth authorization scheme is required."}}"#.into(),
        ),
    }
}

#[test]
fn remediation_pages_a_check_can_confirm_offer_to_test_the_destination() {
    // The pages the HTTPS, Azure Table and Dynamics checks confirm, and pages they cannot.
    for (node, offered) in [
        ("flow-oauth-required", Some("Test my endpoint now")),
        ("flow-shared-access-only", Some("Test my endpoint now")),
        ("https-url-migrated", Some("Test my endpoint now")),
        ("https-flow-not-triggered", Some("Test my endpoint now")),
        ("azure-table-no-rows", Some("Test my Azure table now")),
        (
            "dynamics-request-timeout",
            Some("Validate my Dynamics 365 connection now"),
        ),
        (
            "entra-wrong-password",
            Some("Validate my Dynamics 365 connection now"),
        ),
        ("dest-marketo", Some("Validate my Marketo form now")),
        (
            "faq-salesforce-missing-leads",
            Some("Validate my Salesforce Organization ID now"),
        ),
        ("dest-azure-blob", None),
    ] {
        let (code, out, err) = run(&["--goto", node], "q\n");
        assert_eq!(code, 0, "{node}: {err}");
        let has = out.contains("Test my") || out.contains("Validate my");
        match offered {
            Some(label) => assert!(option_number(&out, label).is_some(), "{node}: {out}"),
            None => assert!(!has, "{node} offers a check no check can confirm: {out}"),
        }
    }
    // From the page that explains the fix, the test runs and names the same cause.
    let server = Server::start(oauth_flow);
    let (_, out, _) = run(&["--goto", "flow-oauth-required"], "q\n");
    let n = option_number(&out, "Test my endpoint now").unwrap();
    let url = server.url("/workflows/abc/triggers/manual/paths/invoke?api-version=1");
    let (code, out, err) = run(
        &["--goto", "flow-oauth-required"],
        &format!("{n}\n{url}\ny\nn\nq\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert_plain(&out);
    assert!(out.contains("leadwiz show flow-oauth-required"), "{out}");
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        1
    );
    // In Chinese too.
    let (_, out, _) = run(&["--goto", "azure-table-no-rows", "--lang", "zh-CN"], "q\n");
    assert!(
        option_number(&out, "立即测试我的 Azure 表").is_some(),
        "{out}"
    );
}

#[test]
fn every_page_a_check_confirms_exists() {
    use leadwiz::destinations::{
        azure_table, dynamics, https, live_form, marketo, power_automate, salesforce,
    };
    let guide = leadwiz::guide::Guide::load(&leadwiz::guide::Sources::embedded())
        .guide
        .unwrap();
    let all = https::CONFIRMS
        .iter()
        .chain(&power_automate::NODES)
        .chain(&azure_table::CONFIRMS)
        .chain(&dynamics::CONFIRMS)
        .chain(&live_form::DYNAMICS_NODES)
        .chain(&salesforce::NODES)
        .chain(&marketo::NODES);
    for id in all {
        assert!(guide.node(id).is_some(), "{id}");
        assert!(leadwiz::destinations::live::confirms(id).is_some(), "{id}");
    }
}
