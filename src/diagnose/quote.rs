//! Quoting a paste honestly: evidence shows the paste's own words, never the content's.

use super::normalise::is_cjk;

/// The longest quote, in characters.
const MAX_QUOTE: usize = 90;

/// The stretch of `raw` from the first word `matches` accepts to the last, on one line, cut to
/// about `MAX_QUOTE` characters at a word; `None` when no word matches. Words are runs of
/// letters and digits; in Chinese, Japanese and Korean text, each pair of characters.
pub fn stretch(raw: &str, mut matches: impl FnMut(&str) -> bool) -> Option<String> {
    let mut first: Option<usize> = None;
    let mut last_end = 0;
    let mut words = raw.char_indices().peekable();
    while let Some((start, c)) = words.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        if is_cjk(c) {
            if let Some(&(at, n)) = words.peek()
                && is_cjk(n)
            {
                end = at + n.len_utf8();
            }
        } else {
            while let Some(&(at, n)) = words.peek() {
                if !n.is_alphanumeric() || is_cjk(n) {
                    break;
                }
                end = at + n.len_utf8();
                words.next();
            }
        }
        if matches(&raw[start..end]) {
            first.get_or_insert(start);
            last_end = last_end.max(end);
        }
    }
    let from = first?;
    let text: String = raw[from..last_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= MAX_QUOTE {
        return Some(text);
    }
    let cut: String = text.chars().take(MAX_QUOTE).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > MAX_QUOTE / 2 => cut[..space].to_owned(),
        _ => cut,
    };
    Some(format!("{}…", cut.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_runs_from_the_first_to_the_last_matching_word() {
        let q = stretch("Hello. Tenant 'x' was\r\n not found, bye", |w| {
            matches!(w, "Tenant" | "found")
        });
        assert_eq!(q.as_deref(), Some("Tenant 'x' was not found"));
        assert_eq!(stretch("nothing here", |_| false), None);
        let zh = stretch("错误：找不到租户。", |w| w == "租户");
        assert_eq!(zh.as_deref(), Some("租户"));
    }

    #[test]
    fn long_stretches_are_cut_at_a_word() {
        let text = "alpha ".repeat(40) + "omega";
        let q = stretch(&text, |w| w == "alpha" || w == "omega").unwrap();
        assert!(
            q.ends_with('…') && q.chars().count() <= MAX_QUOTE + 1,
            "{q}"
        );
        assert!(text.contains(q.trim_end_matches('…')));
    }
}
