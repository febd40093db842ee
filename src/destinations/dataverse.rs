//! Dataverse (the Dynamics 365 instance's Web API), read-only: the anonymous sign-in challenge,
//! `WhoAmI`, the user's roles, its effective privileges and the field security of
//! `leadsourcecode`; and the test lead (`POST leads`), only when asked for.
//!
//! Error bodies are `{"error": {"code": "0x8004…", "message": "…"}}`; they are matched on the
//! code (hexadecimal, compared in lower case), never on the message.

use std::time::Duration;

use serde_json::{Value, json};
use url::Url;

use super::entra::Token;
use super::staged::{Answer, NoAnswer, send};

/// The Web API version leadwiz speaks.
pub const API: &str = "/api/data/v9.2/";

/// The privileges Partner Center's writes need: creating leads, and what the Lead Writer role's
/// setup adds (User Entity UI Settings create/read/write, System Job read/write/append to).
pub const PRIVILEGES: [&str; 7] = [
    "prvCreateLead",
    "prvCreateUserEntityUISettings",
    "prvReadUserEntityUISettings",
    "prvWriteUserEntityUISettings",
    "prvReadAsyncOperation",
    "prvWriteAsyncOperation",
    "prvAppendToAsyncOperation",
];

/// A Dataverse error answer, by its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataverseError {
    /// `0x80040220`, in lower case.
    pub code: String,
    /// The message, on one line, sanitised and cut.
    pub message: String,
}

/// Reads a Dataverse error body; `None` when it is not one.
pub fn parse_error(body: &[u8]) -> Option<DataverseError> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let e = v.get("error")?;
    let code = e.get("code")?.as_str()?.trim().to_ascii_lowercase();
    let message = e.get("message").and_then(Value::as_str).unwrap_or("");
    Some(DataverseError {
        code: crate::sanitise::line(&code).chars().take(40).collect(),
        message: crate::sanitise::line(message).chars().take(400).collect(),
    })
}

/// The tenant in an instance's `WWW-Authenticate: Bearer authorization_uri=…/{tenant}/oauth2/
/// authorize, resource_id=…` challenge.
pub fn challenge_tenant(header: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    let at = lower.find("authorization_uri=")?;
    let rest = &header[at + "authorization_uri=".len()..];
    let uri = rest.trim_start_matches('"').split(['"', ',', ' ']).next()?;
    super::entra::tenant_of_url(uri)
}

/// The URL of `path` (relative to the Web API root) on `instance`.
pub fn api_url(instance: &Url, path: &str) -> Url {
    let mut url = instance.clone();
    url.set_path("/");
    url.set_query(None);
    url.set_fragment(None);
    // `path` may carry its own query (`$select=…`).
    Url::parse(&format!(
        "{}{}{path}",
        url.as_str().trim_end_matches('/'),
        API
    ))
    .unwrap_or(url)
}

/// `GET {instance}/api/data/v9.2/` without credentials: an instance answers 401 with its
/// sign-in challenge.
pub async fn challenge(
    client: &reqwest::Client,
    instance: &Url,
    timeout: Duration,
) -> Result<Answer, NoAnswer> {
    send(client.get(api_url(instance, "")), timeout).await
}

fn with_headers(request: reqwest::RequestBuilder, token: &Token) -> reqwest::RequestBuilder {
    request
        .bearer_auth(&token.access_token)
        .header(reqwest::header::ACCEPT, "application/json")
        .header("OData-MaxVersion", "4.0")
        .header("OData-Version", "4.0")
}

/// A read-only Web API call with the token.
pub async fn get(
    client: &reqwest::Client,
    instance: &Url,
    path: &str,
    token: &Token,
    timeout: Duration,
) -> Result<Answer, NoAnswer> {
    send(
        with_headers(client.get(api_url(instance, path)), token),
        timeout,
    )
    .await
}

/// The `WhoAmI` user id in an answer.
pub fn user_id(answer: &Answer) -> Option<String> {
    let v = answer.json()?;
    let id = v.get("UserId")?.as_str()?;
    crate::validate::fields::is_guid(id).then(|| id.to_ascii_lowercase())
}

/// The path of the user's record with its roles.
pub fn roles_path(user: &str) -> String {
    format!(
        "systemusers({user})?$select=fullname,isdisabled,applicationid&$expand=systemuserroles_association($select=name,roleid)"
    )
}

/// The path of `RetrieveUserSetOfPrivilegesByNames` for [`PRIVILEGES`].
pub fn privileges_path(user: &str) -> String {
    let names: Vec<String> = PRIVILEGES.iter().map(|p| format!("\"{p}\"")).collect();
    let list = format!("[{}]", names.join(","));
    let encoded: String = url::form_urlencoded::byte_serialize(list.as_bytes()).collect();
    format!(
        "systemusers({user})/Microsoft.Dynamics.CRM.RetrieveUserSetOfPrivilegesByNames(PrivilegeNames=@p)?@p={encoded}"
    )
}

/// The field security of `leadsourcecode`.
pub const LEADSOURCECODE_PATH: &str = "EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='leadsourcecode')?$select=IsSecured";

/// The privileges an answer of `RetrieveUserSetOfPrivilegesByNames` grants, with their depth.
pub fn granted(answer: &Answer) -> Option<Vec<(String, String)>> {
    let v = answer.json()?;
    let list = v.get("RolePrivileges")?.as_array()?;
    Some(
        list.iter()
            .filter_map(|p| {
                let name = p.get("PrivilegeName")?.as_str()?.to_owned();
                let depth = p
                    .get("Depth")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                Some((name, depth))
            })
            .collect(),
    )
}

/// The test lead, with the values of Partner Center's (every text field `MSFT_TEST_<ticks>`).
/// Partner Center sets `leadsourcecode` (the FAQ's error names it); the value it writes is not
/// documented, so leadwiz writes 8 ("Web"), which the field's field security governs the same.
pub fn test_lead(ticks: u64) -> Value {
    let t = format!("MSFT_TEST_{ticks}");
    json!({
        "subject": t,
        "firstname": t,
        "lastname": t,
        "emailaddress1": format!("{t}@test.com"),
        "telephone1": "1234567890",
        "companyname": t,
        "jobtitle": t,
        "address1_country": "US",
        "description": t,
        "leadsourcecode": 8,
    })
}

/// `POST {instance}/api/data/v9.2/leads` with the test lead.
pub async fn create_lead(
    client: &reqwest::Client,
    instance: &Url,
    lead: &Value,
    token: &Token,
    timeout: Duration,
) -> Result<Answer, NoAnswer> {
    let request = with_headers(client.post(api_url(instance, "leads")), token)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(lead).expect("JSON serialises"));
    send(request, timeout).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_read_by_their_codes() {
        let e = parse_error(br#"{"error":{"code":"0x80072560","message":"The user is not a member of the organization."}}"#).unwrap();
        assert_eq!(e.code, "0x80072560");
        let e = parse_error(br#"{"error":{"code":"0x8004F502","message":"x"}}"#).unwrap();
        assert_eq!(e.code, "0x8004f502");
        assert!(parse_error(b"").is_none());
        assert!(parse_error(br#"{"error":"invalid_grant"}"#).is_none());
    }

    #[test]
    fn the_challenge_names_the_tenant() {
        let h = "Bearer authorization_uri=https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/authorize, resource_id=https://contoso.crm.dynamics.com/";
        assert_eq!(
            challenge_tenant(h).as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(challenge_tenant("Bearer realm=\"x\""), None);
    }

    #[test]
    fn urls_and_paths() {
        let i = Url::parse("https://contoso.crm4.dynamics.com/").unwrap();
        assert_eq!(
            api_url(&i, "WhoAmI").as_str(),
            "https://contoso.crm4.dynamics.com/api/data/v9.2/WhoAmI"
        );
        let p = privileges_path("aaaaaaaa-0000-0000-0000-000000000002");
        assert!(p.contains("RetrieveUserSetOfPrivilegesByNames(PrivilegeNames=@p)?@p="));
        assert!(p.contains("prvCreateLead"));
        let u = api_url(&i, &p);
        assert!(u.as_str().contains("%22prvCreateLead%22"), "{u}");
    }
}
