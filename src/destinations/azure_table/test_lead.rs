//! The test lead: check the connection string, create the table if it is missing, insert the
//! lead and read it back.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::connection::parse;
use super::entities::test_entity;
use super::http::session;
use super::{NO_ROWS, account_table, unusable, valid_table};
use crate::destinations::{Finding, Msg, Problem, Report};

/// Checks the connection string, creates `table` if it is missing, inserts a test lead and
/// reads it back.
pub async fn test_lead(connection: &str, table: &str, ticks: u64, timeout: Duration) -> Report {
    const CHECK: &str = "azure-table-test-lead";
    let account = match parse(connection) {
        Ok(a) => a,
        Err(findings) => {
            let summary = Msg::from((
                "the connection string has problems; nothing was sent",
                "连接字符串有问题；未发送任何内容",
            ));
            return unusable(CHECK, findings, summary);
        }
    };
    let mut report = Report::new(CHECK, account_table(&account, table));
    report.notes = account.notes.clone();
    if let Err(f) = valid_table(table) {
        report.fail(f);
        return report;
    }
    let start = Instant::now();
    let result = async {
        let s = session(account, timeout).await?;
        let created = s.ensure_table(table).await?;
        let entity = test_entity(ticks);
        let a = s
            .call(reqwest::Method::POST, table, &[], Some(&entity))
            .await?;
        if !(200..=299).contains(&a.status) {
            return Err(s.unexpected(("inserting the test lead", "插入测试潜在顾客"), &a));
        }
        let row = entity["RowKey"].as_str().unwrap_or_default().to_owned();
        let resource = format!("{table}(PartitionKey='MSFT_TEST',RowKey='{row}')");
        let a = s.call(reqwest::Method::GET, &resource, &[], None).await?;
        if a.status != 200 {
            return Err(s.unexpected(("reading the test lead back", "读回测试潜在顾客"), &a));
        }
        let back: Value = serde_json::from_slice(&a.body).unwrap_or(Value::Null);
        Ok((created, row, back, a.status))
    }
    .await;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    match result {
        Ok((created, row, back, status)) => {
            report.status = Some(status);
            if back["FirstName"] == Value::String(row.clone()) {
                report.ok = true;
                report.summary = Msg::from((
                    format!(
                        "inserted the test lead {row} into table {table} and read it back in {} ms",
                        report.elapsed_ms
                    ),
                    format!(
                        "已将测试潜在顾客 {row} 插入表 {table} 并读回，用时 {} 毫秒",
                        report.elapsed_ms
                    ),
                ));
                if created {
                    report.notes.push(Msg::from((
                        format!("table {table} did not exist and was created"),
                        format!("表 {table} 不存在，已创建"),
                    )));
                }
                report.remediation = Some("faq-azure-table-view-leads");
                report.data = json!({ "table": table, "row_key": row, "created_table": created });
            } else {
                report.fail(Finding::new(
                    Problem::ClientError,
                    (
                        "the test lead read back does not match what was inserted",
                        "读回的测试潜在顾客与插入的不一致",
                    ),
                    NO_ROWS,
                ));
            }
        }
        Err(f) => report.fail(f),
    }
    report
}
