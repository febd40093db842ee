//! `leadwiz validate salesforce`: the Organization ID Partner Center takes (15 characters,
//! starting with `00D`; an 18-character ID is shortened after its checksum is verified), the
//! web-to-lead host answering without any data, and with `--send-test-lead` the test lead
//! POSTed to web-to-lead with the fields Partner Center sends. Web-to-lead answers 200 whether
//! or not it creates the lead, so the report says where to look.

use std::time::Duration;

use url::Url;

use super::staged::{Answer, reachability_finding, reachable, send};
use super::{Msg, Problem, client, is_loopback, shown_url};
use crate::validate::partner_center::undocumented;
use crate::validate::{Finding, PartnerCenter, Stage, Validation};

/// Where Partner Center posts Salesforce leads.
pub const WEB_TO_LEAD: &str = "https://webto.salesforce.com/servlet/servlet.WebToLead";
/// Setting up the connection, and the Organization ID.
pub const SETUP: &str = "dest-salesforce";
/// Where leads that web-to-lead took silently went.
pub const MISSING_LEADS: &str = "faq-salesforce-missing-leads";
/// The daily limit of web-to-lead.
pub const DAILY_LIMIT: &str = "salesforce-w2l-daily-limit";
/// A required field or a restricted picklist.
pub const REQUIRED_FIELD: &str = "salesforce-w2l-required-field";
pub const RESTRICTED_PICKLIST: &str = "salesforce-w2l-restricted-picklist";

/// Every node a Salesforce finding links to.
pub const NODES: [&str; 5] = [
    SETUP,
    MISSING_LEADS,
    DAILY_LIMIT,
    REQUIRED_FIELD,
    RESTRICTED_PICKLIST,
];

fn pc() -> PartnerCenter {
    undocumented((
        "Validate fails: the FAQ documents no message for Salesforce",
        "“验证”失败：FAQ 未记录 Salesforce 的消息",
    ))
}

/// The 3-character checksum Salesforce appends to a 15-character ID to make its 18-character,
/// case-insensitive form: per chunk of 5, a bit for each upper-case letter, as a letter or digit
/// of `A…Z0…5`.
pub fn checksum(id15: &str) -> Option<String> {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    let bytes = id15.as_bytes();
    if bytes.len() != 15 || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(
        bytes
            .chunks(5)
            .map(|chunk| {
                let bits = chunk
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_ascii_uppercase())
                    .fold(0usize, |acc, (j, _)| acc | (1 << j));
                ALPHABET[bits] as char
            })
            .collect(),
    )
}

/// An Organization ID as Partner Center takes it, or why it is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgId {
    /// 15 characters, `00D…`: what Partner Center takes.
    Valid(String),
    /// An 18-character ID whose checksum holds: Partner Center takes its first 15.
    Long { short: String },
    /// Not one, and why.
    Invalid(Msg),
}

/// Reads an Organization ID by Partner Center's rule (`^[a-zA-Z0-9]{15}$`, and org IDs start
/// with `00D`).
pub fn org_id(raw: &str) -> OrgId {
    let trimmed = raw.trim();
    let unquoted = trimmed.trim_matches(|c| c == '"' || c == '\'' || c == '“' || c == '”');
    if unquoted != trimmed || trimmed.contains(char::is_whitespace) {
        return OrgId::Invalid(Msg::from((
            "the value holds quotation marks or spaces: copy only the characters between the quotation marks of `oid` (value=\"00D…\")",
            "该值包含引号或空格：只复制 `oid` 引号之间的字符（value=\"00D…\"）",
        )));
    }
    let id = unquoted;
    if id.is_empty() {
        return OrgId::Invalid(Msg::from(("the Organization ID is empty", "组织 ID 为空")));
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        let shown = crate::width::ellipsize(&crate::sanitise::line(id), 40);
        return OrgId::Invalid(Msg::from((
            format!("`{shown}` is not an ID: Salesforce IDs are letters and digits only"),
            format!("`{shown}` 不是 ID：Salesforce ID 只包含字母和数字"),
        )));
    }
    let prefix = &id[..id.len().min(3)];
    let other = match prefix {
        "00D" => None,
        "005" => Some(("a user's ID", "用户 ID")),
        "00Q" => Some(("a lead's ID", "潜在顾客 ID")),
        "00G" => Some(("a group's or queue's ID", "组或队列 ID")),
        "00d" => Some((
            "written with a small d: IDs are case-sensitive, and org IDs start with 00D",
            "d 写成了小写：ID 区分大小写，组织 ID 以 00D 开头",
        )),
        _ => Some(("not an Organization ID", "不是组织 ID")),
    };
    if let Some((en, zh)) = other
        && matches!(id.len(), 15 | 18)
    {
        return OrgId::Invalid(Msg::from((
            format!(
                "`{id}` is {en}: the Organization ID starts with 00D (Setup > Company Information > Salesforce.com Organization ID, or the `oid` of the web-to-lead form)"
            ),
            format!(
                "`{id}` 是{zh}：组织 ID 以 00D 开头（“设置”>“公司信息”>“Salesforce.com 组织 ID”，或 Web-to-Lead 表单中的 `oid`）"
            ),
        )));
    }
    match id.len() {
        15 => OrgId::Valid(id.to_owned()),
        18 => {
            let (short, sum) = id.split_at(15);
            if checksum(short).is_some_and(|c| c.eq_ignore_ascii_case(sum)) {
                OrgId::Long {
                    short: short.to_owned(),
                }
            } else {
                OrgId::Invalid(Msg::from((
                    format!(
                        "`{id}` has 18 characters, but its last three are not the checksum of the first fifteen: a character was mistyped (15-character IDs are case-sensitive)"
                    ),
                    format!(
                        "`{id}` 有 18 个字符，但最后三个字符不是前十五个字符的校验和：有字符输入错误（15 个字符的 ID 区分大小写）"
                    ),
                )))
            }
        }
        n => OrgId::Invalid(Msg::from((
            format!(
                "the Organization ID has {n} characters: Partner Center takes exactly 15, starting with 00D"
            ),
            format!("组织 ID 有 {n} 个字符：合作伙伴中心只接受 15 个字符，以 00D 开头"),
        ))),
    }
}

/// The test lead as Partner Center sends it to web-to-lead: every text field
/// `MSFT_TEST_<ticks>`, `lead_source` as `Source-Action|Offer`.
pub fn test_lead(org: &str, ticks: u64) -> Vec<(&'static str, String)> {
    let t = format!("MSFT_TEST_{ticks}");
    vec![
        ("oid", org.to_owned()),
        ("first_name", t.clone()),
        ("last_name", t.clone()),
        ("email", format!("{t}@test.com")),
        ("company", t.clone()),
        ("title", t.clone()),
        ("phone", "1234567890".to_owned()),
        ("country", "US".to_owned()),
        ("lead_source", format!("{t}-{t}|Contoso Test")),
        ("description", t),
        ("encoding", "UTF-8".to_owned()),
    ]
}

/// Whether `endpoint` may take the test lead: Salesforce's web-to-lead, or a loopback address
/// (a replacement for tests).
pub fn allowed_endpoint(endpoint: &Url) -> bool {
    endpoint.as_str() == WEB_TO_LEAD
        || (is_loopback(endpoint) && matches!(endpoint.scheme(), "http" | "https"))
}

/// Validates a Salesforce web-to-lead connection for `raw_org`; the test lead goes to
/// `endpoint` only when `send_lead`.
pub async fn validate(
    raw_org: &str,
    endpoint: &Url,
    send_lead: bool,
    ticks: u64,
    timeout: Duration,
) -> Validation {
    let shown = crate::width::ellipsize(&crate::sanitise::line(raw_org.trim()), 40);
    let mut v = Validation::new("salesforce", shown, send_lead);
    v.begin(Stage::Fields);
    let check: Msg = (
        "the Organization ID has the form Partner Center takes (15 characters, 00D…)",
        "组织 ID 符合合作伙伴中心接受的格式（15 个字符，00D…）",
    )
        .into();
    let org = match org_id(raw_org) {
        OrgId::Valid(id) => {
            v.push(Finding::pass(check, id.clone()));
            id
        }
        OrgId::Long { short } => {
            v.push(
                Finding::fail(
                    Problem::InvalidInput,
                    check,
                    (
                        format!(
                            "this is the 18-character form of the ID (its checksum holds): Partner Center takes only 15 characters; enter `{short}`"
                        ),
                        format!(
                            "这是该 ID 的 18 个字符形式（校验和正确）：合作伙伴中心只接受 15 个字符；请输入 `{short}`"
                        ),
                    ),
                    SETUP,
                )
                .with_partner_center(pc()),
            );
            v.data = serde_json::json!({ "org_id": short });
            return v.finish();
        }
        OrgId::Invalid(why) => {
            v.push(
                Finding::fail(Problem::InvalidInput, check, why, SETUP).with_partner_center(pc()),
            );
            return v.finish();
        }
    };
    v.begin(Stage::Probe);
    if !allowed_endpoint(endpoint) {
        v.push(Finding::fail(
            Problem::NotAllowed,
            ("the web-to-lead address", "Web-to-Lead 地址"),
            (
                format!(
                    "`{}` is not Salesforce's web-to-lead: only a loopback address replaces it, for tests",
                    shown_url(endpoint.as_str())
                ),
                format!(
                    "`{}` 不是 Salesforce 的 Web-to-Lead：只有环回地址可以替换它，用于测试",
                    shown_url(endpoint.as_str())
                ),
            ),
            SETUP,
        ));
        return v.finish();
    }
    let client = match client(timeout) {
        Ok(c) => c,
        Err(e) => {
            v.push(Finding::fail(
                Problem::Tls,
                ("set up HTTPS", "设置 HTTPS"),
                e,
                SETUP,
            ));
            return v.finish();
        }
    };
    let probe = reachable(&client, endpoint, timeout).await;
    v.push(reachability_finding(endpoint, &probe, SETUP, pc()));
    if v.stopped() {
        return v.finish();
    }
    v.push(Finding::note(
        ("what the probe shows", "探测说明了什么"),
        (
            "web-to-lead answers anyone: this shows the host is reachable, not that the Organization ID exists or that web-to-lead is on",
            "Web-to-Lead 对任何人都会响应：这只说明主机可以访问，并不说明组织 ID 存在或 Web-to-Lead 已启用",
        ),
    ));
    if v.stopped() || !send_lead {
        v.on_success(SETUP);
        return v.finish();
    }
    v.begin(Stage::Write);
    let mut url = endpoint.clone();
    url.query_pairs_mut().append_pair("encoding", "UTF-8");
    let form = test_lead(&org, ticks);
    let request = client
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(super::form_body(&form));
    let check: Msg = (
        "web-to-lead takes the test lead",
        "Web-to-Lead 接受测试潜在顾客",
    )
        .into();
    let name = format!("MSFT_TEST_{ticks}");
    v.data = serde_json::json!({ "org_id": org, "lead": name });
    match send(request, timeout).await {
        Ok(a) if (200..=399).contains(&a.status) => {
            v.push(sent(check, &a, &name));
            for (en, zh, node) in where_to_look() {
                v.push(Finding::note(("where to look", "在哪里查看"), (en, zh)).with_node(node));
            }
            v.on_success(MISSING_LEADS);
        }
        Ok(a) => {
            let problem = if a.status >= 500 {
                Problem::ServerError
            } else {
                Problem::ClientError
            };
            v.push(
                Finding::fail(
                    problem,
                    check,
                    (
                        format!(
                            "web-to-lead answered {}: it did not take the lead",
                            a.status
                        ),
                        format!("Web-to-Lead 返回了 {}：它没有接受该潜在顾客", a.status),
                    ),
                    SETUP,
                )
                .with_partner_center(pc())
                .with_status(a.status)
                .with_elapsed(a.elapsed_ms)
                .with_excerpt(a.excerpt()),
            );
        }
        Err(e) => v.push(
            Finding::fail(e.problem, check, e.message, SETUP)
                .with_partner_center(pc())
                .with_elapsed(e.elapsed_ms),
        ),
    }
    v.finish()
}

/// The pass of a test lead web-to-lead answered: it says what the answer cannot tell.
fn sent(check: Msg, a: &Answer, name: &str) -> Finding {
    Finding::pass(
        check,
        (
            format!(
                "sent {name}; web-to-lead answered {} as it always does, created or not: look for the lead in Salesforce",
                a.status
            ),
            format!(
                "已发送 {name}；Web-to-Lead 照例返回了 {}，无论是否创建了潜在顾客：请在 Salesforce 中查找该潜在顾客",
                a.status
            ),
        ),
    )
    .with_status(a.status)
    .with_elapsed(a.elapsed_ms)
}

/// Where a lead web-to-lead took can have gone.
fn where_to_look() -> [(&'static str, &'static str, &'static str); 3] {
    [
        (
            "in Salesforce, Leads: a lead named MSFT_TEST_… (list view \"All Open Leads\", or search)",
            "在 Salesforce 的“潜在客户”中：名为 MSFT_TEST_… 的潜在顾客（“所有未结潜在客户”列表视图，或搜索）",
            MISSING_LEADS,
        ),
        (
            "if it is not there: the failure e-mail Salesforce sends to the Default Lead Creator names the required field, restricted picklist or validation rule that refused it",
            "如果没有：Salesforce 发送给默认潜在客户创建者的失败邮件会指出拒绝它的必填字段、受限选项列表或验证规则",
            REQUIRED_FIELD,
        ),
        (
            "web-to-lead takes 500 leads a day; beyond that they wait in a queue, then are refused",
            "Web-to-Lead 每天接受 500 个潜在顾客；超出的会在队列中等待，然后被拒绝",
            DAILY_LIMIT,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_known_ids() {
        assert_eq!(checksum("00Do0000000ZHog").unwrap(), "EAG");
        assert_eq!(checksum("00558000001N0Ke").unwrap(), "AAK");
        // The D of 00D is the third character of the first chunk: bit 2, the letter E.
        assert_eq!(checksum("00D000000000000").unwrap(), "EAA");
        assert!(checksum("short").is_none());
    }

    #[test]
    fn org_ids_by_partner_centers_rule() {
        assert_eq!(
            org_id(" 00Do0000000ZHog "),
            OrgId::Valid("00Do0000000ZHog".into())
        );
        assert_eq!(
            org_id("00Do0000000ZHogEAG"),
            OrgId::Long {
                short: "00Do0000000ZHog".into()
            }
        );
        // The checksum is case-insensitive.
        assert_eq!(
            org_id("00Do0000000ZHogeag"),
            OrgId::Long {
                short: "00Do0000000ZHog".into()
            }
        );
        let invalid = |s: &str| match org_id(s) {
            OrgId::Invalid(m) => m.en,
            other => panic!("{s}: {other:?}"),
        };
        assert!(invalid("00Do0000000ZHogEAX").contains("checksum"));
        assert!(invalid("00558000001N0Ke").contains("a user's ID"));
        assert!(invalid("00Q5800000ABCDE").contains("a lead's ID"));
        assert!(invalid("00do0000000ZHog").contains("small d"));
        assert!(invalid("\"00Do0000000ZHog\"").contains("quotation marks"));
        assert!(invalid("00Do0000000ZHo").contains("14 characters"));
        assert!(invalid("00Do-000000ZHog").contains("letters and digits"));
        assert!(invalid("").contains("empty"));
    }

    #[test]
    fn the_test_lead_has_partner_centers_fields() {
        let f = test_lead("00Do0000000ZHog", 7);
        let get = |k: &str| f.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("oid"), Some("00Do0000000ZHog"));
        assert_eq!(get("email"), Some("MSFT_TEST_7@test.com"));
        assert_eq!(
            get("lead_source"),
            Some("MSFT_TEST_7-MSFT_TEST_7|Contoso Test")
        );
        assert_eq!(get("encoding"), Some("UTF-8"));
        assert_eq!(f.len(), 11);
    }

    #[test]
    fn only_loopback_replaces_web_to_lead() {
        let ok = |s: &str| allowed_endpoint(&Url::parse(s).unwrap());
        assert!(ok(WEB_TO_LEAD));
        assert!(ok("http://127.0.0.1:9/servlet"));
        assert!(!ok("https://evil.example/servlet/servlet.WebToLead"));
        assert!(!ok("file:///etc/passwd"));
    }
}
