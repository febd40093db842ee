//! "Test my destination", in the wizard and in plain mode: which destinations can be tested,
//! and which pages a check confirms. The forms and the checks they start are in `live_form`.

use super::{azure_table, dynamics, https, live_form, marketo, power_automate, salesforce};
use crate::guide::LiveCheck;

pub use super::live_form::CONNECTION_VAR;

/// The destinations a user can pick when the guide lets them choose.
pub const KINDS: [LiveCheck; 5] = [
    LiveCheck::Https,
    LiveCheck::AzureTable,
    LiveCheck::Dynamics,
    LiveCheck::Salesforce,
    LiveCheck::Marketo,
];

/// The check that confirms the fix a page explains, when one can: the guide pages of the
/// destinations it tests and the remediation pages its findings open. A node's own
/// `live_check` comes first.
pub fn confirms(node: &str) -> Option<LiveCheck> {
    if https::CONFIRMS.contains(&node) || power_automate::NODES.contains(&node) {
        Some(LiveCheck::Https)
    } else if azure_table::CONFIRMS.contains(&node) {
        Some(LiveCheck::AzureTable)
    } else if dynamics::CONFIRMS.contains(&node) || live_form::DYNAMICS_NODES.contains(&node) {
        Some(LiveCheck::Dynamics)
    } else if salesforce::NODES.contains(&node) {
        Some(LiveCheck::Salesforce)
    } else if marketo::NODES.contains(&node) {
        Some(LiveCheck::Marketo)
    } else {
        None
    }
}
