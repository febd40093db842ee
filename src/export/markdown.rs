//! A node, or the whole guide, as Markdown.

use std::fmt::Write;

use super::{related, title_of};
use crate::guide::i18n::Ui;
use crate::guide::{Guide, Lang, Node};

/// One node as a Markdown section; links between nodes are in-document anchors.
pub fn node(guide: &Guide, node: &Node, lang: Lang, heading: usize) -> String {
    let mut out = String::new();
    let hashes = "#".repeat(heading.clamp(1, 6));
    let _ = writeln!(out, "<a id=\"{}\"></a>", node.id);
    let _ = writeln!(out, "{hashes} {}\n", escape(node.title.get(lang)));
    let _ = writeln!(
        out,
        "`{}` · {}\n",
        node.id,
        super::text::kind_label(node.kind, lang)
    );
    if let Some(s) = &node.summary {
        let _ = writeln!(out, "*{}*\n", escape(s.get(lang).trim()));
    }
    if let Some(p) = &node.prompt {
        let _ = writeln!(out, "**{}**\n", escape(p.get(lang).trim()));
    }
    if let Some(e) = &node.error {
        let _ = writeln!(out, "{}:\n", Ui::ErrorMessage.text(lang));
        let _ = writeln!(out, "```text\n{}\n```\n", e.get(lang).trim_end());
        if lang != Lang::En && e.get(Lang::En) != e.get(lang) {
            let _ = writeln!(out, "```text\n{}\n```\n", e.get("en").trim_end());
        }
    }
    if let Some(b) = &node.body {
        let _ = writeln!(out, "{}\n", b.get(lang).trim_end());
    }
    for c in &node.choices {
        let _ = writeln!(
            out,
            "- [{}](#{}) (`{}`)",
            escape(c.label.get(lang)),
            c.next,
            c.next
        );
    }
    if !node.choices.is_empty() {
        out.push('\n');
    }
    if !node.steps.is_empty() {
        let _ = writeln!(out, "**{}**\n", Ui::Steps.text(lang));
        for (i, s) in node.steps.iter().enumerate() {
            let text = s.get(lang).trim_end().replace('\n', "\n   ");
            let _ = writeln!(out, "{}. {}", i + 1, text);
        }
        out.push('\n');
    }
    if let Some(n) = &node.note {
        let _ = writeln!(
            out,
            "> **{}:** {}\n",
            Ui::Note.text(lang),
            n.get(lang).trim().replace('\n', "\n> ")
        );
    }
    if !node.links.is_empty() {
        let _ = writeln!(out, "**{}**\n", Ui::Links.text(lang));
        for l in &node.links {
            let _ = writeln!(
                out,
                "- [{}]({}) <{}>",
                escape(l.title.get(lang)),
                l.url,
                l.url
            );
        }
        out.push('\n');
    }
    if !node.sources.is_empty() {
        let _ = writeln!(out, "**{}**\n", Ui::Sources.text(lang));
        for s in &node.sources {
            let _ = writeln!(
                out,
                "- [{}]({}) <{}> ({})",
                escape(&s.title),
                s.url,
                s.url,
                super::text::seen(&s.seen, lang)
            );
        }
        out.push('\n');
    }
    if let Some(date) = &node.reviewed {
        let _ = writeln!(out, "*{}*\n", crate::guide::i18n::checked_on(date, lang));
    }
    let rel = related(guide, node, lang);
    if !rel.is_empty() {
        let _ = writeln!(out, "**{}**\n", Ui::Related.text(lang));
        for (id, title) in rel {
            let _ = writeln!(out, "- [{}](#{id}) (`{id}`)", escape(title));
        }
        out.push('\n');
    }
    if let Some((fixed, not_fixed)) = guide.follow_up(node) {
        let _ = writeln!(
            out,
            "**{}** {}: [{}](#{fixed}) · {}: [{}](#{not_fixed})\n",
            Ui::DidThisFixIt.text(lang),
            Ui::Yes.text(lang),
            escape(title_of(guide, fixed, lang)),
            Ui::No.text(lang),
            escape(title_of(guide, not_fixed, lang)),
        );
    }
    out
}

/// The whole guide: a title, a table of contents and every node.
pub fn guide(guide: &Guide, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(guide.meta.title.get(lang)));
    let _ = writeln!(out, "Version {} · {lang}\n", guide.meta.version);
    for n in guide.nodes() {
        let _ = writeln!(
            out,
            "- [{}](#{}) (`{}`)",
            escape(n.title.get(lang)),
            n.id,
            n.id
        );
    }
    out.push('\n');
    for n in guide.nodes() {
        out.push_str(&node(guide, n, lang, 2));
    }
    out
}

/// Escapes the characters Markdown would read as emphasis or links in a one-line string.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
