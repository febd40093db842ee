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

/// The realistic items of the attack run that survived the old masking: each must lose its
/// secret, and keep what tells the reader what it was.
#[test]
fn the_families_that_used_to_survive() {
    let cases: &[(&str, &str)] = &[
        (
            "https://contoso-fn.azurewebsites.net/api/leads?code=aBcD1234eFgH5678iJkL9012mNoP3456qRsT==&clientId=default",
            "aBcD1234eFgH",
        ),
        (
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=",
            "Zm9vYmFyYmF6",
        ),
        (
            "Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef",
            "0123456789abcdef",
        ),
        (
            "curl https://api.contoso.com/leads?subscription-key=0123456789abcdef0123456789abcdef",
            "0123456789abcdef",
        ),
        ("Authorization: Basic dXNlcjpodW50ZXIy", "dXNlcjpodW50ZXIy"),
        (
            "token ghp_16C7e42F292c6912E7710c838347Ae178B4a in the log",
            "ghp_16C7e42F",
        ),
        ("aws AKIAIOSFODNN7EXAMPLE key", "AKIAIOSFODNN7EXAMPLE"),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI",
        ),
        ("数据库密码：Hunter2Secret，请勿外传", "Hunter2Secret"),
        ("Passwort: GeHeim!2026", "GeHeim!2026"),
        ("mot de passe : s3cr3t-Passe", "s3cr3t-Passe"),
        ("password=ab&cd\"ef'gh tail", "cd\"ef'gh"),
        ("Password=\"quoted pass\"word\" next", "pass\"word"),
        ("身份证号 11010519491231002X 已登记", "11010519491231002X"),
        ("mail jane.doe%40contoso.com now", "jane.doe%40contoso.com"),
        ("联系 张伟@例子.公司 今天", "张伟@例子.公司"),
        ("ｊａｎｅ＠contoso.com", "contoso.com"),
        (
            "POST https://leaduser:Pa55w0rd!@leads.contoso.com/hook",
            "Pa55w0rd!",
        ),
    ];
    for (text, secret) in cases {
        let out = redact(text);
        assert!(!out.contains(secret), "{secret} survived in {out:?}");
    }
    assert_eq!(
        redact("POST https://leaduser:Pa55w0rd!@leads.contoso.com/hook"),
        "POST https://leaduser:[redacted]@leads.contoso.com/hook"
    );
    assert_eq!(
        redact("https://fn.azurewebsites.net/api/x?code=abcDEF123456&clientId=default"),
        "https://fn.azurewebsites.net/api/x?code=[redacted]&clientId=default"
    );
}

#[test]
fn words_that_only_look_like_names_stay() {
    for keep in [
        "PartitionKey=MSFT_TEST;RowKey=MSFT_TEST_638675123456789012",
        "x-ms-continuation-NextPartitionKey: 1!8!TVNGVA--",
        "Basic authentication failed for the flow",
        "error code: 500, status code 404, code=AADSTS90002",
        "bypass: true, compass: north",
        "The primary key column is missing",
        "the `sig=` parameter is missing or wrong; `code=` too",
    ] {
        assert_eq!(redact(keep), keep);
    }
}

#[test]
fn json_strings_are_masked_and_the_document_stays_json() {
    let mut v = serde_json::json!({
        "url": "https://x.logic.azure.com/w?sig=Xy7Zq1W2e3R4t5Y6u7I8&sv=1.0",
        "list": ["password=\"a\"b\"", 3],
        "email": "jane@contoso.com"
    });
    json(&mut v, secrets);
    let s = serde_json::to_string(&v).unwrap();
    assert!(!s.contains("Xy7Zq1W2"), "{s}");
    assert!(
        s.contains("jane@contoso.com"),
        "secrets() keeps personal data: {s}"
    );
    serde_json::from_str::<serde_json::Value>(&s).unwrap();
}

mod planted {
    use proptest::prelude::*;

    /// A secret in one of the families, as it is written (label and value), and the value.
    fn planted() -> impl Strategy<Value = (String, String)> {
        let b64 = "[A-Za-z0-9+/]{86}==";
        // Any printable ASCII but `;` and `=` (which separate fields), not starting with a quote.
        let password =
            "[A-Za-z0-9!#$%&()*+,./:<>?@^_{|}~-][A-Za-z0-9!#$%&'()*+,./:<>?@^_{|}~\"-]{7,23}";
        prop_oneof![
            b64.prop_map(|k| (
                format!("DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={k};EndpointSuffix=core.windows.net"),
                k
            )),
            "[A-Za-z0-9_-]{30,56}==".prop_map(|k| (
                format!("https://fn.azurewebsites.net/api/leads?code={k}&clientId=default"),
                k
            )),
            "[A-Za-z0-9+/]{43}=".prop_map(|k| (
                format!("Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={k}"),
                k
            )),
            "[0-9a-f]{32}".prop_map(|k| (format!("Ocp-Apim-Subscription-Key: {k}"), k)),
            "[0-9a-f]{32}".prop_map(|k| (format!("https://api.contoso.com/x?subscription-key={k}"), k)),
            "[A-Za-z0-9+/]{16,60}={0,2}".prop_map(|k| (format!("Authorization: Basic {k}"), k)),
            "[A-Za-z0-9._-]{20,80}".prop_map(|k| (format!("Authorization: Bearer {k}"), k)),
            "[A-Za-z0-9]{36}".prop_map(|k| (format!("ghp_{k}"), format!("ghp_{k}"))),
            "[A-Z0-9]{16}".prop_map(|k| (format!("AKIA{k}"), format!("AKIA{k}"))),
            "[A-Za-z0-9_.~-]{20,43}".prop_map(|k| (
                format!("https://prod-1.westus.logic.azure.com/workflows/x/triggers/manual/paths/invoke?api-version=2016-06-01&sig={k}"),
                k
            )),
            (
                prop::sample::select(vec![
                    "password=", "Password: ", "pwd=", "Passwort: ", "Kennwort=", "密码：", "口令: ",
                    "mot de passe : ", "contraseña: ", "client_secret=", "\"password\": \"",
                    "DB_PASSWORD=", "secret: ", "api_key=", "access_token=",
                ]),
                password
            )
                .prop_map(|(label, p)| {
                    // Inside a JSON string a quote is escaped, as a JSON writer does.
                    let written = if label.ends_with('"') {
                        format!("{label}{}\"", p.replace('"', "\\\""))
                    } else {
                        format!("{label}{p}")
                    };
                    (written, p)
                }),
            ("[a-z]{3,8}", "[A-Za-z0-9!$%'()*+,.;=_~-]{8,20}").prop_map(|(u, p)| (
                format!("https://{u}:{p}@leads.contoso.com/hook"),
                p
            )),
        ]
    }

    /// Personal data masked by `redact` (not by `secrets`).
    fn personal() -> impl Strategy<Value = String> {
        let id = (
            1u32..=9,
            0u32..100_000,
            1930u32..2020,
            1u32..=12,
            1u32..=28,
            0u32..1000,
            prop::sample::select(vec!['0', '5', '9', 'X']),
        )
            .prop_map(|(a, r, y, m, d, s, c)| format!("{a}{r:05}{y}{m:02}{d:02}{s:03}{c}"));
        prop_oneof![
            id,
            "[a-z0-9._+-]{1,20}@[a-z0-9-]{1,12}\\.(com|net|cn|de)",
            "[a-z0-9._-]{1,20}%40[a-z0-9-]{1,12}\\.(com|net)",
            "[张王李赵][伟芳娜敏]{1,3}@[例子公司]{2,4}\\.(中国|公司)",
        ]
    }

    /// Whether `out` holds any 8-character piece of `secret`.
    fn leaks(out: &str, secret: &str) -> Option<String> {
        let chars: Vec<char> = secret.chars().collect();
        chars
            .windows(8.min(chars.len()))
            .map(|w| w.iter().collect::<String>())
            .find(|w| out.contains(w.as_str()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// A secret planted anywhere in arbitrary text never comes out, whole or in part.
        #[test]
        fn a_planted_secret_never_comes_out(
            before in "\\PC{0,60}",
            after in "\\PC{0,60}",
            (written, secret) in planted(),
            sep in prop::sample::select(vec![" ", "\n", "\t", "\r\n", " \u{3000}"]),
        ) {
            let text = format!("{before}{sep}{written}{sep}{after}");
            for out in [super::super::redact(&text), super::super::secrets(&text)] {
                let leak = leaks(&out, &secret);
                prop_assert!(leak.is_none(), "{:?} of {:?} came out: {:?}", leak, secret, out);
            }
        }

        #[test]
        fn planted_personal_data_never_comes_out(
            before in "\\PC{0,60}",
            after in "\\PC{0,60}",
            secret in personal(),
            sep in prop::sample::select(vec![" ", "\n", "\t", "，"]),
        ) {
            let text = format!("{before}{sep}{secret}{sep}{after}");
            let out = super::super::redact(&text);
            prop_assert!(!out.contains(&secret), "{:?} came out: {:?}", secret, out);
        }
    }
}
