//! What a Power Automate (or Logic Apps) HTTP trigger's answers and URLs mean: the error code of
//! a refused call, read from `{"error":{"code":…,"message":…}}`, and the shape of the URL (its
//! signature, the host flows left in 2025). Each finding links the known-error node that fixes it.

use url::Url;

use super::{Finding, Msg, Problem};

/// "Who can trigger the flow?" is not Anyone: the flow wants a token Partner Center never sends.
pub const OAUTH_REQUIRED: &str = "flow-oauth-required";
/// The flow accepts only its signed URL, and the URL lost its `sp`, `sv` or `sig`.
pub const SHARED_ACCESS_ONLY: &str = "flow-shared-access-only";
/// The `sig=` is wrong, or the flow issued a new one.
pub const INVALID_SIGNATURE: &str = "flow-invalid-signature";
/// The trigger's JSON schema does not fit the lead.
pub const SCHEMA_MISMATCH: &str = "flow-schema-mismatch";
/// The flow was deleted, is turned off, or lives in another environment.
pub const NOT_FOUND: &str = "flow-not-found-or-off";
/// Flow URLs moved from `logic.azure.com` to `environment.api.powerplatform.com`.
pub const URL_MIGRATED: &str = "https-url-migrated";

/// Every node a Power Automate finding links to.
pub const NODES: [&str; 6] = [
    OAUTH_REQUIRED,
    SHARED_ACCESS_ONLY,
    INVALID_SIGNATURE,
    SCHEMA_MISMATCH,
    NOT_FOUND,
    URL_MIGRATED,
];

/// Whether the URL looks like a Power Automate (Logic Apps) HTTP trigger.
pub fn is_power_automate(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    host.ends_with(".logic.azure.com")
        || host.ends_with(".api.powerplatform.com")
        || (path.contains("/workflows/") && path.contains("/triggers/"))
}

/// Whether the URL is on the host Power Automate flows used before the 2025 move (Logic Apps
/// workflows stay there).
pub fn is_old_flow_host(url: &Url) -> bool {
    url.host_str()
        .is_some_and(|h| h.to_ascii_lowercase().ends_with(".logic.azure.com"))
}

/// What is wrong with a Power Automate URL before anything is sent: the `sig` parameter that
/// authorises the call, `api-version`, and the retired `logic.azure.com` host of flows.
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
            "this Power Automate URL has no `sig=` parameter: either it was copied short, or \"Who can trigger the flow?\" is not Anyone (Partner Center cannot sign in). Set it to Anyone, save, and copy the new HTTP POST URL with the trigger's copy button",
            "此 Power Automate URL 没有 `sig=` 参数：要么复制时被截断了，要么“谁可以触发流?”不是“任何人”（合作伙伴中心无法登录）。请将其设为“任何人”，保存后用触发器的复制按钮复制新的 HTTP POST URL",
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
    if is_old_flow_host(url) {
        notes.push(Msg::from((
            format!(
                "this URL is on `logic.azure.com`: in 2025 Power Automate moved flow URLs to `*.environment.api.powerplatform.com`, and the old ones stopped working after 30 November 2025. For a Power Automate flow, copy the new URL from its trigger (leadwiz show {URL_MIGRATED}); an Azure Logic Apps workflow keeps its `logic.azure.com` URL"
            ),
            format!(
                "此 URL 位于 `logic.azure.com`：2025 年 Power Automate 将流的 URL 迁移到 `*.environment.api.powerplatform.com`，旧 URL 在 2025 年 11 月 30 日之后失效。如果是 Power Automate 流，请从其触发器复制新 URL（leadwiz show {URL_MIGRATED}）；Azure 逻辑应用工作流保留其 `logic.azure.com` URL"
            ),
        )));
    }
    notes
}

/// The error a flow answers with: `{"error":{"code":…,"message":…}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub code: String,
    pub message: String,
}

/// The service's error, when the body is one.
pub fn service_error(body: &[u8]) -> Option<ServiceError> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let e = v.get("error")?;
    let text = |k: &str| e.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
    let (code, message) = (text("code"), text("message"));
    (!code.is_empty() || !message.is_empty()).then_some(ServiceError { code, message })
}

/// `401 Unauthorized DirectApiAuthorizationRequired`: what the answer said, for a message.
fn said(status: u16, reason: &str, code: &str) -> String {
    let mut s = status.to_string();
    for part in [reason, code] {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(part);
        }
    }
    s
}

/// The finding for an answer whose error code leadwiz knows; `None` leaves the answer to the
/// status alone. Codes decide; the message only tells apart the two answers that share
/// `DirectApiAuthorizationRequired`, and names the one refusal whose code is not recorded.
pub fn finding(status: u16, reason: &str, error: &ServiceError, url: &Url) -> Option<Finding> {
    let code = error.code.as_str();
    let msg = error.message.to_ascii_lowercase();
    let is = |name: &str| code.eq_ignore_ascii_case(name);
    let s = said(status, reason, code);
    let names_sas_params = ["'sp'", "'sv'", "'sig'"].iter().any(|p| msg.contains(p));
    if (is("DirectApiAuthorizationRequired") && msg.contains("shared access"))
        || (is("AuthorizationFailed") && names_sas_params)
    {
        return Some(Finding::new(
            Problem::Unauthorized,
            (
                format!(
                    "{s}: the flow accepts only its signed URL, and this call did not carry a whole one: the URL lost its `sp`, `sv` or `sig` parameters when it was copied (or a tool added a sign-in token). Copy the whole HTTP POST URL again with the trigger's copy button"
                ),
                format!(
                    "{s}：该流只接受其签名 URL，而此调用没有携带完整的签名 URL：URL 在复制时丢失了 `sp`、`sv` 或 `sig` 参数（或某个工具添加了登录令牌）。请用触发器的复制按钮重新复制完整的 HTTP POST URL"
                ),
            ),
            SHARED_ACCESS_ONLY,
        ));
    }
    if is("DirectApiAuthorizationRequired") {
        return Some(Finding::new(
            Problem::Unauthorized,
            (
                format!(
                    "{s}: the flow accepts only signed-in callers, and Partner Center sends no sign-in token. In the trigger, set \"Who can trigger the flow?\" to Anyone, save, and copy the new HTTP POST URL (it changes) into Partner Center"
                ),
                format!(
                    "{s}：该流只接受已登录的调用方，而合作伙伴中心不发送登录令牌。请在触发器中将“谁可以触发流?”设为“任何人”，保存，然后将新的 HTTP POST URL（URL 会改变）复制到合作伙伴中心"
                ),
            ),
            OAUTH_REQUIRED,
        ));
    }
    if msg.contains("open authentication access control policy") {
        return Some(Finding::new(
            Problem::Unauthorized,
            (
                format!(
                    "{s}: the flow accepts only specific signed-in users (\"Who can trigger the flow?\" is Specific users), and Partner Center sends no token. Set it to Anyone, save, and copy the new HTTP POST URL into Partner Center"
                ),
                format!(
                    "{s}：该流只接受特定的已登录用户（“谁可以触发流?”为“特定用户”），而合作伙伴中心不发送令牌。请将其设为“任何人”，保存，然后将新的 HTTP POST URL 复制到合作伙伴中心"
                ),
            ),
            OAUTH_REQUIRED,
        ));
    }
    if is("DirectApiInvalidAuthorizationSignature") {
        return Some(Finding::new(
            Problem::Unauthorized,
            (
                format!(
                    "{s}: the URL's `sig=` signature is not valid: it was edited or cut short, or the flow issued a new URL (its trigger settings changed, or it moved off `logic.azure.com`). Copy the HTTP POST URL again from the trigger"
                ),
                format!(
                    "{s}：URL 的 `sig=` 签名无效：URL 被修改或截断，或者流已生成新的 URL（其触发器设置已更改，或已从 `logic.azure.com` 迁移）。请从触发器重新复制 HTTP POST URL"
                ),
            ),
            INVALID_SIGNATURE,
        ));
    }
    if is("WorkflowNotFound") || is("WorkflowTriggerIsNotEnabled") || is("WorkflowNotEnabled") {
        let (moved, moved_zh) = if is_old_flow_host(url) {
            (
                "; a Power Automate flow on `logic.azure.com` may also simply have moved to its new URL",
                "；位于 `logic.azure.com` 的 Power Automate 流也可能只是迁移到了新 URL",
            )
        } else {
            ("", "")
        };
        let (en, zh) = if is("WorkflowNotFound") {
            (
                format!(
                    "{s}: no flow answers at this URL: it was deleted, or the URL belongs to a flow in another environment (copy it from the flow in the environment where it runs){moved}"
                ),
                format!(
                    "{s}：此 URL 没有对应的流：流已被删除，或该 URL 属于另一个环境中的流（请从实际运行的环境中的流复制 URL）{moved_zh}"
                ),
            )
        } else {
            (
                format!("{s}: the flow is turned off: turn it on in Power Automate"),
                format!("{s}：流已关闭：请在 Power Automate 中将其打开"),
            )
        };
        return Some(Finding::new(Problem::NotFound, (en, zh), NOT_FOUND));
    }
    if is("TriggerInputSchemaMismatch") {
        return Some(Finding::new(
            Problem::SchemaMismatch,
            (
                format!(
                    "{s}: the trigger's JSON schema does not fit the lead Partner Center sends (a required property, a different spelling or type). Paste the HTTPS-endpoint schema into the trigger, or remove the schema's `required` list"
                ),
                format!(
                    "{s}：触发器的 JSON 架构与合作伙伴中心发送的潜在顾客不符（必填属性、拼写或类型不同）。请将 HTTPS 终结点架构粘贴到触发器中，或删除架构的 `required` 列表"
                ),
            ),
            SCHEMA_MISMATCH,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow() -> Url {
        Url::parse("https://contoso.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/1/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xy7Zq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnMqwe").unwrap()
    }

    fn node(code: &str, message: &str) -> Option<&'static str> {
        let e = ServiceError {
            code: code.into(),
            message: message.into(),
        };
        finding(401, "Unauthorized", &e, &flow()).map(|f| f.remediation)
    }

    #[test]
    fn codes_decide_and_the_message_only_splits_the_shared_code() {
        assert_eq!(
            node(
                "DirectApiAuthorizationRequired",
                "The OAuth authorization scheme is required."
            ),
            Some(OAUTH_REQUIRED)
        );
        // A wording leadwiz has not seen: the code alone names the commonest cause.
        assert_eq!(
            node("DirectApiAuthorizationRequired", "Anmeldung erforderlich"),
            Some(OAUTH_REQUIRED)
        );
        assert_eq!(
            node(
                "DirectApiAuthorizationRequired",
                "The request must be authenticated only by Shared Access scheme."
            ),
            Some(SHARED_ACCESS_ONLY)
        );
        assert_eq!(
            node(
                "AuthorizationFailed",
                "Required parameters for shared access URL are permissions ('sp'), version ('sv'), and signature ('sig')."
            ),
            Some(SHARED_ACCESS_ONLY)
        );
        assert_eq!(node("AuthorizationFailed", "Something else"), None);
        assert_eq!(
            node("DIRECTAPIINVALIDAUTHORIZATIONSIGNATURE", ""),
            Some(INVALID_SIGNATURE)
        );
        assert_eq!(node("WorkflowNotFound", ""), Some(NOT_FOUND));
        assert_eq!(
            node("TriggerInputSchemaMismatch", ""),
            Some(SCHEMA_MISMATCH)
        );
        assert_eq!(
            node("SomethingNew", "The workflow could not be found."),
            None
        );
    }

    #[test]
    fn service_errors_are_read_from_json_only() {
        let e = service_error(br#"{"error":{"code":"WorkflowNotFound","message":"x"}}"#).unwrap();
        assert_eq!(e.code, "WorkflowNotFound");
        assert!(service_error(b"<html>WorkflowNotFound</html>").is_none());
        assert!(service_error(br#"{"error":"invalid_client"}"#).is_none());
        assert!(service_error(br#"{"error":{}}"#).is_none());
    }

    #[test]
    fn urls_copied_short_and_old_hosts_are_noticed() {
        assert!(url_notes(&flow()).is_empty());
        let full = Url::parse("https://prod-27.westus.logic.azure.com:443/workflows/8d2f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xy7Zq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnMqwe").unwrap();
        assert!(is_power_automate(&full));
        let notes = url_notes(&full);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].en.contains("30 November 2025"), "{notes:?}");
        let short = Url::parse("https://contoso.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/1/triggers/manual/paths/invoke?api-version=1").unwrap();
        let notes = url_notes(&short);
        assert!(notes[0].en.contains("no `sig=` parameter"));
        assert!(notes[0].en.contains("Anyone"));
        let other = Url::parse("https://leads.contoso.com/hook").unwrap();
        assert!(!is_power_automate(&other));
        assert!(url_notes(&other).is_empty());
    }
}
