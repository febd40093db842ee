//! The shared normal form of text from outside (pasted errors, server answers): terminal escape
//! sequences removed, Unicode NFKC, typographic quotes and dashes as ASCII, line ends `\n`.
//! Diagnosis compares pastes in this form; destination checks quote answers in it.
//! No UI or async imports.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Removes terminal escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \\`)
/// and two-character escapes.
fn strip_escapes(input: &str) -> Cow<'_, str> {
    if !input.contains('\x1b') {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' {
                        break;
                    }
                    if c == '\x1b' {
                        if chars.peek() == Some(&'\\') {
                            chars.next();
                        }
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Removes terminal escape sequences and control characters, applies NFKC, maps typographic
/// quotes and dashes to ASCII, and makes line ends `\n`.
pub fn clean(input: &str) -> Cow<'_, str> {
    let no_escapes = strip_escapes(input);
    let unified: Cow<str> = if no_escapes.contains('\r') {
        Cow::Owned(no_escapes.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        no_escapes
    };
    // Printable ASCII is already clean (and NFKC): tested a byte at a time without branches,
    // which the compiler turns into wide comparisons.
    if unified
        .bytes()
        .fold(true, |clean, b| clean & plain_ascii(b))
    {
        return unified;
    }
    // So is printable ASCII with Chinese characters and the ideographic comma and full stop
    // (no decomposition, nothing combines with them, `unify_char` keeps them).
    if unified.chars().all(|c| match c {
        '\0'..='\x7f' => plain_ascii(c as u8),
        c => matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3001}' | '\u{3002}'),
    }) {
        return unified;
    }
    let already_nfkc = matches!(
        unicode_normalization::is_nfkc_quick(unified.chars()),
        unicode_normalization::IsNormalized::Yes
    );
    if already_nfkc {
        if unified.chars().all(|c| unify_char(c) == c) {
            return unified;
        }
        return Cow::Owned(unified.chars().map(unify_char).collect());
    }
    Cow::Owned(unified.nfkc().map(unify_char).collect())
}

/// A byte of printable ASCII other than the backtick, or a line end or tab: unchanged by
/// `clean`.
fn plain_ascii(b: u8) -> bool {
    (0x20..0x7f).contains(&b) && b != b'`' || b == b'\n' || b == b'\t'
}

/// Typographic quotes and dashes as ASCII; control characters and invisible spaces as a space.
fn unify_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' | '\u{300C}' | '\u{300D}' | '\u{300E}' | '\u{300F}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\n' | '\t' => c,
        c if c.is_control() => ' ',
        '\u{00A0}' | '\u{200B}' | '\u{FEFF}' => ' ',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `clean` returns unchanged without normalising is what normalising leaves unchanged:
    /// every Chinese character of the range, the ideographic comma and full stop, and
    /// printable ASCII, next to each other.
    #[test]
    fn text_left_as_it_is_is_already_normal() {
        let mut text: String = ('\u{4E00}'..='\u{9FFF}').collect();
        text.push_str("\u{3001}\u{3002}");
        text.extend((0x20u8..0x7f).filter(|&b| b != b'`').map(char::from));
        text.push_str("\n\t");
        let normal: String = text.nfkc().map(unify_char).collect();
        assert_eq!(normal, text);
        assert!(matches!(clean(&text), Cow::Borrowed(_)));
        // Next to one that changes, the rest still goes through.
        assert_eq!(clean("错误，“请”重试`。"), "错误,\"请\"重试'。");
    }
}
