//! The Dynamics 365 instance URL check: is it the kind of URL Partner Center needs (https, a
//! `*.crm*.dynamics.com` host, nothing after the host), and does it answer like a Dynamics 365
//! instance? A wrong URL is what the "request channel timed out … 00:02:00" error means.

use std::time::{Duration, Instant};

use url::Url;

use super::{
    Finding, Msg, Problem, Report, allowed_url, classify, client, excerpt, is_loopback, read_body,
    shown_url,
};
use crate::guide::Lang;

const CHECK: &str = "dynamics-url";
const TIMEOUT_NODE: &str = "dynamics-request-timeout";
const SETUP_NODE: &str = "dest-dynamics";

/// The pages whose fix this check confirms: the destination's guide, and a wrong instance URL.
pub const CONFIRMS: [&str; 2] = [SETUP_NODE, TIMEOUT_NODE];

/// Whether `host` is a Dynamics 365 online host: `org.crm.dynamics.com`, `org.crm4.dynamics.com`…
pub fn is_dynamics_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let Some(rest) = host.strip_suffix(".dynamics.com") else {
        return false;
    };
    let mut parts = rest.split('.');
    let (Some(org), Some(crm), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !org.is_empty()
        && org.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && crm
            .strip_prefix("crm")
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
}

/// The problems of the URL itself (no network).
pub fn validate(raw: &str) -> Result<Url, Vec<Finding>> {
    let url = allowed_url(raw).map_err(|(p, m)| vec![Finding::new(p, m, TIMEOUT_NODE)])?;
    let mut findings = Vec::new();
    let host = url.host_str().unwrap_or("");
    if !is_loopback(&url) && !is_dynamics_host(host) {
        let (hint, hint_zh) = if host.ends_with(".dynamics.com") {
            (
                " (the instance URL is the one you open Dynamics 365 with, such as https://contoso.crm4.dynamics.com; not the admin centre or make.powerapps.com)",
                "（实例 URL 是你打开 Dynamics 365 时使用的地址，例如 https://contoso.crm4.dynamics.com；不是管理中心或 make.powerapps.com）",
            )
        } else if host.contains("dynamics") {
            (
                " (check the spelling of the region part: crm, crm4, crm11…)",
                "（请检查区域部分的拼写：crm、crm4、crm11…）",
            )
        } else {
            ("", "")
        };
        findings.push(Finding::new(
            Problem::InvalidUrl,
            (
                format!("`{host}` is not a Dynamics 365 instance host (`<org>.crm<N>.dynamics.com`){hint}"),
                format!("`{host}` 不是 Dynamics 365 实例主机 (`<org>.crm<N>.dynamics.com`){hint_zh}"),
            ),
            TIMEOUT_NODE,
        ));
    }
    if url.path() != "/" && !url.path().is_empty() {
        findings.push(Finding::new(
            Problem::InvalidUrl,
            (
                format!("remove `{}` after the host: Partner Center needs the instance URL only, such as https://contoso.crm4.dynamics.com", shown_url(url.path())),
                format!("删除主机后面的 `{}`：合作伙伴中心只需要实例 URL，例如 https://contoso.crm4.dynamics.com", shown_url(url.path())),
            ),
            TIMEOUT_NODE,
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        findings.push(Finding::new(
            Problem::InvalidUrl,
            (
                "remove everything after `?` or `#`: Partner Center needs the instance URL only",
                "删除 `?` 或 `#` 之后的所有内容：合作伙伴中心只需要实例 URL",
            ),
            TIMEOUT_NODE,
        ));
    }
    if findings.is_empty() {
        Ok(url)
    } else {
        Err(findings)
    }
}

/// Validates `raw`, then (when it is valid) asks the instance's Web API whether it is there.
/// A Dynamics 365 instance answers an anonymous request with 401 and a `WWW-Authenticate:
/// Bearer authorization_uri=https://login.microsoftonline.com/…` header.
pub async fn check(raw: &str, timeout: Duration) -> Report {
    let mut report = Report::new(CHECK, shown_url(raw.trim()));
    let url = match validate(raw) {
        Ok(u) => u,
        Err(findings) => {
            for f in findings {
                report.fail(f);
            }
            report.summary = Msg::from((
                "the URL is not a Dynamics 365 instance URL; nothing was sent",
                "该 URL 不是 Dynamics 365 实例 URL；未发送任何内容",
            ));
            return report;
        }
    };
    if is_loopback(&url) {
        report
            .notes
            .push("a loopback address: the host pattern is not checked (local testing)".into());
    }
    let client = match client(timeout) {
        Ok(c) => c,
        Err(e) => {
            report.fail(Finding::new(Problem::Tls, e, TIMEOUT_NODE));
            return report;
        }
    };
    let probe = url.join("/api/data/v9.2/").expect("a path joins");
    let start = Instant::now();
    let response = match client.get(probe).send().await {
        Ok(r) => r,
        Err(e) => {
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            let (problem, msg) = classify(&e, timeout);
            let msg = match problem {
                Problem::Timeout => Msg::from((
                    format!(
                        "{}: this is what Partner Center's \"request channel timed out\" error means; the URL is probably wrong",
                        msg.en
                    ),
                    format!(
                        "{}：这正是合作伙伴中心“请求通道超时”错误的含义；URL 很可能有误",
                        msg.get(Lang::ZhCn)
                    ),
                )),
                Problem::Dns => Msg::from((
                    format!("{}: no instance has this name", msg.en),
                    format!("{}：没有叫这个名字的实例", msg.get(Lang::ZhCn)),
                )),
                _ => msg,
            };
            report.fail(Finding::new(problem, msg, TIMEOUT_NODE));
            return report;
        }
    };
    let status = response.status().as_u16();
    let authenticate = response
        .headers()
        .get(reqwest::header::WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = read_body(response).await;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    report.status = Some(status);
    report.excerpt = excerpt(&bytes);
    let entra =
        authenticate.contains("bearer") && authenticate.contains("login.microsoftonline.com");
    if status == 401 && entra {
        report.ok = true;
        report.summary = Msg::from((
            format!(
                "answers like a Dynamics 365 instance (401 with an Entra ID sign-in challenge) in {} ms",
                report.elapsed_ms
            ),
            format!(
                "响应与 Dynamics 365 实例一致（401 并带 Entra ID 登录质询），用时 {} 毫秒",
                report.elapsed_ms
            ),
        ));
        report.remediation = Some(SETUP_NODE);
    } else {
        report.fail(Finding::new(
            Problem::NotDynamics,
            (
                format!("answered {status} without the Entra ID sign-in challenge a Dynamics 365 instance sends: this is probably not the instance URL"),
                format!("返回了 {status}，但没有 Dynamics 365 实例会发送的 Entra ID 登录质询：这很可能不是实例 URL"),
            ),
            TIMEOUT_NODE,
        ));
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_hosts() {
        for ok in [
            "contoso.crm.dynamics.com",
            "contoso.crm4.dynamics.com",
            "my-org.crm11.dynamics.com",
        ] {
            assert!(is_dynamics_host(ok), "{ok}");
        }
        for bad in [
            "crm.dynamics.com",
            "contoso.dynamics.com",
            "contoso.crmx.dynamics.com",
            "contoso.api.crm.dynamics.com",
            "admin.powerplatform.microsoft.com",
            "contoso.crm.dynamics.com.evil.net",
        ] {
            assert!(!is_dynamics_host(bad), "{bad}");
        }
    }

    #[test]
    fn urls_with_paths_or_other_hosts_are_named() {
        assert!(validate("https://contoso.crm4.dynamics.com").is_ok());
        assert!(validate("https://contoso.crm4.dynamics.com/").is_ok());
        let e = validate("https://contoso.crm4.dynamics.com/main.aspx?appid=1").unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.en.contains("remove `/main.aspx`"));
        let e = validate("http://contoso.crm.dynamics.com").unwrap_err();
        assert_eq!(e[0].problem, Problem::NotAllowed);
        let e = validate("https://make.powerapps.com").unwrap_err();
        assert!(e[0].message.en.contains("not a Dynamics 365 instance host"));
        assert_eq!(e[0].remediation, "dynamics-request-timeout");
    }
}
