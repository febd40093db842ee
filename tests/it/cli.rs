//! The command line as a user runs it: the real binary, fixture content, exit statuses.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use common::leadwiz;
use serde_json::Value;

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

const REQUIRED_IDS: &[&str] = &[
    "start",
    "support-ticket",
    "dynamics-login-failed",
    "dynamics-leadsourcecode-permission",
    "dynamics-aad-tenant-not-found",
    "dynamics-no-roles-assigned",
    "dynamics-aad-app-not-found",
    "dynamics-aad-invalid-tenant-id",
    "dynamics-aad-invalid-client-secret",
    "dynamics-request-timeout",
    "faq-setup-help",
    "faq-destination-required",
    "faq-find-test-lead",
    "faq-no-leads-live-offer",
    "faq-azure-blob-retired",
    "faq-email-but-no-crm-lead",
    "faq-azure-table-view-leads",
    "faq-azure-table-notify",
    "faq-salesforce-missing-leads",
    "faq-missed-leads-by-email",
    "faq-azure-table-cost",
    "faq-notification-recipients",
    "dest-dynamics",
    "dest-salesforce",
    "dest-marketo",
    "dest-https",
    "dest-azure-table",
    "dest-azure-blob",
];

/// The eight documented errors, verbatim from the English documentation.
const ERRORS: &[(&str, &str)] = &[
    (
        "dynamics-login-failed",
        "Could not save the lead to Dynamics CRM. Check the Dynamics CRM account settings. LastCRMError: Unable to sign in to Dynamics CRM, LastCRMException:",
    ),
    (
        "dynamics-leadsourcecode-permission",
        "Could not save the lead to Dynamics CRM. User does not have create permissions for the leadsourcecode attribute in the lead entity",
    ),
    (
        "dynamics-aad-tenant-not-found",
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. This instance may happen if there are no active subscriptions for the tenant.",
    ),
    (
        "dynamics-no-roles-assigned",
        "Could not save the lead to Dynamics CRM. LastCRMError: SecLib::RetrievePrivilegeForUser failed - no roles are assigned to user.",
    ),
    (
        "dynamics-aad-app-not-found",
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Application with identifier was not found in the directory",
    ),
    (
        "dynamics-aad-invalid-tenant-id",
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Requested tenant identifier is not valid and not valid external domain format",
    ),
    (
        "dynamics-aad-invalid-client-secret",
        "Could not save the lead to Dynamics CRM using AAD. Exception:: Error validating credentials.: Invalid client secret is provided.",
    ),
    (
        "dynamics-request-timeout",
        "Could not save the lead to Dynamics CRM. LastCRMError: The request channel timed out while waiting for a reply after 00:02:00. Increase the timeout value passed to the call to Request or increase the SendTimeout value on the Binding. The time allotted to this operation may have been a portion of a longer timeout.",
    ),
];

#[test]
fn embedded_content_checks_clean() {
    let out = leadwiz().arg("check").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("0 error(s), 0 warning(s)"), "{text}");
    // The folder on disk is the same content.
    let out = leadwiz().args(["check", "content"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("content: "), "{text}");
    assert!(text.contains("0 error(s), 0 warning(s)"), "{text}");
}

#[test]
fn every_required_id_exists() {
    let list: Value =
        serde_json::from_str(&stdout(leadwiz().args(["list", "--format", "json"]))).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for id in REQUIRED_IDS {
        assert!(ids.contains(id), "missing required id {id}");
    }
    let known: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "known_error")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = ERRORS.iter().map(|(id, _)| *id).collect();
    let mut known_sorted = known.clone();
    known_sorted.sort();
    expected.sort();
    // Every documented error has its known error; the other destinations' errors come on top.
    for id in &expected {
        assert!(known_sorted.contains(id), "no known error {id}");
    }
    assert!(
        known_sorted.len() >= 40,
        "{} known errors",
        known_sorted.len()
    );
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn show_prints_every_required_id_in_both_languages() {
    for id in REQUIRED_IDS {
        let en = stdout(leadwiz().args(["show", id, "--lang", "en"]));
        let zh = stdout(leadwiz().args(["show", id, "--lang", "zh-CN"]));
        assert!(en.contains(&format!("· {id}]")), "{id}: {en}");
        assert!(
            !has_cjk(en.lines().next().unwrap()),
            "{id}: English title is English"
        );
        assert!(
            has_cjk(zh.lines().next().unwrap()) || zh.lines().next().unwrap().is_ascii(),
            "{id}"
        );
        // The sources are documents' own titles and addresses, in English.
        let zh = zh.split("资料来源：").next().unwrap();
        let cjk = zh
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        assert!(
            cjk * 3 > zh.chars().filter(|c| c.is_alphabetic()).count(),
            "{id}: Chinese output is mostly Chinese:\n{zh}"
        );
        assert!(en.lines().count() >= 4, "{id}: {en}");
    }
}

#[test]
fn known_errors_carry_the_exact_english_message() {
    for (id, message) in ERRORS {
        let en = stdout(leadwiz().args(["show", id, "--lang", "en"]));
        assert!(en.contains(message), "{id} lacks its exact message:\n{en}");
        let zh = stdout(leadwiz().args(["show", id, "--lang", "zh-CN"]));
        assert!(zh.contains("错误消息："), "{zh}");
        assert!(has_cjk(&zh), "{zh}");
        let json: Value =
            serde_json::from_str(&stdout(leadwiz().args(["show", id, "--format", "json"])))
                .unwrap();
        assert_eq!(json["error"], *message);
        assert_eq!(json["kind"], "known_error");
    }
}

#[test]
fn language_comes_from_flag_then_environment() {
    let zh = stdout(leadwiz().env("LANG", "zh_CN.UTF-8").args(["show", "start"]));
    assert!(zh.contains("你需要哪方面的帮助？"), "{zh}");
    let en = stdout(
        leadwiz()
            .env("LANG", "zh_CN.UTF-8")
            .args(["show", "start", "--lang", "en"]),
    );
    assert!(en.contains("What do you need help with?"), "{en}");
    let lc_all = stdout(
        leadwiz()
            .env("LANG", "zh_CN.UTF-8")
            .env("LC_ALL", "en_US.UTF-8")
            .args(["show", "start"]),
    );
    assert!(lc_all.contains("What do you need help with?"), "{lc_all}");
    let fallback = stdout(leadwiz().env("LANG", "fr_FR.UTF-8").args(["show", "start"]));
    assert!(
        fallback.contains("What do you need help with?"),
        "{fallback}"
    );
    let bad = leadwiz()
        .args(["show", "start", "--lang", "fr"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("unknown language `fr`; this guide has: en, zh-CN"),
        "{err}"
    );
}

#[test]
fn show_unknown_id_suggests_the_closest() {
    let out = leadwiz().args(["show", "dest-dynamic"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no node has the id `dest-dynamic`"), "{err}");
    assert!(err.contains("closest ids: dest-dynamics"), "{err}");
}

#[test]
fn show_formats() {
    let md = stdout(leadwiz().args(["show", "dest-https", "--format", "markdown"]));
    assert!(md.starts_with("<a id=\"dest-https\"></a>\n# "), "{md}");
    assert!(md.contains("1. In Power Automate"), "{md}");
    let json: Value = serde_json::from_str(&stdout(
        leadwiz().args(["show", "start", "--format", "json", "--lang", "zh-CN"]),
    ))
    .unwrap();
    assert_eq!(json["lang"], "zh-CN");
    assert_eq!(json["choices"].as_array().unwrap().len(), 4);
    assert_eq!(json["choices"][0]["next"], "setup-offer-type");
}

/// (fixture, exit status, exact diagnostics printed)
const FIXTURES: &[(&str, i32, &[&str])] = &[
    (
        "yaml-syntax",
        1,
        &[
            "guide.yaml:20:26: error: did not find expected ',' or '}', while parsing a flow mapping",
        ],
    ),
    (
        "unclosed-quote",
        1,
        &[
            "guide.yaml:20:11: error: this quoted value is not closed on its line: add the closing \" (the YAML parser read on to line 35 and stopped there: did not find expected key, while parsing a block mapping)",
        ],
    ),
    (
        "indentation",
        1,
        &[
            "guide.yaml:23:8: error: this key is not indented like the keys beside it: align it with them (the YAML parser noticed only at line 24, column 7: did not find expected key, while parsing a block mapping)",
        ],
    ),
    (
        "wrong-type",
        1,
        &[
            "guide.yaml:20:14: error: node `fix`, `summary`: invalid type: string \"Do this.\", expected a map (localised text is a map such as `en: …` and `zh-CN: …`)",
        ],
    ),
    (
        "unknown-field",
        1,
        &[
            "guide.yaml:19:5: error: node `fix`: unknown field `tittle`, expected one of `id`, `kind`, `title`, `summary`, `prompt`, `body`, `note`, `choices`, `steps`, `links`, `related`, `follow_up`, `error`, `signatures`, `examples`, `live_check`, `sources`, `reviewed`; did you mean `title`?",
        ],
    ),
    (
        "unknown-kind",
        1,
        &[
            "guide.yaml:18:11: error: node `fix`, `kind`: unknown variant `anwser`, expected one of `question`, `answer`, `known_error`, `end`",
        ],
    ),
    (
        "duplicate-id",
        1,
        &[
            "more.yaml:3:9: error: duplicate id `fix`: first defined at tests/fixtures/invalid/duplicate-id/guide.yaml:19:9",
        ],
    ),
    (
        "missing-reference",
        1,
        &["guide.yaml:18:15: error: `next`: no node has the id `fixx`; did you mean `fix`?"],
    ),
    (
        "unreachable",
        0,
        &["guide.yaml:40:9: warning: unreachable: no path from `start` leads to `orphan`"],
    ),
    (
        "dead-end",
        1,
        &[
            "guide.yaml:42:9: error: dead end: no choice of `loop` leads to a remediation",
            "guide.yaml:51:9: error: dead end: no choice of `loop-back` leads to a remediation",
        ],
    ),
    (
        "no-choices",
        1,
        &["guide.yaml:45:5: error: dead end: question `empty` has no `choices`"],
    ),
    (
        "missing-translation",
        0,
        &[
            "guide.yaml:24:19: warning: `summary` of `fix` has no `zh-CN` translation (English is shown)",
        ],
    ),
    (
        "malformed-link",
        1,
        &[
            "guide.yaml:27:14: error: malformed link `learn.microsoft.com/partner-center`: it is not an absolute URL (start it with `https://`)",
        ],
    ),
    (
        "bad-id",
        1,
        &[
            "guide.yaml:19:9: error: id `Fix_It` is not kebab-case (lower-case letters, digits and single hyphens)",
        ],
    ),
    (
        "unknown-language",
        1,
        &[
            "guide.yaml:24:19: warning: `summary` of `fix` has no `zh-CN` translation (English is shown)",
            "guide.yaml:24:36: error: `summary` has text in `zh-cn`, which is not one of the guide's languages; did you mean `zh-CN`?",
        ],
    ),
    (
        "no-guide-section",
        1,
        &[
            "guide.yaml:1:1: error: no `guide` section: guide.yaml must hold the guide's title, languages and start node",
        ],
    ),
    (
        "known-error-incomplete",
        1,
        &[
            "guide.yaml:45:5: error: known error `some-error` has no `error` (the exact message)",
            "guide.yaml:45:5: error: known error `some-error` has no `examples`",
            "guide.yaml:45:5: error: known error `some-error` has no `signatures` (codes or phrases)",
        ],
    ),
    (
        "bad-start",
        1,
        &["guide.yaml:6:10: error: `start`: no node has the id `begin`"],
    ),
    (
        "self-test",
        1,
        &[
            "guide.yaml:54:10: error: self-test: this example of `secret-error` does not diagnose to it: nothing matches it",
        ],
    ),
    (
        "control-character",
        1,
        &[
            "guide.yaml:24:5: error: `summary` in `en` holds a control character (such as an escape sequence)",
        ],
    ),
    (
        "no-sources",
        0,
        &[
            "guide.yaml:19:9: warning: `fix` names no `sources`: list the documents its facts come from (title, url, seen)",
        ],
    ),
    (
        "not-reviewed",
        0,
        &[
            "guide.yaml:19:9: warning: `fix` has no `reviewed` date: check it against its sources, then set `reviewed: YYYY-MM-DD`",
        ],
    ),
    (
        "stale-review",
        0,
        &[
            "guide.yaml:20:15: warning: `fix` was last reviewed on 2024-01-15, more than 365 days ago: check it against its sources, then update `reviewed`",
        ],
    ),
    (
        "bad-review-date",
        1,
        &[
            "guide.yaml:20:15: error: `reviewed` is `2026-13-01`, not a date (write it as YYYY-MM-DD)",
        ],
    ),
    (
        "glossary-term",
        0,
        &[
            "guide.yaml:47:51: warning: `summary` of `save-error` uses `潜在顾客`: the glossary has `潜在客户` in zh-CN (潜在顾客 only in the quoted error messages)",
        ],
    ),
];

/// The day the fixtures were last reviewed: checks count review ages from it, so they do not
/// change as the calendar moves on.
const FIXTURE_DAY: &str = "2026-12-02";

#[test]
fn each_invalid_fixture_reports_its_exact_position_and_message() {
    let root = Path::new("tests/fixtures/invalid");
    let mut dirs: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut covered: Vec<String> = FIXTURES.iter().map(|(d, _, _)| d.to_string()).collect();
    covered.sort();
    assert_eq!(dirs, covered, "every fixture folder has an expectation");
    for (dir, code, expected) in FIXTURES {
        let path = format!("tests/fixtures/invalid/{dir}");
        let out = leadwiz()
            .args(["check", &path, "--today", FIXTURE_DAY])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let (summary, diags) = lines.split_last().unwrap();
        let expected: Vec<String> = expected.iter().map(|e| format!("{path}/{e}")).collect();
        assert_eq!(diags, expected.as_slice(), "{dir}");
        assert!(
            summary.starts_with(&format!("{path}: ")),
            "{dir}: {summary}"
        );
        assert_eq!(out.status.code(), Some(*code), "{dir}: {text}");
    }
}

#[test]
fn check_json_lists_diagnostics() {
    let out = leadwiz()
        .args([
            "check",
            "tests/fixtures/invalid/missing-reference",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{
            "severity": "error",
            "file": "tests/fixtures/invalid/missing-reference/guide.yaml",
            "line": 18,
            "column": 15,
            "message": "`next`: no node has the id `fixx`; did you mean `fix`?"
        }])
    );
    let ok = leadwiz()
        .args([
            "check",
            "tests/fixtures/valid",
            "--format",
            "json",
            "--today",
            FIXTURE_DAY,
        ])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<Value>(&ok.stdout).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn review_age_is_configurable() {
    let stale = "tests/fixtures/invalid/stale-review";
    // 2024-01-15 to 2026-12-02 is 1,052 days.
    for (age, today, warned) in [
        ("365", FIXTURE_DAY, true),
        ("1052", FIXTURE_DAY, false),
        ("1051", FIXTURE_DAY, true),
        ("365", "2025-01-14", false),
        ("365", "2025-01-15", true),
    ] {
        let out = leadwiz()
            .args(["check", stale, "--max-review-age", age, "--today", today])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            text.contains("`fix` was last reviewed on 2024-01-15"),
            warned,
            "--max-review-age {age} --today {today}: {text}"
        );
        if today == FIXTURE_DAY {
            let expected = if warned {
                "1 warning(s)"
            } else {
                "0 warning(s)"
            };
            assert!(text.contains(expected), "{text}");
        }
    }
    // A review dated after today is a slip of the pen.
    let out = leadwiz()
        .args(["check", stale, "--today", "2024-01-14"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("`fix` is marked reviewed on 2024-01-15, after today (2024-01-14)"),
        "{text}"
    );
    let bad = leadwiz()
        .args(["check", stale, "--today", "2026-02-30"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date (YYYY-MM-DD)"));
}

#[test]
fn show_and_export_carry_sources_and_review_date() {
    let json: Value = serde_json::from_str(&stdout(leadwiz().args([
        "--content",
        "tests/fixtures/valid",
        "show",
        "fix",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["reviewed"], "2026-12-02");
    assert_eq!(
        json["sources"],
        serde_json::json!([{"title": "Fixture source", "url": "https://learn.microsoft.com/partner-center/", "seen": "2026-12-02"}])
    );
    let text = stdout(leadwiz().args(["--content", "tests/fixtures/valid", "show", "fix"]));
    assert!(
        text.contains("Sources:\n  • Fixture source (seen 2026-12-02): https://learn.microsoft.com/partner-center/\n"),
        "{text}"
    );
    assert!(
        text.contains("\nChecked against the documentation on 2026-12-02\n"),
        "{text}"
    );
    let zh = stdout(leadwiz().args([
        "--content",
        "tests/fixtures/valid",
        "show",
        "fix",
        "--lang",
        "zh-CN",
    ]));
    assert!(
        zh.contains("资料来源：\n  • Fixture source (查阅于 2026-12-02)：https://learn.microsoft.com/partner-center/"),
        "{zh}"
    );
    assert!(zh.contains("\n已于 2026-12-02 对照文档核实\n"), "{zh}");
    // Chinese runs on after a full-width colon.
    let note = stdout(leadwiz().args(["show", "dest-https", "--lang", "zh-CN"]));
    assert!(note.contains("\n注意：HTTPS 文章"), "{note}");
    assert!(note.contains("\n链接：\n  • "), "{note}");
    assert!(!note.contains("： "), "{note}");
    // A question is not a remediation: it says nothing about being checked.
    let question = stdout(leadwiz().args(["--content", "tests/fixtures/valid", "show", "start"]));
    assert!(!question.contains("Checked against"), "{question}");
    let md = stdout(leadwiz().args([
        "--content",
        "tests/fixtures/valid",
        "export",
        "--format",
        "markdown",
    ]));
    assert!(
        md.contains("**Sources**\n\n- [Fixture source](https://learn.microsoft.com/partner-center/) <https://learn.microsoft.com/partner-center/> (seen 2026-12-02)\n"),
        "{md}"
    );
    assert!(
        md.contains("*Checked against the documentation on 2026-12-02*"),
        "{md}"
    );
    let all: Value = serde_json::from_str(&stdout(leadwiz().args([
        "--content",
        "tests/fixtures/valid",
        "export",
        "--format",
        "json",
    ])))
    .unwrap();
    let fix = all["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "fix")
        .unwrap();
    assert_eq!(fix["reviewed"], "2026-12-02");
    assert_eq!(fix["sources"][0]["seen"], "2026-12-02");
}

#[test]
fn check_cannot_run_on_a_missing_folder() {
    let out = leadwiz()
        .args(["check", "no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("cannot read the content folder no/such/folder")
    );
    let empty = tempfile::tempdir().unwrap();
    let out = leadwiz().arg("check").arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    leadwiz()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn content_flag_loads_a_folder_and_refuses_broken_content() {
    let out = stdout(leadwiz().args(["--content", "tests/fixtures/valid", "list"]));
    assert_eq!(out.lines().count(), 4, "{out}");
    let broken = leadwiz()
        .args([
            "--content",
            "tests/fixtures/invalid/missing-reference",
            "show",
            "start",
        ])
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    let err = String::from_utf8_lossy(&broken.stderr);
    assert!(
        err.contains("guide.yaml:18:15: error: `next`: no node has the id `fixx`"),
        "{err}"
    );
}

#[test]
fn schema_is_up_to_date_and_every_content_file_points_at_it() {
    let generated = stdout(leadwiz().arg("schema"));
    let checked_in = std::fs::read_to_string("content/schema.json").unwrap();
    assert!(
        generated == checked_in,
        "content/schema.json is out of date: run `cargo run -- schema > content/schema.json`"
    );
    let schema: Value = serde_json::from_str(&checked_in).unwrap();
    assert!(schema["$defs"]["Node"]["properties"]["kind"].is_object());
    for entry in std::fs::read_dir("content").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=schema.json\n"),
                "{} lacks the schema comment",
                path.display()
            );
        }
    }
}

#[test]
fn show_tells_the_command_to_share() {
    let out = leadwiz().args(["show", "dest-https"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("Share this page (opens it in the wizard): leadwiz --goto dest-https\n"),
        "{text}"
    );
    let out = leadwiz()
        .args(["show", "dest-https", "--lang", "zh-CN"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("分享此页（在向导中打开）：leadwiz --goto dest-https"));
}
