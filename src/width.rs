//! How wide text is on a terminal, and text cut to a width: CJK characters take two columns.
//! Shared by the exports, the wizard and the destination checks. No UI or async imports.

/// Display width of a string, counting CJK characters as two columns.
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `text` cut to `width` columns, ending in "…" when it was cut.
pub fn ellipsize(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
