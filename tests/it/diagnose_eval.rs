//! Diagnosis quality on pastes built from public sources (tests/fixtures/diagnose/cases.tsv:
//! the documented messages in English and as Microsoft's localized pages show them, real
//! response bodies of Entra ID, Dataverse, Power Automate and Marketo, the messy ways people
//! paste them, and texts of other tools), and on a held-out set written after the matcher was
//! tuned (holdout.tsv). Every group must reach its accuracy, and no answer may be confidently
//! wrong. `cargo test --test it diagnose_eval -- --nocapture` prints the figures per group and
//! language.

use std::collections::BTreeMap;

use crate::common::unescape;
use leadwiz::diagnose::{Matcher, Status};
use leadwiz::guide::{Guide, Lang, Sources};

struct Case {
    group: String,
    lang: String,
    expected: String,
    text: String,
}

fn read(path: &str) -> Vec<Case> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.splitn(5, '\t').collect();
            assert_eq!(f.len(), 5, "group, language, expected, source, text: {l}");
            assert!(!f[3].trim().is_empty(), "every case names its source: {l}");
            Case {
                group: f[0].to_owned(),
                lang: f[1].to_owned(),
                expected: f[2].to_owned(),
                text: unescape(f[4]),
            }
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
    confidently_wrong: Vec<String>,
}

/// Runs every case; (per group, per group and language) tallies.
fn evaluate(cases: &[Case]) -> (BTreeMap<String, Tally>, BTreeMap<(String, String), Tally>) {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let matcher = Matcher::new(&guide);
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut langs: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for c in cases {
        assert!(
            c.expected == "unsure" || guide.node(&c.expected).is_some(),
            "unknown id {}",
            c.expected
        );
        // The verdict may not depend on the language the answer is shown in.
        let ui = if c.lang.starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        };
        let d = matcher.diagnose(&c.text, ui);
        let confident = d.status == Status::Confident;
        let right = if c.expected == "unsure" {
            !confident
        } else {
            confident && d.best.as_deref() == Some(c.expected.as_str())
        };
        let wrong = confident && !right;
        for t in [
            groups.entry(c.group.clone()).or_default(),
            langs.entry((c.group.clone(), c.lang.clone())).or_default(),
        ] {
            t.total += 1;
            t.right += usize::from(right);
            if wrong {
                t.confidently_wrong.push(format!(
                    "expected {}, confidently {:?}: {}",
                    c.expected,
                    d.best,
                    c.text.chars().take(100).collect::<String>()
                ));
            }
        }
    }
    (groups, langs)
}

fn report(name: &str, groups: &BTreeMap<String, Tally>, langs: &BTreeMap<(String, String), Tally>) {
    println!("{name}: group / language: right of total");
    for (g, t) in groups {
        println!("  {g:18} {:>4}/{:<4} {:5.1} %", t.right, t.total, pct(t));
        for ((lg, lang), t) in langs.iter().filter(|((lg, _), _)| lg == g) {
            let _ = lg;
            println!(
                "      {lang:8} {:>4}/{:<4} {:5.1} %",
                t.right,
                t.total,
                pct(t)
            );
        }
    }
}

fn pct(t: &Tally) -> f64 {
    100.0 * t.right as f64 / t.total.max(1) as f64
}

/// The least accuracy of each group of cases.tsv (percent).
const FLOORS: &[(&str, f64)] = &[
    ("documented", 100.0),
    ("documented-messy", 95.0),
    ("localized", 100.0),
    ("localized-messy", 90.0),
    ("families", 100.0),
    ("families-messy", 95.0),
    ("responses", 90.0),
    ("unrelated", 100.0),
];

#[test]
fn public_cases_reach_each_groups_accuracy_and_none_is_confidently_wrong() {
    let cases = read("tests/fixtures/diagnose/cases.tsv");
    let (groups, langs) = evaluate(&cases);
    report("cases.tsv", &groups, &langs);
    let positives = cases.iter().filter(|c| c.expected != "unsure").count();
    let unrelated = cases.iter().filter(|c| c.group == "unrelated").count();
    assert!(
        positives >= 300 && unrelated >= 100,
        "{positives} / {unrelated}"
    );
    let wrong: Vec<&String> = groups.values().flat_map(|t| &t.confidently_wrong).collect();
    assert!(wrong.is_empty(), "confidently wrong:\n{wrong:#?}");
    for (g, floor) in FLOORS {
        let t = &groups[*g];
        assert!(pct(t) >= *floor, "{g}: {:.1} % < {floor} %", pct(t));
    }
    assert_eq!(groups.len(), FLOORS.len(), "every group has a floor");
}

#[test]
fn held_out_cases_keep_their_measured_accuracy() {
    let cases = read("tests/fixtures/diagnose/holdout.tsv");
    let (groups, langs) = evaluate(&cases);
    report("holdout.tsv", &groups, &langs);
    // Measured once, untuned: 62 of 64 right, one confidently wrong (Dropbox's "The given
    // OAuth 2 access token is malformed." read as a flow that requires OAuth). That was fixed
    // afterwards at its cause (protocol and product names written in mixed case are not error
    // identifiers), so this set is no longer untouched: holdout2.tsv is the held-out figure now.
    let wrong: Vec<&String> = groups.values().flat_map(|t| &t.confidently_wrong).collect();
    assert!(wrong.is_empty(), "confidently wrong:\n{wrong:#?}");
    let t = &groups["held-out"];
    assert!(pct(t) >= 96.0, "held-out: {:.1} %", pct(t));
}

/// The second held-out set (holdout2.tsv), written by authors who neither ran the matcher nor
/// read its code. Its first run, before any change: 172 of 192 pastes right, 68 of 83 unrelated
/// texts not confident (15 confidently wrong). Three causes it showed were then fixed at their
/// mechanism (service fields such as `requestId` and the portals' everyday words in other
/// languages are generic; a paste that negates nothing is not a pattern that does; the bare
/// `DirectApiAuthorizationRequired` names two errors), so it is no longer untouched: these are
/// the figures after, kept from getting worse. `-- --nocapture` lists every miss.
#[test]
fn second_held_out_set_keeps_its_figures() {
    let cases = read("tests/fixtures/diagnose/holdout2.tsv");
    let (groups, langs) = evaluate(&cases);
    report("holdout2.tsv", &groups, &langs);
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let matcher = Matcher::new(&guide);
    for c in &cases {
        let d = matcher.diagnose(&c.text, Lang::En);
        let ok = if c.expected == "unsure" {
            d.status != Status::Confident
        } else {
            d.status == Status::Confident && d.best.as_deref() == Some(c.expected.as_str())
        };
        if !ok {
            println!(
                "miss: expected {}, {:?} {:?}: {}",
                c.expected,
                d.status,
                d.best,
                c.text
                    .chars()
                    .take(120)
                    .collect::<String>()
                    .replace('\n', " ")
            );
        }
    }
    let positives = &groups["held-out"];
    let unrelated = &groups["held-out-unrelated"];
    assert!(
        positives.right >= 172,
        "held-out: {}/{}",
        positives.right,
        positives.total
    );
    assert!(
        unrelated.right >= 73,
        "unrelated: {}/{}",
        unrelated.right,
        unrelated.total
    );
    let wrong = groups
        .values()
        .map(|t| t.confidently_wrong.len())
        .sum::<usize>();
    assert!(wrong <= 10, "{wrong} confidently wrong");
}
