//! Diagnosis quality on messy pastes written for this purpose (tests/fixtures/diagnose/eval.tsv),
//! and the `diagnose` command's output, exit statuses and input handling.

use crate::common;

use common::{leadwiz, unescape};
use leadwiz::diagnose::{Matcher, Status};
use leadwiz::guide::{Guide, Lang, Sources};
use serde_json::Value;

#[test]
fn every_evaluation_paste_gets_its_expected_verdict() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let matcher = Matcher::new(&guide);
    let text = std::fs::read_to_string("tests/fixtures/diagnose/eval.tsv").unwrap();
    let mut failures = Vec::new();
    let (mut positives, mut negatives) = (0, 0);
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (expected, paste) = line.split_once('\t').expect("expected<TAB>text");
        let paste = unescape(paste);
        for lang in Lang::ALL {
            let d = matcher.diagnose(&paste, lang);
            let ok = match expected {
                "none" => d.status == Status::None,
                "ambiguous" => d.status == Status::Ambiguous,
                "unsure" => d.status != Status::Confident,
                id => d.status == Status::Confident && d.best.as_deref() == Some(id),
            };
            if !ok {
                let got: Vec<String> = d
                    .candidates
                    .iter()
                    .map(|c| format!("{} {:.3}", c.id, c.score))
                    .collect();
                failures.push(format!(
                    "line {}: expected {expected}, got {:?} {got:?}: {}",
                    n + 1,
                    d.status,
                    paste.chars().take(80).collect::<String>()
                ));
                break;
            }
        }
        if guide.node(expected).is_some() {
            positives += 1;
        } else {
            negatives += 1;
        }
    }
    assert!(
        positives >= 80 && negatives >= 20,
        "{positives} variants, {negatives} others"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const TENANT: &str = "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. This instance may happen if there are no active subscriptions for the tenant.";

#[test]
fn plain_output_has_verdict_reason_steps_and_the_show_hint() {
    let out = leadwiz().args(["diagnose", TENANT]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Match: dynamics-aad-tenant-not-found (score "),
        "{text}"
    );
    assert!(text.contains("Azure AD: tenant not found"), "{text}");
    assert!(text.contains("Why:\n  • "), "{text}");
    assert!(
        text.contains("Steps:\n  1. Microsoft Entra admin center or Azure portal > Microsoft Entra ID > Overview"),
        "{text}"
    );
    assert!(
        text.contains("leadwiz show dynamics-aad-tenant-not-found"),
        "{text}"
    );
    let zh = leadwiz()
        .args(["diagnose", "--lang", "zh-CN", "找不到租户"])
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.starts_with("匹配：dynamics-aad-tenant-not-found"),
        "{zh}"
    );
    assert!(zh.contains("匹配依据："), "{zh}");
}

#[test]
fn ambiguous_and_none_say_so_and_exit_1() {
    let out = leadwiz()
        .args(["diagnose", "AADSTS90002"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Not sure: these errors fit about as well."),
        "{text}"
    );
    assert!(
        text.contains("dynamics-aad-tenant-not-found")
            && text.contains("dynamics-aad-invalid-tenant-id"),
        "{text}"
    );
    let out = leadwiz()
        .args(["diagnose", "npm", "ERR!", "code", "ENOENT"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("No known error matches this text."));
}

#[test]
fn json_has_the_documented_shape() {
    for (args, status) in [
        (vec!["diagnose", "--json", TENANT], "confident"),
        (vec!["diagnose", "--json", "AADSTS90002"], "ambiguous"),
        (vec!["diagnose", "--json", "hello"], "none"),
    ] {
        let out = leadwiz().args(&args).output().unwrap();
        let raw = String::from_utf8(out.stdout.clone()).unwrap();
        let at = |k: &str| raw.find(&format!("\"{k}\":")).unwrap_or(usize::MAX);
        assert!(
            at("status") < at("best")
                && at("best") < at("candidates")
                && at("candidates") < at("truncated"),
            "{raw}"
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["best", "candidates", "status", "truncated"]);
        assert_eq!(v["status"], status);
        assert_eq!(v["truncated"], false);
        assert_eq!(v["best"].is_null(), status != "confident");
        for c in v["candidates"].as_array().unwrap() {
            let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(keys, ["evidence", "id", "score", "title"]);
            let score = c["score"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&score));
            assert!(c["evidence"].is_array());
        }
        assert_eq!(
            out.status.code(),
            Some(if status == "confident" { 0 } else { 1 })
        );
    }
    let v: Value = serde_json::from_slice(
        &leadwiz()
            .args(["diagnose", "--json", TENANT])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["best"], "dynamics-aad-tenant-not-found");
    assert_eq!(v["candidates"][0]["id"], "dynamics-aad-tenant-not-found");
}

#[test]
fn reads_standard_input_when_there_is_no_text_or_a_dash() {
    for args in [vec!["diagnose", "--json"], vec!["diagnose", "--json", "-"]] {
        let out = leadwiz()
            .args(&args)
            .write_stdin("Invalid client secret is provided.\r\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["best"], "dynamics-aad-invalid-client-secret");
    }
}

#[test]
fn empty_input_is_none() {
    for input in ["", "  \n\t\r\n"] {
        let out = leadwiz()
            .args(["diagnose", "--json"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["status"], "none");
        assert_eq!(v["candidates"], serde_json::json!([]));
    }
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let mut bytes = b"\xff\xfeTenant not found\xc3".to_vec();
    bytes.extend_from_slice(b" \x80 no active subscriptions for the tenant");
    let out = leadwiz()
        .args(["diagnose", "--json"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["best"], "dynamics-aad-tenant-not-found");
}

#[test]
fn a_huge_paste_is_truncated_with_a_note() {
    let mut big = String::from(TENANT);
    big.push('\n');
    while big.len() < 10 * 1024 * 1024 {
        big.push_str("at Contoso.Leads.Handler.Run() in C:\\src\\Handler.cs:line 42\n");
    }
    let out = leadwiz()
        .args(["diagnose", "--json"])
        .write_stdin(big.clone())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["truncated"], true);
    assert_eq!(v["best"], "dynamics-aad-tenant-not-found");
    let out = leadwiz().arg("diagnose").write_stdin(big).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Note: the input was longer than 64 KB; only the first 64 KB were read."),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = leadwiz().args(["diagnose", "--jsn", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = leadwiz()
        .args(["diagnose", "--lang", "xx", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Diagnosis sits above the guide: the guide's modules never use the matcher.
#[test]
fn the_guide_does_not_depend_on_diagnosis() {
    fn visit(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                visit(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    visit(std::path::Path::new("src/guide"), &mut files);
    assert!(files.len() > 3);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains("crate::diagnose") && !text.contains("super::super::diagnose"),
            "{} uses the matcher",
            f.display()
        );
    }
}

fn embedded_matcher() -> Matcher {
    Matcher::new(&Guide::load(&Sources::embedded()).guide.unwrap())
}

/// Texts of other tools that share only generic words with a known error ("not found",
/// "directory", "tenant", "permissions", "attribute", "entity", "credentials") are never a
/// confident match.
#[test]
fn generic_words_alone_are_never_confident() {
    let m = embedded_matcher();
    for text in [
        "fatal: not a git repository (or any of the parent directories): .git",
        "404 - File or directory not found.\nThe resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.",
        "ls: cannot access '/var/log/leads': No such file or directory",
        "Error: Tenant 'acme-prod' not found",
        "User does not have create permissions for the new_invoicenumber attribute in the invoice entity",
        "Error validating credentials",
        "Permission denied (publickey).",
        "The operation has timed out.",
    ] {
        for lang in Lang::ALL {
            let d = m.diagnose(text, lang);
            assert_ne!(d.status, Status::Confident, "{text}: {d:?}");
        }
    }
}

/// "Error validating credentials" followed by AADSTS50126 is the user's password, not an app's
/// client secret: the wrapping code AADSTS70002 gives way to the code it wraps.
#[test]
fn a_wrapped_password_error_is_the_password() {
    let m = embedded_matcher();
    let d = m.diagnose(
        "AADSTS70002: Error validating credentials. AADSTS50126: Invalid username or password",
        Lang::En,
    );
    assert_eq!(d.best.as_deref(), Some("entra-wrong-password"), "{d:?}");
    let d = m.diagnose(
        "Error validating credentials.: Invalid client secret is provided. AADSTS70002",
        Lang::En,
    );
    assert_eq!(
        d.best.as_deref(),
        Some("dynamics-aad-invalid-client-secret"),
        "{d:?}"
    );
}

/// Another identifier in the same slot is another error: a privilege other than the one a node
/// is about takes the match away from it.
#[test]
fn another_identifier_in_the_slot_is_another_error() {
    let m = embedded_matcher();
    let frame = |prv: &str| {
        format!(
            "Principal user (Id=2f1b7c3e-0a4d-4e5f-9a8b-7c6d5e4f3a2b, type=8, roleCount=1, privilegeCount=12, accessMode=0), is missing {prv} privilege (Id=0d4a1b2c-3e4f-5a6b-7c8d-9e0f1a2b3c4d)"
        )
    };
    let d = m.diagnose(&frame("prvReadAsyncOperation"), Lang::En);
    assert_eq!(
        d.best.as_deref(),
        Some("dataverse-missing-system-job-privilege"),
        "{d:?}"
    );
    let d = m.diagnose(&frame("prvCreateLead"), Lang::En);
    assert_eq!(
        d.best.as_deref(),
        Some("dataverse-missing-privilege"),
        "{d:?}"
    );
}

/// The start every Dynamics error shares says which errors share it and asks for the rest.
#[test]
fn a_shared_start_names_the_errors_that_share_it() {
    let m = embedded_matcher();
    for (text, lang, ask) in [
        (
            "Could not save the lead to Dynamics CRM.",
            Lang::En,
            "paste the rest of the message",
        ),
        (
            "Couldn't save the lead to Dynamics CRM",
            Lang::En,
            "paste the rest of the message",
        ),
        (
            "无法将潜在顾客保存到 Dynamics CRM。",
            Lang::ZhCn,
            "请粘贴消息的其余部分",
        ),
    ] {
        let d = m.diagnose(text, lang);
        assert_eq!(d.status, Status::Ambiguous, "{text}: {d:?}");
        // Every English message starts so; in Chinese the four that name AAD start otherwise.
        let sharing = lang.pick(8, 4);
        assert_eq!(d.candidates.len(), sharing, "{text}: {d:?}");
        assert!(
            d.candidates
                .iter()
                .all(|c| c.id.starts_with("dynamics-") && c.evidence[0].contains(ask)),
            "{d:?}"
        );
    }
}

/// Every quote in an evidence line is text of the paste (spaces aside).
#[test]
fn evidence_quotes_only_the_paste() {
    let m = embedded_matcher();
    let text = std::fs::read_to_string("tests/fixtures/diagnose/eval.tsv").unwrap();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut quotes = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((_, paste)) = line.split_once('\t') else {
            continue;
        };
        let paste = unescape(paste);
        let flat = squash(&paste);
        for lang in Lang::ALL {
            for c in m.diagnose(&paste, lang).candidates {
                for e in &c.evidence {
                    let (open, close) =
                        if e.starts_with('“') || e.contains("“") && lang == Lang::ZhCn {
                            ('“', '”')
                        } else {
                            ('"', '"')
                        };
                    let Some(start) = e.find(open) else { continue };
                    let rest = &e[start + open.len_utf8()..];
                    let Some(end) = rest.find(close) else {
                        continue;
                    };
                    let quote = rest[..end].trim_end_matches('…');
                    if e.contains("leadwiz 所知的写法") || e.contains("as leadwiz knows it") {
                        continue;
                    }
                    quotes += 1;
                    assert!(flat.contains(quote), "{e:?} quotes text not in {flat:?}");
                }
            }
        }
    }
    assert!(quotes > 100, "{quotes} quotes checked");
}
