//! Live checks of a lead destination over the network: send a test lead to an HTTPS endpoint,
//! insert and read leads in an Azure table, probe a Dynamics 365 instance URL. Each check
//! returns a `Report`: what was tried, how long it took, and, for each problem found, its name
//! and the guide node that explains it.
//!
//! Only `https://` is sent to, except loopback addresses (local servers, the Azurite emulator).
//! TLS is rustls; every request has connect and total timeouts, redirects are reported rather
//! than followed, and response bodies are read only up to `MAX_BODY`. Secrets never appear in a
//! report: URLs and excerpts pass through `redact`.

pub mod azure_table;
pub mod certificate;
pub mod dataverse;
pub mod dynamics;
pub mod dynamics_validate;
pub mod entra;
pub mod https;
pub mod live;
pub mod live_form;
pub mod marketo;
pub mod power_automate;
pub mod salesforce;
pub mod staged;
pub mod text;
pub mod validate_simple;

use std::future::Future;
use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::guide::Lang;
use crate::redact::redact;
use crate::sanitise;

/// At most this much of a response body is read.
pub const MAX_BODY: usize = 64 * 1024;
/// Default total timeout of one request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// What went wrong and the messages saying so live with the validation model (no network
/// code there); every check here uses them.
pub use crate::validate::{Msg, Problem};

/// One problem found, with the node of the guide that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub problem: Problem,
    pub message: Msg,
    pub remediation: &'static str,
}

impl Finding {
    pub fn new(problem: Problem, message: impl Into<Msg>, remediation: &'static str) -> Self {
        Finding {
            problem,
            message: message.into(),
            remediation,
        }
    }
}

/// The result of one check.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `https-test-lead`, `azure-table-test-lead`, `azure-table-leads`, `dynamics-url`.
    pub check: &'static str,
    /// What was checked, with secrets masked.
    pub target: Msg,
    pub ok: bool,
    /// The HTTP status of the last answer, if any.
    pub status: Option<u16>,
    pub elapsed_ms: u64,
    /// One line saying what happened.
    pub summary: Msg,
    /// The start of the last response body, sanitised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    pub findings: Vec<Finding>,
    /// Things worth knowing that did not stop the check.
    pub notes: Vec<Msg>,
    /// The node to read next: the first finding's, or what to do after a success.
    pub remediation: Option<&'static str>,
    /// Check-specific data (the leads read back, the payload sent).
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub data: serde_json::Value,
}

impl Report {
    pub fn new(check: &'static str, target: impl Into<Msg>) -> Self {
        Report {
            check,
            target: target.into(),
            ok: false,
            status: None,
            elapsed_ms: 0,
            summary: Msg::default(),
            excerpt: None,
            findings: Vec::new(),
            notes: Vec::new(),
            remediation: None,
            data: serde_json::Value::Null,
        }
    }

    /// Records a problem: the report fails and points at the first problem's remediation.
    pub fn fail(&mut self, finding: Finding) {
        self.ok = false;
        if self.remediation.is_none() || self.findings.is_empty() {
            self.remediation = Some(finding.remediation);
        }
        if self.summary.is_empty() {
            self.summary = Msg::from((
                finding.problem.title(Lang::En).to_owned(),
                finding.problem.title(Lang::ZhCn).to_owned(),
            ));
        }
        self.findings.push(finding);
    }

    /// A report that stopped before anything was sent.
    pub fn refused(check: &'static str, target: impl Into<Msg>, finding: Finding) -> Self {
        let mut r = Report::new(check, target);
        r.fail(finding);
        r
    }
}

/// Whether `host` is a loopback address (or `localhost`).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Parses `raw` and applies the sending policy: `https://` anywhere, `http://` only to a
/// loopback address.
pub fn allowed_url(raw: &str) -> Result<Url, (Problem, Msg)> {
    let raw = raw.trim();
    let url = Url::parse(raw).map_err(|e| {
        let shown = shown_url(raw);
        (
            Problem::InvalidUrl,
            Msg::from((
                format!("`{shown}` is not a URL: {e}"),
                format!("`{shown}` 不是 URL：{e}"),
            )),
        )
    })?;
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err((
            Problem::NotAllowed,
            Msg::from((
                "only https:// URLs are sent to (http:// only to a loopback address, for local testing); Partner Center also requires https",
                "只向 https:// URL 发送（http:// 仅限环回地址，用于本地测试）；合作伙伴中心也要求 https",
            )),
        )),
        other => Err((
            Problem::InvalidUrl,
            Msg::from((
                format!("`{other}:` is not a web address: the URL must start with https://"),
                format!("`{other}:` 不是网址：URL 必须以 https:// 开头"),
            )),
        )),
    }
}

/// A URL as shown to the user: secrets (such as `sig=`) masked, control characters removed,
/// at most 2,000 characters ("…" when cut).
pub fn shown_url(url: &str) -> String {
    const MAX: usize = 2000;
    let mut clean: String = url
        .chars()
        .filter(|c| !sanitise::is_unsafe(*c) && !c.is_control())
        .take(MAX + 1)
        .collect();
    if clean.chars().count() > MAX {
        clean = clean.chars().take(MAX).collect::<String>() + "…";
    }
    redact(&clean)
}

/// The start of a response body as a single sanitised line: control characters and escape
/// sequences removed, secrets masked, at most 300 characters.
pub fn excerpt(body: &[u8]) -> Option<String> {
    let raw = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let text = sanitise::line(&raw);
    let text = crate::unify::clean(&text);
    let mut out = String::new();
    let mut last_space = true;
    for c in text.chars() {
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        out.push(c);
        if out.chars().count() >= 300 {
            out.push('…');
            break;
        }
    }
    let out = redact(out.trim());
    (!out.is_empty()).then_some(out)
}

/// How long a connection (TCP and the TLS handshake) may take: half the whole timeout, at most
/// 10 s, so that a connection that stalls is caught (and named) by its own limit.
pub fn connect_timeout(timeout: Duration) -> Duration {
    (timeout / 2).min(Duration::from_secs(10))
}

/// The HTTP client every check uses: rustls (ring), timeouts, no redirects, a user agent.
pub fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(connect_timeout(timeout))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("leadwiz/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot set up HTTPS: {e}"))
}

/// Runs `future` on a runtime made for it (network work only; the rest of leadwiz is not
/// async).
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts")
        .block_on(future)
}

/// Why a body was not read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// It was larger than the limit (in bytes): nothing of it is used.
    TooLarge(usize),
    /// The connection failed while it was read.
    Failed(String),
}

impl BodyError {
    /// The finding for an answer that could not be read whole.
    pub fn finding(&self, remediation: &'static str) -> Finding {
        match self {
            BodyError::TooLarge(limit) => Finding::new(
                Problem::TooLarge,
                (
                    format!(
                        "the answer was larger than {}: leadwiz reads no more, and used none of it",
                        size(*limit)
                    ),
                    format!(
                        "响应大于 {}：leadwiz 不再读取，也未使用其中任何内容",
                        size(*limit)
                    ),
                ),
                remediation,
            ),
            BodyError::Failed(why) => Finding::new(
                Problem::Connection,
                (
                    format!("the answer broke off while it was read: {why}"),
                    format!("读取响应时连接中断：{why}"),
                ),
                remediation,
            ),
        }
    }
}

/// `65536` as `64 KB`, `16777216` as `16 MB`.
pub fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads a whole response body of at most `limit` bytes; a larger one is an error, never a
/// shortened body.
pub async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge(limit));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    return Err(BodyError::TooLarge(limit));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => return Err(BodyError::Failed(last_cause(&error_chain(&e)))),
        }
    }
}

/// Reads at most `MAX_BODY` bytes of a response body (the start of an answer, for an excerpt).
pub async fn read_body(mut response: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = MAX_BODY - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= MAX_BODY {
            break;
        }
    }
    body
}

/// Reads at most `MAX_BODY` bytes of a response body (the start of an answer), and the error
/// that stopped it before its end, if one did (a timeout, a broken connection).
pub async fn read_start(mut response: reqwest::Response) -> (Vec<u8>, Option<reqwest::Error>) {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_BODY - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if body.len() >= MAX_BODY {
                    return (body, None);
                }
            }
            Ok(None) => return (body, None),
            Err(e) => return (body, Some(e)),
        }
    }
}

/// Names a failed request: DNS, refused, TLS, timeout or another connection problem.
pub fn classify(err: &reqwest::Error, timeout: Duration) -> (Problem, Msg) {
    let chain = error_chain(err);
    let lower = chain.to_lowercase();
    if (err.is_timeout() || lower.contains("timed out")) && err.is_connect() {
        // The connection (TCP, then the TLS handshake) has its own, shorter limit.
        let limit = connect_timeout(timeout).as_secs_f32();
        return (
            Problem::Timeout,
            Msg::from((
                format!(
                    "no connection within {limit} s: the TCP connection or the TLS handshake did not complete (a firewall that drops packets, or a server that accepts but never answers)"
                ),
                format!(
                    "{limit} 秒内未能建立连接：TCP 连接或 TLS 握手没有完成（防火墙丢弃了数据包，或服务器接受连接后从不响应）"
                ),
            )),
        );
    }
    if err.is_timeout() || lower.contains("timed out") {
        return (
            Problem::Timeout,
            Msg::from((
                format!("no answer within {} s", timeout.as_secs_f32()),
                format!("{} 秒内没有响应", timeout.as_secs_f32()),
            )),
        );
    }
    if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no such host")
    {
        return (
            Problem::Dns,
            dns_message(err.url().and_then(|u| u.host_str())),
        );
    }
    // By the socket error's kind: the OS words it in the user's language.
    if crate::platform::net::is_connection_refused(err) {
        return (
            Problem::ConnectionRefused,
            Msg::from((
                "the connection was refused: nothing listens at that address and port",
                "连接被拒绝：该地址和端口上没有服务在监听",
            )),
        );
    }
    if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        || lower.contains("invalid peer")
        || lower.contains("corrupt message")
    {
        let cause = last_cause(&chain);
        let squashed = lower.replace([' ', '_'], "");
        let has = |needles: &[&str]| needles.iter().any(|n| squashed.contains(n));
        let (en, zh) = if has(&["unknownissuer", "badsignature", "selfsigned"]) {
            (
                "the server's certificate is not from an authority this machine trusts (self-signed, or a private or corporate authority); Partner Center will not trust it either",
                "服务器证书不是由本机信任的颁发机构颁发的（自签名证书，或私有、企业内部颁发机构）；合作伙伴中心同样不会信任它",
            )
        } else if has(&["expired", "notvalidyet"]) {
            (
                "the server's certificate has expired (or is not valid yet)",
                "服务器证书已过期（或尚未生效）",
            )
        } else if has(&["notvalidforname", "notvalidforsubjectname"]) {
            (
                "the server's certificate is for another host name",
                "服务器证书属于另一个主机名",
            )
        } else if has(&["corruptmessage", "invalidcontenttype", "wrongversion"]) {
            (
                "the server does not speak TLS at this port (is it plain http?)",
                "服务器在此端口上不使用 TLS（是否为普通 http？）",
            )
        } else if has(&["handshakeeof", "unexpectedeof"]) {
            (
                "the server closed the connection during the TLS handshake: it may not speak TLS at this port",
                "服务器在 TLS 握手期间关闭了连接：它可能不在此端口上使用 TLS",
            )
        } else {
            ("TLS failed", "TLS 失败")
        };
        return (
            Problem::Tls,
            Msg::from((format!("{en} ({cause})"), format!("{zh}（{cause}）"))),
        );
    }
    let cause = last_cause(&chain);
    (
        Problem::Connection,
        Msg::from((
            format!("the request failed: {cause}"),
            format!("请求失败：{cause}"),
        )),
    )
}

/// The service hosts leadwiz itself asks, whatever the user typed: a DNS failure for one of
/// them is this machine's (offline, proxy or DNS server), not a misspelling.
const SERVICE_HOSTS: &[&str] = &["webto.salesforce.com", "login.microsoftonline.com"];

/// What a DNS failure for `host` means: the user's own host may be misspelt; one of our
/// fixed service hosts cannot be, so this machine cannot resolve names.
fn dns_message(host: Option<&str>) -> Msg {
    let ours = host.is_some_and(|h| {
        let h = h.trim_end_matches('.');
        SERVICE_HOSTS.iter().any(|s| h.eq_ignore_ascii_case(s))
    });
    if ours {
        Msg::from((
            "the host name does not resolve (DNS): it is a fixed service host, so this machine cannot resolve it (offline, a proxy, or its DNS server)",
            "无法解析主机名 (DNS)：这是固定的服务主机，本机无法解析它（离线、代理或 DNS 服务器问题）",
        ))
    } else {
        Msg::from((
            "the host name does not resolve (DNS): check its spelling",
            "无法解析主机名 (DNS)：请检查拼写",
        ))
    }
}

/// Whether a request failed because the server's certificate is not from a trusted authority.
pub fn untrusted_issuer(err: &reqwest::Error) -> bool {
    let squashed = error_chain(err).to_lowercase().replace([' ', '_'], "");
    squashed.contains("unknownissuer")
}

/// The finding's message for a certificate that is self-signed.
pub fn self_signed() -> Msg {
    Msg::from((
        "the server's certificate is self-signed (it names itself as its issuer): no computer trusts it unless told to, and Partner Center will not; the endpoint needs a certificate from a public certificate authority",
        "服务器证书是自签名证书（它将自己列为颁发者）：除非另行设置，任何计算机都不信任它，合作伙伴中心也不会信任；终结点需要由公共证书颁发机构颁发的证书",
    ))
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

fn last_cause(chain: &str) -> String {
    shown_url(chain.rsplit(": ").next().unwrap_or(chain))
}

/// `application/x-www-form-urlencoded` of `fields`, in their order.
pub fn form_body<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)]) -> String {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        form.append_pair(k.as_ref(), v.as_ref());
    }
    form.finish()
}

/// .NET ticks now (100 ns since 0001-01-01), as in Partner Center's `MSFT_TEST_<ticks>`.
pub fn ticks_now() -> u64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    621_355_968_000_000_000 + since_epoch.as_nanos() as u64 / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_failure_of_a_fixed_service_host_is_this_machines() {
        for host in ["webto.salesforce.com", "LOGIN.microsoftonline.com."] {
            let m = dns_message(Some(host));
            assert!(
                m.en.contains("this machine cannot resolve it"),
                "{host}: {}",
                m.en
            );
            assert!(!m.en.contains("spelling"), "{host}: {}", m.en);
            assert!(m.zh.as_deref().unwrap().contains("本机无法解析"));
        }
        // Hosts the user typed (or built from what they typed) may be misspelt.
        for host in [
            Some("123-pqr-789.mktorest.com"),
            Some("contoso.crm4.dynamics.com"),
            None,
        ] {
            let m = dns_message(host);
            assert!(m.en.ends_with("check its spelling"), "{host:?}: {}", m.en);
            assert!(m.zh.as_deref().unwrap().contains("请检查拼写"));
        }
    }

    #[test]
    fn only_https_or_loopback() {
        assert!(allowed_url("https://prod-1.westus.logic.azure.com/x").is_ok());
        assert!(allowed_url("http://127.0.0.1:8080/x").is_ok());
        assert!(allowed_url("http://localhost/x").is_ok());
        assert!(allowed_url("http://[::1]:9/x").is_ok());
        assert_eq!(
            allowed_url("http://example.com/x").unwrap_err().0,
            Problem::NotAllowed
        );
        assert_eq!(allowed_url("ftp://x/y").unwrap_err().0, Problem::InvalidUrl);
        assert_eq!(allowed_url("not a url").unwrap_err().0, Problem::InvalidUrl);
    }

    #[test]
    fn excerpts_are_one_clean_line_without_secrets() {
        let e = excerpt(b"{\"error\":\x1b[31m\"bad\"\n\n  sig=abcdef123}").unwrap();
        assert_eq!(e, "{\"error\":\"bad\" sig=[redacted]");
        assert!(excerpt(b"  \n ").is_none());
        assert!(excerpt(&[b'a'; 10_000]).unwrap().ends_with('…'));
    }

    /// The checks are a layer below the front-ends, the exports, diagnosis and the session: they
    /// borrow nothing from them (the session records a report; the report knows no session).
    #[test]
    fn destinations_borrow_nothing_from_the_layers_above() {
        fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/destinations");
        let mut files = Vec::new();
        sources(&dir, &mut files);
        assert!(files.len() >= 10, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for layer in [
                "export",
                "diagnose",
                "session",
                "tui",
                "plain",
                "cli",
                "transcript",
            ] {
                let above = format!("crate::{layer}");
                assert!(!text.contains(&above), "{} uses {above}", file.display());
            }
        }
    }

    #[test]
    fn ticks_are_dotnet_ticks() {
        // 2026 is about 639,000,000,000,000,000 ticks.
        let t = ticks_now();
        assert!((638_000_000_000_000_000..650_000_000_000_000_000).contains(&t));
    }
}
