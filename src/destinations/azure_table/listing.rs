//! Listing the leads of a table, page by page, within bounds: a repeated continuation token or
//! too many pages stops the listing and says so.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use super::connection::parse;
use super::dates::since_filter;
use super::entities::{Lead, lead};
use super::http::session;
use super::{MAX_LEADS, MAX_PAGES, NO_ROWS, VIEW_LEADS, account_table, unusable, valid_table};
use crate::destinations::{Finding, Msg, Problem, Report, excerpt};
use crate::sanitise;

/// Options of `leads`.
#[derive(Debug, Clone, Default)]
pub struct LeadQuery {
    pub table: String,
    pub test_only: bool,
    /// `YYYY-MM-DD` or an RFC 3339 time: only leads written since then.
    pub since: Option<String>,
    pub show_personal_data: bool,
}

/// Lists the leads in the table, newest last.
pub async fn leads(connection: &str, query: &LeadQuery, timeout: Duration) -> Report {
    const CHECK: &str = "azure-table-leads";
    let account = match parse(connection) {
        Ok(a) => a,
        Err(findings) => {
            let summary = Msg::from((
                "the connection string has problems; nothing was read",
                "连接字符串有问题；未读取任何内容",
            ));
            return unusable(CHECK, findings, summary);
        }
    };
    let table = query.table.as_str();
    let mut report = Report::new(CHECK, account_table(&account, table));
    report.notes = account.notes.clone();
    if let Err(f) = valid_table(table) {
        report.fail(f);
        return report;
    }
    let filter = match query.since.as_deref().map(since_filter).transpose() {
        Ok(f) => f,
        Err(e) => {
            report.fail(Finding::new(Problem::InvalidInput, e, VIEW_LEADS));
            return report;
        }
    };
    let start = Instant::now();
    let mut out: Vec<Lead> = Vec::new();
    let mut status = None;
    let mut pages = 0;
    let result: Result<bool, Finding> = async {
        let s = session(account, timeout).await?;
        let mut next: Option<(String, String)> = None;
        let mut seen: std::collections::HashSet<(String, String)> = Default::default();
        loop {
            let mut params: Vec<(&str, &str)> = Vec::new();
            if let Some(f) = &filter {
                params.push(("$filter", f));
            }
            if let Some((pk, rk)) = &next {
                params.push(("NextPartitionKey", pk));
                params.push(("NextRowKey", rk));
            }
            let a = s
                .call(reqwest::Method::GET, &format!("{table}()"), &params, None)
                .await?;
            status = Some(a.status);
            pages += 1;
            if a.status == 404 {
                return Err(Finding::new(
                    Problem::NotFound,
                    (
                        format!("table {table} does not exist: no lead has been written to this account yet (Partner Center creates it with the first lead; check the table name too)"),
                        format!("表 {table} 不存在：尚未有潜在顾客写入此帐户（合作伙伴中心会在写入第一个潜在顾客时创建它；也请检查表名）"),
                    ),
                    NO_ROWS,
                ));
            }
            if a.status != 200 {
                return Err(s.unexpected(("reading the leads", "读取潜在顾客"), &a));
            }
            let entities = page_entities(&a.body, pages)?;
            for entity in &entities {
                let l = lead(entity, query.show_personal_data);
                if !query.test_only || l.test {
                    out.push(l);
                }
            }
            let header = |n: &str| {
                a.headers
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            next = header("x-ms-continuation-NextPartitionKey")
                .zip(header("x-ms-continuation-NextRowKey").or(Some(String::new())));
            let Some(token) = &next else { return Ok(false) };
            if out.len() >= MAX_LEADS {
                return Ok(true);
            }
            if !seen.insert(token.clone()) {
                return Err(Finding::new(
                    Problem::Incomplete,
                    (
                        format!("the Table service sent the same continuation token twice (page {pages}): paging stopped there, so leads may be missing from this list"),
                        format!("表服务两次发送了相同的延续令牌（第 {pages} 页）：分页在此停止，因此此列表可能缺少潜在顾客"),
                    ),
                    VIEW_LEADS,
                ));
            }
            if pages >= MAX_PAGES {
                return Err(Finding::new(
                    Problem::Incomplete,
                    (
                        format!("paging stopped after {MAX_PAGES} pages: leads after them are not listed (narrow the list with --since)"),
                        format!("读取 {MAX_PAGES} 页后停止分页：之后的潜在顾客未列出（可用 --since 缩小范围）"),
                    ),
                    VIEW_LEADS,
                ));
            }
        }
    }
    .await;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    report.status = status;
    let more = matches!(result, Ok(true)) && out.len() >= MAX_LEADS;
    out.truncate(MAX_LEADS);
    out.sort_by(|a, b| a.time.cmp(&b.time));
    let n = out.len();
    let (one, many, zh) = if query.test_only {
        ("test lead", "test leads", "个测试潜在顾客")
    } else {
        ("lead", "leads", "个潜在顾客")
    };
    let since = query.since.as_ref().map(|d| {
        let d = sanitise::line(d);
        (format!(" since {d}"), format!("自 {d} 以来"))
    });
    let (since_en, since_zh) = since.unwrap_or_default();
    match result {
        Ok(_) => {
            report.ok = true;
            report.summary = Msg::from(match n {
                0 => (
                    format!("no {many}{since_en} in table {table}"),
                    format!("表 {table} 中{since_zh}没有{}", zh.trim_start_matches('个')),
                ),
                1 => (
                    format!("1 {one}{since_en} in table {table}"),
                    format!("表 {table} 中{since_zh}有 1 {zh}"),
                ),
                n => (
                    format!("{n} {many}{since_en} in table {table}"),
                    format!("表 {table} 中{since_zh}有 {n} {zh}"),
                ),
            });
            if more {
                report.notes.push(Msg::from((
                    format!("only the first {MAX_LEADS} leads are listed"),
                    format!("只列出前 {MAX_LEADS} 个潜在顾客"),
                )));
            }
            if out.is_empty() {
                report.remediation = Some(NO_ROWS);
            }
        }
        Err(f) => {
            if f.problem == Problem::Incomplete {
                report.summary = Msg::from((
                    format!(
                        "{n} {many}{since_en} read from table {table} before the listing stopped ({pages} pages)"
                    ),
                    format!("列表停止前从表 {table} 中{since_zh}读取了 {n} {zh}（{pages} 页）"),
                ));
            }
            report.fail(f);
        }
    }
    if report.ok || n > 0 {
        report.data = json!({ "leads": out });
    }
    report
}

/// The entities of one page of a listing; an answer that is not a JSON object with a `value`
/// array is a failure (never an empty page).
fn page_entities(body: &[u8], page: usize) -> Result<Vec<Map<String, Value>>, Finding> {
    let not_understood = |en: String, zh: String| {
        let detail = excerpt(body).unwrap_or_default();
        Finding::new(
            Problem::BadAnswer,
            (
                format!(
                    "page {page} of the listing is not what the Table service sends ({en}): {detail}"
                ),
                format!("列表的第 {page} 页不是表服务应发送的内容（{zh}）：{detail}"),
            ),
            VIEW_LEADS,
        )
    };
    let page: Value = serde_json::from_slice(body)
        .map_err(|e| not_understood(format!("not JSON: {e}"), format!("不是 JSON：{e}")))?;
    let Some(values) = page.get("value").and_then(Value::as_array) else {
        return Err(not_understood(
            "no `value` list".into(),
            "没有 `value` 列表".into(),
        ));
    };
    Ok(values
        .iter()
        .filter_map(|e| e.as_object().cloned())
        .collect())
}
