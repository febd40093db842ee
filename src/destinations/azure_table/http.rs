//! Requests to the Table service: one signed call, the answers that mean a refused key or a
//! firewall, and creating the table.

use std::time::Duration;

use serde_json::{Value, json};
use url::Url;

use super::connection::Account;
use super::signing::http_date;
use super::{API_VERSION, MAX_ANSWER, NO_ROWS, VIEW_LEADS};
use crate::destinations::{Finding, Msg, Problem, classify, client, excerpt, read_limited};
use crate::guide::Lang;

impl Account {
    /// The URL of `resource` (such as `Tables` or `MarketplaceLeads()`) under the endpoint.
    fn url(&self, resource: &str) -> Url {
        let mut url = self.endpoint.clone();
        let path = format!("{}/{resource}", self.endpoint.path().trim_end_matches('/'));
        url.set_path(&path);
        url.set_query(None);
        url
    }
}

/// One answer of the Table service.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: reqwest::header::HeaderMap,
    pub(super) body: Vec<u8>,
}

pub(super) struct Session {
    account: Account,
    client: reqwest::Client,
    timeout: Duration,
}

impl Session {
    pub(super) async fn call(
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
                    format!("{}：连接字符串中的 AccountName 或 EndpointSuffix 有误，或该帐户已被删除", msg.get(Lang::ZhCn)),
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

    pub(super) fn unexpected(&self, what: (&str, &str), a: &Answer) -> Finding {
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
    pub(super) async fn ensure_table(&self, table: &str) -> Result<bool, Finding> {
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

pub(super) async fn session(account: Account, timeout: Duration) -> Result<Session, Finding> {
    let client = client(timeout).map_err(|e| Finding::new(Problem::Tls, e, NO_ROWS))?;
    Ok(Session {
        account,
        client,
        timeout,
    })
}
