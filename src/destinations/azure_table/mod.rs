//! The Azure Table destination: read the storage connection string (pointing out the known
//! mistakes), insert a test lead through the Table service REST API with Shared Key
//! authentication and read it back, and list the leads in the table.
//!
//! The connection string is a secret: it is never printed, only the account name and the table
//! endpoint are.

mod connection;
mod dates;
mod entities;
mod http;
mod listing;
mod signing;
mod table;
mod test_lead;

pub use connection::{Account, parse};
pub use dates::since_filter;
pub use entities::{Lead, mask_email, mask_words, test_entity};
pub use listing::{LeadQuery, leads};
pub use table::leads_table;
pub use test_lead::test_lead;

use super::{Finding, Msg, Problem, Report};

const SETUP: &str = "dest-azure-table";
const NO_ROWS: &str = "azure-table-no-rows";
/// The pages whose fix a test lead confirms: the destination's guide, and no rows arriving.
pub const CONFIRMS: [&str; 2] = [SETUP, NO_ROWS];
/// The Table service REST API version leadwiz speaks.
const API_VERSION: &str = "2019-02-02";
/// Default name of the leads table.
pub const DEFAULT_TABLE: &str = "MarketplaceLeads";
/// At most this many leads are listed.
pub const MAX_LEADS: usize = 5000;
/// At most this much of one answer is read (a page holds up to 1,000 entities of a few KB);
/// a larger answer is a failure, never a shortened page.
pub const MAX_ANSWER: usize = 16 << 20;
/// At most this many pages of a listing are read.
pub const MAX_PAGES: usize = 500;
/// Where to read leads another way when leadwiz cannot list them.
const VIEW_LEADS: &str = "faq-azure-table-view-leads";

fn valid_table(name: &str) -> Result<(), Finding> {
    let ok = (3..=63).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(Finding::new(
            Problem::ClientError,
            (
                format!(
                    "`{name}` is not a table name (3 to 63 letters and digits, starting with a letter)"
                ),
                format!("`{name}` 不是表名（3 到 63 个字母和数字，以字母开头）"),
            ),
            SETUP,
        ))
    }
}

/// The target of a table check: the account (its name and endpoint, no key) and the table.
fn account_table(account: &Account, table: &str) -> Msg {
    let shown = account.shown();
    (
        format!("{shown} table {table}"),
        format!("{shown} 的表 {table}"),
    )
        .into()
}

/// A report for a connection string that cannot be used: its findings, nothing sent.
fn unusable(check: &'static str, findings: Vec<Finding>, summary: Msg) -> Report {
    let mut r = Report::new(
        check,
        ("(connection string not shown)", "（连接字符串不显示）"),
    );
    for f in findings {
        r.fail(f);
    }
    r.summary = summary;
    r
}
