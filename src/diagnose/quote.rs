//! Quoting a paste honestly: evidence shows the paste's own words, never the content's.

use super::normalise::is_cjk;

/// The longest quote, in characters.
const MAX_QUOTE: usize = 90;

/// The words of `raw` as byte spans: runs of letters and digits; in Chinese, Japanese and
/// Korean text, each pair of characters. Split once per paste, then quoted from for every
/// pattern (`stretch_in`).
pub fn words(raw: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        if is_cjk(c) {
            if let Some(&(at, n)) = chars.peek()
                && is_cjk(n)
            {
                end = at + n.len_utf8();
            }
        } else {
            while let Some(&(at, n)) = chars.peek() {
                if !n.is_alphanumeric() || is_cjk(n) {
                    break;
                }
                end = at + n.len_utf8();
                chars.next();
            }
        }
        out.push((start, end));
    }
    out
}

/// The stretch of `raw` from the first word `matches` accepts to the last, on one line, cut to
/// about `MAX_QUOTE` characters at a word; `None` when no word matches.
pub fn stretch(raw: &str, mut matches: impl FnMut(&str) -> bool) -> Option<String> {
    stretch_in(raw, &words(raw), |_, w| matches(w))
}

/// `stretch` over the words of `raw` already split by `words`; `matches` gets each word's
/// index and text.
pub fn stretch_in(
    raw: &str,
    spans: &[(usize, usize)],
    mut matches: impl FnMut(usize, &str) -> bool,
) -> Option<String> {
    // The matching words, in order.
    let found: Vec<(usize, usize, String)> = spans
        .iter()
        .enumerate()
        .filter(|&(i, &(start, end))| matches(i, &raw[start..end]))
        .map(|(_, &(start, end))| (start, end, raw[start..end].to_lowercase()))
        .collect();
    let (from, to) = shortest_window(&found)?;
    let text: String = raw[from..to]
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

/// The shortest stretch of `found` (byte spans with their words) that holds every distinct
/// word at least once: "not" early in a paste must not stretch the quote of "Tenant not found".
fn shortest_window(found: &[(usize, usize, String)]) -> Option<(usize, usize)> {
    let distinct = {
        let mut w: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        w.sort_unstable();
        w.dedup();
        w.len()
    };
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut best: Option<(usize, usize)> = None;
    let mut left = 0;
    for right in 0..found.len() {
        *counts.entry(found[right].2.as_str()).or_default() += 1;
        while counts.len() == distinct {
            let span = (found[left].0, found[right].1);
            if best.is_none_or(|b| span.1 - span.0 < b.1 - b.0) {
                best = Some(span);
            }
            let w = found[left].2.as_str();
            let c = counts.get_mut(w).expect("counted");
            *c -= 1;
            if *c == 0 {
                counts.remove(w);
            }
            left += 1;
        }
    }
    best
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
        let q = stretch("Could not save. Tenant not found", |w| {
            matches!(w, "Tenant" | "not" | "found")
        });
        assert_eq!(q.as_deref(), Some("Tenant not found"));
        assert_eq!(stretch("nothing here", |_| false), None);
        let zh = stretch("错误：找不到租户。", |w| w == "租户");
        assert_eq!(zh.as_deref(), Some("租户"));
    }

    #[test]
    fn long_stretches_are_cut_at_a_word() {
        let text: String = (0..40).map(|i| format!("word{i} ")).collect();
        let q = stretch(&text, |w| w.starts_with("word")).unwrap();
        assert!(
            q.ends_with('…') && q.chars().count() <= MAX_QUOTE + 1,
            "{q}"
        );
        assert!(text.contains(q.trim_end_matches('…')));
    }
}
