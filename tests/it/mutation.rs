//! Malformed content never panics the loader or the checks: the embedded content files are
//! mutated at random and checked, over 10,000 cases in all.

use leadwiz::guide::{Guide, Sources};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    SwapIndent(usize),
    Truncate(usize),
    WrongType(usize, &'static str),
    HugeString(usize, usize),
    DuplicateLine(usize),
    InsertJunk(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::SwapIndent),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            prop::sample::select(vec![
                "[]",
                "{}",
                "42",
                "~",
                "true",
                "- x",
                "&a",
                "*a",
                "!!binary x",
                "\"",
                "'",
                "{en: }"
            ])
        )
            .prop_map(|(i, v)| Mutation::WrongType(i, v)),
        (any::<usize>(), 1usize..200_000).prop_map(|(i, n)| Mutation::HugeString(i, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), "\\PC{0,40}").prop_map(|(i, s)| Mutation::InsertJunk(i, s)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match m {
            Mutation::DeleteLine(i) => {
                lines.remove(i % n);
            }
            Mutation::SwapIndent(i) => {
                let (a, b) = (i % n, (i / n.max(1)) % n);
                let ia = lines[a].len() - lines[a].trim_start().len();
                let ib = lines[b].len() - lines[b].trim_start().len();
                let la = format!("{}{}", " ".repeat(ib), lines[a].trim_start());
                let lb = format!("{}{}", " ".repeat(ia), lines[b].trim_start());
                lines[a] = la;
                lines[b] = lb;
            }
            Mutation::Truncate(i) => {
                let joined = lines.join("\n");
                let mut cut = i % (joined.len() + 1);
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(str::to_owned).collect();
            }
            Mutation::WrongType(i, v) => {
                let line = &mut lines[i % n];
                if let Some(colon) = line.find(": ") {
                    line.truncate(colon + 2);
                    line.push_str(v);
                } else {
                    line.push_str(v);
                }
            }
            Mutation::HugeString(i, len) => {
                let line = &mut lines[i % n];
                let fill = "漢a".repeat(len / 4 + 1);
                if let Some(colon) = line.find(": ") {
                    line.truncate(colon + 2);
                }
                line.push_str(&fill);
            }
            Mutation::DuplicateLine(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Mutation::InsertJunk(i, s) => lines.insert(i % n, s.clone()),
        }
    }
    lines.join("\n")
}

#[test]
fn check_never_panics_on_mutated_content() {
    let base = Sources::embedded();
    let files = base.files.len();
    // Each case mutates one file and checks it alone with guide.yaml (as an author's folder
    // would hold it); every file gets its share of the 10,000 cases.
    let per_file = 10_000usize.div_ceil(files) as u32;
    for target in 0..files {
        let mut runner = TestRunner::new(Config {
            cases: per_file,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&prop::collection::vec(mutation(), 1..4), |mutations| {
                let mut sources = base.clone();
                let (name, text) = sources.files[target].clone();
                sources
                    .files
                    .retain(|(n, _)| *n == name || n == "guide.yaml");
                for f in &mut sources.files {
                    if f.0 == name {
                        f.1 = apply(&text, &mutations);
                    }
                }
                let loaded = Guide::load(&sources);
                for d in &loaded.diagnostics {
                    prop_assert!(d.line >= 1 && d.column >= 1, "{d}");
                    prop_assert!(!d.message.is_empty());
                    prop_assert!(d.file.starts_with("content/"), "{d}");
                }
                prop_assert_eq!(loaded.guide.is_some(), loaded.errors() == 0);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", base.files[target].0));
    }
}
