//! Identifier-like words of a message (`SendTimeout`, `REQUIRED_FIELD_MISSING`).

use super::is_word_byte;
use super::tokens;
use super::words::GENERIC_WORDS;

/// Identifier-like words of a message (`SendTimeout`, `RetrievePrivilegeForUser`,
/// `leadsourcecode`, `REQUIRED_FIELD_MISSING`): mixed case with an inner capital, `snake_case`,
/// or fourteen letters and more (longer than
/// most English words). Like error codes, they name one error far better than ordinary words;
/// returned lower-case and stemmed as `tokens` would.
pub fn identifiers(original: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() || (i > 0 && is_word_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < bytes.len()
            && (bytes[e].is_ascii_alphanumeric()
                || bytes[e] == b'_' && bytes.get(e + 1).is_some_and(u8::is_ascii_alphabetic))
        {
            e += 1;
        }
        let w = original[i..e].trim_end_matches('_');
        let inner_capital = w.bytes().skip(1).any(|c| c.is_ascii_uppercase());
        let has_lower = w.bytes().any(|c| c.is_ascii_lowercase());
        // `REQUIRED_FIELD_MISSING`, `Get_Entities`; not JSON's `error_description`.
        let snake = w.contains('_') && w.bytes().any(|c| c.is_ascii_uppercase());
        let long = w.len() >= 14 && !w.contains('_');
        if w.len() >= 2 && ((inner_capital && has_lower) || snake || long) {
            for t in tokens(&w.to_lowercase()) {
                // `OAuth`, `GitHub`: written like identifiers, generic as words.
                if GENERIC_WORDS.contains(&t) {
                    continue;
                }
                if !out.iter().any(|(o, _)| *o == t) {
                    out.push((t, w.to_owned()));
                }
            }
        }
        i = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_and_protocol_names_are_not_identifiers() {
        // Written in mixed case like `SendTimeout`, but they name no one error.
        let ids = identifiers(
            "The given OAuth 2 access token is malformed. See GitHub, PowerShell and JavaScript.",
        );
        assert!(ids.is_empty(), "{ids:?}");
        let ids = identifiers("DirectApiAuthorizationRequired: OAuth authorization scheme");
        let names: Vec<&str> = ids.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["DirectApiAuthorizationRequired"]);
    }

    #[test]
    fn identifiers_are_camel_case_or_long_words() {
        let ids = identifiers(
            "LastCRMError: SecLib::RetrievePrivilegeForUser failed, increase SendTimeout; leadsourcecode CRM AAD Exception",
        );
        let names: Vec<&str> = ids.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "LastCRMError",
                "SecLib",
                "RetrievePrivilegeForUser",
                "SendTimeout",
                "leadsourcecode"
            ]
        );
        assert!(
            ids.iter()
                .all(|(t, _)| t.chars().all(|c| c.is_ascii_lowercase()))
        );
    }
}
