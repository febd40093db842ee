//! Writing the guide out: one node as text, Markdown or JSON (`show`), the whole guide as
//! Markdown, JSON, Graphviz or Mermaid (`export`), the node list (`list`).

pub mod diagnosis;
pub mod graph;
pub mod json;
pub mod markdown;
pub mod text;

use crate::guide::{Guide, Lang, Node};

/// The related nodes of `node` that exist, with their titles in `lang`.
pub(crate) fn related<'g>(guide: &'g Guide, node: &'g Node, lang: Lang) -> Vec<(&'g str, &'g str)> {
    node.related
        .iter()
        .filter_map(|id| guide.node(id).map(|n| (n.id.as_str(), n.title.get(lang))))
        .collect()
}

/// The title of the node `id` in `lang`, or the id itself.
pub(crate) fn title_of<'g>(guide: &'g Guide, id: &'g str, lang: Lang) -> &'g str {
    guide.node(id).map(|n| n.title.get(lang)).unwrap_or(id)
}
