//! The known errors' patterns, indexed for scoring: words numbered and weighted, each word's
//! patterns, codes and identifiers. Built from plain text (`KnownError`), with no guide types,
//! so that the build script builds the same index for the embedded content (see build.rs) and
//! the program reads it without analysing anything (`encode` / `decode`).

use rustc_hash::FxHashMap as HashMap;

use super::normalise::{code_key, tokens};
use super::vocab::{Key, Merge, Numbering, Words, prefix};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    Message,
    Phrase,
    Example,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub node: usize,
    pub kind: PatternKind,
    /// The pattern as written, for evidence.
    pub text: String,
    pub tokens: Vec<u32>,
    pub total: f32,
}

/// What the index needs of one known error.
#[derive(Debug, Clone, Default)]
pub struct KnownError {
    pub id: String,
    pub codes: Vec<String>,
    /// Its message in every language, its phrases and its examples, in that order.
    pub texts: Vec<(PatternKind, String)>,
}

/// Calls its second argument with each token of the text, in order: an English word still to
/// be stemmed (`true`) or a token as it is (`false`).
pub type Tokeniser = dyn Fn(&str, &mut dyn FnMut(&str, bool)) + Sync;
/// The identifiers of a text as (token, as written).
pub type Identifiers = dyn Fn(&str) -> Vec<(String, String)> + Sync;

/// How the patterns are split.
pub struct Analyser<'a> {
    pub tokens: &'a Tokeniser,
    /// The token of an English word the tokeniser gives unstemmed.
    pub stem: &'a (dyn Fn(&str) -> String + Sync),
    pub identifiers: &'a Identifiers,
}

/// The known errors of a guide, indexed for scoring.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    pub ids: Vec<String>,
    pub(super) vocab: HashMap<Key, u32>,
    pub(super) words: Vec<Key>,
    pub(super) weight: Vec<f32>,
    /// Whether each word is generic (`normalise::is_generic_word`): not evidence on its own.
    pub(super) generic: Vec<bool>,
    /// The patterns of each word: `postings[offsets[w]..offsets[w + 1]]`.
    pub(super) offsets: Vec<u32>,
    pub(super) postings: Vec<u32>,
    pub(super) patterns: Vec<Pattern>,
    pub(super) codes: HashMap<String, Vec<usize>>,
    /// Identifier-like words (as tokens) and the errors whose messages use them.
    pub(super) keys: HashMap<u32, Vec<usize>>,
    /// Whether each error's message or phrases have an identifier no other error has.
    pub(super) has_exclusive_keys: Vec<bool>,
    /// How each identifier is written, for evidence.
    pub(super) key_names: HashMap<u32, String>,
    /// Vocabulary words by their first two characters, for typo lookup.
    pub(super) by_prefix: HashMap<[u8; 2], Vec<u32>>,
    /// The English words that negate ("not", "no", "cannot", "never"), as vocabulary ids.
    pub(super) negations: Vec<u32>,
}

/// Words that turn a message around: "does not exist" is not "already exists".
const NEGATIONS: &[&str] = &["not", "no", "cannot", "never"];
/// An everyday English word's weight is scaled by this (see score.rs).
const COMMON_WORD_FACTOR: f32 = 0.5;

/// A known error split by one thread: the thread, its patterns as (kind, which of its texts,
/// token ids) and its identifiers as (token id, as written), numbered by that thread, and the
/// thread's numbers of the words it met for the first time in this error.
struct AnalysedNode {
    thread: usize,
    patterns: Vec<(PatternKind, usize, Vec<u32>)>,
    keys: Vec<(u32, String)>,
    new: std::ops::Range<u32>,
}

fn analyse(
    thread: usize,
    error: &KnownError,
    vocab: &mut Words,
    how: &Analyser<'_>,
) -> AnalysedNode {
    let before = vocab.len();
    let mut keys: Vec<(u32, String)> = Vec::new();
    for (kind, text) in &error.texts {
        if *kind != PatternKind::Example {
            let found = (how.identifiers)(text);
            keys.extend(found.into_iter().map(|(t, name)| (vocab.intern(&t), name)));
        }
    }
    let patterns = error
        .texts
        .iter()
        .enumerate()
        .map(|(i, (kind, text))| {
            let mut ids: Vec<u32> = Vec::new();
            (how.tokens)(text, &mut |w: &str, english: bool| {
                let id = vocab.word(w, english, how.stem);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            });
            (*kind, i, ids)
        })
        .filter(|(_, _, ids)| !ids.is_empty())
        .collect();
    AnalysedNode {
        thread,
        patterns,
        keys,
        new: before..vocab.len(),
    }
}

/// The errors' ids, codes, identifiers and patterns, numbered for the guide; how many errors
/// use each word, and how many patterns (`counts[w + 1]`).
#[derive(Default)]
struct Lists {
    ids: Vec<String>,
    codes: HashMap<String, Vec<usize>>,
    keys: HashMap<u32, Vec<usize>>,
    key_names: HashMap<u32, String>,
    patterns: Vec<Pattern>,
    df: Vec<u32>,
    counts: Vec<u32>,
}

impl Lists {
    /// The lists of `errors`, on all cores for a large guide: each thread lists a run of
    /// errors, and the runs are joined in order.
    fn of(errors: Vec<KnownError>, analysed: Vec<AnalysedNode>, numbering: &Numbering) -> Self {
        let runs = if errors.len() >= 1000 { 2 } else { 1 };
        let per_run = errors.len().div_ceil(runs).max(1);
        // (the run's first error, its errors, how they were split)
        let mut pieces = Vec::with_capacity(runs);
        let (mut errors, mut analysed, mut start) = (errors, analysed, 0);
        while !errors.is_empty() {
            let rest = errors.split_off(per_run.min(errors.len()));
            let rest_analysed = analysed.split_off(per_run.min(analysed.len()));
            let len = errors.len();
            pieces.push((start, errors, analysed));
            (errors, analysed, start) = (rest, rest_analysed, start + len);
        }
        let mut runs = crate::par::map_owned(pieces, runs > 1, |(start, errors, analysed)| {
            Lists::run(start, errors, analysed, numbering)
        })
        .into_iter();
        let mut l = runs.next().unwrap_or_else(|| Lists::empty(numbering));
        for run in runs {
            l.append(run);
        }
        l
    }

    fn empty(numbering: &Numbering) -> Self {
        Lists {
            df: vec![0; numbering.count()],
            counts: vec![0; numbering.count() + 1],
            ..Lists::default()
        }
    }

    /// The lists of a run of errors, the first of them error `start` of the guide.
    fn run(
        start: usize,
        errors: Vec<KnownError>,
        analysed: Vec<AnalysedNode>,
        numbering: &Numbering,
    ) -> Self {
        let mut l = Lists {
            patterns: Vec::with_capacity(analysed.iter().map(|a| a.patterns.len()).sum()),
            ..Lists::empty(numbering)
        };
        for (error, a) in errors.into_iter().zip(analysed) {
            let id = |local: u32| numbering.id(a.thread, local);
            let n = start + l.ids.len();
            l.ids.push(error.id);
            // Errors are added in order: `n` is on a list already only if it is its last.
            for code in &error.codes {
                let list = l.codes.entry(code_key(code)).or_default();
                if list.last() != Some(&n) {
                    list.push(n);
                }
            }
            for (key, name) in a.keys {
                let key = id(key);
                l.key_names.entry(key).or_insert(name);
                let list = l.keys.entry(key).or_default();
                if list.last() != Some(&n) {
                    list.push(n);
                }
            }
            let mut texts = error.texts;
            let mut seen: Vec<u32> = Vec::new();
            for (kind, which, mut toks) in a.patterns {
                for t in &mut toks {
                    *t = id(*t);
                    l.counts[*t as usize + 1] += 1;
                }
                seen.extend_from_slice(&toks);
                l.patterns.push(Pattern {
                    node: n,
                    kind,
                    text: std::mem::take(&mut texts[which].1),
                    tokens: toks,
                    total: 0.0,
                });
            }
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                l.df[t as usize] += 1;
            }
        }
        l
    }

    /// Adds the lists of the run of errors that follows this one.
    fn append(&mut self, next: Lists) {
        self.ids.extend(next.ids);
        for (code, nodes) in next.codes {
            self.codes.entry(code).or_default().extend(nodes);
        }
        for (key, nodes) in next.keys {
            self.keys.entry(key).or_default().extend(nodes);
        }
        for (key, name) in next.key_names {
            self.key_names.entry(key).or_insert(name);
        }
        self.patterns.extend(next.patterns);
        for (a, b) in self.df.iter_mut().zip(next.df) {
            *a += b;
        }
        for (a, b) in self.counts.iter_mut().zip(next.counts) {
            *a += b;
        }
    }
}

impl Index {
    /// The index of `errors`, in their order.
    pub fn build(errors: &[KnownError], how: &Analyser<'_>) -> Self {
        Self::build_from(errors, KnownError::clone, how)
    }

    /// The index of the known errors that `known` makes of `items`, in their order: each is
    /// made by the thread that splits it, while its texts are at hand.
    pub fn build_from<T: Sync>(
        items: &[T],
        known: impl Fn(&T) -> KnownError + Sync,
        how: &Analyser<'_>,
    ) -> Self {
        let mut ix = Index::default();
        // Split every pattern into tokens, on all cores for a large guide, each thread
        // numbering the words it meets; then number them for the guide, in the errors' order.
        let (made, states) = crate::par::map_with(
            items,
            items.len() >= 1000,
            |k| (k, Words::default()),
            |(k, vocab), item| {
                let e = known(item);
                let a = analyse(*k, &e, vocab, how);
                (e, a)
            },
        );
        let (errors, analysed): (Vec<KnownError>, Vec<AnalysedNode>) = made.into_iter().unzip();
        let mut merge = Merge::new(states.into_iter().map(|(_, w)| w).collect());
        for a in &analysed {
            for local in a.new.clone() {
                merge.meet(a.thread, local);
            }
        }
        let (numbering, merged) = merge.split();
        // The table of words and the lists of patterns need nothing of each other: on two
        // cores at once for a large guide.
        let large = errors.len() >= 1000;
        let ((words, facts, vocab, prefixes), lists) = crate::par::join(
            large,
            || {
                let (words, facts, vocab) = merged.finish(&numbering);
                let prefixes = by_prefix(facts.iter().map(|f| f.prefix));
                (words, facts, vocab, prefixes)
            },
            || Lists::of(errors, analysed, &numbering),
        );
        ix.by_prefix = prefixes;
        ix.words = words;
        ix.vocab = vocab;
        ix.negations = NEGATIONS
            .iter()
            .flat_map(|w| tokens(w))
            .filter_map(|t| ix.vocab.get(t.as_str()).copied())
            .collect();
        let (df, mut counts) = (lists.df, lists.counts);
        (ix.ids, ix.codes, ix.keys, ix.key_names, ix.patterns) = (
            lists.ids,
            lists.codes,
            lists.keys,
            lists.key_names,
            lists.patterns,
        );
        ix.has_exclusive_keys = vec![false; ix.ids.len()];
        for nodes in ix.keys.values() {
            if let [only] = nodes[..] {
                ix.has_exclusive_keys[only] = true;
            }
        }
        // Weights: BM25 idf over errors, scaled so a word unique to one error weighs 1.
        let count = ix.ids.len().max(1) as f32;
        let idf = |d: f32| (1.0 + (count - d + 0.5) / (d + 0.5)).ln();
        let max = idf(1.0);
        // Most words are used by a handful of errors: their weights are worked out once.
        let few: Vec<f32> = (0..64).map(|d| idf(d as f32) / max).collect();
        ix.generic = facts.iter().map(|f| f.generic).collect();
        ix.weight = df
            .iter()
            .zip(&facts)
            .map(|(&d, f)| {
                let common = if f.common { COMMON_WORD_FACTOR } else { 1.0 };
                let weight = few
                    .get(d as usize)
                    .copied()
                    .unwrap_or_else(|| idf(d as f32) / max);
                weight * common
            })
            .collect();
        // Postings in one array: counted with the lists, then filled.
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut fill = counts.clone();
        ix.postings = vec![0; counts[ix.words.len()] as usize];
        for (p, pattern) in ix.patterns.iter_mut().enumerate() {
            pattern.total = pattern.tokens.iter().map(|&t| ix.weight[t as usize]).sum();
            for &t in &pattern.tokens {
                ix.postings[fill[t as usize] as usize] = p as u32;
                fill[t as usize] += 1;
            }
        }
        ix.offsets = counts;
        ix
    }

    /// The index as bytes, for `decode`.
    pub fn encode(&self, w: &mut super::blob::Writer) {
        w.strings(&self.ids);
        w.strings(&self.words);
        w.f32s(&self.weight);
        w.bools(&self.generic);
        w.u32s(&self.offsets);
        w.u32s(&self.postings);
        w.count(self.patterns.len());
        for p in &self.patterns {
            w.count(p.node);
            w.u8(p.kind as u8);
            w.str(&p.text);
            w.u32s(&p.tokens);
            w.f32(p.total);
        }
        let mut codes: Vec<_> = self.codes.iter().collect();
        codes.sort();
        w.count(codes.len());
        for (code, nodes) in codes {
            w.str(code);
            w.usizes(nodes);
        }
        let mut keys: Vec<_> = self.keys.iter().collect();
        keys.sort();
        w.count(keys.len());
        for (key, nodes) in keys {
            w.u32(*key);
            w.usizes(nodes);
            w.str(&self.key_names[key]);
        }
        w.bools(&self.has_exclusive_keys);
        w.u32s(&self.negations);
    }

    /// The index `encode` wrote, or `None` when the bytes are not one.
    pub fn decode(r: &mut super::blob::Reader<'_>) -> Option<Self> {
        let mut ix = Index {
            ids: r.strings()?,
            words: r.strings()?,
            weight: r.f32s()?,
            generic: r.bools()?,
            offsets: r.u32s()?,
            postings: r.u32s()?,
            ..Default::default()
        };
        let count = r.count()?;
        ix.patterns.reserve(count);
        for _ in 0..count {
            ix.patterns.push(Pattern {
                node: r.count()?,
                kind: match r.u8()? {
                    0 => PatternKind::Message,
                    1 => PatternKind::Phrase,
                    2 => PatternKind::Example,
                    _ => return None,
                },
                text: r.str()?.to_owned(),
                tokens: r.u32s()?,
                total: r.f32()?,
            });
        }
        for _ in 0..r.count()? {
            let code = r.str()?.to_owned();
            ix.codes.insert(code, r.usizes()?);
        }
        for _ in 0..r.count()? {
            let key = r.u32()?;
            ix.keys.insert(key, r.usizes()?);
            ix.key_names.insert(key, r.str()?.to_owned());
        }
        ix.has_exclusive_keys = r.bools()?;
        ix.negations = r.u32s()?;
        ix.vocab.reserve(ix.words.len());
        for (i, w) in ix.words.iter().enumerate() {
            ix.vocab.insert(w.as_str().into(), i as u32);
        }
        ix.by_prefix = by_prefix(ix.words.iter().map(|w| prefix(w)));
        let consistent = ix.weight.len() == ix.words.len()
            && ix.generic.len() == ix.words.len()
            && ix.offsets.len() == ix.words.len() + 1
            && ix.has_exclusive_keys.len() == ix.ids.len();
        consistent.then_some(ix)
    }
}

/// Vocabulary words (ASCII, five letters and more) by their first two characters, from each
/// word's `vocab::prefix`.
fn by_prefix(prefixes: impl Iterator<Item = Option<[u8; 2]>>) -> HashMap<[u8; 2], Vec<u32>> {
    let mut out: HashMap<[u8; 2], Vec<u32>> = HashMap::default();
    for (i, p) in prefixes.enumerate() {
        if let Some(p) = p {
            out.entry(p).or_default().push(i as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Errors enough to be split on several threads, sharing words in many orders.
    fn errors(n: usize) -> Vec<KnownError> {
        (0..n)
            .map(|i| KnownError {
                id: format!("e{i}"),
                codes: Vec::new(),
                texts: vec![
                    (
                        PatternKind::Message,
                        format!("w{} w{} key{i}", i % 97, i % 13),
                    ),
                    (
                        PatternKind::Phrase,
                        format!("w{} w{}", (i * 7) % 101, i % 5),
                    ),
                    (PatternKind::Example, format!("x{i} w{}", i % 89)),
                ],
            })
            .collect()
    }

    fn build(errors: &[KnownError]) -> Index {
        let tokens =
            |text: &str, f: &mut dyn FnMut(&str, bool)| text.split(' ').for_each(|w| f(w, false));
        let identifiers = |text: &str| {
            text.split(' ')
                .filter(|w| w.starts_with("key"))
                .map(|w| (w.to_owned(), w.to_uppercase()))
                .collect()
        };
        Index::build(
            errors,
            &Analyser {
                tokens: &tokens,
                stem: &|w: &str| w.to_owned(),
                identifiers: &identifiers,
            },
        )
    }

    /// Words are numbered as they are first met going through the errors in order (their
    /// identifiers, then their patterns), whichever threads split them: the same guide gives the
    /// same index at every load.
    #[test]
    fn words_are_numbered_in_order_of_first_use() {
        let errors = errors(5000);
        let ix = build(&errors);
        let mut expected: Vec<String> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut meet = |w: &str| {
            if seen.insert(w.to_owned()) {
                expected.push(w.to_owned());
            }
        };
        for e in &errors {
            for (kind, text) in &e.texts {
                if *kind != PatternKind::Example {
                    text.split(' ')
                        .filter(|w| w.starts_with("key"))
                        .for_each(&mut meet);
                }
            }
            for (_, text) in &e.texts {
                text.split(' ').for_each(&mut meet);
            }
        }
        assert_eq!(ix.words, expected);
        for (w, word) in ix.words.iter().enumerate() {
            assert_eq!(ix.vocab[word.as_str()], w as u32);
        }
        assert_eq!(ix, build(&errors));
        let p = &ix.patterns[3];
        assert_eq!(p.text, "w1 w1 key1");
        let words: Vec<&str> = p
            .tokens
            .iter()
            .map(|&t| ix.words[t as usize].as_str())
            .collect();
        assert_eq!(words, ["w1", "key1"]);
    }

    /// The lists a large guide builds in runs on several threads are those of one pass over
    /// the errors in order: the errors of each code and identifier, each word's errors
    /// (weights) and patterns (postings).
    #[test]
    fn lists_built_in_runs_are_those_of_one_pass() {
        let mut errors = errors(5000);
        for (i, e) in errors.iter_mut().enumerate() {
            e.codes = vec![format!("E{}", i % 7), format!("e{}", i % 7)];
        }
        let ix = build(&errors);
        for c in 0..7 {
            let expected: Vec<usize> = (0..5000).filter(|i| i % 7 == c).collect();
            assert_eq!(ix.codes[&format!("e{c}")], expected);
        }
        for i in [0, 2499, 2500, 2501, 4999] {
            let key = ix.vocab[format!("key{i}").as_str()];
            assert_eq!(ix.keys[&key], [i]);
            assert_eq!(ix.key_names[&key], format!("KEY{i}"));
        }
        let word = |w: &str| ix.vocab[w] as usize;
        let uses = |w: &str| {
            errors
                .iter()
                .filter(|e| e.texts.iter().any(|(_, t)| t.split(' ').any(|x| x == w)))
                .count()
        };
        let idf = |d: usize| (1.0 + (5000.0 - d as f32 + 0.5) / (d as f32 + 0.5)).ln();
        for w in ["key0", "key2600", "w0", "w12", "w96", "w100", "x4999"] {
            assert_eq!(ix.weight[word(w)], idf(uses(w)) / idf(1), "{w}");
        }
        for w in ["w0", "w12", "w96", "w100", "x4999"] {
            let patterns: Vec<u32> = (0..ix.patterns.len() as u32)
                .filter(|&p| ix.patterns[p as usize].tokens.contains(&(word(w) as u32)))
                .collect();
            let (from, to) = (ix.offsets[word(w)], ix.offsets[word(w) + 1]);
            assert_eq!(ix.postings[from as usize..to as usize], patterns[..], "{w}");
            let nodes: std::collections::BTreeSet<usize> = patterns
                .iter()
                .map(|&p| ix.patterns[p as usize].node)
                .collect();
            assert_eq!(nodes.len(), uses(w), "{w}");
        }
        assert!(ix.patterns.windows(2).all(|p| p[0].node <= p[1].node));
        assert_eq!(ix.ids.len(), 5000);
        assert_eq!(ix.ids[2500], "e2500");
    }
}
