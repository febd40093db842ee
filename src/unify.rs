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
    // Printable ASCII is already clean (and NFKC).
    if unified
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'`' || b == b'\n' || b == b'\t')
    {
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
