//! What the staged checks (`leadwiz validate`) share: one request with its answer read whole
//! (bounded), an anonymous reachability probe, and the findings of an existing one-shot check
//! (`Report`) as findings of a stage, so `validate` reuses those checks rather than copying them.

use std::time::{Duration, Instant};

use url::Url;

use super::{MAX_BODY, Msg, Problem, Report, classify, excerpt, read_limited, shown_url};
use crate::validate::{Finding, PartnerCenter, Trace, Validation};

/// One answer, read whole (at most `MAX_BODY` bytes).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    pub elapsed_ms: u64,
}

impl Answer {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The start of the body, as one sanitised, masked line.
    pub fn excerpt(&self) -> Option<String> {
        excerpt(&self.body)
    }

    /// The request ids a Microsoft service puts in its headers.
    pub fn header_trace(&self) -> Trace {
        let get = |n: &str| {
            self.header(n)
                .map(|v| crate::sanitise::line(v).into_owned())
        };
        Trace {
            request_id: get("x-ms-service-request-id")
                .or_else(|| get("x-ms-request-id"))
                .or_else(|| get("req_id")),
            ..Trace::default()
        }
    }
}

/// A request that got no answer: what failed, in words.
#[derive(Debug, Clone)]
pub struct NoAnswer {
    pub problem: Problem,
    pub message: Msg,
    pub elapsed_ms: u64,
}

/// Sends `request` and reads its answer whole; a transport failure, a body that breaks off or
/// one larger than `MAX_BODY` is a `NoAnswer`.
pub async fn send(request: reqwest::RequestBuilder, timeout: Duration) -> Result<Answer, NoAnswer> {
    let start = Instant::now();
    let elapsed = |start: Instant| start.elapsed().as_millis() as u64;
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => {
            let (problem, mut message) = classify(&e, timeout);
            // An untrusted certificate: say so in words when the server signed its own.
            if super::untrusted_issuer(&e)
                && let Some(url) = e.url()
                && super::certificate::is_self_signed(url, super::connect_timeout(timeout)).await
            {
                message = super::self_signed();
            }
            return Err(NoAnswer {
                problem,
                message,
                elapsed_ms: elapsed(start),
            });
        }
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    match read_limited(response, MAX_BODY).await {
        Ok(body) => Ok(Answer {
            status,
            headers,
            body,
            elapsed_ms: elapsed(start),
        }),
        Err(e) => {
            let f = e.finding("error-other");
            Err(NoAnswer {
                problem: f.problem,
                message: f.message,
                elapsed_ms: elapsed(start),
            })
        }
    }
}

/// Asks the origin of `url` for `/` without its path, query or any credential: any HTTP answer
/// shows that the host resolves, accepts connections and speaks TLS with a certificate this
/// machine trusts.
pub async fn reachable(
    client: &reqwest::Client,
    url: &Url,
    timeout: Duration,
) -> Result<Answer, NoAnswer> {
    let mut origin = url.clone();
    origin.set_path("/");
    origin.set_query(None);
    origin.set_fragment(None);
    let _ = origin.set_username("");
    let _ = origin.set_password(None);
    send(client.get(origin), timeout).await
}

/// The pass of a reachability probe, or its failure pointing at `node`.
pub fn reachability_finding(
    url: &Url,
    result: &Result<Answer, NoAnswer>,
    node: &'static str,
    pc: PartnerCenter,
) -> Finding {
    let host = shown_url(url.host_str().unwrap_or(""));
    let check: Msg = (
        format!("{host} answers (no secret sent)"),
        format!("{host} 有响应（未发送机密）"),
    )
        .into();
    match result {
        Ok(a) => Finding::pass(
            check,
            (
                format!("it answered {} to an anonymous request", a.status),
                format!("它对匿名请求返回了 {}", a.status),
            ),
        )
        .with_status(a.status)
        .with_elapsed(a.elapsed_ms),
        Err(e) => Finding::fail(e.problem, check, e.message.clone(), node)
            .with_partner_center(pc)
            .with_elapsed(e.elapsed_ms),
    }
}

/// The findings of a one-shot check's report, added to the current stage: its failures fail
/// the stage (each with the Partner Center message `pc`), its success passes it, its notes
/// become notes; the report's data becomes the validation's.
pub fn add_report(v: &mut Validation, report: &Report, check: Msg, pc: &PartnerCenter) {
    for n in &report.notes {
        v.push(Finding::note(check.clone(), n.clone()));
    }
    if report.ok {
        let mut f = Finding::pass(check, report.summary.clone())
            .with_elapsed(report.elapsed_ms)
            .with_excerpt(report.excerpt.clone());
        if let Some(s) = report.status {
            f = f.with_status(s);
        }
        v.push(f);
        if let Some(next) = report.remediation {
            v.on_success(next);
        }
    } else {
        let mut findings = report.findings.iter().peekable();
        if findings.peek().is_none() {
            v.push(
                Finding::fail(
                    Problem::BadAnswer,
                    check.clone(),
                    report.summary.clone(),
                    report.remediation.unwrap_or("error-other"),
                )
                .with_partner_center(pc.clone()),
            );
        }
        for f in findings {
            let mut finding =
                Finding::fail(f.problem, check.clone(), f.message.clone(), f.remediation)
                    .with_partner_center(pc.clone())
                    .with_elapsed(report.elapsed_ms)
                    .with_excerpt(report.excerpt.clone());
            if let Some(s) = report.status {
                finding = finding.with_status(s);
            }
            v.push(finding);
        }
    }
    if !report.data.is_null() {
        v.data = report.data.clone();
    }
}
