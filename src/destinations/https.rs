//! The HTTPS-endpoint check: POST a test lead, in the format Partner Center sends, to the URL
//! of the lead connection (usually a Power Automate "When a HTTP request is received" trigger),
//! and name what the answer means.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use url::Url;

use super::{
    Finding, Msg, Problem, Report, allowed_url, classify, client, excerpt, read_body, shown_url,
};

const CHECK: &str = "https-test-lead";
const NOT_TRIGGERED: &str = "https-flow-not-triggered";
const FLOW_FAILS: &str = "https-flow-fails";

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

/// Whether the URL looks like a Power Automate (Logic Apps) HTTP trigger.
pub fn is_power_automate(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    host.ends_with(".logic.azure.com")
        || host.ends_with(".api.powerplatform.com")
        || (path.contains("/workflows/") && path.contains("/triggers/"))
}

/// What is wrong with a Power Automate URL before anything is sent: the `sig` parameter that
/// authorises the call, and `api-version`.
pub fn url_notes(url: &Url) -> Vec<Msg> {
    if !is_power_automate(url) {
        return Vec::new();
    }
    let mut notes = Vec::new();
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.into_owned())
    };
    match param("sig") {
        None => notes.push(Msg::from((
            "this Power Automate URL has no `sig=` parameter: it was copied short. Copy the whole HTTP POST URL from the trigger with its copy button",
            "此 Power Automate URL 没有 `sig=` 参数：复制时被截断了。请用触发器的复制按钮复制完整的 HTTP POST URL",
        ))),
        Some(s) if s.len() < 20 => notes.push(Msg::from((
            format!(
                "the `sig=` value is only {} characters long (usually 43): the URL may be cut off",
                s.len()
            ),
            format!("`sig=` 的值只有 {} 个字符（通常为 43 个）：URL 可能被截断了", s.len()),
        ))),
        Some(_) => {}
    }
    if param("api-version").is_none() {
        notes.push(Msg::from((
            "the URL has no `api-version=` parameter: it may be incomplete",
            "URL 没有 `api-version=` 参数：可能不完整",
        )));
    }
    notes
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
            let (problem, msg) = classify(&e, timeout);
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
    let bytes = read_body(response).await;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    report.status = Some(status.as_u16());
    report.excerpt = excerpt(&bytes);
    let code = status.as_u16();
    let reason = status.canonical_reason().unwrap_or("");
    let pa = is_power_automate(&url);
    match code {
        200..=299 => {
            report.ok = true;
            report.summary = Msg::from((
                format!(
                    "the endpoint accepted the test lead: {code} {reason} in {} ms",
                    report.elapsed_ms
                ),
                format!("终结点已接受测试潜在客户：{code} {reason}，用时 {} 毫秒", report.elapsed_ms),
            ));
            report.remediation = Some("faq-find-test-lead");
        }
        300..=399 => report.fail(Finding::new(
            Problem::Redirect,
            Msg::from((
                format!(
                    "{code} {reason}: the endpoint redirects{}; Partner Center does not follow redirects, so put the final URL in the lead connection",
                    location.as_ref().map(|l| format!(" to {l}")).unwrap_or_default()
                ),
                format!(
                    "{code} {reason}：终结点重定向{}；合作伙伴中心不会跟随重定向，请在潜在客户连接中填写最终 URL",
                    location.as_ref().map(|l| format!("到 {l}")).unwrap_or_default()
                ),
            )),
            NOT_TRIGGERED,
        )),
        401 | 403 => report.fail(Finding::new(
            Problem::Unauthorized,
            if pa {
                Msg::from((
                    format!("{code} {reason}: Power Automate refused the call; the `sig=` parameter is missing or wrong (the URL was copied short, or the flow was saved again with a new URL)"),
                    format!("{code} {reason}：Power Automate 拒绝了调用；`sig=` 参数缺失或错误（URL 复制时被截断，或流重新保存后 URL 已更改）"),
                ))
            } else {
                Msg::from((
                    format!("{code} {reason}: the endpoint requires authentication; Partner Center sends none, so the URL itself must authorise the call"),
                    format!("{code} {reason}：终结点要求身份验证；合作伙伴中心不发送任何凭据，因此 URL 本身必须能授权调用"),
                ))
            },
            NOT_TRIGGERED,
        )),
        404 | 410 => report.fail(Finding::new(
            Problem::NotFound,
            Msg::from((
                format!("{code} {reason}: nothing answers at this URL; the flow was deleted or turned off, or the URL is incomplete"),
                format!("{code} {reason}：此 URL 没有响应者；流已被删除或关闭，或 URL 不完整"),
            )),
            NOT_TRIGGERED,
        )),
        400..=499 if json_body || code == 400 || code == 422 => report.fail(Finding::new(
            Problem::SchemaMismatch,
            Msg::from((
                format!("{code} {reason}: the endpoint rejected the lead's JSON; its schema does not fit the lead (required fields, `UserDetails` spelled differently, wrong types)"),
                format!("{code} {reason}：终结点拒绝了潜在客户的 JSON；其架构与潜在客户不符（必填字段、`UserDetails` 拼写不同、类型错误）"),
            )),
            FLOW_FAILS,
        )),
        400..=499 => report.fail(Finding::new(
            Problem::ClientError,
            Msg::from((
                format!("{code} {reason}: the endpoint rejected the request"),
                format!("{code} {reason}：终结点拒绝了请求"),
            )),
            FLOW_FAILS,
        )),
        _ => report.fail(Finding::new(
            Problem::ServerError,
            Msg::from((
                format!("{code} {reason}: the endpoint failed while handling the lead; its run history shows why"),
                format!("{code} {reason}：终结点处理潜在客户时失败；其运行历史记录会显示原因"),
            )),
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

    #[test]
    fn power_automate_urls_copied_short_are_noticed() {
        let full = Url::parse("https://prod-27.westus.logic.azure.com:443/workflows/8d2f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xy7Zq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnMqwe").unwrap();
        assert!(is_power_automate(&full));
        assert!(url_notes(&full).is_empty());
        let short = Url::parse("https://prod-27.westus.logic.azure.com:443/workflows/8d2f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers").unwrap();
        assert!(url_notes(&short)[0].en.contains("no `sig=` parameter"));
        let other = Url::parse("https://leads.contoso.com/hook").unwrap();
        assert!(!is_power_automate(&other));
        assert!(url_notes(&other).is_empty());
    }
}
