//! Masking personal and secret data before text leaves leadwiz (transcripts meant for a support
//! ticket): e-mail addresses, phone numbers, client secrets, passwords, storage account keys,
//! SAS signatures, bearer tokens and the middle of GUIDs. Node ids and error codes (`AADSTS…`)
//! are never touched. No UI or async imports.

use std::sync::LazyLock;

use regex::Regex;

/// What replaces a secret value (the name before it is kept: `AccountKey=[redacted]`).
pub const SECRET: &str = "[redacted]";
pub const EMAIL: &str = "[e-mail]";
pub const PHONE: &str = "[phone]";

/// `name=value` or `"name": "value"` pairs whose value is secret, for the names Azure,
/// Entra ID, connection strings and SAS URLs use.
static SECRET_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(^|[^A-Za-z0-9_])((?:account[_-]?key|shared[_-]?access[_-]?signature|sig|client[_ -]?secret|app[_ -]?secret|secret|password|passwd|pwd|api[_-]?key|(?:access|refresh|id|sas)[_-]?token)["']?\s*[=:]\s*["']?)([^\s"'&;,<>]+)"#,
    )
    .expect("valid pattern")
});

/// `Bearer <token>` in an Authorization header.
static BEARER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/-]+=*").expect("valid pattern"));

/// A JSON Web Token (an access token pasted on its own).
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*").expect("valid pattern")
});

/// An Entra ID client secret value (`abc8Q~…`, 40 characters).
static CLIENT_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^A-Za-z0-9_.~-])([A-Za-z0-9_.-]{3}[0-9]Q~[A-Za-z0-9_.~-]{30,40})")
        .expect("valid pattern")
});

/// A long base64 run (a storage account key or signature pasted on its own).
static BASE64: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/]{60,}={0,2}").expect("valid pattern"));

static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("valid pattern")
});

static GUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([0-9A-Fa-f]{4})[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{8}([0-9A-Fa-f]{4})",
    )
    .expect("valid pattern")
});

/// A phone number: an optional `+` and country code, then groups of digits separated by
/// spaces, dots, dashes or parentheses.
static PHONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+?\(?[0-9]{1,4}\)?(?:[ .-]?\(?[0-9]{1,5}\)?){1,6}").expect("valid pattern")
});

/// A number written without separators after a word that says it is one ("phone 4255550100",
/// "手机：13812345678").
static LABELLED_PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)((?:\b(?:phone|tel|telephone|mobile|cell|fax|whatsapp)|电话|手机|联系电话|传真)[^0-9A-Za-z+\n]{0,6})(\+?[0-9]{7,15})\b",
    )
    .expect("valid pattern")
});

/// A mobile number of mainland China, usually written as 11 digits in a row.
static CN_MOBILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"1[3-9][0-9]{9}").expect("valid pattern"));

/// `text` with personal and secret data masked.
pub fn redact(text: &str) -> String {
    let text = SECRET_PAIR.replace_all(text, |c: &regex::Captures| {
        format!("{}{}{SECRET}", &c[1], &c[2])
    });
    let text = BEARER.replace_all(&text, |c: &regex::Captures| format!("{}{SECRET}", &c[1]));
    let text = JWT.replace_all(&text, SECRET);
    let text = CLIENT_SECRET.replace_all(&text, |c: &regex::Captures| format!("{}{SECRET}", &c[1]));
    let text = replace_checked(&text, &BASE64, |m| {
        let has = |f: fn(char) -> bool| m.chars().any(f);
        (has(|c| c.is_ascii_uppercase())
            && has(|c| c.is_ascii_lowercase())
            && has(|c| c.is_ascii_digit()))
        .then(|| SECRET.to_owned())
    });
    let text = EMAIL_RE.replace_all(&text, EMAIL);
    let text = replace_checked(&text, &GUID, |m| {
        let c = GUID.captures(m)?;
        Some(format!("{}****-****-****-****-********{}", &c[1], &c[2]))
    });
    let text = LABELLED_PHONE.replace_all(&text, |c: &regex::Captures| format!("{}{PHONE}", &c[1]));
    let text = replace_checked(&text, &CN_MOBILE, |_| Some(PHONE.to_owned()));
    replace_checked(&text, &PHONE_RE, |m| is_phone(m).then(|| PHONE.to_owned()))
}

/// Replaces each match of `re` that stands alone (not inside a word, an id or a longer code)
/// and for which `with` gives a replacement.
fn replace_checked(text: &str, re: &Regex, with: impl Fn(&str) -> Option<String>) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in re.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let alone = !before.is_some_and(|c| {
            word(c) || c == '-' && m.as_str().starts_with(|d: char| d.is_ascii_digit())
        }) && !after.is_some_and(word);
        if let Some(replacement) = alone.then(|| with(m.as_str())).flatten() {
            out.push_str(&text[last..m.start()]);
            out.push_str(&replacement);
            last = m.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Whether a run of digits and separators is a phone number rather than a date, a time, a
/// version or a count: 8 to 15 digits, written with a `+` or with separators, and not shaped
/// like a date (`2026-11-28 10`).
fn is_phone(m: &str) -> bool {
    let digits = m.chars().filter(char::is_ascii_digit).count();
    if !(8..=15).contains(&digits) {
        return false;
    }
    let separated = m.starts_with('+') || m.contains(['(', ' ', '-', '.']);
    let date = m.len() >= 10
        && m.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                matches!(b, b'-' | b'.' | b'/')
            } else {
                b.is_ascii_digit()
            }
        });
    let dotted = m.matches('.').count() >= 2 && !m.contains([' ', '-', '(']);
    separated && !date && !dotted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings_lose_their_key() {
        let s = "DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUA==;EndpointSuffix=core.windows.net";
        let r = redact(s);
        assert_eq!(
            r,
            "DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=[redacted];EndpointSuffix=core.windows.net"
        );
    }

    #[test]
    fn sas_signatures_and_power_automate_urls() {
        let url = "https://prod-27.westus.logic.azure.com:443/workflows/8d2f3c0e9a7b4c51a2d3e4f5a6b7c8d9/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xy7Zq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnM";
        let r = redact(url);
        assert!(r.ends_with("&sv=1.0&sig=[redacted]"), "{r}");
        assert!(
            r.contains("/workflows/8d2f3c0e9a7b4c51a2d3e4f5a6b7c8d9/"),
            "{r}"
        );
        assert!(r.contains("api-version=2016-06-01"), "{r}");
        let blob = "https://contoso.blob.core.windows.net/leads?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2026-12-31T00:00:00Z&sig=abc%2Bdef%3D";
        assert!(redact(blob).ends_with("&sig=[redacted]"));
    }

    #[test]
    fn secrets_passwords_and_tokens() {
        assert_eq!(
            redact("Client secret: Abc8Q~x1Y2z3W4v5U6t7S8r9Q0p-o_n.mLkJiHgFeDc"),
            "Client secret: [redacted]"
        );
        assert_eq!(
            redact("the value Abc8Q~x1Y2z3W4v5U6t7S8r9Q0p-o_n.mLkJiHgFeDc expired"),
            "the value [redacted] expired"
        );
        assert_eq!(
            redact(r#"{"client_secret": "s3cr3t!", "password":"hunter2"}"#),
            r#"{"client_secret": "[redacted]", "password":"[redacted]"}"#
        );
        assert_eq!(redact("pwd=hunter2;user=me"), "pwd=[redacted];user=me");
        assert_eq!(
            redact(
                "Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl"
            ),
            "Authorization: Bearer [redacted]"
        );
        assert_eq!(
            redact("token eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2ln"),
            "token [redacted]"
        );
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(
            redact("Contact: jane.doe+leads@contoso.com, tel +1 (425) 555-0100"),
            "Contact: [e-mail], tel [phone]"
        );
        assert_eq!(
            redact("call 425-555-0100 or +86 138 0013 8000"),
            "call [phone] or [phone]"
        );
        assert_eq!(redact("电话：+86-10-5917-8888。"), "电话：[phone]。");
        // Written without separators: after a word that says so, or a mainland mobile number.
        assert_eq!(
            redact("Phone: 4255550100, mobile +14255550101"),
            "Phone: [phone], mobile [phone]"
        );
        assert_eq!(
            redact("联系人张伟，手机13812345678，或致电 13900001111。"),
            "联系人张伟，手机[phone]，或致电 [phone]。"
        );
    }

    #[test]
    fn guids_keep_both_ends() {
        let r = redact(
            "Directory ID 72f988bf-86f1-41af-91ab-2d7cd011db47 and app 0e5b3c1d-1111-2222-3333-444455556666",
        );
        assert_eq!(
            r,
            "Directory ID 72f9****-****-****-****-********db47 and app 0e5b****-****-****-****-********6666"
        );
    }

    #[test]
    fn ids_codes_dates_and_versions_stay() {
        for keep in [
            "dynamics-aad-tenant-not-found",
            "AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found.",
            "AADSTS7000215: Invalid client secret provided.",
            "Trace ID: 0000aaaa1111bbbb2222cccc3333dddd Timestamp: 2026-11-28 02:14:03Z",
            "Timestamp: 2019-09-18 08:32:42Z",
            "version 2026.11.1, leadwiz 0.1.0, 127.0.0.1:10002",
            "MSFT_TEST_638675123456789012",
            "https://contoso.crm.dynamics.com/",
            "Exception:: Tenant not found. This instance may happen if there are no active subscriptions for the tenant.",
            "Step 3 of 20, 45 leads since 2021",
            "RetrievePrivilegeForUser: The user with id 1234 has no roles",
            "error code 12345678",
            "ticks 638675123456789012, request 13812345678901",
            "telemetry id 20261128",
        ] {
            assert_eq!(redact(keep), keep);
        }
    }
}
