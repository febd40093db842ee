//! Turning a raw paste into comparable tokens: bound the input, strip escapes, normalise Unicode,
//! quotes, dashes and line ends, re-join wrapped lines (`wraps`), mask volatile parts (GUIDs,
//! times, URLs, e-mail addresses, quoted names, numbers: `mask`), pull out error codes
//! (`codes`), then split into stemmed words and Chinese character pairs (`tokens`, with the
//! spelling, synonyms and stop words of `words`); `identifiers` finds identifier-like words.

mod codes;
mod identifiers;
mod mask;
mod tokens;
mod words;
mod wraps;

use std::borrow::Cow;

pub use crate::unify::clean;
pub use codes::{code_key, codes};
pub use identifiers::identifiers;
pub use mask::mask;
pub use tokens::{for_each_token, for_each_word, stem_of, tokens};
pub use words::{is_common_word, is_generic_word};
pub use wraps::join_wraps;

use words::unify_spelling;

/// Only this much of a paste is scored; the rest is ignored (and reported as truncated).
pub const MAX_INPUT: usize = 64 * 1024;

/// The first `MAX_INPUT` bytes of `input` (cut at a character boundary), and whether anything
/// was cut.
pub fn bound(input: &str) -> (&str, bool) {
    if input.len() <= MAX_INPUT {
        return (input, false);
    }
    let mut cut = MAX_INPUT;
    while !input.is_char_boundary(cut) {
        cut -= 1;
    }
    (&input[..cut], true)
}

/// Whether `c` is written without spaces between words (Chinese, Japanese, Korean).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// A byte of a word or an identifier: an ASCII letter or digit, or `_`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Text ready for matching: lower-case, cleaned, wraps joined, volatile parts masked, synonyms
/// unified.
pub fn prepare(text: &str) -> String {
    // One word of letters (the paste's words, quoted one by one) has nothing to clean, join,
    // mask or respell; one number is masked whole.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return text.to_ascii_lowercase();
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return " ".repeat(text.len());
    }
    prepare_any(text)
}

/// `prepare` without its shortcuts for one word.
fn prepare_any(text: &str) -> String {
    let cleaned = clean(text);
    let joined = join_wraps(&cleaned);
    // ASCII other than capitals and Chinese characters are their own lower case: only other
    // characters are looked up.
    let changes = |c: char| match c {
        'A'..='Z' => true,
        '\0'..='\x7f' => false,
        c if is_cjk(c) => false,
        c => c.to_lowercase().next() != Some(c),
    };
    let lower: Cow<str> = if joined.chars().any(changes) {
        Cow::Owned(joined.to_lowercase())
    } else {
        Cow::Borrowed(&joined)
    };
    let masked = mask(&lower);
    unify_spelling(&masked).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_is_prepared_as_any_text_is() {
        let words = [
            "Tenant",
            "tenant",
            "LOGIN",
            "Login",
            "app",
            "cannot",
            "x",
            "D",
            "100",
            "0",
            "2024",
            "12345678901234567890",
            "AADSTS90002",
            "5b0e6a3c",
        ];
        for w in words {
            assert_eq!(prepare(w), prepare_any(w), "{w}");
        }
    }

    /// `prepare` looks up the lower case of no Chinese, Japanese or Korean character: each is
    /// its own.
    #[test]
    fn cjk_characters_are_their_own_lower_case() {
        let all = (0..=0x10FFFFu32).filter_map(char::from_u32);
        for c in all.filter(|&c| is_cjk(c)) {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c}");
        }
        assert_eq!(prepare("Tenant 找不到 ÄÖ"), prepare_any("Tenant 找不到 ÄÖ"));
        assert!(prepare("ÄÖ ТЕНАНТ").contains("äö тенант"));
    }

    #[test]
    fn bound_cuts_at_a_character_boundary() {
        let s = "好".repeat(MAX_INPUT);
        let (b, cut) = bound(&s);
        assert!(cut && b.len() <= MAX_INPUT && b.len() > MAX_INPUT - 3);
        assert_eq!(bound("short"), ("short", false));
    }

    #[test]
    fn clean_strips_escapes_and_unifies_quotes_dashes_and_line_ends() {
        let s = clean(
            "\x1b[31mTenant\x1b[0m “x” ‘y’ a—b\r\nc\rd\x07 \x1b]8;;https://e.com\x07link\x1b]8;;\x07 ｆｕｌｌ",
        );
        assert_eq!(s, "Tenant \"x\" 'y' a-b\nc\nd  link full");
    }
}
