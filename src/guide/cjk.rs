//! The spaces that YAML line folding leaves between two Chinese characters. Shared with
//! build.rs (the titles and messages of the index built at compile time).

/// `value` without the spaces between two Chinese, Japanese or Korean characters (as CSS does
/// with segment breaks between East Asian wide characters), or `None` when it has none.
pub fn without_folding_spaces(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    // Only a space with a multi-byte character on each side can qualify.
    let candidate = memchr::memchr_iter(b' ', bytes)
        .any(|i| i > 0 && i + 1 < bytes.len() && bytes[i - 1] >= 0x80 && bytes[i + 1] >= 0x80);
    if !candidate {
        return None;
    }
    let mut out = String::with_capacity(value.len());
    let mut prev: Option<char> = None;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let between_cjk =
            c == ' ' && prev.is_some_and(is_cjk) && chars.peek().is_some_and(|&n| is_cjk(n));
        if !between_cjk {
            out.push(c);
        }
        prev = Some(c);
    }
    Some(out)
}

/// Chinese, Japanese and Korean characters and full-width punctuation, and the curly quotes
/// Chinese text uses.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x2018 | 0x2019 | 0x201C | 0x201D)
}
