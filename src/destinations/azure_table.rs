//! The Azure Table destination: read the storage connection string (pointing out the known
//! mistakes), insert a test lead through the Table service REST API with Shared Key
//! authentication and read it back, and list the leads in the table.
//!
//! The connection string is a secret: it is never printed, only the account name and the table
//! endpoint are.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;
use serde_json::{Map, Value, json};
use url::Url;

use super::{Finding, Msg, Problem, Report, classify, client, excerpt, is_loopback, read_limited};
use crate::redact;
use crate::sanitise;

const SETUP: &str = "dest-azure-table";
const NO_ROWS: &str = "azure-table-no-rows";
/// The Table service REST API version leadwiz speaks.
const API_VERSION: &str = "2019-02-02";
/// The Azurite emulator's well-known development account.
const DEV_ACCOUNT: &str = "devstoreaccount1";
const DEV_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
/// Storage endpoint suffixes of the Azure clouds.
const SUFFIXES: &[&str] = &[
    "core.windows.net",
    "core.chinacloudapi.cn",
    "core.usgovcloudapi.net",
    "core.cloudapi.de",
];
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

/// A parsed storage connection string.
#[derive(Clone)]
pub struct Account {
    pub name: String,
    key: Vec<u8>,
    /// The Table service endpoint, without a trailing slash.
    pub endpoint: Url,
    /// Things worth knowing (whitespace trimmed, a development account…).
    pub notes: Vec<Msg>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("name", &self.name)
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

fn bad(message: impl Into<Msg>) -> Finding {
    Finding::new(Problem::BadConnectionString, message, SETUP)
}

/// Parses a storage connection string and names every known mistake in it.
pub fn parse(raw: &str) -> Result<Account, Vec<Finding>> {
    let mut notes = Vec::new();
    let trimmed = raw.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if trimmed.len() != raw.len() {
        notes.push(Msg::from((
            "spaces, line ends or quotes around the connection string were ignored; paste it into Partner Center without them",
            "已忽略连接字符串前后的空格、换行或引号；粘贴到合作伙伴中心时请不要带上它们",
        )));
    }
    if trimmed.is_empty() {
        return Err(vec![bad((
            "the connection string is empty",
            "连接字符串为空",
        ))]);
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let (what, zh) = if lower.contains("sig=") {
            ("a SAS URL", "SAS URL")
        } else if lower.contains(".blob.") {
            ("a Blob service URL", "Blob 服务 URL")
        } else if lower.contains(".table.") {
            ("a Table service URL", "表服务 URL")
        } else {
            ("a URL", "URL")
        };
        return Err(vec![bad((
            format!(
                "this is {what}, not a connection string: copy a Connection string from the storage account's Access keys page (it starts with DefaultEndpointsProtocol=https;AccountName=…)"
            ),
            format!(
                "这是{zh}，不是连接字符串：请从存储帐户的“访问密钥”页面复制连接字符串（以 DefaultEndpointsProtocol=https;AccountName=… 开头）"
            ),
        ))]);
    }
    if lower.starts_with("?sv=") || lower.starts_with("sv=") {
        return Err(vec![bad((
            "this is a SAS token, not a connection string: Partner Center needs the account key connection string from Access keys",
            "这是 SAS 令牌，不是连接字符串：合作伙伴中心需要“访问密钥”中带帐户密钥的连接字符串",
        ))]);
    }
    let mut fields: Vec<(String, String)> = Vec::new();
    // No value of a connection string holds a space: fields separated by spaces or line breaks
    // (a string wrapped or retyped) are still read field by field, so no value swallows the
    // next field (and its key) into a message.
    if trimmed.contains(|c: char| c.is_whitespace()) {
        notes.push(Msg::from((
            "the fields of the connection string are separated by spaces or line breaks; Partner Center wants them separated by `;` only",
            "连接字符串的字段之间有空格或换行；合作伙伴中心要求字段之间只用 `;` 分隔",
        )));
    }
    for part in trimmed
        .split(|c: char| c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match part.split_once('=') {
            Some((k, v)) => fields.push((k.trim().to_ascii_lowercase(), v.trim().to_owned())),
            None => {
                return Err(vec![bad((
                    "the connection string is malformed: it is a list of Name=value pairs separated by `;`",
                    "连接字符串格式错误：它应是以 `;` 分隔的 名称=值 列表",
                ))]);
            }
        }
    }
    let get = |k: &str| {
        fields
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.as_str())
    };
    if get("usedevelopmentstorage").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        notes.push(Msg::from((
            "the development storage account (the Azurite emulator on this computer)",
            "开发存储帐户（本机上的 Azurite 模拟器）",
        )));
        return Ok(Account {
            name: DEV_ACCOUNT.into(),
            key: BASE64
                .decode(DEV_KEY)
                .expect("the development key is base64"),
            endpoint: Url::parse("http://127.0.0.1:10002/devstoreaccount1").expect("a URL"),
            notes,
        });
    }
    let mut findings = Vec::new();
    let name = get("accountname").unwrap_or("");
    if name.is_empty() {
        findings.push(bad(("`AccountName=` is missing", "缺少 `AccountName=`")));
    } else if !(3..=24).contains(&name.len())
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        // The value is shown only as far as it can be a name: never a key that came with it.
        let shown = shown_value(name);
        findings.push(bad((
            format!("`AccountName={shown}` is not a storage account name (3 to 24 lower-case letters and digits)"),
            format!("`AccountName={shown}` 不是存储帐户名称（3 到 24 个小写字母和数字）"),
        )));
    }
    let key = match get("accountkey") {
        None | Some("") if get("sharedaccesssignature").is_some() => {
            findings.push(bad((
                "this is a SAS connection string (`SharedAccessSignature=`): Partner Center needs the one with `AccountKey=`, from the storage account's Access keys",
                "这是 SAS 连接字符串 (`SharedAccessSignature=`)：合作伙伴中心需要存储帐户“访问密钥”中带 `AccountKey=` 的连接字符串",
            )));
            None
        }
        None | Some("") => {
            findings.push(bad((
                "`AccountKey=` is missing: copy the whole Connection string from Access keys > Show",
                "缺少 `AccountKey=`：请从“访问密钥”>“显示”复制完整的连接字符串",
            )));
            None
        }
        Some(k) => match BASE64.decode(k) {
            Ok(bytes) if bytes.len() >= 32 => Some(bytes),
            _ => {
                findings.push(bad((
                    "`AccountKey=` is not a whole storage key (base64, 88 characters ending in ==): it was probably copied short",
                    "`AccountKey=` 不是完整的存储密钥（base64，88 个字符，以 == 结尾）：可能复制时被截断了",
                )));
                None
            }
        },
    };
    let protocol = get("defaultendpointsprotocol")
        .unwrap_or("https")
        .to_ascii_lowercase();
    let endpoint = if let Some(e) = get("tableendpoint") {
        match Url::parse(e) {
            Ok(u) if u.scheme() == "https" || is_loopback(&u) => Some(u),
            Ok(_) => {
                findings.push(bad((
                    "`TableEndpoint=` must be https:// (http:// only for a local emulator)",
                    "`TableEndpoint=` 必须是 https://（http:// 仅限本地模拟器）",
                )));
                None
            }
            Err(_) => {
                findings.push(bad((
                    "`TableEndpoint=` is not a URL",
                    "`TableEndpoint=` 不是 URL",
                )));
                None
            }
        }
    } else {
        let suffix = get("endpointsuffix")
            .unwrap_or("core.windows.net")
            .to_ascii_lowercase();
        if !SUFFIXES.contains(&suffix.as_str()) {
            let (typo, typo_zh) = if suffix == "core.screens.net" {
                (
                    " (a typo copied from the Azure Table documentation)",
                    "（这是从 Azure 表文档中复制来的拼写错误）",
                )
            } else {
                ("", "")
            };
            let suffix = shown_value(&suffix);
            findings.push(bad((
                format!("`EndpointSuffix={suffix}` is not an Azure storage suffix{typo}: in the public cloud it is `core.windows.net`"),
                format!("`EndpointSuffix={suffix}` 不是 Azure 存储后缀{typo_zh}：公有云中应为 `core.windows.net`"),
            )));
        }
        if protocol != "https" {
            findings.push(bad((
                "`DefaultEndpointsProtocol=` must be https: Partner Center and leadwiz connect over HTTPS only",
                "`DefaultEndpointsProtocol=` 必须是 https：合作伙伴中心和 leadwiz 只通过 HTTPS 连接",
            )));
        }
        Url::parse(&format!("https://{name}.table.{suffix}")).ok()
    };
    if get("blobendpoint").is_some()
        && get("tableendpoint").is_none()
        && get("accountname").is_none()
    {
        findings.push(bad((
            "this connection string names only a Blob endpoint: Azure Blob is retired as a lead destination; use the account's full connection string for Azure Table",
            "此连接字符串只包含 Blob 终结点：Azure Blob 已不再作为潜在客户目标；请为 Azure 表使用该帐户的完整连接字符串",
        )));
    }
    match (findings.is_empty(), key, endpoint) {
        (true, Some(key), Some(endpoint)) => Ok(Account {
            name: name.to_owned(),
            key,
            endpoint,
            notes,
        }),
        _ => Err(findings),
    }
}

/// A value of the connection string as a message may show it: one line, secrets masked, at most
/// 32 characters (a storage account name has 24).
fn shown_value(value: &str) -> String {
    let clean = sanitise::line(value);
    let masked = redact::secrets(&clean);
    crate::export::text::ellipsize(&masked, 32)
}

/// `Sat, 28 Nov 2026 02:30:00 GMT`
fn http_date(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[t.weekday().number_days_from_monday() as usize],
        t.day(),
        MONTHS[u8::from(t.month()) as usize - 1],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

impl Account {
    /// The Shared Key `Authorization` header of a request.
    fn authorization(&self, method: &str, content_type: &str, date: &str, path: &str) -> String {
        let string_to_sign = format!("{method}\n\n{content_type}\n{date}\n/{}{path}", self.name);
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &self.key);
        let signature = BASE64.encode(ring::hmac::sign(&key, string_to_sign.as_bytes()));
        format!("SharedKey {}:{signature}", self.name)
    }

    /// The URL of `resource` (such as `Tables` or `MarketplaceLeads()`) under the endpoint.
    fn url(&self, resource: &str) -> Url {
        let mut url = self.endpoint.clone();
        let path = format!("{}/{resource}", self.endpoint.path().trim_end_matches('/'));
        url.set_path(&path);
        url.set_query(None);
        url
    }

    /// What the user sees of the account: its name and endpoint, never the key.
    pub fn shown(&self) -> String {
        format!(
            "{} ({})",
            self.name,
            self.endpoint.as_str().trim_end_matches('/')
        )
    }
}

/// One answer of the Table service.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

struct Session {
    account: Account,
    client: reqwest::Client,
    timeout: Duration,
}

impl Session {
    async fn call(
        &self,
        method: reqwest::Method,
        resource: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Answer, Finding> {
        let mut url = self.account.url(resource);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let date = http_date(time::OffsetDateTime::now_utc());
        let content_type = if body.is_some() {
            "application/json"
        } else {
            ""
        };
        let auth = self
            .account
            .authorization(method.as_str(), content_type, &date, url.path());
        let mut request = self
            .client
            .request(method, url)
            .header("x-ms-date", &date)
            .header("x-ms-version", API_VERSION)
            .header("DataServiceVersion", "3.0;NetFx")
            .header("MaxDataServiceVersion", "3.0;NetFx")
            .header("Accept", "application/json;odata=nometadata")
            .header("Authorization", auth);
        if let Some(body) = body {
            request = request
                .header("Content-Type", content_type)
                .header("Prefer", "return-no-content")
                .body(serde_json::to_vec(body).expect("JSON serialises"));
        }
        let response = request.send().await.map_err(|e| {
            let (problem, msg) = classify(&e, self.timeout);
            let msg = match problem {
                Problem::Dns => Msg::from((
                    format!("{}: the AccountName or EndpointSuffix of the connection string is wrong, or the account was deleted", msg.en),
                    format!("{}：连接字符串中的 AccountName 或 EndpointSuffix 有误，或该帐户已被删除", msg.get("zh-CN")),
                )),
                _ => msg,
            };
            Finding::new(problem, msg, NO_ROWS)
        })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_limited(response, MAX_ANSWER)
            .await
            .map_err(|e| e.finding(VIEW_LEADS))?;
        let firewall = String::from_utf8_lossy(&body).contains("AuthorizationFailure");
        if status == 403 && firewall {
            return Err(Finding::new(
                Problem::AuthenticationFailed,
                (
                    "403 AuthorizationFailure: the storage account's firewall does not let this address in (Networking > Public network access); Partner Center must be able to reach the account too",
                    "403 AuthorizationFailure：存储帐户的防火墙不允许此地址访问（“网络”>“公用网络访问”）；合作伙伴中心也必须能访问该帐户",
                ),
                NO_ROWS,
            ));
        }
        if status == 403 || status == 401 {
            return Err(Finding::new(
                Problem::AuthenticationFailed,
                (
                    format!(
                        "{status}: the storage account refused the key; the AccountKey is wrong or was rotated (copy a fresh connection string from Access keys, into Partner Center too)"
                    ),
                    format!(
                        "{status}：存储帐户拒绝了该密钥；AccountKey 错误或已轮换（从“访问密钥”复制新的连接字符串，也更新到合作伙伴中心）"
                    ),
                ),
                NO_ROWS,
            ));
        }
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    fn unexpected(&self, what: (&str, &str), a: &Answer) -> Finding {
        let detail = excerpt(&a.body).unwrap_or_default();
        Finding::new(
            if a.status >= 500 {
                Problem::ServerError
            } else {
                Problem::ClientError
            },
            (
                format!(
                    "{}: the Table service answered {} {detail}",
                    what.0, a.status
                ),
                format!("{}：表服务返回 {} {detail}", what.1, a.status),
            ),
            NO_ROWS,
        )
    }

    /// Creates `table` unless it exists; true when it was created.
    async fn ensure_table(&self, table: &str) -> Result<bool, Finding> {
        let a = self
            .call(
                reqwest::Method::POST,
                "Tables",
                &[],
                Some(&json!({ "TableName": table })),
            )
            .await?;
        match a.status {
            200..=299 => Ok(true),
            409 => Ok(false),
            _ => Err(self.unexpected(("creating the table", "创建表"), &a)),
        }
    }
}

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

async fn session(account: Account, timeout: Duration) -> Result<Session, Finding> {
    let client = client(timeout).map_err(|e| Finding::new(Problem::Tls, e, NO_ROWS))?;
    Ok(Session {
        account,
        client,
        timeout,
    })
}

/// The test lead as a table entity: the HTTPS-endpoint test lead (`https::payload`) with its
/// `UserDetails` as columns beside the other fields, in partition `MSFT_TEST`.
pub fn test_entity(ticks: u64) -> Value {
    let Value::Object(mut lead) = super::https::payload(ticks) else {
        unreachable!("the payload is an object")
    };
    let mut entity = match lead.remove("UserDetails") {
        Some(Value::Object(user)) => user,
        _ => Map::new(),
    };
    entity.append(&mut lead);
    entity.insert("PartitionKey".into(), "MSFT_TEST".into());
    entity.insert("RowKey".into(), format!("MSFT_TEST_{ticks}").into());
    Value::Object(entity)
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
            return Err(s.unexpected(("inserting the test lead", "插入测试潜在客户"), &a));
        }
        let row = entity["RowKey"].as_str().unwrap_or_default().to_owned();
        let resource = format!("{table}(PartitionKey='MSFT_TEST',RowKey='{row}')");
        let a = s.call(reqwest::Method::GET, &resource, &[], None).await?;
        if a.status != 200 {
            return Err(s.unexpected(("reading the test lead back", "读回测试潜在客户"), &a));
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
                        "已将测试潜在客户 {row} 插入表 {table} 并读回，用时 {} 毫秒",
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
                        "读回的测试潜在客户与插入的不一致",
                    ),
                    NO_ROWS,
                ));
            }
        }
        Err(f) => report.fail(f),
    }
    report
}

/// One lead, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Lead {
    pub time: String,
    pub name: String,
    pub company: String,
    pub email: String,
    pub lead_source: String,
    pub action_code: String,
    pub offer: String,
    pub test: bool,
}

/// A property of an entity by name, case-insensitively, also inside a JSON object held in a
/// string column (such as `CustomerInfo` or `UserDetails`).
fn field(entity: &Map<String, Value>, names: &[&str]) -> String {
    let direct = entity.iter().find_map(|(k, v)| {
        names
            .iter()
            .any(|n| k.eq_ignore_ascii_case(n))
            .then(|| v.as_str().map(str::to_owned))
            .flatten()
    });
    if let Some(v) = direct {
        return v;
    }
    for v in entity.values() {
        if let Some(s) = v.as_str()
            && s.trim_start().starts_with('{')
            && let Ok(Value::Object(inner)) = serde_json::from_str::<Value>(s)
        {
            let found = field(&inner, names);
            if !found.is_empty() {
                return found;
            }
        }
        if let Value::Object(inner) = v {
            let found = field(inner, names);
            if !found.is_empty() {
                return found;
            }
        }
    }
    String::new()
}

/// `jane.doe@contoso.com` → `j…@contoso.com`
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) if !user.is_empty() => {
            format!("{}…@{domain}", user.chars().next().unwrap_or('?'))
        }
        _ if email.is_empty() => String::new(),
        _ => "…".into(),
    }
}

fn lead(entity: &Map<String, Value>, show_personal: bool) -> Lead {
    // Text from whoever submitted the lead: one line, no escape sequences, at most 200
    // characters.
    let clean = |s: String| -> String { sanitise::line(&s).chars().take(200).collect() };
    let first = clean(field(entity, &["FirstName"]));
    let last = clean(field(entity, &["LastName"]));
    let email = clean(field(entity, &["Email", "EmailAddress"]));
    let company = clean(field(entity, &["Company", "CompanyName"]));
    let test = entity
        .values()
        .any(|v| v.as_str().is_some_and(|s| s.contains("MSFT_TEST")));
    let name = format!("{first} {last}").trim().to_owned();
    Lead {
        time: clean(field(entity, &["Timestamp"])),
        name: if show_personal {
            name
        } else {
            mask_words(&name)
        },
        company: if show_personal {
            company
        } else {
            mask_words(&company)
        },
        email: if show_personal {
            email
        } else {
            mask_email(&email)
        },
        lead_source: clean(field(entity, &["LeadSource"])),
        action_code: clean(field(entity, &["ActionCode"])),
        offer: clean(field(entity, &["OfferTitle", "OfferName"])),
        test,
    }
}

/// A name or a company as initials: `Jane Doe` → `J… D…`. The test lead's own values
/// (`MSFT_TEST_…`) are not personal and stay.
pub fn mask_words(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            if w.starts_with("MSFT_TEST") {
                w.to_owned()
            } else {
                w.chars()
                    .next()
                    .map(|c| format!("{c}…"))
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Options of `leads`.
#[derive(Debug, Clone, Default)]
pub struct LeadQuery {
    pub table: String,
    pub test_only: bool,
    /// `YYYY-MM-DD` or an RFC 3339 time: only leads written since then.
    pub since: Option<String>,
    pub show_personal_data: bool,
}

/// `2026-11-01` or `2026-11-01T10:00:00Z` (an RFC 3339 time) as an OData datetime literal; a
/// date that does not exist (`2026-13-45`) or any other text is an error.
pub fn since_filter(since: &str) -> Result<String, Msg> {
    let s = since.trim();
    let bad = || {
        let shown = crate::export::text::ellipsize(&sanitise::line(since), 40);
        Msg::from((
            format!(
                "`{shown}` is not a date: use YYYY-MM-DD (such as 2026-11-01) or an RFC 3339 time (2026-11-01T10:00:00Z)"
            ),
            format!(
                "`{shown}` 不是日期：请使用 YYYY-MM-DD（例如 2026-11-01）或 RFC 3339 时间（2026-11-01T10:00:00Z）"
            ),
        ))
    };
    if !s.is_ascii() || s.len() < 10 {
        return Err(bad());
    }
    let (date, rest) = s.split_at(10);
    if !valid_date(date) {
        return Err(bad());
    }
    let iso = if rest.is_empty() {
        format!("{date}T00:00:00Z")
    } else if rest.starts_with(['T', 't']) && valid_time(&rest[1..]) {
        format!("{date}T{}", rest[1..].to_ascii_uppercase())
    } else {
        return Err(bad());
    };
    Ok(format!("Timestamp ge datetime'{iso}'"))
}

/// `YYYY-MM-DD`, a day that exists.
fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let (Ok(y), Ok(m), Ok(day)) = (
        d[..4].parse::<i32>(),
        d[5..7].parse::<u8>(),
        d[8..].parse::<u8>(),
    ) else {
        return false;
    };
    time::Month::try_from(m)
        .and_then(|m| time::Date::from_calendar_date(y, m, day))
        .is_ok()
}

/// `HH:MM:SS`, optional fraction (up to 7 digits), then `Z` or `±HH:MM`.
fn valid_time(t: &str) -> bool {
    let b = t.as_bytes();
    let two = |i: usize, max: u8| {
        b.get(i..i + 2)
            .filter(|p| p.iter().all(u8::is_ascii_digit))
            .is_some_and(|p| (p[0] - b'0') * 10 + (p[1] - b'0') <= max)
    };
    if !(two(0, 23)
        && b.get(2) == Some(&b':')
        && two(3, 59)
        && b.get(5) == Some(&b':')
        && two(6, 59))
    {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=7).contains(&n) {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] if rest.len() == 6 => {
            let z = &rest.as_bytes()[1..];
            z[2] == b':' && z[..2].iter().chain(&z[3..]).all(u8::is_ascii_digit)
        }
        _ => false,
    }
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
                        format!("表 {table} 不存在：尚未有潜在客户写入此帐户（合作伙伴中心会在写入第一个潜在客户时创建它；也请检查表名）"),
                    ),
                    NO_ROWS,
                ));
            }
            if a.status != 200 {
                return Err(s.unexpected(("reading the leads", "读取潜在客户"), &a));
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
                        format!("表服务两次发送了相同的延续令牌（第 {pages} 页）：分页在此停止，因此此列表可能缺少潜在客户"),
                    ),
                    VIEW_LEADS,
                ));
            }
            if pages >= MAX_PAGES {
                return Err(Finding::new(
                    Problem::Incomplete,
                    (
                        format!("paging stopped after {MAX_PAGES} pages: leads after them are not listed (narrow the list with --since)"),
                        format!("读取 {MAX_PAGES} 页后停止分页：之后的潜在客户未列出（可用 --since 缩小范围）"),
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
        ("test lead", "test leads", "个测试潜在客户")
    } else {
        ("lead", "leads", "个潜在客户")
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
                    format!("只列出前 {MAX_LEADS} 个潜在客户"),
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

/// `2026-11-28T04:37:51.5109167Z` as `2026-11-28 04:37:51 UTC`; other text as it is.
fn readable_time(t: &str) -> String {
    let b = t.as_bytes();
    let shaped = b.len() >= 20
        && t.ends_with('Z')
        && b[..19].iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            _ => c.is_ascii_digit(),
        });
    // The first 19 bytes are ASCII: slicing there is on character boundaries.
    if shaped {
        format!("{} {} UTC", &t[..10], &t[11..19])
    } else {
        t.to_owned()
    }
}

/// The leads of a `leads` report as an aligned table (nothing when there are none).
pub fn leads_table(report: &Report, lang: &str) -> String {
    let zh = lang == "zh-CN";
    let Some(leads) = report.data["leads"].as_array().filter(|l| !l.is_empty()) else {
        return String::new();
    };
    let header: [&str; 6] = if zh {
        [
            "时间",
            "姓名",
            "公司",
            "电子邮件",
            "潜在客户来源",
            "操作代码",
        ]
    } else {
        ["time", "name", "company", "e-mail", "lead source", "action"]
    };
    let rows: Vec<[String; 6]> = leads
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap_or("").to_owned();
            [
                readable_time(&s("time")),
                s("name"),
                s("company"),
                s("email"),
                s("lead_source"),
                s("action_code"),
            ]
        })
        .collect();
    let width = crate::export::text::display_width;
    let cell = |c: &str| crate::export::text::ellipsize(c, 40);
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(&cell(c)));
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let c = cell(c);
            s.push_str(&c);
            if i + 1 < cells.len() {
                // Widths are measured on the same cut text; a character whose width is counted
                // differently never makes the padding negative.
                s.push_str(&" ".repeat(widths[i].saturating_sub(width(&c)) + 2));
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(header.to_vec());
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUA==";

    fn problems(s: &str) -> Vec<String> {
        parse(s)
            .unwrap_err()
            .into_iter()
            .map(|f| f.message.en)
            .collect()
    }

    #[test]
    fn a_good_connection_string() {
        let a = parse(&format!(
            "DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey={KEY};EndpointSuffix=core.windows.net"
        ))
        .unwrap();
        assert_eq!(a.name, "contosoleads");
        assert_eq!(
            a.endpoint.as_str(),
            "https://contosoleads.table.core.windows.net/"
        );
        assert!(!format!("{a:?}").contains(KEY), "the key is never shown");
        let a = parse(&format!(
            "  \"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;\"\n"
        ))
        .unwrap();
        assert_eq!(
            a.endpoint.as_str(),
            "http://127.0.0.1:10002/devstoreaccount1"
        );
        assert!(a.notes[0].en.contains("ignored"));
        assert_eq!(
            parse("UseDevelopmentStorage=true").unwrap().name,
            DEV_ACCOUNT
        );
    }

    #[test]
    fn the_known_mistakes_are_named() {
        let p = problems(&format!(
            "DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey={KEY};EndpointSuffix=core.screens.net"
        ));
        assert!(p[0].contains("`EndpointSuffix=core.screens.net`"), "{p:?}");
        assert!(p[0].contains("typo copied from the Azure Table documentation"));
        assert!(problems("DefaultEndpointsProtocol=https;AccountName=contosoleads;EndpointSuffix=core.windows.net")[0]
            .contains("`AccountKey=` is missing"));
        assert!(
            problems("DefaultEndpointsProtocol=https;AccountName=x1leads;AccountKey=abc==")[0]
                .contains("copied short")
        );
        assert!(
            problems("https://contosoleads.blob.core.windows.net/leads")[0]
                .contains("a Blob service URL")
        );
        assert!(
            problems("https://contosoleads.blob.core.windows.net/leads?sv=2022-11-02&sig=abc")[0]
                .contains("a SAS URL")
        );
        assert!(problems("BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=sv=2022&sig=abc")
            .iter()
            .any(|m| m.contains("SAS connection string")));
        assert!(problems("")[0].contains("empty"));
        assert!(
            problems("AccountName=Contoso_Leads;AccountKey=x")
                .iter()
                .any(|m| m.contains("not a storage account name"))
        );
    }

    #[test]
    fn fields_separated_by_spaces_or_line_breaks_never_echo_the_key() {
        for sep in [" ", "\n", "\r\n", " ; "] {
            let raw = format!(
                "DefaultEndpointsProtocol=https{sep}AccountName=contosoleads{sep}AccountKey={KEY}{sep}EndpointSuffix=core.windows.net"
            );
            let a = parse(&raw).unwrap();
            assert_eq!(a.name, "contosoleads");
        }
        // A bad name next to the key: the message never holds the key.
        let raw = format!("AccountName=Contoso_Leads AccountKey={KEY}");
        let all: String = parse(&raw)
            .unwrap_err()
            .iter()
            .map(|f| format!("{} {}", f.message.en, f.message.get("zh-CN")))
            .collect();
        assert!(!all.contains(&KEY[..20]), "{all}");
        let raw = format!("AccountName=x,AccountKey={KEY}");
        let all: String = parse(&raw)
            .unwrap_err()
            .iter()
            .map(|f| f.message.en.clone())
            .collect();
        assert!(!all.contains(&KEY[..20]), "{all}");
    }

    #[test]
    fn a_lead_named_in_emoji_lines_up_without_panic() {
        let heart = "\u{2764}\u{fe0f}".repeat(30);
        let entity =
            json!({"FirstName": heart, "Company": "\u{1b}]52;c;aGk=\u{7}Evil\u{202e}Corp"});
        let l = lead(entity.as_object().unwrap(), true);
        assert!(
            !l.company.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{:?}",
            l.company
        );
        let mut r = Report::new("azure-table-leads", "t");
        r.data = json!({ "leads": [l] });
        let table = leads_table(&r, "en");
        assert_eq!(table.lines().count(), 2, "{table}");
    }

    #[test]
    fn shared_key_signature_matches_a_known_one() {
        // Computed independently (Python hmac/hashlib/base64) for this string to sign.
        let a = parse(&format!(
            "DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey={KEY};EndpointSuffix=core.windows.net"
        ))
        .unwrap();
        let auth = a.authorization(
            "GET",
            "",
            "Sat, 28 Nov 2026 02:30:00 GMT",
            "/MarketplaceLeads()",
        );
        assert_eq!(
            auth,
            "SharedKey contosoleads:S1ToXmzeBoYAyufEw335VfJIpDK94kk+IGNlU6Dg+pA="
        );
    }

    #[test]
    fn the_test_entity_is_the_test_lead_with_its_user_details_as_columns() {
        let e = test_entity(7);
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "ActionCode",
                "Company",
                "Country",
                "Description",
                "Email",
                "FirstName",
                "LastName",
                "LeadSource",
                "OfferTitle",
                "PartitionKey",
                "Phone",
                "RowKey",
                "Title"
            ]
        );
        assert_eq!(e["RowKey"], "MSFT_TEST_7");
        assert_eq!(e["FirstName"], "MSFT_TEST_7");
        assert_eq!(e["Email"], "MSFT_TEST_7@test.com");
        assert_eq!(e["PartitionKey"], "MSFT_TEST");
    }

    #[test]
    fn dates_and_filters() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_795_833_000).unwrap();
        assert_eq!(http_date(t), "Sat, 28 Nov 2026 02:30:00 GMT");
        assert_eq!(
            since_filter("2026-11-01").unwrap(),
            "Timestamp ge datetime'2026-11-01T00:00:00Z'"
        );
        assert!(since_filter("yesterday").is_err());
        assert!(since_filter("2026-11-01' or true").is_err());
        // Days that do not exist, and multi-byte characters where a digit belongs (no panic).
        for bad in [
            "2026-13-45",
            "2026-02-30",
            "2026-11-0é1",
            "2026-11-01Té",
            "2026-11-01T25:00:00Z",
            "2026-11-01T10:00:00",
            "２０２６-11-01",
            "",
        ] {
            assert!(since_filter(bad).is_err(), "{bad}");
        }
        assert_eq!(
            since_filter("2024-02-29T10:00:00.5+01:00").unwrap(),
            "Timestamp ge datetime'2024-02-29T10:00:00.5+01:00'"
        );
        assert_eq!(
            readable_time("2026-11-28T04:37:51.5109167Z"),
            "2026-11-28 04:37:51 UTC"
        );
        // A multi-byte character where the seconds end: shown as it is, no panic.
        assert_eq!(
            readable_time("2026-11-28T04:37:5é.51Z"),
            "2026-11-28T04:37:5é.51Z"
        );
    }

    #[test]
    fn leads_are_read_from_columns_or_nested_json() {
        let flat = json!({"Timestamp": "2026-11-28T01:00:00Z", "FirstName": "Jane", "LastName": "Doe",
            "Email": "jane.doe@contoso.com", "Company": "Contoso", "LeadSource": "AppSource (SPZA)", "ActionCode": "PLT"});
        let l = lead(flat.as_object().unwrap(), false);
        assert_eq!(
            (l.name.as_str(), l.email.as_str(), l.test),
            ("J… D…", "j…@contoso.com", false)
        );
        assert_eq!(l.company, "C…", "names and companies are personal data too");
        let shown = lead(flat.as_object().unwrap(), true);
        assert_eq!(
            (shown.name.as_str(), shown.company.as_str()),
            ("Jane Doe", "Contoso")
        );
        let nested = json!({"CustomerInfo": "{\"FirstName\":\"MSFT_TEST_1\",\"Email\":\"MSFT_TEST_1@test.com\"}",
            "LeadSource": "AzureMarketplace"});
        let l = lead(nested.as_object().unwrap(), true);
        assert_eq!(
            (l.name.as_str(), l.email.as_str(), l.test),
            ("MSFT_TEST_1", "MSFT_TEST_1@test.com", true)
        );
    }
}
