//! The storage connection string: read it, name every known mistake in it, and keep the key out
//! of everything shown.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use url::Url;

use super::SETUP;
use crate::destinations::{Finding, Msg, Problem, is_loopback};
use crate::{redact, sanitise, width};

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

/// A parsed storage connection string.
#[derive(Clone)]
pub struct Account {
    pub name: String,
    pub(super) key: Vec<u8>,
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
            "此连接字符串只包含 Blob 终结点：Azure Blob 已不再作为潜在顾客目标；请为 Azure 表使用该帐户的完整连接字符串",
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
    width::ellipsize(&masked, 32)
}

impl Account {
    /// What the user sees of the account: its name and endpoint, never the key.
    pub fn shown(&self) -> String {
        format!(
            "{} ({})",
            self.name,
            self.endpoint.as_str().trim_end_matches('/')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::Lang;

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
            .map(|f| format!("{} {}", f.message.en, f.message.get(Lang::ZhCn)))
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
}
