//! Masking secret and personal data before text leaves leadwiz: in transcripts, reports,
//! `--json`, dry runs and the presenter's echo. One pass per family, by structure rather than by
//! instance:
//!
//! - `name=value` and `name: value` pairs whose name says the value is secret, in the languages
//!   people paste (password, Passwort, mot de passe, contraseña, 密码, 口令, 密钥…, `…key`,
//!   `…token`, `sig`, `secret`, and `code`/`key` as URL query parameters); a quoted value is
//!   masked to its closing quote, an unquoted one to the next space, `;` or `&name=`;
//! - the password of a URL's user-info (`https://user:password@host`);
//! - `Authorization:` headers (any scheme), `Bearer`/`Basic` credentials;
//! - provider key formats: JSON Web Tokens, Entra ID client secrets, GitHub and AWS keys,
//!   Slack and Google API keys, PEM private keys, long base64 runs (storage keys);
//! - personal data ([`redact`] only): e-mail addresses in any script (also URL-encoded),
//!   Chinese resident ID numbers, phone numbers, and the middle of GUIDs.
//!
//! Node ids, error codes (`AADSTS…`), dates, versions and URLs without secrets stay as they are.
//! No UI or async imports.

use std::sync::LazyLock;

use regex::Regex;

/// What replaces a secret value (the name before it is kept: `AccountKey=[redacted]`).
pub const SECRET: &str = "[redacted]";
pub const EMAIL: &str = "[e-mail]";
pub const PHONE: &str = "[phone]";
pub const ID_NUMBER: &str = "[id-number]";

/// `text` with secret and personal data masked (transcripts, pasted text).
pub fn redact(text: &str) -> String {
    personal(&secrets(text))
}

/// `text` with secrets masked (keys, passwords, tokens, signatures), personal data kept: for
/// reports whose personal data the user asked to see.
pub fn secrets(text: &str) -> String {
    let text = pairs(text);
    let text = USERINFO.replace_all(&text, |c: &regex::Captures| format!("{}{SECRET}@", &c[1]));
    let text = AUTHORIZATION.replace_all(&text, |c: &regex::Captures| format!("{}{SECRET}", &c[1]));
    let text = SCHEME_CREDENTIAL.replace_all(&text, |c: &regex::Captures| {
        let value = &c[2];
        let credential = value
            .chars()
            .any(|c| c.is_ascii_digit() || "=+/._~-:".contains(c))
            || (value.chars().any(|c| c.is_ascii_uppercase())
                && value.chars().any(|c| c.is_ascii_lowercase()));
        if credential {
            format!("{}{SECRET}", &c[1])
        } else {
            c[0].to_owned()
        }
    });
    let text = PEM.replace_all(&text, SECRET);
    let text = PROVIDER_KEY.replace_all(&text, SECRET);
    let text = JWT.replace_all(&text, SECRET);
    let text = CLIENT_SECRET.replace_all(&text, |c: &regex::Captures| format!("{}{SECRET}", &c[1]));
    replace_checked(&text, &BASE64, |m| {
        let has = |f: fn(char) -> bool| m.chars().any(f);
        (has(|c| c.is_ascii_uppercase())
            && has(|c| c.is_ascii_lowercase())
            && has(|c| c.is_ascii_digit()))
        .then(|| SECRET.to_owned())
    })
}

/// Every string of a JSON value passed through `mask` (keys stay).
pub fn json(value: &mut serde_json::Value, mask: fn(&str) -> String) {
    use serde_json::Value;
    match value {
        Value::String(s) => *s = mask(s),
        Value::Array(items) => items.iter_mut().for_each(|v| json(v, mask)),
        Value::Object(map) => map.values_mut().for_each(|v| json(v, mask)),
        _ => {}
    }
}

/// Personal data masked: e-mail addresses, ID numbers, the middle of GUIDs, phone numbers.
fn personal(text: &str) -> String {
    let text = EMAIL_RE.replace_all(text, EMAIL);
    let text = replace_checked(&text, &CN_ID, |_| Some(ID_NUMBER.to_owned()));
    let text = replace_checked(&text, &GUID, |m| {
        let c = GUID.captures(m)?;
        Some(format!("{}****-****-****-****-********{}", &c[1], &c[2]))
    });
    let text = LABELLED_PHONE.replace_all(&text, |c: &regex::Captures| format!("{}{PHONE}", &c[1]));
    let text = replace_checked(&text, &CN_MOBILE, |_| Some(PHONE.to_owned()));
    replace_checked(&text, &PHONE_RE, |m| is_phone(m).then(|| PHONE.to_owned()))
}

/// Names whose value is secret. Long names also match as the end of a longer name
/// (`dbPassword`, `MYSQL_ROOT_PASSWORD`, `StorageAccountKey`); short ones only as a whole word.
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    // Longer names first: at one position the first alternative that matches wins.
    Regex::new(
        r"(?ix)
        ( ocp-apim-subscription-key | x-api-key | x-functions-key
        | x-amz-signature | x-amz-credential | x-amz-security-token
        | shared[\ _-]?access[\ _-]?signature
        | (?:account|shared[\ _-]?access|subscription|api|access|secret|private|primary|secondary
            |master|functions?|host|app|storage|encryption|signing|instrumentation)[\ _-]?key
        | (?:access|refresh|id|sas|auth|session|security|bearer|api|personal[\ _-]?access)[\ _-]?token
        | (?:client|app)[\ _-]?secret | apikey | credentials?
        | passwort | kennwort | pass(?:word|wd|phrase|code)? | pwd | mot[\ _-]de[\ _-]passe
        | contrase(?:ñ|n)a | senha | пароль | parola | wachtwoord | lösenord | hasło
        | 密码 | 密碼 | 口令 | 密钥 | 金鑰 | 秘钥 | 机密 | 令牌 | パスワード | 비밀번호
        | secret | signature | token | sig | code | key )
        ",
    )
    .expect("valid pattern")
});

/// The separator between a secret's name and its value: `=`, `:` or `：`, with an optional
/// closing quote of the name before it and spaces around it.
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^["']?[ \t]*(?:=|:|：)[ \t]*"#).expect("valid pattern"));

/// Masks the value of every `name=value` / `name: value` pair whose name is secret. Every
/// name is considered, also one inside another's value, and the masked spans are merged, so no
/// pair hides another.
fn pairs(text: &str) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for m in SECRET_NAME.find_iter(text) {
        if let Some(span) = pair_value(text, m.start(), m.end()) {
            spans.push(span);
        }
    }
    if spans.is_empty() {
        return text.to_owned();
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i < spans.len() {
        let (start, mut end) = spans[i];
        i += 1;
        while i < spans.len() && spans[i].0 <= end {
            end = end.max(spans[i].1);
            i += 1;
        }
        let start = start.max(last);
        if start >= end {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(SECRET);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// The span of the secret value after the name at `start..end`, if it is a secret pair.
fn pair_value(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let name = text[start..end].to_lowercase();
    let before = text[..start].chars().next_back();
    // The name must end where the word ends.
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let ascii_start = name.starts_with(|c: char| c.is_ascii());
    let word_before = before.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let short = matches!(
        name.as_str(),
        "pass" | "pwd" | "sig" | "token" | "code" | "key"
    );
    if ascii_start && word_before && short {
        return None;
    }
    let sep = SEPARATOR.find(&text[end..])?;
    let value = end + sep.end();
    let value_end = value_end(text, value);
    // `code` and `key` alone are secret as URL query parameters, or when the value looks like a
    // key (long, letters and digits): `error code=500` stays.
    if matches!(name.as_str(), "code" | "key") && !matches!(before, Some('?' | '&')) {
        let v = text[value..value_end].trim_matches(|c| c == '"' || c == '\'');
        let keylike = v.chars().count() >= 16
            && v.chars().any(|c| c.is_ascii_digit())
            && v.chars().any(|c| c.is_alphabetic());
        if !keylike {
            return None;
        }
    }
    let mut span = (value, value_end);
    // A quoted value keeps its quotes when they close where the value ends.
    if let Some(q) = text[value..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))
        && value_end - value >= 2
        && text[..value_end].ends_with(q)
    {
        span = (value + 1, value_end - 1);
    }
    // "the `sig=` parameter" names a parameter: a value of one or two signs is no secret.
    let v = &text[span.0..span.1];
    let secret = v.chars().any(char::is_alphanumeric) || v.chars().count() > 2;
    (v != SECRET && secret).then_some(span)
}

/// Where the value starting at `start` ends: a quoted value at its closing quote (extended to the
/// end of the word when more follows it), an unquoted one at a space, `;`, CJK punctuation or an
/// `&name=` that starts the next URL parameter.
fn value_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let mut chars = rest.char_indices().peekable();
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    if let Some(&(_, q)) = chars.peek()
        && matches!(q, '"' | '\'')
    {
        chars.next();
        let mut escaped = false;
        for (i, c) in chars {
            if i >= line_end {
                return start + line_end;
            }
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                let close = i + c.len_utf8();
                let next = rest[close..].chars().next();
                if next.is_none_or(|n| {
                    n.is_whitespace() || matches!(n, ',' | ';' | '}' | ']' | ')' | '&' | '>' | '<')
                }) {
                    return start + close;
                }
                return start + close + unquoted_end(&rest[close..]);
            }
        }
        return start + line_end;
    }
    start + unquoted_end(rest)
}

fn unquoted_end(rest: &str) -> usize {
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() || matches!(c, ';' | '，' | '。' | '；' | '、' | '）' | '」') {
            return i;
        }
        if c == '&' && is_parameter(&rest[i + 1..]) {
            return i;
        }
    }
    rest.len()
}

/// Whether `rest` starts with a URL parameter name and `=`.
fn is_parameter(rest: &str) -> bool {
    let name = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '%')))
        .unwrap_or(rest.len());
    name > 0 && rest[name..].starts_with('=')
}

/// The password of a URL's user-info: `https://user:password@host`.
static USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\b[a-z][a-z0-9+.-]*://[^\s/?#@:\[\]]*:)[^\s/?#]+@").expect("valid pattern")
});

/// An `Authorization:` header: everything after the name (and the scheme) to the end of the line.
static AUTHORIZATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:[a-z][a-z-]*[ \t]+)?)[^\s"'][^\r\n"']*"#,
    )
    .expect("valid pattern")
});

/// `Bearer <token>`, `Basic <credentials>`, `SharedKey account:signature` in running text.
static SCHEME_CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\b(?:bearer|basic|sharedkey|sharedkeylite)[ \t]+)([A-Za-z0-9._~+/:-]{8,}=*)")
        .expect("valid pattern")
});

/// A PEM private key block (or its start, when cut).
static PEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN [A-Z ]*PRIVATE KEY-----(?s:.*?)(?:-----END [A-Z ]*PRIVATE KEY-----|\z)")
        .expect("valid pattern")
});

/// Key formats of providers: GitHub tokens, AWS access key ids, Slack tokens, Google API keys,
/// Stripe secret keys.
static PROVIDER_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255}|(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,})\b",
    )
    .expect("valid pattern")
});

/// A JSON Web Token (an access token pasted on its own).
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*").expect("valid pattern")
});

/// An Entra ID client secret value (`abc8Q~…`, 40 characters).
static CLIENT_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^A-Za-z0-9_.~-])([A-Za-z0-9_.-]{3}[0-9]Q~[A-Za-z0-9_.~-]{30,40})")
        .expect("valid pattern")
});

/// A long base64 run (a storage, Service Bus or AWS secret key pasted on its own).
static BASE64: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/]{40,}={0,2}").expect("valid pattern"));

/// An e-mail address in any script, also with its `@` URL-encoded (`%40`) or full-width.
static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}\p{M}._%+-]+(?:@|%40|＠)[\p{L}\p{N}\p{M}-]+(?:\.[\p{L}\p{N}\p{M}-]+)*\.[\p{L}\p{M}]{2,}")
        .expect("valid pattern")
});

/// A resident ID number of the People's Republic of China: region, birth date, sequence, check.
static CN_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]",
    )
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
mod tests;
