//! Leads as table entities: the test lead written, and a lead read back from whichever columns
//! the writer used (flat or a JSON string), personal data masked unless asked for.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::sanitise;

/// The test lead as a table entity: the HTTPS-endpoint test lead (`https::payload`) with its
/// `UserDetails` as columns beside the other fields, in partition `MSFT_TEST`.
pub fn test_entity(ticks: u64) -> Value {
    let Value::Object(mut lead) = crate::destinations::https::payload(ticks) else {
        unreachable!("the payload is an object")
    };
    let mut entity = match lead.remove("UserDetails") {
        Some(Value::Object(user)) => user,
        _ => Map::new(),
    };
    entity.append(&mut lead);
    entity.insert("PartitionKey".into(), "MSFT_TEST".into());
    entity.insert("RowKey".into(), format!("MSFT_TEST_{ticks}").into());
    Value::Object(entity)
}

/// One lead, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Lead {
    pub time: String,
    pub name: String,
    pub company: String,
    pub email: String,
    pub lead_source: String,
    pub action_code: String,
    pub offer: String,
    pub test: bool,
}

/// A property of an entity by name, case-insensitively, also inside a JSON object held in a
/// string column (such as `CustomerInfo` or `UserDetails`).
fn field(entity: &Map<String, Value>, names: &[&str]) -> String {
    let direct = entity.iter().find_map(|(k, v)| {
        names
            .iter()
            .any(|n| k.eq_ignore_ascii_case(n))
            .then(|| v.as_str().map(str::to_owned))
            .flatten()
    });
    if let Some(v) = direct {
        return v;
    }
    for v in entity.values() {
        if let Some(s) = v.as_str()
            && s.trim_start().starts_with('{')
            && let Ok(Value::Object(inner)) = serde_json::from_str::<Value>(s)
        {
            let found = field(&inner, names);
            if !found.is_empty() {
                return found;
            }
        }
        if let Value::Object(inner) = v {
            let found = field(inner, names);
            if !found.is_empty() {
                return found;
            }
        }
    }
    String::new()
}

/// `jane.doe@contoso.com` → `j…@contoso.com`
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) if !user.is_empty() => {
            format!("{}…@{domain}", user.chars().next().unwrap_or('?'))
        }
        _ if email.is_empty() => String::new(),
        _ => "…".into(),
    }
}

pub(super) fn lead(entity: &Map<String, Value>, show_personal: bool) -> Lead {
    // Text from whoever submitted the lead: one line, no escape sequences, at most 200
    // characters.
    let clean = |s: String| -> String { sanitise::line(&s).chars().take(200).collect() };
    let first = clean(field(entity, &["FirstName"]));
    let last = clean(field(entity, &["LastName"]));
    let email = clean(field(entity, &["Email", "EmailAddress"]));
    let company = clean(field(entity, &["Company", "CompanyName"]));
    let test = entity
        .values()
        .any(|v| v.as_str().is_some_and(|s| s.contains("MSFT_TEST")));
    let name = format!("{first} {last}").trim().to_owned();
    Lead {
        time: clean(field(entity, &["Timestamp"])),
        name: if show_personal {
            name
        } else {
            mask_words(&name)
        },
        company: if show_personal {
            company
        } else {
            mask_words(&company)
        },
        email: if show_personal {
            email
        } else {
            mask_email(&email)
        },
        lead_source: clean(field(entity, &["LeadSource"])),
        action_code: clean(field(entity, &["ActionCode"])),
        offer: clean(field(entity, &["OfferTitle", "OfferName"])),
        test,
    }
}

/// A name or a company as initials: `Jane Doe` → `J… D…`. The test lead's own values
/// (`MSFT_TEST_…`) are not personal and stay.
pub fn mask_words(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            if w.starts_with("MSFT_TEST") {
                w.to_owned()
            } else {
                w.chars()
                    .next()
                    .map(|c| format!("{c}…"))
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_test_entity_is_the_test_lead_with_its_user_details_as_columns() {
        let e = test_entity(7);
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "ActionCode",
                "Company",
                "Country",
                "Description",
                "Email",
                "FirstName",
                "LastName",
                "LeadSource",
                "OfferTitle",
                "PartitionKey",
                "Phone",
                "RowKey",
                "Title"
            ]
        );
        assert_eq!(e["RowKey"], "MSFT_TEST_7");
        assert_eq!(e["FirstName"], "MSFT_TEST_7");
        assert_eq!(e["Email"], "MSFT_TEST_7@test.com");
        assert_eq!(e["PartitionKey"], "MSFT_TEST");
    }

    #[test]
    fn leads_are_read_from_columns_or_nested_json() {
        let flat = json!({"Timestamp": "2026-11-28T01:00:00Z", "FirstName": "Jane", "LastName": "Doe",
            "Email": "jane.doe@contoso.com", "Company": "Contoso", "LeadSource": "AppSource (SPZA)", "ActionCode": "PLT"});
        let l = lead(flat.as_object().unwrap(), false);
        assert_eq!(
            (l.name.as_str(), l.email.as_str(), l.test),
            ("J… D…", "j…@contoso.com", false)
        );
        assert_eq!(l.company, "C…", "names and companies are personal data too");
        let shown = lead(flat.as_object().unwrap(), true);
        assert_eq!(
            (shown.name.as_str(), shown.company.as_str()),
            ("Jane Doe", "Contoso")
        );
        let nested = json!({"CustomerInfo": "{\"FirstName\":\"MSFT_TEST_1\",\"Email\":\"MSFT_TEST_1@test.com\"}",
            "LeadSource": "AzureMarketplace"});
        let l = lead(nested.as_object().unwrap(), true);
        assert_eq!(
            (l.name.as_str(), l.email.as_str(), l.test),
            ("MSFT_TEST_1", "MSFT_TEST_1@test.com", true)
        );
    }
}
