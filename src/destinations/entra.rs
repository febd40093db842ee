//! Microsoft Entra ID (Azure AD), as Partner Center's Dynamics 365 connection meets it: tenant
//! discovery, the user realm, and the token requests (client credentials for an app, the
//! password grant for an Office 365 user), with Entra's error body read by its codes.
//!
//! The error body is `{"error", "error_description", "error_codes": [n], "trace_id",
//! "correlation_id", "timestamp"}`; the AADSTS number comes from `error_codes[0]`, else from
//! `AADSTS(\d+)` in the description, never from its wording.

use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;
use serde_json::Value;
use url::Url;

use super::staged::{Answer, NoAnswer, send};
use crate::validate::Trace;

/// Entra ID's sign-in host.
pub const AUTHORITY: &str = "https://login.microsoftonline.com";

/// The public client Microsoft documents for Dataverse's user-name-and-password connections
/// (the replacement for the retired `AuthType=Office365`).
pub const PUBLIC_CLIENT_ID: &str = "51f81489-12ee-4a9e-aaae-a2591f45987d";

/// An Entra ID error answer, by its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntraError {
    /// The OAuth error (`invalid_client`, `invalid_grant`…).
    pub error: String,
    /// The AADSTS number.
    pub code: Option<u32>,
    /// `suberror` (`consent_required`, `basic_action`…).
    pub suberror: Option<String>,
    /// The first line of `error_description` (without the trace lines), sanitised.
    pub description: String,
    pub trace: Trace,
}

impl EntraError {
    /// `AADSTS90002`, or the OAuth error when there is no number.
    pub fn code_text(&self) -> String {
        match self.code {
            Some(n) => format!("AADSTS{n}"),
            None => self.error.clone(),
        }
    }
}

static AADSTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"AADSTS(\d+)").expect("valid pattern"));

/// Reads an Entra ID error body; `None` when the body is not one (not JSON, no `error`).
pub fn parse_error(body: &[u8]) -> Option<EntraError> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let error = v.get("error")?.as_str()?.to_owned();
    let description = v
        .get("error_description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let code = v
        .get("error_codes")
        .and_then(|c| c.get(0))
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .or_else(|| {
            AADSTS
                .captures(description)
                .and_then(|c| c[1].parse::<u32>().ok())
        });
    let text = |k: &str| {
        v.get(k).and_then(Value::as_str).map(|s| {
            crate::sanitise::line(s)
                .chars()
                .take(100)
                .collect::<String>()
        })
    };
    let first_line = description
        .split(['\r', '\n'])
        .next()
        .unwrap_or("")
        .chars()
        .take(500)
        .collect::<String>();
    Some(EntraError {
        error: crate::sanitise::line(&error).chars().take(100).collect(),
        code,
        suberror: text("suberror"),
        description: crate::sanitise::line(&first_line).into_owned(),
        trace: Trace {
            trace_id: text("trace_id"),
            correlation_id: text("correlation_id"),
            timestamp: text("timestamp"),
            request_id: None,
        },
    })
}

/// The authority's URL of `path` under `authority` (`https://login.microsoftonline.com` or a
/// loopback replacement for tests).
pub fn endpoint(authority: &Url, path: &str) -> Url {
    let mut url = authority.clone();
    let base = authority.path().trim_end_matches('/');
    url.set_path(&format!("{base}/{}", path.trim_start_matches('/')));
    url.set_query(None);
    url
}

/// What tenant discovery said.
#[derive(Debug, Clone)]
pub enum Discovery {
    /// The tenant exists; its id from the issuer, when it is there.
    Found {
        tenant: Option<String>,
        answer: Answer,
    },
    /// Entra ID refused (`AADSTS90002` for a tenant that does not exist).
    Refused { error: EntraError, answer: Answer },
    /// An answer that is neither.
    Unexpected(Answer),
}

/// `GET {authority}/{tenant}/v2.0/.well-known/openid-configuration`: no secret is sent.
pub async fn discover(
    client: &reqwest::Client,
    authority: &Url,
    tenant: &str,
    timeout: Duration,
) -> Result<Discovery, NoAnswer> {
    let url = endpoint(
        authority,
        &format!("{tenant}/v2.0/.well-known/openid-configuration"),
    );
    let answer = send(client.get(url), timeout).await?;
    Ok(if answer.status == 200 {
        match answer.json() {
            Some(v) if v.get("issuer").is_some() || v.get("token_endpoint").is_some() => {
                let tenant = v
                    .get("issuer")
                    .and_then(Value::as_str)
                    .and_then(tenant_of_url);
                Discovery::Found { tenant, answer }
            }
            _ => Discovery::Unexpected(answer),
        }
    } else {
        match parse_error(&answer.body) {
            Some(error) => Discovery::Refused { error, answer },
            None => Discovery::Unexpected(answer),
        }
    })
}

/// The tenant id in a sign-in URL: `https://login.microsoftonline.com/{tenant}/…`.
pub fn tenant_of_url(url: &str) -> Option<String> {
    let parsed = Url::parse(url.trim()).ok()?;
    let first = parsed.path_segments()?.next()?.to_ascii_lowercase();
    crate::validate::fields::is_guid(&first).then_some(first)
}

/// The namespace of a user's domain in Entra ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Realm {
    /// Entra ID checks the password itself.
    Managed,
    /// Another identity provider (AD FS…) checks it.
    Federated,
    /// The domain is not in Entra ID.
    Unknown,
}

/// `GET {authority}/common/userrealm/{user}?api-version=2.1`: what kind of account the user
/// name is. No password is sent.
pub async fn user_realm(
    client: &reqwest::Client,
    authority: &Url,
    user: &str,
    timeout: Duration,
) -> Result<(Option<Realm>, Answer), NoAnswer> {
    let mut url = endpoint(authority, "common/userrealm/");
    url.path_segments_mut()
        .expect("an http URL has segments")
        .pop_if_empty()
        .push(user);
    url.query_pairs_mut().append_pair("api-version", "2.1");
    let answer = send(client.get(url), timeout).await?;
    let realm = (answer.status == 200)
        .then(|| answer.json())
        .flatten()
        .and_then(|v| match v.get("NameSpaceType").and_then(Value::as_str)? {
            s if s.eq_ignore_ascii_case("managed") => Some(Realm::Managed),
            s if s.eq_ignore_ascii_case("federated") => Some(Realm::Federated),
            s if s.eq_ignore_ascii_case("unknown") => Some(Realm::Unknown),
            _ => None,
        });
    Ok((realm, answer))
}

/// How the token is asked for.
pub enum Grant<'a> {
    /// An app registration's client secret (`grant_type=client_credentials`).
    ClientCredentials { client_id: &'a str, secret: &'a str },
    /// A user's password (`grant_type=password`), through the public client.
    Password { user: &'a str, password: &'a str },
}

/// An access token. Its value is never shown (`Debug` hides it).
pub struct Token {
    pub access_token: String,
    /// Seconds; v1 endpoints send it as a string.
    pub expires_in: Option<u64>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// What the token endpoint said.
#[derive(Debug)]
pub enum TokenAnswer {
    Issued { token: Token, answer: Answer },
    Refused { error: EntraError, answer: Answer },
    Unexpected(Answer),
}

/// `POST {authority}/{tenant}/oauth2/v2.0/token` with `scope`. The secret goes only into the
/// form body.
pub async fn token(
    client: &reqwest::Client,
    authority: &Url,
    tenant: &str,
    scope: &str,
    grant: Grant<'_>,
    timeout: Duration,
) -> Result<TokenAnswer, NoAnswer> {
    let url = endpoint(authority, &format!("{tenant}/oauth2/v2.0/token"));
    let form: Vec<(&str, &str)> = match grant {
        Grant::ClientCredentials { client_id, secret } => vec![
            ("client_id", client_id),
            ("scope", scope),
            ("client_secret", secret),
            ("grant_type", "client_credentials"),
        ],
        Grant::Password { user, password } => vec![
            ("client_id", PUBLIC_CLIENT_ID),
            ("scope", scope),
            ("username", user),
            ("password", password),
            ("grant_type", "password"),
        ],
    };
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let request = client
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body);
    let answer = send(request, timeout).await?;
    if answer.status == 200
        && let Some(v) = answer.json()
        && let Some(access_token) = v.get("access_token").and_then(Value::as_str)
        && !access_token.is_empty()
    {
        let expires_in = v.get("expires_in").and_then(|e| {
            e.as_u64()
                .or_else(|| e.as_str().and_then(|s| s.trim().parse().ok()))
        });
        let token = Token {
            access_token: access_token.to_owned(),
            expires_in,
        };
        return Ok(TokenAnswer::Issued { token, answer });
    }
    Ok(match parse_error(&answer.body) {
        Some(error) if answer.status != 200 => TokenAnswer::Refused { error, answer },
        _ => TokenAnswer::Unexpected(answer),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_read_by_their_codes() {
        let e = parse_error(br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: t1\r\nCorrelation ID: c1\r\nTimestamp: x","error_codes":[7000215],"trace_id":"t1","correlation_id":"c1","timestamp":"2025-06-01 10:00:00Z"}"#).unwrap();
        assert_eq!(e.code, Some(7000215));
        assert_eq!(e.code_text(), "AADSTS7000215");
        assert_eq!(
            e.description,
            "AADSTS7000215: Invalid client secret provided."
        );
        assert_eq!(e.trace.trace_id.as_deref(), Some("t1"));
        assert_eq!(e.trace.correlation_id.as_deref(), Some("c1"));
        // No error_codes: the number in the description.
        let e = parse_error(br#"{"error":"invalid_grant","error_description":"AADSTS50126: x"}"#)
            .unwrap();
        assert_eq!(e.code, Some(50126));
        // Not an Entra error.
        assert!(parse_error(b"<html>busy</html>").is_none());
        assert!(parse_error(br#"{"message":"x"}"#).is_none());
    }

    #[test]
    fn tenants_are_read_from_sign_in_urls() {
        assert_eq!(
            tenant_of_url("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/authorize").as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(
            tenant_of_url(
                "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"
            )
            .as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(
            tenant_of_url("https://login.microsoftonline.com/common/v2.0"),
            None
        );
    }

    #[test]
    fn endpoints_keep_the_authoritys_path() {
        let a = Url::parse("http://127.0.0.1:9/").unwrap();
        assert_eq!(
            endpoint(&a, "t/oauth2/v2.0/token").as_str(),
            "http://127.0.0.1:9/t/oauth2/v2.0/token"
        );
        let a = Url::parse("http://127.0.0.1:9/entra").unwrap();
        assert_eq!(
            endpoint(&a, "/t/v2.0/x").as_str(),
            "http://127.0.0.1:9/entra/t/v2.0/x"
        );
    }
}
