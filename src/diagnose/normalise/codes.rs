//! Error codes: Microsoft Entra ID `AADSTS…`, Dataverse `0x8…` and numbers in a code slot.

/// The error codes in `text`, written as `code_key` writes them, in order, without repeats:
/// Microsoft Entra ID `AADSTS…` codes, Dataverse `0x8…` codes (eight hexadecimal digits), and
/// numbers in a code slot (`"code":"601"`, `code 603`, `Marketo 607`, as Marketo reports them).
pub fn codes(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut push = |code: String| {
        if !out.contains(&code) {
            out.push(code);
        }
    };
    let boundary = |at: usize| at >= bytes.len() || !bytes[at].is_ascii_alphanumeric();
    let run =
        |from: usize, pred: fn(&u8) -> bool| bytes[from..].iter().take_while(|b| pred(b)).count();
    // Every code starts with an ASCII letter or digit, at the start of a word: a byte of a longer
    // character is none of these, so the bytes are read as they are.
    for start in 0..bytes.len() {
        if !matches!(bytes[start], b'a' | b'0' | b'c' | b'm')
            || (start > 0 && bytes[start - 1].is_ascii_alphanumeric())
        {
            continue;
        }
        let rest = &bytes[start..];
        if rest.starts_with(b"aadsts") {
            let digits = run(start + 6, u8::is_ascii_digit);
            if (4..=9).contains(&digits) && boundary(start + 6 + digits) {
                push(format!("AADSTS{}", &lower[start + 6..start + 6 + digits]));
            }
        } else if rest.starts_with(b"0x8") {
            let hex = run(start + 2, u8::is_ascii_hexdigit);
            if hex == 8 && boundary(start + 10) {
                push(lower[start..start + 10].to_owned());
            }
        } else if rest.starts_with(b"code") || rest.starts_with(b"marketo") {
            // The number right after the slot's name: `code":"601"`, `code 603`, `Marketo error 607`.
            let name = if rest.starts_with(b"code") { 4 } else { 7 };
            let gap = bytes[start + name..]
                .iter()
                .take(if name == 4 { 4 } else { 12 })
                .take_while(|b| !b.is_ascii_digit() && !b"\n.,;".contains(b))
                .count();
            let at = start + name + gap;
            let digits = run(at, u8::is_ascii_digit);
            let before_ok = gap > 0 && !bytes[at - 1].is_ascii_alphanumeric();
            if before_ok && (3..=4).contains(&digits) && boundary(at + digits) {
                push(lower[at..at + digits].to_owned());
            }
        }
    }
    out
}

/// How a code is compared: `AADSTS…` upper-case, anything else lower-case.
pub fn code_key(code: &str) -> String {
    let code = code.trim();
    if code.len() > 6 && code[..6].eq_ignore_ascii_case("aadsts") {
        code.to_ascii_uppercase()
    } else {
        code.to_ascii_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_in_any_case() {
        assert_eq!(
            codes("aadsts90002: x AADSTS7000215 and AADSTS90002"),
            vec!["AADSTS90002", "AADSTS7000215"]
        );
        assert!(codes("AADSTS").is_empty());
        assert_eq!(
            codes(r#"{"error":{"code":"0x80072560","message":"x"}} 0x8004022 0X80040220"#),
            vec!["0x80072560", "0x80040220"]
        );
        assert_eq!(
            codes(r#"{"errors":[{"code":"601"}]} Marketo error 607, code 1006"#),
            vec!["601", "607", "1006"]
        );
        // Numbers elsewhere are not codes: ports, years, ids.
        assert!(codes("listening on port 8080 since 2024, id 603, barcode 601").is_empty());
        // Next to characters of other scripts, codes are found as next to spaces.
        assert_eq!(
            codes("错误AADSTS50126：é0x80072560，Marketo错误 607"),
            vec!["AADSTS50126", "0x80072560", "607"]
        );
        assert_eq!(code_key("aadsts50126"), "AADSTS50126");
        assert_eq!(code_key("0X80072560"), "0x80072560");
    }
}
