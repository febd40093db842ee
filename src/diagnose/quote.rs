//! Quoting a paste honestly: evidence shows the paste's own words, never the content's.

use super::normalise::is_cjk;

/// The longest quote, in characters.
const MAX_QUOTE: usize = 90;

/// The words of `raw` as byte spans: runs of letters and digits; in Chinese, Japanese and
/// Korean text, each pair of characters. Split once per paste, then quoted from for every
/// pattern (`stretch_in`).
pub fn words(raw: &str) -> Vec<(usize, usize)> {
    let bytes = raw.as_bytes();
    // The character at byte `i` (a character boundary): an ASCII byte is read as it is, which
    // is most of a paste.
    let char_at = |i: usize| match bytes[i] {
        b @ 0..0x80 => char::from(b),
        _ => raw[i..].chars().next().unwrap_or(' '),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = char_at(i);
        i += c.len_utf8();
        if !c.is_alphanumeric() {
            continue;
        }
        if is_cjk(c) {
            // A pair with the next character when it is one too; that one starts the next pair.
            let end = match (i < bytes.len()).then(|| char_at(i)) {
                Some(n) if is_cjk(n) => i + n.len_utf8(),
                _ => i,
            };
            out.push((start, end));
            continue;
        }
        while i < bytes.len() {
            let n = char_at(i);
            if !n.is_alphanumeric() || is_cjk(n) {
                break;
            }
            i += n.len_utf8();
        }
        out.push((start, i));
    }
    out
}

/// The stretch of `raw` from the first word `matches` accepts to the last, on one line, cut to
/// about `MAX_QUOTE` characters at a word; `None` when no word matches.
pub fn stretch(raw: &str, mut matches: impl FnMut(&str) -> bool) -> Option<String> {
    // Words that differ only in case are one word.
    let mut keys: rustc_hash::FxHashMap<String, u32> = Default::default();
    stretch_in(raw, &words(raw), |_, w| {
        if !matches(w) {
            return None;
        }
        let next = keys.len() as u32;
        Some(*keys.entry(w.to_lowercase()).or_insert(next))
    })
}

/// `stretch` over the words of `raw` already split by `words`; `key` gets each word's index
/// and text, and gives the matching words a number that is the same for the same word in any
/// case (`None` for the others).
pub fn stretch_in(
    raw: &str,
    spans: &[(usize, usize)],
    mut key: impl FnMut(usize, &str) -> Option<u32>,
) -> Option<String> {
    // The matching words, in order.
    let found: Vec<(usize, usize, u32)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, &(start, end))| key(i, &raw[start..end]).map(|k| (start, end, k)))
        .collect();
    stretch_found(raw, &found)
}

/// The stretch of `raw` over `found`: the matching words as (start, end, key), in order.
pub fn stretch_found(raw: &str, found: &[(usize, usize, u32)]) -> Option<String> {
    let (from, to) = shortest_window(found)?;
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
fn shortest_window(found: &[(usize, usize, u32)]) -> Option<(usize, usize)> {
    let distinct = {
        let mut w: Vec<u32> = found.iter().map(|f| f.2).collect();
        w.sort_unstable();
        w.dedup();
        w.len()
    };
    let mut counts: rustc_hash::FxHashMap<u32, usize> = Default::default();
    let mut best: Option<(usize, usize)> = None;
    let mut left = 0;
    for right in 0..found.len() {
        *counts.entry(found[right].2).or_default() += 1;
        while counts.len() == distinct {
            let span = (found[left].0, found[right].1);
            if best.is_none_or(|b| span.1 - span.0 < b.1 - b.0) {
                best = Some(span);
            }
            let w = found[left].2;
            let c = counts.get_mut(&w).expect("counted");
            *c -= 1;
            if *c == 0 {
                counts.remove(&w);
            }
            left += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `words` as it was first written, over characters: the one above reads ASCII as bytes.
    fn words_by_characters(raw: &str) -> Vec<(usize, usize)> {
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

    #[test]
    fn words_are_runs_of_letters_and_digits_and_chinese_pairs() {
        let texts = [
            "",
            "Tenant not found. AADSTS90002: Tenant '8f3e' not found",
            "café déjà-vu Ünïcödé x2 _under_score_ naïve",
            "无法保存潜在客户。找不到租户 tenant租户 租a户",
            "日本語のテキスト 한국어 텍스트 ｆｕｌｌ ١٢٣ ٣",
            "a\u{1b}[31mred\u{1b}[0m \t\r\n 😀emoji😀 Ωmega",
            "单",
            "x",
        ];
        for t in texts {
            assert_eq!(words(t), words_by_characters(t), "{t}");
        }
        assert_eq!(
            words("Tenant 找不到 ok"),
            vec![(0, 6), (7, 13), (10, 16), (13, 16), (17, 19)]
        );
    }

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
