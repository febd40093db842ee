//! The check behind "Test my destination", in the wizard and in plain mode: one destination,
//! one input (its URL, or the connection string from the environment), one report.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::{Report, azure_table, dynamics, https, power_automate, shown_url, ticks_now};
use crate::guide::LiveCheck;

/// The environment variable the Azure Table check reads (its value is never shown).
pub const CONNECTION_VAR: &str = "AZURE_STORAGE_CONNECTION_STRING";

/// A Dynamics instance answers quickly or not at all: its probe waits less than a test lead.
pub const DYNAMICS_TIMEOUT: Duration = Duration::from_secs(8);

/// The destinations a user can pick when the guide lets them choose.
pub const KINDS: [LiveCheck; 3] = [LiveCheck::Https, LiveCheck::AzureTable, LiveCheck::Dynamics];

/// The check that confirms the fix a page explains, when one can: the guide pages of the
/// destinations it tests and the remediation pages its findings open. A node's own
/// `live_check` comes first.
pub fn confirms(node: &str) -> Option<LiveCheck> {
    if https::CONFIRMS.contains(&node) || power_automate::NODES.contains(&node) {
        Some(LiveCheck::Https)
    } else if azure_table::CONFIRMS.contains(&node) {
        Some(LiveCheck::AzureTable)
    } else if dynamics::CONFIRMS.contains(&node) {
        Some(LiveCheck::Dynamics)
    } else {
        None
    }
}

/// A check ready to run on any tokio runtime.
pub type Check = Pin<Box<dyn Future<Output = Report> + Send>>;

/// What the check of `kind` targets (to show while it runs, secrets masked) and the check.
/// `url` is used by the HTTPS and Dynamics checks, `connection` by the Azure Table check, which
/// cannot start without one (`None`).
pub fn prepare(
    kind: LiveCheck,
    url: &str,
    connection: Option<&str>,
    timeout: Duration,
) -> Option<(String, Check)> {
    let url = url.trim().to_owned();
    let ticks = ticks_now();
    Some(match kind {
        LiveCheck::Https | LiveCheck::Any => (
            shown_url(&url),
            Box::pin(async move { https::send(&url, ticks, timeout).await }),
        ),
        LiveCheck::Dynamics => (
            shown_url(&url),
            Box::pin(async move { dynamics::check(&url, DYNAMICS_TIMEOUT.min(timeout)).await }),
        ),
        LiveCheck::AzureTable => {
            let conn = connection?.to_owned();
            (
                azure_table::DEFAULT_TABLE.to_owned(),
                Box::pin(async move {
                    azure_table::test_lead(&conn, azure_table::DEFAULT_TABLE, ticks, timeout).await
                }),
            )
        }
    })
}
