//! Listings against a hostile loopback server: endless or repeated continuation tokens, a page
//! larger than leadwiz reads, malformed JSON. None of them may end as "no leads" (a publisher
//! told their leads are missing when they are there), and none may run forever.

use std::time::{Duration, Instant};

use crate::common::leadwiz;
use crate::common::server::{Answer, Seen, Server};

const KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

fn connection(s: &Server) -> String {
    format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};TableEndpoint=http://127.0.0.1:{}/devstoreaccount1",
        s.port
    )
}

/// `leads azure-table --json` against `s`: exit status, the report, the time it took.
fn list(s: &Server, extra: &[&str]) -> (i32, serde_json::Value, Duration) {
    let start = Instant::now();
    let out = leadwiz()
        .env("AZURE_STORAGE_CONNECTION_STRING", connection(s))
        .args(["leads", "azure-table", "--json", "--timeout", "10"])
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let took = start.elapsed();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v, took)
}

const ONE_LEAD: &str = r#"{"value":[{"PartitionKey":"lead","RowKey":"1","FirstName":"Jane","Timestamp":"2026-11-28T04:37:51Z"}]}"#;

fn same_token(_: &Seen) -> Answer {
    (
        200,
        vec![
            ("x-ms-continuation-NextPartitionKey", "1!8!bGVhZA--".into()),
            ("x-ms-continuation-NextRowKey", "1!4!MQ--".into()),
        ],
        ONE_LEAD.into(),
    )
}

fn new_token_every_time(seen: &Seen) -> Answer {
    let n: u64 = seen
        .path
        .split("NextPartitionKey=")
        .nth(1)
        .and_then(|v| v.split('&').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (
        200,
        vec![("x-ms-continuation-NextPartitionKey", (n + 1).to_string())],
        r#"{"value":[]}"#.into(),
    )
}

fn huge_page(_: &Seen) -> Answer {
    let lead = r#"{"PartitionKey":"lead","RowKey":"1","FirstName":"Jane","Description":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},"#;
    let mut body = String::from(r#"{"value":["#);
    while body.len() < 17 << 20 {
        body.push_str(lead);
    }
    body.push_str(r#"{"RowKey":"last"}]}"#);
    (200, vec![], body)
}

fn malformed(_: &Seen) -> Answer {
    (200, vec![], r#"{"value":[{"FirstName":"Jane","#.into())
}

fn not_a_listing(_: &Seen) -> Answer {
    (200, vec![], r#"["no","value"]"#.into())
}

#[test]
fn a_repeated_continuation_token_stops_the_listing_and_says_so() {
    let s = Server::start(same_token);
    let (code, r, took) = list(&s, &[]);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["findings"][0]["problem"], "incomplete", "{r}");
    let message = r["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("same continuation token twice"),
        "{message}"
    );
    assert_eq!(s.requests().len(), 2, "stopped at the first repeat");
    // The leads read before it stopped are still shown.
    assert_eq!(r["data"]["leads"].as_array().unwrap().len(), 2, "{r}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn endless_paging_stops_at_the_page_limit_and_says_so() {
    let s = Server::start(new_token_every_time);
    let (code, r, took) = list(&s, &["--test-only"]);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["findings"][0]["problem"], "incomplete", "{r}");
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("paging stopped after 500 pages"),
        "{r}"
    );
    assert_eq!(s.requests().len(), 500);
    assert!(took < Duration::from_secs(30), "{took:?}");
    // In words: never "no test leads".
    let out = leadwiz()
        .env("AZURE_STORAGE_CONNECTION_STRING", connection(&s))
        .args(["leads", "azure-table", "--test-only"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("FAILED: listing incomplete"), "{text}");
    assert!(!text.contains("no test leads"), "{text}");
}

#[test]
fn a_page_larger_than_the_limit_is_a_named_failure() {
    let s = Server::start(huge_page);
    let (code, r, _) = list(&s, &[]);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["findings"][0]["problem"], "too-large", "{r}");
    assert!(
        r["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("larger than 16 MB"),
        "{r}"
    );
    assert_ne!(r["summary"], "no leads in table MarketplaceLeads");
}

#[test]
fn malformed_json_is_a_failure_not_an_empty_table() {
    for answer in [malformed as fn(&Seen) -> Answer, not_a_listing] {
        let s = Server::start(answer);
        let (code, r, _) = list(&s, &[]);
        assert_eq!(code, 1, "{r}");
        assert_eq!(r["findings"][0]["problem"], "bad-answer", "{r}");
        assert!(r["data"].get("leads").is_none(), "{r}");
    }
}

#[test]
fn a_date_that_is_not_one_is_a_usage_error_and_nothing_is_sent() {
    let s = Server::start(same_token);
    for since in [
        "yesterday",
        "2026-13-45",
        "2026-02-30",
        "2026-11-0é1",
        "2026-11-01T1é:00:00Z",
    ] {
        let out = leadwiz()
            .env("AZURE_STORAGE_CONNECTION_STRING", connection(&s))
            .args(["leads", "azure-table", "--since", since])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{since}: {err}");
        assert!(err.contains("is not a date"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(s.requests().is_empty(), "nothing was sent");
}

fn accepted(_: &Seen) -> Answer {
    (
        202,
        vec![],
        r#"{"echo":"code=AbCdEf0123456789SECRET"}"#.into(),
    )
}

/// `test-lead https` never prints a key from the URL: not in its text, its JSON, its dry run.
#[test]
fn keys_in_the_url_never_come_out() {
    let s = Server::start(accepted);
    let urls = [
        s.url("/api/leads?code=AbCdEf0123456789SECRET&clientId=default"),
        format!(
            "http://leaduser:Pa55w0rdSECRET@127.0.0.1:{}/api/leads",
            s.port
        ),
        s.url("/api/leads?subscription-key=0123456789abcdefSECRET"),
    ];
    for url in &urls {
        for extra in [
            &[][..],
            &["--json"][..],
            &["--dry-run"][..],
            &["--dry-run", "--json"][..],
        ] {
            let out = leadwiz()
                .args(["test-lead", "https", url])
                .args(extra)
                .output()
                .unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!all.contains("SECRET"), "{extra:?}: {all}");
            assert!(all.contains("[redacted]"), "{extra:?}: {all}");
        }
    }
}
