//! The one sanitiser for text that reaches the terminal or a file: escape sequences (CSI, OSC,
//! DCS and the rest, 7-bit or C1), other control characters (C0 but line feed and tab, DEL,
//! C1) and the bidirectional controls that reorder what a reader sees (U+202A–U+202E,
//! U+2066–U+2069, U+200E, U+200F, U+061C) are removed. Content, pasted text, server answers,
//! file names and arguments all pass here before they are printed, drawn or written.
//! No UI or async imports.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal: a control character other than line feed and tab, or
/// a bidirectional control.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi(c)
}

/// The bidirectional formatting characters (embeddings, overrides, isolates, marks).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without escape sequences, control characters (line feeds and tabs stay) or bidi
/// controls.
pub fn text(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// `text` on one line: as [`text`], with line feeds and tabs as spaces.
pub fn line(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

fn clean(input: &str, one_line: bool) -> Cow<'_, str> {
    let needs = input
        .chars()
        .any(|c| is_unsafe(c) || (one_line && (c == '\n' || c == '\t')));
    if !needs {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' if one_line => out.push(' '),
            '\u{1b}' => match chars.peek().copied() {
                // CSI: parameters and intermediates, then one final byte.
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST.
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                // Any other escape: the character after it.
                Some(_) => {
                    chars.next();
                }
                None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !(' '..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// The first unsafe character of `text`, as (line, column), both 1-based, the column counted in
/// characters.
pub fn first_unsafe(text: &str) -> Option<(usize, usize, char)> {
    text.lines().enumerate().find_map(|(l, line)| {
        line.chars()
            .enumerate()
            .find(|(_, c)| is_unsafe(*c) && *c != '\r')
            .map(|(col, c)| (l + 1, col + 1, c))
    })
}

/// How a character is named in a message: `U+001B`.
pub fn name(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_go() {
        assert_eq!(text("a\x1b]52;c;aGk=\x07b"), "ab");
        assert_eq!(text("a\x1b]0;title\x1b\\b"), "ab");
        assert_eq!(text("\x1b[31mred\x1b[0m"), "red");
        assert_eq!(text("a\u{9d}0;x\u{9c}b\u{9b}31mc"), "abc");
        assert_eq!(text("x\u{202e}gnp.exe\u{2066}y\u{200f}"), "xgnp.exey");
        assert_eq!(text("keep\nlines\tand tabs\r"), "keep\nlines\tand tabs");
        assert_eq!(line("one\ntwo\tthree"), "one two three");
        assert!(matches!(text("plain 中文"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #[test]
        fn nothing_unsafe_comes_out(s in "\\PC{0,40}|[\\x00-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}a-z]{0,40}") {
            proptest::prop_assert!(!text(&s).chars().any(is_unsafe));
            proptest::prop_assert!(!line(&s).chars().any(|c| is_unsafe(c) || c == '\n'));
        }
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(first_unsafe("ok\n中文\u{1b}x"), Some((2, 3, '\u{1b}')));
        assert_eq!(first_unsafe("ok\r\nfine"), None);
        assert_eq!(name('\u{202e}'), "U+202E");
    }
}
