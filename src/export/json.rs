//! JSON: one node as read in one language (`show`), the node list, or the whole guide as data.

use serde_json::{Value, json};

use super::related;
use crate::guide::{Guide, Lang, Node};

/// One node with its text in `lang` (English where a translation is missing).
pub fn node(guide: &Guide, node: &Node, lang: Lang) -> Value {
    let opt = |t: &Option<crate::guide::Text>| t.as_ref().map(|t| t.get(lang).to_owned());
    let (file, line) = guide.origin(&node.id).unwrap_or(("", 0));
    json!({
        "id": node.id,
        "kind": node.kind.as_str(),
        "lang": lang,
        "title": node.title.get(lang),
        "summary": opt(&node.summary),
        "prompt": opt(&node.prompt),
        "error": opt(&node.error),
        "body": opt(&node.body),
        "note": opt(&node.note),
        "choices": node.choices.iter().map(|c| json!({
            "label": c.label.get(lang),
            "next": c.next,
            "hint": opt(&c.hint),
        })).collect::<Vec<_>>(),
        "steps": node.steps.iter().map(|s| s.get(lang)).collect::<Vec<_>>(),
        "links": node.links.iter().map(|l| json!({"title": l.title.get(lang), "url": l.url})).collect::<Vec<_>>(),
        "related": related(guide, node, lang).into_iter().map(|(id, title)| json!({"id": id, "title": title})).collect::<Vec<_>>(),
        "follow_up": guide.follow_up(node).map(|(fixed, not_fixed)| json!({"fixed": fixed, "not_fixed": not_fixed})),
        "sources": node.sources,
        "reviewed": node.reviewed,
        "source": {"file": file, "line": line},
    })
}

/// Every node: id, kind, title.
pub fn list(guide: &Guide, lang: Lang) -> Value {
    Value::Array(
        guide
            .nodes()
            .iter()
            .map(|n| json!({"id": n.id, "kind": n.kind.as_str(), "title": n.title.get(lang)}))
            .collect(),
    )
}

/// The whole guide in every language, as the content files define it.
pub fn guide(guide: &Guide) -> Value {
    json!({
        "guide": guide.meta,
        "nodes": guide.nodes(),
    })
}
