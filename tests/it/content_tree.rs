//! The shape of the built-in guide as a publisher walks it: every "I'm not receiving leads"
//! path asks the destination before it names a cause, setup guides and background answers do
//! not ask "Did this fix it?", and a fix's "No" leads to the next cause for that destination.

use std::collections::{HashSet, VecDeque};

use leadwiz::guide::{Guide, NodeKind, Sources};

fn guide() -> Guide {
    Guide::load(&Sources::embedded())
        .guide
        .expect("the embedded guide loads")
}

/// The question that asks which destination is configured.
const DESTINATION_QUESTION: &str = "missing-which-destination";

#[test]
fn every_not_receiving_path_asks_the_destination_first() {
    let g = guide();
    let asks = g.node(DESTINATION_QUESTION).unwrap();
    let destinations: HashSet<&str> = asks.choices.iter().map(|c| c.next.as_str()).collect();
    // Walk the choices from "I'm not receiving leads"; a walk may not reach a remediation
    // without first passing one of the destination's own nodes.
    let mut queue = VecDeque::from([("missing-leads", false)]);
    let mut seen = HashSet::new();
    let mut remediations = 0;
    while let Some((id, asked)) = queue.pop_front() {
        if !seen.insert((id, asked)) {
            continue;
        }
        let node = g.node(id).unwrap();
        let asked = asked || destinations.contains(id);
        if node.kind.is_terminal() {
            assert!(
                asked,
                "`{id}` is reached from missing-leads without asking the destination"
            );
            remediations += 1;
            continue;
        }
        for c in &node.choices {
            queue.push_back((c.next.as_str(), asked));
        }
    }
    assert!(
        remediations >= 20,
        "only {remediations} remediations reached"
    );
    // Each offer-type question asks the destination with the same choices.
    let start = g.node("missing-leads").unwrap();
    for c in &start.choices {
        let next = g.node(&c.next).unwrap();
        assert_eq!(next.kind, NodeKind::Question, "{}", c.next);
        for d in &destinations {
            assert!(
                next.choices.iter().any(|x| x.next == *d),
                "`{}` does not offer `{d}`",
                c.next
            );
        }
    }
}

#[test]
fn setup_guides_and_background_answers_do_not_ask_did_this_fix_it() {
    let g = guide();
    let informational = [
        "setup-choose-destination",
        "dynamics-setup-aad",
        "dynamics-setup-office365",
        "faq-setup-help",
        "faq-destination-required",
        "faq-find-test-lead",
        "faq-azure-table-view-leads",
        "faq-azure-table-notify",
        "faq-missed-leads-by-email",
        "faq-azure-table-cost",
        "faq-notification-recipients",
        "lead-data",
        "referrals-workspace",
    ];
    for node in g.nodes() {
        let setup_guide = node.id.starts_with("dest-") && node.id != "dest-azure-blob";
        if setup_guide || informational.contains(&node.id.as_str()) {
            assert!(
                g.follow_up(node).is_none(),
                "`{}` asks \"Did this fix it?\" but fixes nothing",
                node.id
            );
        }
    }
}

#[test]
fn a_fix_that_does_not_work_leads_to_the_next_cause_of_the_same_destination() {
    let g = guide();
    for (fix, next) in [
        ("https-trigger-auth", "https-flow-not-triggered"),
        ("https-url-migrated", "https-flow-not-triggered"),
        ("https-flow-not-triggered", "https-flow-fails"),
        ("azure-table-no-rows", "azure-table-shared-key-disabled"),
        ("azure-table-shared-key-disabled", "azure-table-which-table"),
        ("dynamics-leads-stopped", "dynamics-no-test-lead"),
        ("dynamics-office365-mfa", "dynamics-login-failed"),
        ("faq-no-leads-live-offer", DESTINATION_QUESTION),
        ("faq-email-but-no-crm-lead", DESTINATION_QUESTION),
    ] {
        let node = g.node(fix).unwrap();
        assert_eq!(g.follow_up(node).map(|f| f.1), Some(next), "{fix}");
    }
}

#[test]
fn every_node_is_sourced_and_reviewed() {
    let g = guide();
    for node in g.nodes() {
        assert!(!node.sources.is_empty(), "`{}` names no sources", node.id);
        let reviewed = node.reviewed.as_deref().unwrap_or("");
        assert!(
            leadwiz::guide::check::parse_date(reviewed).is_some(),
            "`{}` reviewed {reviewed:?}",
            node.id
        );
    }
}
