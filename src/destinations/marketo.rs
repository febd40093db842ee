//! `leadwiz validate marketo`: the Munchkin ID and Form ID by Partner Center's rules (or read
//! from a pasted form embed snippet), the instance's REST host answering without any secret,
//! then with the Client ID and Secret of the API-only user: the identity token, the form and
//! its fields (Email, Lead Source, required fields Partner Center does not fill), and with
//! `--send-test-lead` the test lead through Submit Form. Marketo's REST errors are read by code
//! (601, 602, 603, 606, 607, 702, 1006; `invalid_client` from the identity service).
//!
//! The secret travels only in the form body of the identity request, the token only in the
//! `Authorization` header; neither appears in a finding.

use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;
use serde_json::{Value, json};
use url::Url;

use super::staged::{Answer, NoAnswer, reachability_finding, reachable, send};
use super::{Msg, Problem, client, is_loopback, shown_url};
use crate::guide::Lang;
use crate::validate::partner_center::undocumented;
use crate::validate::{Finding, PartnerCenter, Stage, Trace, Validation};

/// Setting up the connection (the ids, the API-only user, the LaunchPoint service).
pub const SETUP: &str = "dest-marketo";
pub const BAD_CREDENTIALS: &str = "marketo-bad-client-credentials";
pub const TOKEN_INVALID: &str = "marketo-access-token-invalid";
pub const ACCESS_DENIED: &str = "marketo-access-denied";
pub const QUOTA: &str = "marketo-daily-quota";
pub const FIELD_NOT_FOUND: &str = "marketo-field-not-found";

/// Every node a Marketo finding links to.
pub const NODES: [&str; 6] = [
    SETUP,
    BAD_CREDENTIALS,
    TOKEN_INVALID,
    ACCESS_DENIED,
    QUOTA,
    FIELD_NOT_FOUND,
];

/// The fields of the test lead, by their REST names, as Partner Center fills them [I: the
/// restored connector's exact mapping is not published].
const LEAD_FIELDS: [&str; 8] = [
    "firstName",
    "lastName",
    "email",
    "company",
    "title",
    "phone",
    "country",
    "leadSource",
];

fn pc() -> PartnerCenter {
    undocumented((
        "Validate fails: the FAQ documents no message for Marketo",
        "“验证”失败：FAQ 未记录 Marketo 的消息",
    ))
}

/// What the user gave.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// The Munchkin ID, or a pasted form embed snippet.
    pub munchkin: String,
    pub form_id: Option<String>,
    pub client_id: Option<String>,
    pub secret: Option<String>,
    /// A loopback replacement of `https://{munchkin}.mktorest.com`, for tests.
    pub rest: Option<Url>,
}

static LOAD_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"loadForm\(\s*["']([^"']*)["']\s*,\s*["']([^"']+)["']\s*,\s*["']?(\d+)"#)
        .expect("valid pattern")
});
static MUNCHKIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9]{3}-[A-Za-z0-9]{3}-[A-Za-z0-9]{3}$").expect("valid pattern")
});
static FORM_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,8}$").expect("valid pattern"));
static GUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        .expect("valid pattern")
});

/// The Munchkin ID and Form ID of a pasted embed snippet
/// (`MktoForms2.loadForm("//app-ab12.marketo.com", "123-ABC-456", 1179)`).
pub fn from_snippet(text: &str) -> Option<(String, String)> {
    let c = LOAD_FORM.captures(text)?;
    Some((c[2].trim().to_owned(), c[3].to_owned()))
}

/// Whether `id` has the Munchkin ID's form (`123-ABC-456`).
pub fn is_munchkin(id: &str) -> bool {
    MUNCHKIN.is_match(id)
}

/// The Munchkin ID written another way: without dashes, or inside a Marketo host name.
fn munchkin_hint(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    let host = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', '.'])
        .next()
        .unwrap_or("");
    if is_munchkin(host) && lower.contains("mktorest.com") {
        return Some(host.to_ascii_uppercase());
    }
    let plain: String = raw.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    (plain.len() == 9 && !raw.contains('-'))
        .then(|| format!("{}-{}-{}", &plain[..3], &plain[3..6], &plain[6..]))
}

/// The REST base: `https://{munchkin}.mktorest.com`, or a loopback replacement (nothing else).
pub fn rest_base(munchkin: &str, replacement: Option<&Url>) -> Result<Url, Msg> {
    match replacement {
        None => Url::parse(&format!(
            "https://{}.mktorest.com/",
            munchkin.to_ascii_lowercase()
        ))
        .map_err(|e| Msg::from(e.to_string())),
        Some(u) if is_loopback(u) && matches!(u.scheme(), "http" | "https") => Ok(u.clone()),
        Some(u) => Err(Msg::from((
            format!(
                "`{}` is not a loopback address: only a loopback address replaces Marketo's, for tests",
                shown_url(u.as_str())
            ),
            format!(
                "`{}` 不是环回地址：只有环回地址可以替换 Marketo 的地址，用于测试",
                shown_url(u.as_str())
            ),
        ))),
    }
}

/// `base` joined with `path` (the base's own path kept).
fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{}", base.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url.set_query(None);
    url
}

/// Marketo's `requestId`, which its support asks for.
fn trace(body: &Value) -> Trace {
    Trace {
        request_id: body["requestId"]
            .as_str()
            .map(|s| crate::sanitise::line(s).into_owned()),
        ..Trace::default()
    }
}

/// The first error of a REST answer that failed (`success: false`): its code and message.
fn rest_error(body: &Value) -> Option<(String, String)> {
    if body["success"].as_bool() != Some(false) {
        return None;
    }
    let e = &body["errors"][0];
    let code = match &e["code"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    Some((code, e["message"].as_str().unwrap_or("").to_owned()))
}

/// The finding for a REST error code: the node that fixes it and what it means.
fn rest_failure(check: Msg, code: &str, message: &str, body: &Value) -> Finding {
    let shown = crate::width::ellipsize(&crate::sanitise::line(message), 120);
    let (problem, node, en, zh) = match code {
        "601" | "602" => (
            Problem::AuthenticationFailed,
            TOKEN_INVALID,
            "the access token was refused even when new: the API-only user or its LaunchPoint service was changed; create a new Client Secret and enter it in Partner Center",
            "即使是新的访问令牌也被拒绝：仅限 API 用户或其 LaunchPoint 服务已更改；请创建新的客户端密码并在合作伙伴中心中输入",
        ),
        "603" => (
            Problem::Unauthorized,
            ACCESS_DENIED,
            "access denied: the API-only user's role lacks Read-Write Lead (to submit the form) or Read-Only Assets (to read it), or Admin > Web Services > IP Restrictions shuts out callers (Partner Center among them)",
            "访问被拒绝：仅限 API 用户的角色缺少“读写潜在客户”（提交表单）或“只读资产”（读取表单）权限，或者“管理员”>“Web 服务”>“IP 限制”拒绝了调用方（包括合作伙伴中心）",
        ),
        "606" => (
            Problem::ServerError,
            QUOTA,
            "the rate limit (100 calls in 20 seconds) was reached: another integration is busy; it passes within seconds, so try again",
            "达到了速率限制（20 秒内 100 次调用）：另一个集成正在大量调用；几秒钟后即可恢复，请重试",
        ),
        "607" => (
            Problem::ServerError,
            QUOTA,
            "the daily API quota is used up: Partner Center's calls fail too until it resets (midnight, US Central time)",
            "每日 API 配额已用完：在配额重置（美国中部时间午夜）之前，合作伙伴中心的调用也会失败",
        ),
        "604" | "611" | "615" => (
            Problem::ServerError,
            SETUP,
            "Marketo failed on its side for now (a timeout, a system error, or too many calls at once): try again in a few minutes",
            "Marketo 端暂时失败（超时、系统错误或同时调用过多）：请几分钟后重试",
        ),
        "614" => (
            Problem::ServerError,
            SETUP,
            "the instance's subscription is not valid for the REST API: the Marketo administrator or Adobe support can tell why",
            "该实例的订阅对 REST API 无效：Marketo 管理员或 Adobe 支持人员可以说明原因",
        ),
        "702" => (
            Problem::NotFound,
            SETUP,
            "no such form: the Form ID is not a form of this instance (copy it from the form's embed code)",
            "没有这个表单：该表单 ID 不是此实例的表单（请从表单的嵌入代码中复制）",
        ),
        "610" => (
            Problem::NotFound,
            SETUP,
            "the REST address did not match a resource: the Munchkin ID is probably mistyped",
            "REST 地址没有匹配的资源：Munchkin ID 可能输入错误",
        ),
        "1006" => (
            Problem::SchemaMismatch,
            FIELD_NOT_FOUND,
            "the form lacks a field the lead uses: add it to the form (Lead Source among them)",
            "表单缺少潜在顾客使用的字段：请将其添加到表单（包括 Lead Source）",
        ),
        _ => (
            Problem::ClientError,
            SETUP,
            "Marketo refused the call",
            "Marketo 拒绝了调用",
        ),
    };
    Finding::fail(
        problem,
        check,
        (
            format!("{code} {shown}: {en}"),
            format!("{code} {shown}：{zh}"),
        ),
        node,
    )
    .with_partner_center(pc())
    .with_code(code.to_owned())
    .with_trace(trace(body))
}

/// A failure of a request that got no answer, pointing at `node`.
fn no_answer(check: Msg, e: NoAnswer, node: &'static str) -> Finding {
    Finding::fail(e.problem, check, e.message, node)
        .with_partner_center(pc())
        .with_elapsed(e.elapsed_ms)
}

/// An answer that is not Marketo's JSON: the host is not a Marketo REST host.
fn not_marketo(check: Msg, a: &Answer) -> Finding {
    Finding::fail(
        Problem::BadAnswer,
        check,
        (
            format!(
                "the answer ({}) is not Marketo's: no Marketo instance answers at this Munchkin ID (copy it from Admin > Integration > Munchkin)",
                a.status
            ),
            format!(
                "响应（{}）不是 Marketo 的：此 Munchkin ID 没有 Marketo 实例响应（请从“管理员”>“集成”>“Munchkin”复制）",
                a.status
            ),
        ),
        SETUP,
    )
    .with_partner_center(pc())
    .with_status(a.status)
    .with_excerpt(a.excerpt())
}

/// Validates a Marketo connection; the test lead goes through Submit Form only when `send`.
pub async fn validate(input: &Input, send_lead: bool, ticks: u64, timeout: Duration) -> Validation {
    let snippet = from_snippet(&input.munchkin);
    let munchkin = snippet
        .as_ref()
        .map_or_else(|| input.munchkin.trim().to_owned(), |(m, _)| m.clone());
    let form_id = input
        .form_id
        .as_deref()
        .map(|f| f.trim().to_owned())
        .or_else(|| snippet.as_ref().map(|(_, f)| f.clone()));
    let shown = crate::width::ellipsize(&crate::sanitise::line(&munchkin), 40);
    let mut v = Validation::new("marketo", shown, send_lead);
    v.begin(Stage::Fields);
    if snippet.is_some() {
        v.push(Finding::note(
            ("the form embed snippet", "表单嵌入代码"),
            (
                format!(
                    "read the Munchkin ID {munchkin} and the Form ID {} from it",
                    form_id.as_deref().unwrap_or("")
                ),
                format!(
                    "从中读取了 Munchkin ID {munchkin} 和表单 ID {}",
                    form_id.as_deref().unwrap_or("")
                ),
            ),
        ));
    }
    let check: Msg = (
        "the Munchkin ID has the form Partner Center takes (123-ABC-456)",
        "Munchkin ID 符合合作伙伴中心接受的格式（123-ABC-456）",
    )
        .into();
    if is_munchkin(&munchkin) {
        v.push(Finding::pass(check, munchkin.clone()));
    } else {
        let hint = munchkin_hint(&munchkin)
            .map(|h| {
                (
                    format!(": did you mean `{h}`?"),
                    format!("：是否应为 `{h}`？"),
                )
            })
            .unwrap_or_default();
        v.push(
            Finding::fail(
                Problem::InvalidInput,
                check,
                (
                    format!(
                        "`{}` is not a Munchkin ID: three groups of three letters or digits joined by dashes (Admin > Integration > Munchkin){}",
                        v.target.en, hint.0
                    ),
                    format!(
                        "`{}` 不是 Munchkin ID：由短划线连接的三组字母或数字，每组三个（“管理员”>“集成”>“Munchkin”）{}",
                        v.target.en, hint.1
                    ),
                ),
                SETUP,
            )
            .with_partner_center(pc()),
        );
        return v.finish();
    }
    let check: Msg = (
        "the Form ID has the form Partner Center takes (digits)",
        "表单 ID 符合合作伙伴中心接受的格式（数字）",
    )
        .into();
    let form_id = match form_id {
        Some(f) if FORM_ID.is_match(&f) => {
            v.push(Finding::pass(check, f.clone()));
            f
        }
        Some(f) => {
            let f = crate::width::ellipsize(&crate::sanitise::line(&f), 40);
            v.push(
                Finding::fail(
                    Problem::InvalidInput,
                    check,
                    (
                        format!("`{f}` is not a Form ID: 1 to 8 digits (the number in the form's embed code, as in loadForm(…, 1179))"),
                        format!("`{f}` 不是表单 ID：1 到 8 位数字（表单嵌入代码中的数字，例如 loadForm(…, 1179)）"),
                    ),
                    SETUP,
                )
                .with_partner_center(pc()),
            );
            return v.finish();
        }
        None => {
            v.push(
                Finding::fail(
                    Problem::InvalidInput,
                    check,
                    (
                        "no Form ID: Partner Center requires one (pass --form-id N, or paste the form's embed snippet as the Munchkin ID)",
                        "没有表单 ID：合作伙伴中心要求提供（传入 --form-id N，或将表单嵌入代码作为 Munchkin ID 粘贴）",
                    ),
                    SETUP,
                )
                .with_partner_center(pc()),
            );
            return v.finish();
        }
    };
    if let Some(id) = input.client_id.as_deref().map(str::trim)
        && !GUID.is_match(id)
    {
        v.push(
            Finding::note(
                ("the Client ID looks like one", "客户端 ID 看起来正确"),
                (
                    "a LaunchPoint Client ID is usually a GUID (8-4-4-4-12 hexadecimal digits): check it was copied whole, and that it is not the Client Secret",
                    "LaunchPoint 客户端 ID 通常是 GUID（8-4-4-4-12 位十六进制数字）：请检查是否完整复制，并且不是客户端密码",
                ),
            )
            .with_node(SETUP),
        );
    }
    let base = match rest_base(&munchkin, input.rest.as_ref()) {
        Ok(b) => b,
        Err(msg) => {
            v.push(Finding::fail(
                Problem::NotAllowed,
                ("the REST address", "REST 地址"),
                msg,
                SETUP,
            ));
            return v.finish();
        }
    };
    let client = match client(timeout) {
        Ok(c) => c,
        Err(e) => {
            v.begin(Stage::Probe);
            v.push(Finding::fail(
                Problem::Tls,
                ("set up HTTPS", "设置 HTTPS"),
                e,
                SETUP,
            ));
            return v.finish();
        }
    };
    v.begin(Stage::Probe);
    let probe = reachable(&client, &base, timeout).await;
    let mut reach = reachability_finding(&base, &probe, SETUP, pc());
    if reach.problem == Some(Problem::Dns) {
        reach.detail = Msg::from((
            format!(
                "{}: no Marketo instance has this Munchkin ID (copy it from Admin > Integration > Munchkin)",
                reach.detail.en
            ),
            format!(
                "{}：没有 Marketo 实例使用此 Munchkin ID（请从“管理员”>“集成”>“Munchkin”复制）",
                reach.detail.get(Lang::ZhCn)
            ),
        ));
    }
    v.push(reach);
    if v.stopped() {
        return v.finish();
    }
    v.begin(Stage::Read);
    let (Some(client_id), Some(secret)) = (input.client_id.as_deref(), input.secret.as_deref())
    else {
        v.push(Finding::inconclusive(
            ("the Client ID and Secret", "客户端 ID 和密码"),
            (
                "not checked: Partner Center signs in with the Client ID and Client Secret of the API-only user's LaunchPoint service; pass --client-id and --secret-file (or LEADWIZ_MARKETO_SECRET) to check them",
                "未检查：合作伙伴中心使用仅限 API 用户的 LaunchPoint 服务的客户端 ID 和客户端密码登录；传入 --client-id 和 --secret-file（或 LEADWIZ_MARKETO_SECRET）即可检查",
            ),
            SETUP,
        ));
        return v.finish();
    };
    let session = Session {
        client: &client,
        base: &base,
        client_id: client_id.trim(),
        secret,
        timeout,
    };
    let Some(mut token) = session.token(&mut v).await else {
        return v.finish();
    };
    // The form, then its fields.
    let form_check: Msg = (
        "the form exists and the API user may read it",
        "表单存在且 API 用户可以读取它",
    )
        .into();
    let Some(form) = session
        .get(
            &mut v,
            &mut token,
            form_check.clone(),
            &format!("rest/asset/v1/form/{form_id}.json"),
        )
        .await
    else {
        return v.finish();
    };
    let entry = &form["result"][0];
    if entry.is_null() {
        v.push(
            Finding::fail(
                Problem::NotFound,
                form_check,
                (
                    format!("Marketo has no form {form_id}"),
                    format!("Marketo 中没有表单 {form_id}"),
                ),
                SETUP,
            )
            .with_partner_center(pc())
            .with_trace(trace(&form)),
        );
        return v.finish();
    }
    let name = crate::sanitise::line(entry["name"].as_str().unwrap_or("")).into_owned();
    v.push(
        Finding::pass(
            form_check,
            (
                format!("form {form_id}: {name}"),
                format!("表单 {form_id}：{name}"),
            ),
        )
        .with_trace(trace(&form)),
    );
    if entry["status"].as_str() == Some("draft") {
        v.push(Finding::note(
            ("the form is approved", "表单已批准"),
            (
                "the form is a draft: approve it in Marketo, so its fields are the ones leads are submitted to",
                "该表单是草稿：请在 Marketo 中批准它，使其字段成为提交潜在顾客所用的字段",
            ),
        ).with_node(SETUP));
    }
    let fields_check: Msg = (
        "the form has the fields the lead fills (Email, Lead Source)",
        "表单包含潜在顾客填写的字段（Email、Lead Source）",
    )
        .into();
    let Some(fields) = session
        .get(
            &mut v,
            &mut token,
            fields_check.clone(),
            &format!("rest/asset/v1/form/{form_id}/fields.json"),
        )
        .await
    else {
        return v.finish();
    };
    let list = fields["result"].as_array().cloned().unwrap_or_default();
    let ids: Vec<String> = list
        .iter()
        .filter_map(|f| f["id"].as_str())
        .map(|s| crate::sanitise::line(s).into_owned())
        .collect();
    let has = |want: &str| ids.iter().any(|id| id.eq_ignore_ascii_case(want));
    let mut missing = Vec::new();
    if !has("Email") {
        missing.push("Email");
    }
    if !has("LeadSource")
        && !ids
            .iter()
            .any(|id| id.to_ascii_lowercase().contains("leadsource"))
    {
        missing.push("Lead Source");
    }
    if !missing.is_empty() {
        let list = missing.join(", ");
        v.push(
            Finding::fail(
                Problem::SchemaMismatch,
                fields_check,
                (
                    format!("the form has no {list} field: Submit Form needs Email, and Partner Center's setup asks for a Lead Source field; add them to the form"),
                    format!("表单没有 {list} 字段：“提交表单”需要 Email，合作伙伴中心的设置要求 Lead Source 字段；请将它们添加到表单"),
                ),
                FIELD_NOT_FOUND,
            )
            .with_partner_center(pc())
            .with_trace(trace(&fields)),
        );
        return v.finish();
    }
    v.push(Finding::pass(fields_check, ids.join(", ")).with_trace(trace(&fields)));
    let unfilled: Vec<String> = list
        .iter()
        .filter(|f| f["required"].as_bool() == Some(true))
        .filter_map(|f| f["id"].as_str())
        .filter(|id| !LEAD_FIELDS.iter().any(|l| l.eq_ignore_ascii_case(id)))
        .map(|s| crate::sanitise::line(s).into_owned())
        .collect();
    if !unfilled.is_empty() {
        let list = unfilled.join(", ");
        v.push(
            Finding::note(
                ("required fields Partner Center fills", "合作伙伴中心填写的必填字段"),
                (
                    format!("the form requires {list}, which a marketplace lead does not carry: make them optional, or the submission may be refused"),
                    format!("该表单要求 {list}，而市场潜在顾客不包含这些字段：请将其设为可选，否则提交可能被拒绝"),
                ),
            )
            .with_node(FIELD_NOT_FOUND),
        );
    }
    if !send_lead {
        v.on_success(SETUP);
        return v.finish();
    }
    v.begin(Stage::Write);
    let t = format!("MSFT_TEST_{ticks}");
    let lead = json!({
        "formId": form_id.parse::<u64>().unwrap_or_default(),
        "input": [{ "leadFormFields": {
            "firstName": t, "lastName": t, "email": format!("{t}@test.com"), "company": t,
            "title": t, "phone": "1234567890", "country": "US",
            "leadSource": "AzureMarketplace",
        }}],
    });
    v.data = json!({ "lead": t });
    let check: Msg = (
        "Submit Form takes the test lead",
        "“提交表单”接受测试潜在顾客",
    )
        .into();
    let Some(answer) = session
        .post(
            &mut v,
            &mut token,
            check.clone(),
            "rest/v1/leads/submitForm.json",
            &lead,
        )
        .await
    else {
        return v.finish();
    };
    let record = &answer["result"][0];
    match record["status"].as_str() {
        Some(status @ ("created" | "updated")) => {
            v.push(
                Finding::pass(
                    check,
                    (
                        format!("{t}: {status}"),
                        format!(
                            "{t}：{}",
                            if status == "created" {
                                "已创建"
                            } else {
                                "已更新"
                            }
                        ),
                    ),
                )
                .with_trace(trace(&answer)),
            );
            v.on_success(SETUP);
        }
        _ => {
            let reason = &record["reasons"][0];
            let code = match &reason["code"] {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            let message = reason["message"].as_str().unwrap_or("");
            v.push(rest_failure(check, &code, message, &answer));
        }
    }
    v.finish()
}

/// The calls of one validation: the identity token, then REST calls with it.
struct Session<'a> {
    client: &'a reqwest::Client,
    base: &'a Url,
    client_id: &'a str,
    secret: &'a str,
    timeout: Duration,
}

impl Session<'_> {
    /// A token from the identity service (the secret in the form body, never the URL); `None`
    /// after a failing finding.
    async fn token(&self, v: &mut Validation) -> Option<String> {
        let check: Msg = (
            "the Client ID and Secret get a token",
            "客户端 ID 和密码可以获取令牌",
        )
            .into();
        let request = self
            .client
            .post(endpoint(self.base, "identity/oauth/token"))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(super::form_body(&[
                ("grant_type", "client_credentials"),
                ("client_id", self.client_id),
                ("client_secret", self.secret),
            ]));
        let a = match send(request, self.timeout).await {
            Ok(a) => a,
            Err(e) => {
                v.push(no_answer(check, e, SETUP));
                return None;
            }
        };
        let Some(body) = a.json() else {
            v.push(not_marketo(check, &a));
            return None;
        };
        if let Some(token) = body["access_token"].as_str().filter(|t| !t.is_empty()) {
            v.push(Finding::pass(check, ("a token came back", "已返回令牌")).with_status(a.status));
            return Some(token.to_owned());
        }
        let error = body["error"].as_str().unwrap_or("");
        let (en, zh) = match error {
            // `unauthorized` answers an unknown Client ID [I: the code is seen in one place].
            "unauthorized" => (
                "the Client ID is unknown to this instance: copy it from Admin > Integration > LaunchPoint > the service > View Details",
                "此实例不认识该客户端 ID：请从“管理员”>“集成”>“LaunchPoint”> 该服务 >“查看详细信息”复制",
            ),
            "invalid_client" => (
                "the Client ID and Secret do not match (the secret is wrong, or was regenerated): copy both again from LaunchPoint > View Details",
                "客户端 ID 与密码不匹配（密码错误或已重新生成）：请从 LaunchPoint >“查看详细信息”重新复制两者",
            ),
            _ => (
                "the identity service refused the Client ID and Secret",
                "身份服务拒绝了客户端 ID 和密码",
            ),
        };
        let code = crate::sanitise::line(error).into_owned();
        let mut f = Finding::fail(
            Problem::AuthenticationFailed,
            check,
            (
                format!("{} {code}: {en}", a.status),
                format!("{} {code}：{zh}", a.status),
            ),
            BAD_CREDENTIALS,
        )
        .with_partner_center(pc())
        .with_status(a.status);
        if !code.is_empty() {
            f = f.with_code(code);
        }
        v.push(f);
        None
    }

    /// A REST GET; `None` after a failing finding.
    async fn get(
        &self,
        v: &mut Validation,
        token: &mut String,
        check: Msg,
        path: &str,
    ) -> Option<Value> {
        self.call(v, token, check, path, None).await
    }

    /// A REST POST of `body`; `None` after a failing finding.
    async fn post(
        &self,
        v: &mut Validation,
        token: &mut String,
        check: Msg,
        path: &str,
        body: &Value,
    ) -> Option<Value> {
        self.call(v, token, check, path, Some(body)).await
    }

    /// A REST call with the token in its `Authorization` header; an invalid or expired token
    /// (601, 602) is renewed once.
    async fn call(
        &self,
        v: &mut Validation,
        token: &mut String,
        check: Msg,
        path: &str,
        body: Option<&Value>,
    ) -> Option<Value> {
        for attempt in 0..2 {
            let url = endpoint(self.base, path);
            let request = match body {
                Some(b) => self
                    .client
                    .post(url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(serde_json::to_vec(b).expect("JSON serialises")),
                None => self.client.get(url),
            }
            .bearer_auth(token.as_str());
            let a = match send(request, self.timeout).await {
                Ok(a) => a,
                Err(e) => {
                    v.push(no_answer(check, e, SETUP));
                    return None;
                }
            };
            let Some(json) = a.json().filter(Value::is_object) else {
                v.push(not_marketo(check, &a));
                return None;
            };
            match rest_error(&json) {
                None if (200..=299).contains(&a.status) => return Some(json),
                None => {
                    v.push(not_marketo(check, &a));
                    return None;
                }
                Some((code, _)) if attempt == 0 && (code == "601" || code == "602") => {
                    // As Marketo advises: a new token, then the call once more.
                    let mut quiet = Validation::new("marketo", "", false);
                    quiet.begin(Stage::Read);
                    match self.token(&mut quiet).await {
                        Some(t) => *token = t,
                        None => {
                            let (code, message) = rest_error(&json).unwrap_or_default();
                            v.push(rest_failure(check, &code, &message, &json));
                            return None;
                        }
                    }
                }
                Some((code, message)) => {
                    v.push(rest_failure(check, &code, &message, &json).with_status(a.status));
                    return None;
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_an_embed_snippet() {
        let snippet = r#"<script src="//app-ys12.marketo.com/js/forms2/js/forms2.min.js"></script>
<form id="mktoForm_1179"></form>
<script>MktoForms2.loadForm("//app-ys12.marketo.com", "123-PQR-789", 1179);</script>"#;
        assert_eq!(
            from_snippet(snippet),
            Some(("123-PQR-789".into(), "1179".into()))
        );
        assert_eq!(
            from_snippet("MktoForms2.loadForm('//app-ab01.marketo.com','ABC-DEF-012','42')"),
            Some(("ABC-DEF-012".into(), "42".into()))
        );
        assert_eq!(from_snippet("123-PQR-789"), None);
    }

    #[test]
    fn munchkin_ids_and_their_near_misses() {
        assert!(is_munchkin("123-PQR-789"));
        assert!(!is_munchkin("123PQR789"));
        assert!(!is_munchkin("123-PQR-78"));
        assert_eq!(munchkin_hint("123PQR789").as_deref(), Some("123-PQR-789"));
        assert_eq!(
            munchkin_hint("https://123-pqr-789.mktorest.com/rest").as_deref(),
            Some("123-PQR-789")
        );
        assert_eq!(munchkin_hint("hello"), None);
    }

    #[test]
    fn only_loopback_replaces_the_rest_host() {
        assert_eq!(
            rest_base("123-PQR-789", None).unwrap().as_str(),
            "https://123-pqr-789.mktorest.com/"
        );
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(rest_base("123-PQR-789", Some(&url("http://127.0.0.1:9/"))).is_ok());
        assert!(rest_base("123-PQR-789", Some(&url("https://example.com/"))).is_err());
        assert_eq!(
            endpoint(
                &Url::parse("http://127.0.0.1:9/base/").unwrap(),
                "identity/oauth/token"
            )
            .as_str(),
            "http://127.0.0.1:9/base/identity/oauth/token"
        );
    }

    #[test]
    fn rest_errors_by_code() {
        let body = json!({"requestId":"e42b#1","success":false,"errors":[{"code":"603","message":"Access denied"}]});
        assert_eq!(
            rest_error(&body),
            Some(("603".into(), "Access denied".into()))
        );
        let f = rest_failure(Msg::from("c"), "603", "Access denied", &body);
        assert_eq!(f.node, Some(ACCESS_DENIED));
        assert_eq!(f.trace.request_id.as_deref(), Some("e42b#1"));
        let numeric = json!({"success":false,"errors":[{"code":607}]});
        assert_eq!(rest_error(&numeric).unwrap().0, "607");
        assert_eq!(rest_error(&json!({"success":true})), None);
        for (code, node) in [
            ("601", TOKEN_INVALID),
            ("602", TOKEN_INVALID),
            ("606", QUOTA),
            ("607", QUOTA),
            ("702", SETUP),
            ("1006", FIELD_NOT_FOUND),
            ("604", SETUP),
            ("614", SETUP),
        ] {
            assert_eq!(
                rest_failure(Msg::from("c"), code, "", &body).node,
                Some(node),
                "{code}"
            );
        }
        // Marketo's own failures are server errors, not the user's.
        for code in ["604", "611", "614", "615"] {
            let f = rest_failure(Msg::from("c"), code, "", &body);
            assert_eq!(f.problem, Some(Problem::ServerError), "{code}");
        }
    }
}
