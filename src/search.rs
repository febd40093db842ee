//! Search over every node, in one language: every word of the query must match, in the title,
//! the id or the text; a word of five letters or more also matches a word one typo away
//! (`destinaton` finds "destination"), and a word the content lists as a synonym matches its
//! synonyms (`VM` finds "virtual machine"). Title matches rank first; each hit carries a snippet
//! of the text where it matched. No UI here: the wizard and any other front end share it.

use crate::guide::{Guide, Lang, Node};

/// One node that matches, with why.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    pub node: &'a Node,
    /// Every word of the query is in the title.
    pub in_title: bool,
    /// Higher is better.
    pub score: u32,
    /// The text around the first match outside the title, when there is one.
    pub snippet: Option<String>,
}

/// How many characters a snippet shows around its match.
const SNIPPET: usize = 70;

/// The nodes matching `query` in `lang`, best first. An empty query matches nothing.
pub fn search<'a>(guide: &'a Guide, query: &str, lang: Lang) -> Vec<Hit<'a>> {
    let words = terms(guide, query, lang);
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<Hit<'a>> = guide
        .nodes()
        .iter()
        .filter_map(|n| hit(n, &words, lang))
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.node.title.get(lang).cmp(b.node.title.get(lang)))
    });
    hits
}

/// The words of a query, each with the words that mean the same in `lang` (the content's
/// synonyms): `vm` also looks for "virtual machine", 潜在顾客 also for 潜在客户. A run of query
/// words that is itself a synonym ("virtual machine") is one term; a synonym inside a longer
/// word (Chinese is written without spaces: 潜在顾客未收到) is swapped for each other one.
fn terms(guide: &Guide, query: &str, lang: Lang) -> Vec<Vec<String>> {
    let groups: Vec<Vec<String>> = guide
        .synonyms()
        .iter()
        .filter(|s| Lang::from_tag(&s.lang) == Some(lang))
        .map(|s| s.words.iter().map(|w| w.to_lowercase()).collect())
        .collect();
    let tokens: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (word, taken) = (2..=tokens.len() - i)
            .rev()
            .map(|k| (tokens[i..i + k].join(" "), k))
            .find(|(phrase, _)| groups.iter().any(|g| g.contains(phrase)))
            .unwrap_or_else(|| (tokens[i].clone(), 1));
        let mut alternatives = vec![word.clone()];
        for g in &groups {
            for w in g.iter().filter(|w| word.contains(w.as_str())) {
                for other in g.iter().filter(|o| *o != w) {
                    let swapped = word.replacen(w.as_str(), other, 1);
                    if !alternatives.contains(&swapped) {
                        alternatives.push(swapped);
                    }
                }
            }
        }
        out.push(alternatives);
        i += taken;
    }
    out
}

/// The text of a node that search reads, besides its title and id.
fn body(node: &Node, lang: Lang) -> String {
    let mut text = String::new();
    for t in [
        &node.summary,
        &node.prompt,
        &node.error,
        &node.body,
        &node.note,
    ]
    .into_iter()
    .flatten()
    {
        text.push_str(t.get(lang));
        text.push('\n');
    }
    for c in &node.choices {
        text.push_str(c.label.get(lang));
        text.push('\n');
    }
    for s in &node.steps {
        text.push_str(s.get(lang));
        text.push('\n');
    }
    text
}

/// Where a word matched.
enum Place {
    Title,
    Id,
    /// In the text, at this byte of its lowercase copy.
    Text(usize),
}

/// How well `word` matches, and where: in the title, the id, the text, then one typo away in
/// the title or the text.
fn matched(title: &str, id: &str, lower: &str, word: &str) -> Option<(u32, Place)> {
    if title.contains(word) {
        Some((30, Place::Title))
    } else if id.contains(word) {
        Some((20, Place::Id))
    } else if let Some(at) = lower.find(word) {
        Some((10, Place::Text(at)))
    } else if near(title, word).is_some() {
        Some((15, Place::Title))
    } else {
        near(lower, word).map(|at| (5, Place::Text(at)))
    }
}

fn hit<'a>(node: &'a Node, words: &[Vec<String>], lang: Lang) -> Option<Hit<'a>> {
    let title = node.title.get(lang).to_lowercase();
    let id = node.id.to_lowercase();
    let text = body(node, lang);
    let lower = text.to_lowercase();
    let mut score = 0;
    let mut in_title = true;
    let mut first_in_text: Option<usize> = None;
    for alternatives in words {
        // The word as typed, else its best synonym (which ranks just below it).
        let (s, place) = alternatives
            .iter()
            .enumerate()
            .filter_map(|(k, w)| {
                matched(&title, &id, &lower, w).map(|(s, p)| (s - u32::from(k > 0), p))
            })
            .max_by_key(|(s, _)| *s)?;
        match place {
            Place::Title => {}
            Place::Id => in_title = false,
            Place::Text(at) => {
                in_title = false;
                first_in_text.get_or_insert(at);
            }
        }
        score += s;
    }
    if in_title {
        score += 100;
    }
    let snippet = first_in_text.map(|at| snippet(&text, &lower, at));
    Some(Hit {
        node,
        in_title,
        score,
        snippet,
    })
}

/// Where in `text` a word one typo away from `word` starts (for words of five letters or
/// more; Chinese has no typos of this kind and matches exactly).
fn near(text: &str, word: &str) -> Option<usize> {
    let n = word.chars().count();
    if n < 5 || word.chars().any(|c| !c.is_alphanumeric() || !c.is_ascii()) {
        return None;
    }
    // Separators may be several bytes long ("，"): offsets come from the text itself.
    for (start, token) in words_at(text) {
        let m = token.chars().count();
        if m + 1 < n || m > n + 1 {
            continue;
        }
        if within_one(token, word) {
            return Some(start);
        }
    }
    None
}

/// The alphanumeric runs of `text`, each with the byte offset where it starts.
fn words_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Whether `a` and `b` differ by at most one edit (insert, delete, replace, or two letters
/// swapped).
fn within_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let suffix = ra
        .iter()
        .rev()
        .zip(rb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    match (ra.len() - suffix, rb.len() - suffix) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        // A swap: "destiantion".
        (2, 2) => ra[0] == rb[1] && ra[1] == rb[0],
        _ => false,
    }
}

/// About `SNIPPET` characters of `text` around byte `at` of its lowercase copy, on one line,
/// with "…" where it is cut.
fn snippet(text: &str, lower: &str, at: usize) -> String {
    // Lowercasing may change lengths; find the character index in the lowercase text.
    let index = lower[..at.min(lower.len())].chars().count();
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let start = index.saturating_sub(SNIPPET / 3);
    let end = (start + SNIPPET).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_is_found_after_wide_separators() {
        // "，" and "。" are three bytes each: the word's offset must still be where it starts.
        let text = "分配，角色。然后 destination 设置";
        let at = near(text, "destinaton").unwrap();
        assert!(text[at..].starts_with("destination"));
        // And a snippet around it can be cut there.
        assert!(snippet(text, text, at).contains("destination"));
    }

    #[test]
    fn any_query_over_the_whole_guide_is_answered() {
        // Every title word, with a typo and after Chinese text, in both languages: a search
        // may find nothing but never fails (a query once cut a snippet inside a character).
        let g = Guide::load(&crate::guide::Sources::embedded())
            .guide
            .unwrap();
        for lang in [Lang::En, Lang::ZhCn] {
            search(&g, "潜在顾客u", lang);
            for node in g.nodes().iter().step_by(3) {
                for word in node.title.get(lang).split_whitespace().take(3) {
                    let typo: String = word.chars().skip(1).collect();
                    search(&g, &typo, lang);
                    search(&g, &format!("{word}u"), lang);
                }
            }
        }
    }

    #[test]
    fn one_edit_apart() {
        assert!(within_one("destination", "destinaton"));
        assert!(within_one("destination", "destinatiion"));
        assert!(within_one("destination", "destinstion"));
        assert!(within_one("destination", "destiantion"));
        assert!(!within_one("destination", "dstinaton"));
        assert!(!within_one("secret", "sacred"));
    }

    #[test]
    fn synonyms_find_each_other_in_their_language() {
        let g = Guide::load(&crate::guide::Sources::embedded())
            .guide
            .unwrap();
        let ids = |q: &str, lang| -> Vec<String> {
            search(&g, q, lang)
                .iter()
                .map(|h| h.node.id.clone())
                .collect()
        };
        // "VM" is written "virtual machine" in the content.
        assert!(
            !g.nodes()
                .iter()
                .any(|n| n.title.get(Lang::En).contains("VM"))
        );
        let vm = ids("VM", Lang::En);
        assert!(!vm.is_empty());
        assert_eq!(vm, ids("virtual machine", Lang::En));
        assert!(terms(&g, "vm", Lang::En)[0].contains(&"virtual machine".to_owned()));
        // 潜在顾客 (Partner Center's word) finds what is written 潜在客户, and the other way.
        let written = ids("潜在客户", Lang::ZhCn);
        assert!(!written.is_empty());
        let other = ids("潜在顾客", Lang::ZhCn);
        for id in &written {
            assert!(other.contains(id), "{id}");
        }
        // Inside a longer Chinese word too.
        assert!(!ids("潜在顾客目标", Lang::ZhCn).is_empty());
        // A phrase typed word by word is one term.
        assert_eq!(terms(&g, "virtual machine offer", Lang::En).len(), 2);
    }
}
