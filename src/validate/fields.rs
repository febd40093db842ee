//! Shapes of the values Partner Center's lead connection takes (its ingestion schema's field
//! rules), checked offline.

/// Whether `s` is a GUID (`8-4-4-4-12` hexadecimal digits; braces are not accepted).
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether `s` is the empty GUID, which Entra ID refuses as a tenant.
pub fn is_empty_guid(s: &str) -> bool {
    is_guid(s) && s.chars().all(|c| c == '0' || c == '-')
}

/// Whether `s` looks like a domain name (`contoso.onmicrosoft.com`): what people paste into
/// the Directory ID instead of the tenant's GUID.
pub fn is_domain(s: &str) -> bool {
    s.contains('.')
        && !s.starts_with('.')
        && !s.ends_with('.')
        && s.split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Whether a user name has the shape of a user principal name (`name@domain.tld`).
pub fn is_upn(s: &str) -> bool {
    match s.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && !name.contains(char::is_whitespace)
                && !domain.contains('@')
                && is_domain(domain)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_domains_and_user_names() {
        assert!(is_guid("11111111-2222-3333-4444-55555555555a"));
        assert!(is_guid("AAAAAAAA-2222-3333-4444-555555555555"));
        assert!(!is_guid("{11111111-2222-3333-4444-555555555555}"));
        assert!(!is_guid("11111111-2222-3333-4444-5555555555"));
        assert!(!is_guid("contoso.onmicrosoft.com"));
        assert!(is_empty_guid("00000000-0000-0000-0000-000000000000"));
        assert!(!is_empty_guid("00000000-0000-0000-0000-000000000001"));
        assert!(is_domain("contoso.onmicrosoft.com"));
        assert!(!is_domain("contoso"));
        assert!(is_upn("leads@contoso.onmicrosoft.com"));
        assert!(!is_upn("leads"));
        assert!(!is_upn("leads@contoso"));
        assert!(!is_upn("a b@contoso.com"));
    }
}
