//! Scoring a paste against every known error.
//!
//! Each known error contributes *patterns*: its exact message in every language, its signature
//! phrases and its examples. A word (or Chinese character pair) weighs more the fewer errors use
//! it (BM25's idf, scaled so a word unique to one error weighs 1). A pattern scores by how much
//! of its weight the paste covers, scaled by how much weight that is, so a complete distinctive
//! phrase scores high and a shared prefix scores low. Error codes count apart: a code of the
//! error is strong evidence, a code of some other error weakens it. Words of the paste that no
//! error uses are matched to a close word (a typo) before they are given up.

use rustc_hash::FxHashMap as HashMap;

use super::index::{Analyser, KnownError};
pub use super::index::{Index, Pattern, PatternKind};
use super::normalise::{
    codes, for_each_token, for_each_word, identifiers, prepare, stem_of, tokens,
};
use super::pretokenized;
use crate::guide::Node;

/// What the index needs of a known-error node: its codes, its message in every language, its
/// phrases and its examples.
pub fn known_error(node: &Node) -> KnownError {
    let mut texts: Vec<(PatternKind, String)> = Vec::new();
    if let Some(e) = &node.error {
        texts.extend(e.0.values().map(|t| (PatternKind::Message, t.clone())));
    }
    if let Some(sig) = &node.signatures {
        for phrases in sig.phrases.values() {
            texts.extend(phrases.iter().map(|p| (PatternKind::Phrase, p.clone())));
        }
    }
    texts.extend(
        node.examples
            .iter()
            .map(|e| (PatternKind::Example, e.clone())),
    );
    KnownError {
        id: node.id.clone(),
        codes: node
            .signatures
            .as_ref()
            .map(|s| s.codes.clone())
            .unwrap_or_default(),
        texts,
    }
}

/// The vocabulary ids of a paste's words: `distinct[which[i]]` for word `i`; `lower[which[i]]`
/// is the same number for the same word in any case.
struct WordIds {
    distinct: Vec<Vec<u32>>,
    which: Vec<usize>,
    lower: Vec<u32>,
    /// The words (indices) where each distinct word is.
    at: Vec<Vec<usize>>,
}

/// Evidence for one candidate.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// An error code of this error appears in the paste.
    Code(String),
    /// An identifier of this error's message (such as `SendTimeout`) appears in the paste.
    Identifier(String),
    /// Error codes of other errors appear in the paste, and none of this one's.
    OtherCode(String),
    /// An identifier of exactly one other error appears in the paste, and none of this one's.
    OtherIdentifier(String),
    /// A pattern of this error, and how much of it the paste covers (0..1).
    Pattern {
        kind: PatternKind,
        text: String,
        coverage: f32,
        /// The words of the paste that matched it, as the paste writes them (filled for the
        /// errors worth showing).
        quote: String,
        /// Which pattern.
        pattern: u32,
    },
    /// The paste is only a start that several errors share (as the paste writes it).
    SharedStart(String),
}

/// One error's score and why.
#[derive(Debug, Clone)]
pub struct Scored {
    pub node: usize,
    pub score: f32,
    pub evidence: Vec<Evidence>,
}

/// How strongly a pattern's matched weight counts: a phrase of one unique word gives 0.63, of
/// two 0.86.
const TAU: f32 = 1.0;
/// A code shared by k errors gives each CODE_WEIGHT / k.
const CODE_WEIGHT: f32 = 0.7;
/// An identifier shared by k errors gives each KEY_WEIGHT / k.
const KEY_WEIGHT: f32 = 0.6;
/// Factor for an error when the paste names error codes, none of them this error's.
const OTHER_CODE_FACTOR: f32 = 0.4;
/// A close (typo) word counts this much of an exact one.
const FUZZY_FACTOR: f32 = 0.8;
/// Without a code, an identifier or this much matched weight of words that are not generic,
/// an error scores at most `NOT_SPECIFIC_CAP` (below a confident match).
const SPECIFIC_MIN: f32 = 0.9;
/// A word counts toward `SPECIFIC_MIN` only when it weighs this much (few errors use it): the
/// words of a start many errors share are not specific to any of them.
const SPECIFIC_WORD_WEIGHT: f32 = 0.75;
/// … and only when at least this many of them match one pattern.
const SPECIFIC_WORDS_MIN: u32 = 2;
/// A whole phrase of fewer than three words ("Tenant not found") is specific only in the
/// setting of its error's message: when the paste covers this much of it.
const PHRASE_SETTING_MIN: f32 = 0.3;
/// … and the paste must match this much weight of the message beyond the phrase.
const SETTING_BEYOND_PHRASE: f32 = 0.5;
const NOT_SPECIFIC_CAP: f32 = 0.4;
/// Codes that wrap another one (`AADSTS70002: Error validating credentials. AADSTS50126: …`):
/// they count only when the paste names no other known code.
const WRAPPER_CODES: &[&str] = &["AADSTS70002"];
/// Evidence quotes the paste for this many of the best errors (as many as can be shown).
const QUOTED: usize = super::MAX_CANDIDATES;
/// Factor for an error with identifiers of its own when the paste names none of them but names
/// one that belongs to exactly one other error (another privilege, another trigger code).
const OTHER_KEY_FACTOR: f32 = 0.6;

impl Index {
    /// The index of the known-error nodes `known`; the embedded content's patterns are split
    /// as the build split them (`pretokenized`), others here.
    pub fn new(known: &[&Node]) -> Self {
        let tokens = |text: &str, f: &mut dyn FnMut(&str, bool)| match pretokenized::tokens(text) {
            Some(words) => words.iter().for_each(|w| f(w, false)),
            None => for_each_word(&prepare(text), f),
        };
        let identifiers =
            |text: &str| pretokenized::identifiers(text).unwrap_or_else(|| identifiers(text));
        Index::build_from(
            known,
            |n| known_error(n),
            &Analyser {
                tokens: &tokens,
                stem: &stem_of,
                identifiers: &identifiers,
            },
        )
    }

    /// The vocabulary word a typo most likely meant, if one is close enough.
    fn close_word(&self, word: &str) -> Option<u32> {
        if word.chars().count() < 5 || !word.is_ascii() {
            return None;
        }
        let b = word.as_bytes();
        let candidates = self.by_prefix.get(&[b[0], b[1]])?;
        candidates
            .iter()
            .map(|&c| (strsim::jaro_winkler(word, &self.words[c as usize]), c))
            .filter(|(s, c)| *s >= 0.92 && self.words[*c as usize].len().abs_diff(word.len()) <= 2)
            .max_by(|a, b| {
                a.0.total_cmp(&b.0)
                    .then_with(|| self.words[b.1 as usize].cmp(&self.words[a.1 as usize]))
            })
            .map(|(_, c)| c)
    }

    /// The words of `raw` whose tokens are among `pattern`'s, as one stretch of the paste (from
    /// the first such word to the last, cut to about ninety characters), when there are any.
    pub fn quote(&self, raw: &str, pattern: &[u32]) -> Option<String> {
        let spans = super::quote::words(raw);
        let ids = self.word_ids(raw, &spans);
        Self::quote_in(raw, &spans, &ids, pattern)
    }

    /// The vocabulary ids of the words of `raw` (split by `quote::words`): the ids of each
    /// distinct word, analysed once (a paste's words recur, and several patterns are quoted
    /// from one paste), and which of them each word is.
    fn word_ids(&self, raw: &str, spans: &[(usize, usize)]) -> WordIds {
        let mut seen: HashMap<&str, usize> = HashMap::default();
        let mut classes: HashMap<String, u32> = HashMap::default();
        let mut distinct: Vec<Vec<u32>> = Vec::new();
        let mut lower: Vec<u32> = Vec::new();
        let which: Vec<usize> = spans
            .iter()
            .map(|&(a, b)| {
                let word = &raw[a..b];
                *seen.entry(word).or_insert_with(|| {
                    let mut ids: Vec<u32> = Vec::new();
                    for_each_token(&prepare(word), |t| {
                        if let Some(&id) = self.vocab.get(t)
                            && !ids.contains(&id)
                        {
                            ids.push(id);
                        }
                    });
                    distinct.push(ids);
                    let next = classes.len() as u32;
                    lower.push(*classes.entry(word.to_lowercase()).or_insert(next));
                    distinct.len() - 1
                })
            })
            .collect();
        let mut at: Vec<Vec<usize>> = vec![Vec::new(); distinct.len()];
        for (i, &w) in which.iter().enumerate() {
            if !distinct[w].is_empty() {
                at[w].push(i);
            }
        }
        WordIds {
            distinct,
            which,
            lower,
            at,
        }
    }

    fn quote_in(
        raw: &str,
        spans: &[(usize, usize)],
        ids: &WordIds,
        pattern: &[u32],
    ) -> Option<String> {
        // The places of the distinct words that are in the pattern, in order.
        let mut places: Vec<usize> = Vec::new();
        for (w, toks) in ids.distinct.iter().enumerate() {
            if toks.iter().any(|id| pattern.contains(id)) {
                places.extend_from_slice(&ids.at[w]);
            }
        }
        places.sort_unstable();
        let found: Vec<(usize, usize, u32)> = places
            .into_iter()
            .map(|i| (spans[i].0, spans[i].1, ids.lower[ids.which[i]]))
            .collect();
        super::quote::stretch_found(raw, &found)
    }

    /// The errors whose message holds every word of the paste that any error uses, when the
    /// paste is only a start they share (at least three such words, none of them specific to
    /// fewer errors): say which they are and ask for the rest.
    pub fn sharing(&self, raw: &str) -> Vec<usize> {
        let known: Vec<u32> = tokens(&prepare(raw))
            .iter()
            .filter_map(|t| self.vocab.get(t.as_str()).copied())
            .collect();
        if known.len() < 3 || !codes(raw).is_empty() {
            return Vec::new();
        }
        let mut nodes: Vec<usize> = self
            .patterns
            .iter()
            .filter(|p| {
                p.kind == PatternKind::Message && known.iter().all(|t| p.tokens.contains(t))
            })
            .map(|p| p.node)
            .collect();
        nodes.sort_unstable();
        nodes.dedup();
        if nodes.len() >= 2 { nodes } else { Vec::new() }
    }

    /// Scores every known error against a paste; only errors with some evidence are returned,
    /// best first.
    pub fn score(&self, raw: &str) -> Vec<Scored> {
        self.score_without(raw, None)
    }

    /// The pattern of example `example` (0-based, in content order) of error `node`.
    pub fn example_pattern(&self, node: usize, example: &str) -> Option<u32> {
        self.patterns
            .iter()
            .position(|p| p.node == node && p.kind == PatternKind::Example && p.text == example)
            .map(|p| p as u32)
    }

    /// Scores as `score` does, ignoring one pattern (to test an example against everything
    /// else the content says).
    pub fn score_without(&self, raw: &str, skip: Option<u32>) -> Vec<Scored> {
        let found_codes = codes(raw);
        let query = tokens(&prepare(raw));
        // Matched weight per pattern, and which query words matched it.
        let mut matched: HashMap<u32, f32> = HashMap::default();
        let mut specific: HashMap<u32, (f32, u32)> = HashMap::default();
        let mut hit: HashMap<u32, f32> = HashMap::default();
        // A word counts once however often the paste repeats it (a stack trace, a log): look
        // each up, and fuzzily, only once.
        let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
        // A paste that negates nothing cannot be a pattern that does: the words they share
        // say the opposite ("The table specified already exists").
        let paste_negates = query.iter().any(|w| {
            self.vocab
                .get(w.as_str())
                .is_some_and(|id| self.negations.contains(id))
        });
        for word in &query {
            if !seen.insert(word.as_str()) {
                continue;
            }
            let (id, factor) = match self.vocab.get(word.as_str()) {
                Some(&id) => (id, 1.0),
                None => match self.close_word(word) {
                    Some(id) => (id, FUZZY_FACTOR),
                    None => continue,
                },
            };
            let entry = hit.entry(id).or_insert(0.0);
            if factor <= *entry {
                continue;
            }
            let gain = factor - *entry;
            *entry = factor;
            let w = self.weight[id as usize] * gain;
            if w < 1e-4 {
                continue;
            }
            let (from, to) = (self.offsets[id as usize], self.offsets[id as usize + 1]);
            let generic =
                self.generic[id as usize] || self.weight[id as usize] < SPECIFIC_WORD_WEIGHT;
            for &p in &self.postings[from as usize..to as usize] {
                if Some(p) != skip {
                    *matched.entry(p).or_insert(0.0) += w;
                    if !generic {
                        let e = specific.entry(p).or_insert((0.0, 0));
                        e.0 += w;
                        e.1 += 1;
                    }
                }
            }
        }
        // Best pattern per error, and the phrases it contains whole.
        let mut best: HashMap<usize, (f32, u32)> = HashMap::default();
        let mut most_specific: HashMap<usize, f32> = HashMap::default();
        let mut message_coverage: HashMap<usize, (f32, f32)> = HashMap::default();
        let mut whole_phrases: HashMap<usize, Vec<u32>> = HashMap::default();
        for (&p, &m) in &matched {
            let pattern = &self.patterns[p as usize];
            if pattern.total <= 0.0 {
                continue;
            }
            let coverage = (m / pattern.total).min(1.0);
            let s = coverage * (1.0 - (-m / TAU).exp());
            if pattern.kind == PatternKind::Message {
                let e = message_coverage.entry(pattern.node).or_insert((0.0, 0.0));
                if coverage > e.0 {
                    *e = (coverage, m);
                }
            }
            // Specific words count only when there are two of them: one rare word of a
            // pattern is too little to be sure ("secrets" in a Key Vault message).
            let reversed =
                !paste_negates && pattern.tokens.iter().any(|t| self.negations.contains(t));
            let sp = match specific.get(&p) {
                Some(&(w, n)) if n >= SPECIFIC_WORDS_MIN && !reversed => w,
                _ => 0.0,
            };
            let e = most_specific.entry(pattern.node).or_insert(0.0);
            *e = e.max(sp);
            let e = best.entry(pattern.node).or_insert((0.0, p));
            if s > e.0 || (s == e.0 && p < e.1) {
                *e = (s, p);
            }
            if pattern.kind == PatternKind::Phrase && coverage >= 0.999 {
                whole_phrases.entry(pattern.node).or_default().push(p);
            }
        }
        // A whole phrase of three words and more, one of them not generic, is specific even when
        // its words are common ("The user account is disabled"), but "directory not found" is
        // not; a shorter phrase is specific in the setting of its message.
        for (&n, phrases) in &whole_phrases {
            let (coverage, message_weight) =
                message_coverage.get(&n).copied().unwrap_or((0.0, 0.0));
            // The message must match beyond the phrase itself ("Access denied" alone is not in
            // the setting of `{"errors":[{"code":"603","message":"Access denied"}]}`).
            let setting = |p: u32| {
                coverage >= PHRASE_SETTING_MIN
                    && message_weight - self.patterns[p as usize].total >= SETTING_BEYOND_PHRASE
            };
            let distinctive = |p: u32| {
                let toks = &self.patterns[p as usize].tokens;
                toks.len() >= 3 && toks.iter().any(|&t| !self.generic[t as usize])
            };
            if phrases.iter().any(|&p| distinctive(p) || setting(p)) {
                let e = most_specific.entry(n).or_insert(0.0);
                *e = e.max(SPECIFIC_MIN);
            }
        }
        let mut code_score: HashMap<usize, (f32, Vec<String>)> = HashMap::default();
        let wrapped = found_codes
            .iter()
            .any(|c| !WRAPPER_CODES.contains(&c.as_str()) && self.codes.contains_key(c));
        for code in &found_codes {
            if wrapped && WRAPPER_CODES.contains(&code.as_str()) {
                continue;
            }
            if let Some(nodes) = self.codes.get(code) {
                let w = CODE_WEIGHT / nodes.len() as f32;
                for &n in nodes {
                    let e = code_score.entry(n).or_insert((0.0, Vec::new()));
                    e.0 = 1.0 - (1.0 - e.0) * (1.0 - w);
                    e.1.push(code.clone());
                }
            }
        }
        let mut key_score: HashMap<usize, (f32, Vec<String>)> = HashMap::default();
        for (&id, &factor) in &hit {
            // An identifier counts only as written: a close word is not that identifier
            // (`AuthorizationFailed` is not `AuthorizationFailure`).
            if factor < 1.0 {
                continue;
            }
            if let Some(nodes) = self.keys.get(&id) {
                let w = KEY_WEIGHT * factor / nodes.len() as f32;
                for &n in nodes {
                    let e = key_score.entry(n).or_insert((0.0, Vec::new()));
                    e.0 = 1.0 - (1.0 - e.0) * (1.0 - w);
                    e.1.push(self.key_names[&id].clone());
                }
            }
        }
        // Identifiers of exactly one error that the paste names.
        let mut exclusive_keys: Vec<(usize, &str)> = Vec::new();
        for &id in hit.keys() {
            if let Some(nodes) = self.keys.get(&id)
                && nodes.len() == 1
            {
                exclusive_keys.push((nodes[0], self.key_names[&id].as_str()));
            }
        }
        exclusive_keys.sort_unstable();
        let mut out = Vec::new();
        for n in 0..self.ids.len() {
            let pattern = best.get(&n).copied();
            let code = code_score.get(&n);
            let key = key_score.get(&n);
            if pattern.is_none() && code.is_none() && key.is_none() {
                continue;
            }
            let ps = pattern.map(|(s, _)| s).unwrap_or(0.0);
            let cs = code.map(|(s, _)| *s).unwrap_or(0.0);
            let ks = key.map(|(s, _)| *s).unwrap_or(0.0);
            let mut score = 1.0 - (1.0 - ps) * (1.0 - cs) * (1.0 - ks);
            let specific_words = most_specific.get(&n).copied().unwrap_or(0.0);
            if code.is_none() && key.is_none() && specific_words < SPECIFIC_MIN {
                score = score.min(NOT_SPECIFIC_CAP);
            }
            let mut evidence = Vec::new();
            if let Some((_, codes)) = code {
                evidence.extend(codes.iter().cloned().map(Evidence::Code));
            } else if !found_codes.is_empty() {
                score *= OTHER_CODE_FACTOR;
                evidence.push(Evidence::OtherCode(found_codes.join(", ")));
            }
            let own_exclusive = exclusive_keys.iter().any(|(m, _)| *m == n);
            if self.has_exclusive_keys[n] && !own_exclusive {
                let others: Vec<&str> = exclusive_keys
                    .iter()
                    .filter(|(m, _)| *m != n)
                    .map(|(_, name)| *name)
                    .collect();
                if let Some(first) = others.first() {
                    score *= OTHER_KEY_FACTOR;
                    evidence.push(Evidence::OtherIdentifier((*first).to_owned()));
                }
            }
            if let Some((_, keys)) = key {
                let mut keys = keys.clone();
                keys.sort();
                evidence.extend(keys.into_iter().map(Evidence::Identifier));
            }
            if let Some((_, p)) = pattern {
                let mut shown = vec![p];
                let mut phrases = whole_phrases.get(&n).cloned().unwrap_or_default();
                phrases.sort_unstable();
                shown.extend(phrases.into_iter().filter(|&q| q != p).take(2));
                let has_key_evidence = code.is_some() || key.is_some();
                for (i, p) in shown.into_iter().enumerate() {
                    let pattern = &self.patterns[p as usize];
                    let coverage = (matched[&p] / pattern.total).min(1.0);
                    // A weak partial match is worth showing only when nothing else explains
                    // the score.
                    if coverage < 0.3 && (i > 0 || has_key_evidence) {
                        continue;
                    }
                    evidence.push(Evidence::Pattern {
                        kind: pattern.kind,
                        text: pattern.text.clone(),
                        coverage,
                        quote: String::new(),
                        pattern: p,
                    });
                }
            }
            out.push(Scored {
                node: n,
                score: score.clamp(0.0, 1.0),
                evidence,
            });
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
        // Quotes of the paste, for the errors that can be shown.
        let quoted = out.iter().take(QUOTED).any(|s| {
            s.evidence
                .iter()
                .any(|e| matches!(e, Evidence::Pattern { .. }))
        });
        if quoted {
            let spans = super::quote::words(raw);
            let ids = self.word_ids(raw, &spans);
            for scored in out.iter_mut().take(QUOTED) {
                for e in &mut scored.evidence {
                    if let Evidence::Pattern { quote, pattern, .. } = e {
                        let tokens = &self.patterns[*pattern as usize].tokens;
                        *quote = Self::quote_in(raw, &spans, &ids, tokens).unwrap_or_default();
                    }
                }
                // Two patterns of one error (a phrase and its variant) can quote the same words
                // of the paste: say it once.
                let mut seen = Vec::new();
                scored.evidence.retain(|e| match e {
                    Evidence::Pattern { quote, .. } if !quote.is_empty() => {
                        let first = !seen.contains(quote);
                        if first {
                            seen.push(quote.clone());
                        }
                        first
                    }
                    _ => true,
                });
            }
        }
        out
    }
}
