//! Diagnosis quality on messy pastes written for this purpose (tests/fixtures/diagnose/eval.tsv),
//! and the `diagnose` command's output, exit statuses and input handling.

use assert_cmd::Command;
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
