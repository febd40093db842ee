//! The graph exports hold the whole tree: every node once, every choice and follow-up an edge.

use std::collections::HashMap;

use assert_cmd::Command;
use leadwiz::export::graph::mermaid_id;
use leadwiz::guide::{Guide, Sources};

fn guide() -> Guide {
    Guide::load(&Sources::embedded())
        .guide
        .expect("the embedded guide loads")
}

fn export(format: &str, lang: &str) -> String {
    let out = Command::cargo_bin("leadwiz")
        .unwrap()
        .args(["export", "--format", format, "--lang", lang])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Every choice edge, as (from, to, label), in guide order.
fn choices(g: &Guide, lang: &str) -> Vec<(String, String, String)> {
    g.nodes()
        .iter()
        .flat_map(|n| {
            n.choices
                .iter()
                .map(move |c| (n.id.clone(), c.next.clone(), c.label.get(lang).to_owned()))
        })
        .collect()
}

#[test]
fn dot_has_every_node_once_and_every_choice_as_a_labelled_edge() {
    let g = guide();
    for lang in ["en", "zh-CN"] {
        let dot = export("dot", lang);
        assert!(dot.starts_with("digraph leadwiz {\n") && dot.trim_end().ends_with('}'));
        let mut declared: HashMap<&str, usize> = HashMap::new();
        for line in dot.lines() {
            let line = line.trim();
            if line.starts_with('"') && !line.contains("->") {
                let id = line[1..].split('"').next().unwrap();
                *declared.entry(id).or_default() += 1;
                let node = g.node(id).expect("only real nodes are drawn");
                let shape = if node.kind == leadwiz::guide::NodeKind::Question {
                    "shape=diamond"
                } else {
                    "shape=box"
                };
                assert!(
                    line.contains(shape) || node.kind == leadwiz::guide::NodeKind::End,
                    "{line}"
                );
            }
        }
        assert_eq!(declared.len(), g.nodes().len());
        assert!(
            declared.values().all(|&n| n == 1),
            "each node declared once"
        );
        for (from, to, label) in choices(&g, lang) {
            let edge = format!(
                "\"{from}\" -> \"{to}\" [label=\"{}\"];",
                label.replace('"', "\\\"")
            );
            assert!(dot.contains(&edge), "missing edge {edge}");
        }
        let edges = dot.lines().filter(|l| l.contains(" -> ")).count();
        let follow_ups = g
            .nodes()
            .iter()
            .filter(|n| g.follow_up(n).is_some())
            .count();
        assert_eq!(edges, choices(&g, lang).len() + 2 * follow_ups);
    }
}

#[test]
fn mermaid_has_every_node_once_and_every_choice_as_a_labelled_edge() {
    let g = guide();
    let mm = export("mermaid", "en");
    assert!(mm.starts_with("flowchart TD\n"));
    for n in g.nodes() {
        let id = mermaid_id(&n.id);
        let declarations = mm
            .lines()
            .filter(|l| {
                let l = l.trim();
                l.starts_with(&id) && l[id.len()..].starts_with(['[', '{', '('])
            })
            .count();
        assert_eq!(declarations, 1, "{} declared once", n.id);
    }
    for (from, to, label) in choices(&g, "en") {
        let edge = format!(
            "{} -->|\"{}\"| {}",
            mermaid_id(&from),
            label.replace('"', "#quot;"),
            mermaid_id(&to)
        );
        assert!(mm.contains(&edge), "missing edge {edge}");
    }
    // Labels never carry a raw double quote, which would end the Mermaid string early.
    for line in mm.lines().skip(1) {
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
    }
}

#[test]
fn markdown_and_json_exports_cover_every_node() {
    let g = guide();
    let md = export("markdown", "zh-CN");
    let json: serde_json::Value = serde_json::from_str(&export("json", "en")).unwrap();
    assert_eq!(json["nodes"].as_array().unwrap().len(), g.nodes().len());
    assert_eq!(json["guide"]["start"], "start");
    for n in g.nodes() {
        assert!(md.contains(&format!("<a id=\"{}\"></a>", n.id)), "{}", n.id);
        assert!(md.contains(n.title.get("zh-CN")), "{}", n.id);
    }
}
