//! Search over every node, in one language: every word of the query must match, in the title,
//! the id or the text; a word of five letters or more also matches a word one typo away
//! (`destinaton` finds "destination"). Title matches rank first; each hit carries a snippet of
//! the text where it matched. No UI here: the wizard and any other front end share it.

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
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
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

fn hit<'a>(node: &'a Node, words: &[String], lang: Lang) -> Option<Hit<'a>> {
    let title = node.title.get(lang).to_lowercase();
    let id = node.id.to_lowercase();
    let text = body(node, lang);
    let lower = text.to_lowercase();
    let mut score = 0;
    let mut in_title = true;
    let mut first_in_text: Option<usize> = None;
    for w in words {
        let s = if title.contains(w.as_str()) {
            30
        } else if id.contains(w.as_str()) {
            in_title = false;
            20
        } else if let Some(at) = lower.find(w.as_str()) {
            in_title = false;
            first_in_text.get_or_insert(at);
            10
        } else if near(&title, w).is_some() {
            15
        } else if let Some(at) = near(&lower, w) {
            in_title = false;
            first_in_text.get_or_insert(at);
            5
        } else {
            return None;
        };
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
    let mut at = 0;
    for token in text.split(|c: char| !c.is_alphanumeric()) {
        let start = at;
        at += token.len() + 1;
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
    fn one_edit_apart() {
        assert!(within_one("destination", "destinaton"));
        assert!(within_one("destination", "destinatiion"));
        assert!(within_one("destination", "destinstion"));
        assert!(within_one("destination", "destiantion"));
        assert!(!within_one("destination", "dstinaton"));
        assert!(!within_one("secret", "sacred"));
    }
}
