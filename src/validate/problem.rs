//! What went wrong with a destination, by name, and the messages that say so in English and
//! Simplified Chinese: the words every destination check and every report share. No network
//! code here.

use serde::Serialize;

use crate::guide::Lang;

/// What went wrong, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    InvalidUrl,
    NotAllowed,
    Dns,
    ConnectionRefused,
    Tls,
    Timeout,
    Connection,
    Redirect,
    Unauthorized,
    NotFound,
    SchemaMismatch,
    ClientError,
    ServerError,
    BadConnectionString,
    AuthenticationFailed,
    NotDynamics,
    Cancelled,
    /// The answer was larger than leadwiz reads.
    TooLarge,
    /// The answer was not what the service sends (malformed JSON, a missing field).
    BadAnswer,
    /// A listing stopped before its end (a page limit, a repeated continuation token).
    Incomplete,
    /// An argument that is not valid (a date that does not exist).
    InvalidInput,
    /// A status that is not a result: informational (1xx), or outside what HTTP defines.
    UnexpectedStatus,
}

impl Problem {
    /// A short name, in English or Simplified Chinese.
    pub fn title(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Problem::InvalidUrl => ("invalid URL", "URL 无效"),
            Problem::NotAllowed => ("address not allowed", "不允许的地址"),
            Problem::Dns => ("host name not found (DNS)", "找不到主机名 (DNS)"),
            Problem::ConnectionRefused => ("connection refused", "连接被拒绝"),
            Problem::Tls => ("TLS error", "TLS 错误"),
            Problem::Timeout => ("timed out", "超时"),
            Problem::Connection => ("connection failed", "连接失败"),
            Problem::Redirect => ("redirect", "重定向"),
            Problem::Unauthorized => ("not authorised (401/403)", "未授权 (401/403)"),
            Problem::NotFound => ("not found (404)", "未找到 (404)"),
            Problem::SchemaMismatch => (
                "payload rejected (schema mismatch)",
                "有效负载被拒绝（架构不匹配）",
            ),
            Problem::ClientError => ("request rejected (4xx)", "请求被拒绝 (4xx)"),
            Problem::ServerError => ("server error (5xx)", "服务器错误 (5xx)"),
            Problem::BadConnectionString => ("connection string problem", "连接字符串有问题"),
            Problem::AuthenticationFailed => ("authentication failed", "身份验证失败"),
            Problem::NotDynamics => ("does not answer like Dynamics 365", "响应不像 Dynamics 365"),
            Problem::Cancelled => ("cancelled", "已取消"),
            Problem::TooLarge => ("answer too large", "响应过大"),
            Problem::BadAnswer => ("answer not understood", "无法理解的响应"),
            Problem::Incomplete => ("listing incomplete", "列表不完整"),
            Problem::InvalidInput => ("invalid input", "输入无效"),
            Problem::UnexpectedStatus => ("unexpected HTTP status", "意外的 HTTP 状态"),
        };
        lang.pick(en, zh)
    }
}

/// A message in English and, where written, Simplified Chinese. JSON output carries the
/// English text (stable for scripts); text output and the wizard show the user's language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Msg {
    pub en: String,
    pub zh: Option<String>,
}

impl Msg {
    /// The message in `lang` (English when there is no translation).
    pub fn get(&self, lang: Lang) -> &str {
        match (&self.zh, lang) {
            (Some(zh), Lang::ZhCn) => zh,
            _ => &self.en,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_empty()
    }
}

impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en)
    }
}

impl From<String> for Msg {
    fn from(en: String) -> Self {
        Msg { en, zh: None }
    }
}

impl From<&str> for Msg {
    fn from(en: &str) -> Self {
        Msg::from(en.to_owned())
    }
}

impl From<(String, String)> for Msg {
    fn from((en, zh): (String, String)) -> Self {
        Msg { en, zh: Some(zh) }
    }
}

impl From<(&str, &str)> for Msg {
    fn from((en, zh): (&str, &str)) -> Self {
        Msg::from((en.to_owned(), zh.to_owned()))
    }
}
