//! Diagnosis quality on messy pastes written for this purpose (tests/fixtures/diagnose/eval.tsv),
//! and the `diagnose` command's output, exit statuses and input handling.

use crate::common;

use common::leadwiz;
use leadwiz::diagnose::{Matcher, Status};
use leadwiz::guide::{Guide, Sources};
use serde_json::Value;

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(
                    u8::from_str_radix(&hex, 16).expect("two hex digits"),
                ));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

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
        for lang in ["en", "zh-CN"] {
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
    bytes.extend_from_slice(b" \x80 for the tenant");
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
