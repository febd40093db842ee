//! `leadwiz validate https` and `leadwiz validate azure-table`: today's checks (`https::send`,
//! `azure_table::test_lead`) run through the stages of `crate::validate`.
//!
//! - HTTPS endpoint: the URL's rules and Power Automate's notes (offline), the host answering
//!   an anonymous `GET /` (no path, no `sig=`), then with `--send-test-lead` the test lead.
//! - Azure Table: the connection string's rules, Partner Center's account-key pattern among
//!   them (offline), the Table endpoint answering without the key, then with `--send-test-lead`
//!   the test lead inserted and read back.

use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

use super::staged::{add_report, reachability_finding, reachable};
use super::{Msg, Problem, allowed_url, azure_table, client, https, is_loopback, shown_url};
use crate::validate::partner_center::undocumented;
use crate::validate::{Finding, PartnerCenter, Stage, Validation};

const HTTPS_NODE: &str = "https-flow-not-triggered";
const TABLE_NODE: &str = "dest-azure-table";

fn https_pc() -> PartnerCenter {
    undocumented((
        "Validate fails: the FAQ documents no message for the HTTPS endpoint",
        "“验证”失败：FAQ 未记录 HTTPS 终结点的消息",
    ))
}

fn table_pc() -> PartnerCenter {
    undocumented((
        "Validate fails: the FAQ documents no message for Azure Table",
        "“验证”失败：FAQ 未记录 Azure 表的消息",
    ))
}

/// Validates the HTTPS endpoint `raw_url`; the test lead (`ticks`) is sent only when `send`.
pub async fn https(raw_url: &str, send: bool, ticks: u64, timeout: Duration) -> Validation {
    let mut v = Validation::new("https", shown_url(raw_url.trim()), send);
    v.begin(Stage::Fields);
    let check: Msg = (
        "the URL is an https:// address Partner Center can post to",
        "URL 是合作伙伴中心可以发送到的 https:// 地址",
    )
        .into();
    let url = match allowed_url(raw_url) {
        Ok(u) => u,
        Err((problem, msg)) => {
            v.push(Finding::fail(problem, check, msg, HTTPS_NODE).with_partner_center(https_pc()));
            return v.finish();
        }
    };
    if url.scheme() == "https" {
        v.push(Finding::pass(check, shown_url(url.as_str())));
    } else {
        v.push(Finding::note(
            check,
            (
                "a loopback http:// address, for local testing: Partner Center itself posts only to https://",
                "用于本地测试的环回 http:// 地址：合作伙伴中心本身只发送到 https://",
            ),
        ));
    }
    for note in https::url_notes(&url) {
        v.push(
            Finding::note(("the Power Automate URL", "Power Automate URL"), note)
                .with_node(HTTPS_NODE),
        );
    }
    let client = match client(timeout) {
        Ok(c) => c,
        Err(e) => {
            v.begin(Stage::Probe);
            v.push(Finding::fail(Problem::Tls, check_probe(), e, HTTPS_NODE));
            return v.finish();
        }
    };
    v.begin(Stage::Probe);
    let probe = reachable(&client, &url, timeout).await;
    v.push(reachability_finding(&url, &probe, HTTPS_NODE, https_pc()));
    if v.stopped() || !send {
        v.on_success("dest-https");
        return v.finish();
    }
    v.begin(Stage::Write);
    let report = https::send_with(&client, raw_url, ticks, timeout).await;
    add_report(
        &mut v,
        &report,
        (
            "the endpoint accepts the test lead",
            "终结点接受测试潜在顾客",
        )
            .into(),
        &https_pc(),
    );
    v.finish()
}

fn check_probe() -> Msg {
    ("set up HTTPS", "设置 HTTPS").into()
}

/// Partner Center's pattern for the connection string (customer-leads ingestion schema): the
/// account-key form only.
static PARTNER_CENTER_CONNECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^DefaultEndpointsProtocol=https;AccountName=[a-z0-9]{3,24};AccountKey=[0-9a-zA-Z=+/]*(;|;EndpointSuffix=(core.chinacloudapi.cn|core.cloudapi.de|core.usgovcloudapi.net|core.windows.net))?$",
    )
    .expect("valid pattern")
});

/// Whether Partner Center's field accepts the connection string (whitespace and quotes around
/// it aside, which the parser already notes).
pub fn partner_center_accepts(connection: &str) -> bool {
    let trimmed = connection
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim();
    PARTNER_CENTER_CONNECTION.is_match(trimmed)
}

/// Validates an Azure Table connection; the test lead goes into `table` only when `send`.
pub async fn azure_table(
    connection: &str,
    table: &str,
    send: bool,
    ticks: u64,
    timeout: Duration,
) -> Validation {
    let check: Msg = (
        "the connection string has the form Partner Center takes",
        "连接字符串符合合作伙伴中心接受的格式",
    )
        .into();
    let account = match azure_table::parse(connection) {
        Ok(a) => a,
        Err(findings) => {
            let mut v = Validation::new(
                "azure-table",
                ("(connection string not shown)", "（连接字符串不显示）"),
                send,
            );
            v.begin(Stage::Fields);
            for f in findings {
                v.push(
                    Finding::fail(f.problem, check.clone(), f.message, f.remediation)
                        .with_partner_center(table_pc()),
                );
            }
            return v.finish();
        }
    };
    let shown = account.shown();
    let mut v = Validation::new(
        "azure-table",
        (
            format!("{shown} table {table}"),
            format!("{shown} 的表 {table}"),
        ),
        send,
    );
    v.begin(Stage::Fields);
    for n in &account.notes {
        v.push(Finding::note(
            ("the connection string", "连接字符串"),
            n.clone(),
        ));
    }
    if partner_center_accepts(connection) {
        v.push(Finding::pass(
            check,
            (
                format!("account {} with an account key", account.name),
                format!("帐户 {}，带帐户密钥", account.name),
            ),
        ));
    } else if is_loopback(&account.endpoint) {
        v.push(Finding::note(
            check,
            (
                "a local emulator's connection string: Partner Center itself takes only DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;EndpointSuffix=…]",
                "本地模拟器的连接字符串：合作伙伴中心本身只接受 DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;EndpointSuffix=…]",
            ),
        ));
    } else {
        v.push(
            Finding::fail(
                Problem::BadConnectionString,
                check,
                (
                    "Partner Center takes only the account-key form DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;EndpointSuffix=…] (no SAS, no TableEndpoint=, no UseDevelopmentStorage): copy a Connection string from the storage account's Access keys",
                    "合作伙伴中心只接受带帐户密钥的格式 DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;EndpointSuffix=…]（不接受 SAS、TableEndpoint= 或 UseDevelopmentStorage）：请从存储帐户的“访问密钥”复制连接字符串",
                ),
                TABLE_NODE,
            )
            .with_partner_center(table_pc()),
        );
        return v.finish();
    }
    let client = match client(timeout) {
        Ok(c) => c,
        Err(e) => {
            v.begin(Stage::Probe);
            v.push(Finding::fail(Problem::Tls, check_probe(), e, TABLE_NODE));
            return v.finish();
        }
    };
    v.begin(Stage::Probe);
    let probe = reachable(&client, &account.endpoint, timeout).await;
    let mut finding = reachability_finding(&account.endpoint, &probe, TABLE_NODE, table_pc());
    if let Ok(a) = &probe {
        finding = finding.with_trace(a.header_trace());
    }
    v.push(finding);
    if v.stopped() || !send {
        v.on_success("faq-azure-table-view-leads");
        return v.finish();
    }
    v.begin(Stage::Write);
    let report = azure_table::test_lead(connection, table, ticks, timeout).await;
    add_report(
        &mut v,
        &report,
        (
            "the table takes the test lead and gives it back",
            "表接受测试潜在顾客并能读回",
        )
            .into(),
        &table_pc(),
    );
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_center_takes_only_the_account_key_form() {
        let key = "AAAAbbbbCCCCdddd0123456789+/==";
        assert!(partner_center_accepts(&format!(
            "DefaultEndpointsProtocol=https;AccountName=contoso1;AccountKey={key};EndpointSuffix=core.windows.net"
        )));
        assert!(partner_center_accepts(&format!(
            "DefaultEndpointsProtocol=https;AccountName=contoso1;AccountKey={key}"
        )));
        for bad in [
            "UseDevelopmentStorage=true",
            "DefaultEndpointsProtocol=http;AccountName=contoso1;AccountKey=abc",
            "BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=sv=2020&sig=abc",
            "DefaultEndpointsProtocol=https;AccountName=Contoso;AccountKey=abc",
            "DefaultEndpointsProtocol=https;AccountName=contoso1;AccountKey=abc;TableEndpoint=https://x/",
        ] {
            assert!(!partner_center_accepts(bad), "{bad}");
        }
    }
}
