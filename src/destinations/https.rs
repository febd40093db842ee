//! The HTTPS-endpoint check: POST a test lead, in the format Partner Center sends, to the URL
//! of the lead connection (usually a Power Automate "When a HTTP request is received" trigger),
//! and name what the answer means.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use super::power_automate::url_notes;
use super::power_automate::{self, is_power_automate, service_error};
use super::{
    Finding, Msg, Problem, Report, allowed_url, certificate, classify, client, connect_timeout,
    excerpt, read_start, self_signed, shown_url, untrusted_issuer,
};
use crate::guide::Lang;

const CHECK: &str = "https-test-lead";
const NOT_TRIGGERED: &str = "https-flow-not-triggered";
const FLOW_FAILS: &str = "https-flow-fails";

/// The pages whose fix a test lead confirms (besides Power Automate's own, `power_automate::NODES`):
/// the destination's guide and the remediations this check opens.
pub const CONFIRMS: [&str; 4] = [
    "dest-https",
    NOT_TRIGGERED,
    FLOW_FAILS,
    "https-trigger-auth",
];

/// The test lead: the HTTPS-endpoint schema (`UserDetails` object, `LeadSource`, `ActionCode`,
/// `OfferTitle`, `Description`) with the values of Partner Center's own test lead, every text
/// field `MSFT_TEST_<ticks>`.
pub fn payload(ticks: u64) -> Value {
    let t = format!("MSFT_TEST_{ticks}");
    json!({
        "UserDetails": {
            "FirstName": t,
            "LastName": t,
            "Email": format!("{t}@test.com"),
            "Phone": "1234567890",
            "Country": "US",
            "Company": t,
            "Title": t,
        },
        "LeadSource": "AzureMarketplace",
        "ActionCode": "INS",
        "OfferTitle": "Contoso Test",
        "Description": t,
    })
}

/// Sends the test lead to `raw_url` and reports what came back.
pub async fn send(raw_url: &str, ticks: u64, timeout: Duration) -> Report {
    match client(timeout) {
        Ok(c) => send_with(&c, raw_url, ticks, timeout).await,
        Err(e) => Report::refused(
            CHECK,
            shown_url(raw_url),
            Finding::new(Problem::Tls, e, NOT_TRIGGERED),
        ),
    }
}

/// `send` with a client of the caller's (tests give one with their own name resolver).
pub async fn send_with(
    client: &reqwest::Client,
    raw_url: &str,
    ticks: u64,
    timeout: Duration,
) -> Report {
    let url = match allowed_url(raw_url) {
        Ok(u) => u,
        Err((problem, msg)) => {
            return Report::refused(
                CHECK,
                shown_url(raw_url),
                Finding::new(problem, msg, NOT_TRIGGERED),
            );
        }
    };
    let mut report = Report::new(CHECK, shown_url(url.as_str()));
    report.notes = url_notes(&url);
    let body = payload(ticks);
    report.data = json!({ "payload": body });
    let start = Instant::now();
    let result = client
        .post(url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(&body).expect("JSON serialises"))
        .send()
        .await;
    let response = match result {
        Ok(r) => r,
        Err(e) => {
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            let (problem, mut msg) = classify(&e, timeout);
            // An untrusted certificate: say so in words when the server signed its own.
            if untrusted_issuer(&e)
                && certificate::is_self_signed(&url, connect_timeout(timeout)).await
            {
                msg = self_signed();
            }
            report.fail(Finding::new(problem, msg, NOT_TRIGGERED));
            return report;
        }
    };
    let status = response.status();
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(shown_url);
    let json_body = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let (bytes, broke_off) = read_start(response).await;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    report.status = Some(status.as_u16());
    report.excerpt = excerpt(&bytes);
    let code = status.as_u16();
    let reason = status.canonical_reason().unwrap_or("");
    let (name, name_zh) = if reason.is_empty() {
        (
            format!("{code} (a status with no standard name)"),
            format!("{code}（没有标准名称的状态）"),
        )
    } else {
        (format!("{code} {reason}"), format!("{code} {reason}"))
    };
    let pa = is_power_automate(&url);
    // A flow's answer names its cause by code; the status alone is the fallback.
    let known = match (code, service_error(&bytes)) {
        (400..=499, Some(e)) if pa || json_body => power_automate::finding(code, reason, &e, &url),
        _ => None,
    };
    if let Some(finding) = known {
        report.fail(finding);
        return report;
    }
    match code {
        200..=299 => {
            if let Some(e) = broke_off {
                // The status came, the answer did not: Partner Center waits for the whole answer.
                let (problem, msg) = classify(&e, timeout);
                report.fail(Finding::new(
                    problem,
                    (
                        format!(
                            "{name} came, but the rest of the answer did not ({}): Partner Center does not count a lead as accepted until the endpoint finishes its answer",
                            msg.en
                        ),
                        format!(
                            "收到了 {name_zh}，但响应的其余部分没有到达（{}）：终结点完成响应之前，合作伙伴中心不会认为潜在顾客已被接受",
                            msg.get(Lang::ZhCn)
                        ),
                    ),
                    FLOW_FAILS,
                ));
                return report;
            }
            report.ok = true;
            // A 202 says only that the flow started.
            let (later, later_zh) = if code == 202 {
                (
                    "; the flow started, and whether its later steps worked (a row, an e-mail) shows only in its run history",
                    "；流已启动，其后续步骤（写入行、发送电子邮件）是否成功只能在其运行历史记录中查看",
                )
            } else {
                ("", "")
            };
            report.summary = Msg::from((
                format!(
                    "the endpoint accepted the test lead: {name} in {} ms{later}",
                    report.elapsed_ms
                ),
                format!(
                    "终结点已接受测试潜在顾客：{name_zh}，用时 {} 毫秒{later_zh}",
                    report.elapsed_ms
                ),
            ));
            report.remediation = Some("faq-find-test-lead");
        }
        100..=199 => report.fail(Finding::new(
            Problem::UnexpectedStatus,
            (
                format!("{name}: the endpoint answered with an informational status, not a result; Partner Center counts only a 2xx answer as accepted"),
                format!("{name_zh}：终结点返回的是信息性状态，而不是结果；合作伙伴中心只把 2xx 响应视为已接受"),
            ),
            FLOW_FAILS,
        )),
        300..=399 => report.fail(Finding::new(
            Problem::Redirect,
            Msg::from((
                format!(
                    "{name}: the endpoint redirects{}; Partner Center does not follow redirects, so put the final URL in the lead connection",
                    location.as_ref().map(|l| format!(" to {l}")).unwrap_or_default()
                ),
                format!(
                    "{name_zh}：终结点重定向{}；合作伙伴中心不会跟随重定向，请在潜在顾客连接中填写最终 URL",
                    location.as_ref().map(|l| format!("到 {l}")).unwrap_or_default()
                ),
            )),
            NOT_TRIGGERED,
        )),
        401 | 403 => report.fail(Finding::new(
            Problem::Unauthorized,
            if pa {
                Msg::from((
                    format!("{name}: Power Automate refused the call; the `sig=` parameter is missing or wrong (the URL was copied short, or the flow was saved again with a new URL), or \"Who can trigger the flow?\" is not Anyone"),
                    format!("{name_zh}：Power Automate 拒绝了调用；`sig=` 参数缺失或错误（URL 复制时被截断，或流重新保存后 URL 已更改），或“谁可以触发流?”不是“任何人”"),
                ))
            } else {
                Msg::from((
                    format!("{name}: the endpoint requires authentication; Partner Center sends none, so the URL itself must authorise the call"),
                    format!("{name_zh}：终结点要求身份验证；合作伙伴中心不发送任何凭据，因此 URL 本身必须能授权调用"),
                ))
            },
            NOT_TRIGGERED,
        )),
        404 | 410 => {
            let migrated = pa && power_automate::is_old_flow_host(&url);
            report.fail(Finding::new(
                Problem::NotFound,
                if migrated {
                    Msg::from((
                        format!("{name}: nothing answers at this `logic.azure.com` URL; a Power Automate flow has a new URL since the 2025 move (copy it from the trigger), or the flow was deleted"),
                        format!("{name_zh}：此 `logic.azure.com` URL 没有响应者；自 2025 年迁移以来，Power Automate 流有了新 URL（请从触发器复制），或者流已被删除"),
                    ))
                } else {
                    Msg::from((
                        format!("{name}: nothing answers at this URL; the flow was deleted or turned off, or the URL is incomplete"),
                        format!("{name_zh}：此 URL 没有响应者；流已被删除或关闭，或 URL 不完整"),
                    ))
                },
                if migrated {
                    power_automate::URL_MIGRATED
                } else {
                    NOT_TRIGGERED
                },
            ))
        }
        400..=499 if json_body || code == 400 || code == 422 => report.fail(Finding::new(
            Problem::SchemaMismatch,
            Msg::from((
                format!("{name}: the endpoint rejected the lead's JSON; its schema does not fit the lead (required fields, `UserDetails` spelled differently, wrong types)"),
                format!("{name_zh}：终结点拒绝了潜在顾客的 JSON；其架构与潜在顾客不符（必填字段、`UserDetails` 拼写不同、类型错误）"),
            )),
            FLOW_FAILS,
        )),
        400..=499 => report.fail(Finding::new(
            Problem::ClientError,
            Msg::from((
                format!("{name}: the endpoint rejected the request"),
                format!("{name_zh}：终结点拒绝了请求"),
            )),
            FLOW_FAILS,
        )),
        500..=599 => report.fail(Finding::new(
            Problem::ServerError,
            Msg::from((
                format!("{name}: the endpoint failed while handling the lead; its run history shows why"),
                format!("{name_zh}：终结点处理潜在顾客时失败；其运行历史记录会显示原因"),
            )),
            FLOW_FAILS,
        )),
        _ => report.fail(Finding::new(
            Problem::UnexpectedStatus,
            (
                format!("{code}: not a status HTTP defines (they run from 100 to 599); Partner Center counts only a 2xx answer as accepted"),
                format!("{code}：不是 HTTP 定义的状态（范围为 100 到 599）；合作伙伴中心只把 2xx 响应视为已接受"),
            ),
            FLOW_FAILS,
        )),
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_follows_the_schema_and_the_test_lead() {
        let p = payload(638_675_123_456_789_012);
        let t = "MSFT_TEST_638675123456789012";
        assert_eq!(p["UserDetails"]["FirstName"], t);
        assert_eq!(p["UserDetails"]["Email"], format!("{t}@test.com"));
        assert_eq!(p["LeadSource"], "AzureMarketplace");
        assert_eq!(p["ActionCode"], "INS");
        assert_eq!(p["Description"], t);
        let keys: Vec<&String> = p.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "ActionCode",
                "Description",
                "LeadSource",
                "OfferTitle",
                "UserDetails"
            ]
        );
    }
}
