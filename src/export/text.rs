//! A node as plain text, the way a person reads it in a terminal.

use std::fmt::Write;

use super::{related, title_of};
use crate::guide::i18n::Ui;
use crate::guide::{Guide, Lang, Node, NodeKind};
pub use crate::width::{display_width, ellipsize};

pub fn kind_label(kind: NodeKind, lang: Lang) -> &'static str {
    match kind {
        NodeKind::Question => Ui::Question.text(lang),
        NodeKind::Answer => Ui::Answer.text(lang),
        NodeKind::KnownError => Ui::KnownError.text(lang),
        NodeKind::End => Ui::End.text(lang),
    }
}

/// Indents every line of `text` by `indent` spaces.
fn indented(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn node(guide: &Guide, node: &Node, lang: Lang) -> String {
    let mut out = head(node, lang);
    if !node.choices.is_empty() {
        let _ = writeln!(out);
        for (i, c) in node.choices.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}  → {}", i + 1, c.label.get(lang), c.next);
            if let Some(h) = &c.hint {
                let _ = writeln!(out, "     {}", h.get(lang));
            }
        }
    }
    out.push_str(&tail(node, lang));
    if !node.sources.is_empty() {
        let _ = write!(out, "\n{}\n", Ui::Sources.heading(lang));
        for s in &node.sources {
            let colon = if lang == Lang::ZhCn { "：" } else { ": " };
            let _ = writeln!(
                out,
                "  • {} ({}){colon}{}",
                s.title,
                seen(&s.seen, lang),
                s.url
            );
        }
    }
    let rel = related(guide, node, lang);
    if !rel.is_empty() {
        let _ = write!(out, "\n{}\n", Ui::Related.heading(lang));
        for (id, title) in rel {
            let _ = writeln!(out, "  • {title}  → {id}");
        }
    }
    if let Some((fixed, not_fixed)) = guide.follow_up(node) {
        let _ = write!(
            out,
            "\n{}  {} → {} ({}) · {} → {} ({})\n",
            Ui::DidThisFixIt.text(lang),
            Ui::Yes.text(lang),
            fixed,
            title_of(guide, fixed, lang),
            Ui::No.text(lang),
            not_fixed,
            title_of(guide, not_fixed, lang),
        );
    }
    out
}

/// The start of a node as text: title, kind and id, summary, prompt, error message, body.
pub fn head(node: &Node, lang: Lang) -> String {
    let mut out = String::new();
    let title = node.title.get(lang);
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "=".repeat(display_width(title).clamp(3, 78)));
    let _ = writeln!(out, "[{} · {}]", kind_label(node.kind, lang), node.id);
    if let Some(s) = &node.summary {
        let _ = write!(out, "\n{}\n", s.get(lang).trim_end());
    }
    if let Some(p) = &node.prompt {
        let _ = write!(out, "\n{}\n", p.get(lang).trim_end());
    }
    if let Some(e) = &node.error {
        let _ = write!(
            out,
            "\n{}\n{}\n",
            Ui::ErrorMessage.heading(lang),
            indented(e.get(lang).trim_end(), 2)
        );
        if lang != Lang::En && e.get(Lang::En) != e.get(lang) {
            let _ = writeln!(out, "{}", indented(e.get("en").trim_end(), 2));
        }
    }
    if let Some(b) = &node.body {
        let _ = write!(out, "\n{}\n", b.get(lang).trim_end());
    }
    out
}

/// "seen 2026-12-02" / "查阅于 2026-12-02".
pub(crate) fn seen(date: &str, lang: Lang) -> String {
    if lang == Lang::ZhCn {
        format!("查阅于 {date}")
    } else {
        format!("seen {date}")
    }
}

/// The end of a node as text: numbered steps, note, links, and on a remediation the date it was
/// last checked against the documentation.
pub fn tail(node: &Node, lang: Lang) -> String {
    let mut out = String::new();
    if !node.steps.is_empty() {
        let _ = write!(out, "\n{}\n", Ui::Steps.heading(lang));
        let width = node.steps.len().to_string().len();
        for (i, s) in node.steps.iter().enumerate() {
            let text = s.get(lang).trim_end();
            let mut lines = text.lines();
            let _ = writeln!(out, "  {:>width$}. {}", i + 1, lines.next().unwrap_or(""));
            for l in lines {
                let _ = writeln!(out, "  {:>width$}  {}", "", l);
            }
        }
    }
    // Chinese runs on after a full-width colon, with no space.
    let (space, colon) = if lang == Lang::ZhCn {
        ("", "：")
    } else {
        (" ", ": ")
    };
    if let Some(n) = &node.note {
        let _ = write!(
            out,
            "\n{}{space}{}\n",
            Ui::Note.heading(lang),
            n.get(lang).trim_end()
        );
    }
    if !node.links.is_empty() {
        let _ = write!(out, "\n{}\n", Ui::Links.heading(lang));
        for l in &node.links {
            let _ = writeln!(out, "  • {}{colon}{}", l.title.get(lang), l.url);
        }
    }
    let remediation = matches!(node.kind, NodeKind::Answer | NodeKind::KnownError);
    if let Some(date) = node.reviewed.as_deref().filter(|_| remediation) {
        let _ = write!(out, "\n{}\n", crate::guide::i18n::checked_on(date, lang));
    }
    out
}

/// Every node, one per line: id, kind, title, in aligned columns.
pub fn list(guide: &Guide, lang: Lang) -> String {
    let id_w = guide.nodes().iter().map(|n| n.id.len()).max().unwrap_or(2);
    let mut out = String::new();
    for n in guide.nodes() {
        let _ = writeln!(
            out,
            "{:<id_w$}  {:<11}  {}",
            n.id,
            n.kind.as_str(),
            n.title.get(lang)
        );
    }
    out
}
