//! The matching engine on 10,000 random and mutated inputs: no panic, and every result is
//! well-formed.

use leadwiz::diagnose::{MAX_CANDIDATES, Matcher, Status};
use leadwiz::guide::{Guide, Lang, Sources};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn real_messages(guide: &Guide) -> Vec<String> {
    guide
        .nodes()
        .iter()
        .filter_map(|n| n.error.as_ref())
        .flat_map(|e| e.0.values().cloned())
        .collect()
}

fn input(messages: Vec<String>) -> impl Strategy<Value = String> {
    let fragment = (
        prop::sample::select(messages),
        any::<usize>(),
        any::<usize>(),
    )
        .prop_map(|(m, a, b)| {
            let chars: Vec<char> = m.chars().collect();
            let (x, y) = (a % (chars.len() + 1), b % (chars.len() + 1));
            chars[x.min(y)..x.max(y)].iter().collect::<String>()
        });
    let bytes = prop::collection::vec(any::<u8>(), 0..400)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned());
    let unicode = "\\PC{0,300}";
    let controls = prop::collection::vec(
        prop::sample::select(vec![
            "\x1b[31m",
            "\x1b]8;;https://x\x07",
            "\x1b",
            "\x07",
            "\r",
            "\r\n",
            "\t",
            "\0",
            "\u{202e}",
            "\u{feff}",
            "AADSTS",
            "AADSTS90002",
            "::",
            "：",
            "租户",
            "'",
            "\"",
            "-\n",
            "…",
        ]),
        0..60,
    )
    .prop_map(|v| v.concat());
    let long_line = (
        prop::sample::select(vec!["a", "漢", "0", " ", "Tenant ", "x-"]),
        1usize..70_000,
    )
        .prop_map(|(s, n)| s.repeat(n));
    prop_oneof![
        fragment.clone(),
        bytes,
        unicode.prop_map(String::from),
        controls,
        long_line,
        (fragment.clone(), "\\PC{0,40}", fragment).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

#[test]
fn every_result_is_well_formed() {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let matcher = Matcher::new(&guide);
    let mut runner = TestRunner::new(Config {
        cases: 10_000,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(input(real_messages(&guide)), prop::bool::ANY),
            |(text, zh)| {
                let d = matcher.diagnose(&text, if zh { Lang::ZhCn } else { Lang::En });
                prop_assert!(d.candidates.len() <= MAX_CANDIDATES);
                prop_assert_eq!(
                    d.truncated,
                    text.len() > leadwiz::diagnose::normalise::MAX_INPUT
                );
                match d.status {
                    Status::Confident => {
                        prop_assert_eq!(d.best.as_deref(), Some(d.candidates[0].id.as_str()));
                    }
                    Status::Ambiguous => {
                        prop_assert!(d.best.is_none() && !d.candidates.is_empty());
                    }
                    Status::None => prop_assert!(d.best.is_none() && d.candidates.is_empty()),
                }
                for pair in d.candidates.windows(2) {
                    prop_assert!(pair[0].score >= pair[1].score);
                }
                for c in &d.candidates {
                    prop_assert!((0.0..=1.0).contains(&c.score), "{}", c.score);
                    prop_assert!(guide.node(&c.id).is_some());
                    prop_assert!(!c.evidence.is_empty());
                    prop_assert!(!c.title.is_empty());
                }
                Ok(())
            },
        )
        .unwrap();
}
