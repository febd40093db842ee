//! The selectable lines of a page: the choices of a question; the steps, "Test my destination",
//! the related pages and "Did this fix it?" of a remediation.

use crate::guide::{LiveCheck, NodeKind};
use crate::tui::shared::Shared;

/// One selectable line of a node screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Choice(usize),
    Step(usize),
    Related(String),
    /// "Did this fix it?": yes or no.
    FollowUp(bool),
    /// "Test my destination".
    LiveCheck(LiveCheck),
}

/// The selectable lines of the current node: choices of a question; steps, then related
/// nodes of a remediation.
pub fn items(shared: &Shared) -> Vec<Item> {
    let node = shared.current();
    // "Test my destination" where the guide offers it, and on every page whose fix a
    // check confirms.
    let live = node
        .live_check
        .or_else(|| crate::destinations::live::confirms(&node.id))
        .map(Item::LiveCheck);
    if node.kind == NodeKind::Question {
        let mut items: Vec<Item> = (0..node.choices.len()).map(Item::Choice).collect();
        items.extend(live);
        return items;
    }
    let mut items: Vec<Item> = (0..node.steps.len()).map(Item::Step).collect();
    items.extend(live);
    items.extend(
        node.related
            .iter()
            .filter(|id| shared.guide.node(id).is_some())
            .cloned()
            .map(Item::Related),
    );
    if shared.guide.follow_up(node).is_some() {
        items.push(Item::FollowUp(true));
        items.push(Item::FollowUp(false));
    }
    items
}

/// An item's label as the page shows it (without its number or tick box), in the current
/// language.
pub fn label(shared: &Shared, item: &Item) -> String {
    let node = shared.current();
    let lang = shared.lang;
    match item {
        Item::Choice(i) => node.choices[*i].label.get(lang).to_owned(),
        Item::Step(i) => node.steps[*i].get(lang).to_owned(),
        Item::Related(id) => shared
            .guide
            .node(id)
            .map_or(id.as_str(), |n| n.title.get(lang))
            .to_owned(),
        Item::FollowUp(yes) => crate::tui::messages::follow_up_label(*yes, lang).to_owned(),
        Item::LiveCheck(kind) => crate::guide::i18n::live_check_label(*kind, lang).to_owned(),
    }
}
