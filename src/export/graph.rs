//! The decision tree as a graph: Graphviz DOT or a Mermaid flowchart. Questions and answers are
//! drawn differently; choice edges carry the choice's label, follow-up edges say yes or no.

use std::fmt::Write;

use crate::guide::i18n::Ui;
use crate::guide::{EdgeKind, Guide, Lang, NodeKind};

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Graphviz DOT: `dot -Tsvg` draws it.
pub fn dot(guide: &Guide, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph leadwiz {{");
    let _ = writeln!(
        out,
        "  label=\"{}\";",
        dot_escape(guide.meta.title.get(lang))
    );
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];");
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for n in guide.nodes() {
        let shape = match n.kind {
            NodeKind::Question => "shape=diamond",
            NodeKind::Answer => "shape=box, style=rounded",
            NodeKind::KnownError => "shape=box, style=\"rounded,bold\", color=firebrick",
            NodeKind::End => "shape=doublecircle",
        };
        let label = format!("{}\n({})", n.title.get(lang), n.id);
        let _ = writeln!(
            out,
            "  \"{}\" [{shape}, label=\"{}\"];",
            n.id,
            dot_escape(&label)
        );
    }
    for e in guide.edges() {
        let attrs = match e.kind {
            EdgeKind::Choice => format!(
                "label=\"{}\"",
                dot_escape(e.label.map(|l| l.get(lang)).unwrap_or(""))
            ),
            EdgeKind::Fixed => format!(
                "label=\"{}\", style=dashed, color=darkgreen",
                Ui::Yes.text(lang)
            ),
            EdgeKind::NotFixed => format!(
                "label=\"{}\", style=dashed, color=darkorange",
                Ui::No.text(lang)
            ),
            EdgeKind::Related => continue,
        };
        let _ = writeln!(out, "  \"{}\" -> \"{}\" [{attrs}];", e.from, e.to);
    }
    let _ = writeln!(out, "}}");
    out
}

/// The Mermaid id of a node: kebab-case ids have no underscores, so this cannot collide, and
/// the prefix keeps ids such as `end` from reading as Mermaid keywords.
pub fn mermaid_id(id: &str) -> String {
    format!("n_{}", id.replace('-', "_"))
}

fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;").replace('\n', " ")
}

/// A Mermaid flowchart.
pub fn mermaid(guide: &Guide, lang: Lang) -> String {
    let mut out = String::from("flowchart TD\n");
    for n in guide.nodes() {
        let label = mermaid_text(&format!("{} ({})", n.title.get(lang), n.id));
        let (open, close) = match n.kind {
            NodeKind::Question => ("{", "}"),
            NodeKind::Answer => ("[", "]"),
            NodeKind::KnownError => ("[[", "]]"),
            NodeKind::End => ("([", "])"),
        };
        let _ = writeln!(out, "    {}{open}\"{label}\"{close}", mermaid_id(&n.id));
    }
    for e in guide.edges() {
        let (arrow, label) = match e.kind {
            EdgeKind::Choice => ("-->", e.label.map(|l| l.get(lang)).unwrap_or("")),
            EdgeKind::Fixed => ("-.->", Ui::Yes.text(lang)),
            EdgeKind::NotFixed => ("-.->", Ui::No.text(lang)),
            EdgeKind::Related => continue,
        };
        let _ = writeln!(
            out,
            "    {} {arrow}|\"{}\"| {}",
            mermaid_id(e.from),
            mermaid_text(label),
            mermaid_id(e.to)
        );
    }
    out
}
