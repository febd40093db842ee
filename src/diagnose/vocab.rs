//! Numbering the words of the known errors' patterns: each thread that splits patterns keeps
//! its own table (no locks, no waiting), and the tables are merged into the guide's numbering
//! afterwards, in the order the words are first met going through the errors, so that the
//! numbers are the same whichever thread split which error. What the index needs to know of a
//! word besides its text (`Facts`) is worked out by the thread that meets it, so that the merge
//! reads no word's text but those of the later threads, looked up in the earlier threads' tables.

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

use super::normalise::{is_common_word, is_generic_word};

/// What the index keeps of a word besides its text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Facts {
    /// A generic word of error messages (`normalise::is_generic_word`): not evidence on its own.
    pub generic: bool,
    /// An everyday English word (`normalise::is_common_word`): weighs less.
    pub common: bool,
    /// Its first two bytes, for typo lookup, when it is ASCII and five letters or more.
    pub prefix: Option<[u8; 2]>,
}

impl Facts {
    pub fn of(word: &str) -> Self {
        let common = is_common_word(word);
        Facts {
            // `is_generic_word` without looking the word up twice.
            generic: common || is_generic_word(word),
            common,
            prefix: prefix(word),
        }
    }
}

/// A word's first two bytes, for typo lookup, when it is ASCII and five letters or more.
pub fn prefix(word: &str) -> Option<[u8; 2]> {
    (word.len() >= 5 && word.is_ascii()).then(|| {
        let b = word.as_bytes();
        [b[0], b[1]]
    })
}

/// A word as a table's key: kept in the table's own entry up to 24 bytes (nearly every word),
/// so that looking a word up compares it there rather than in memory elsewhere.
pub type Key = CompactString;

/// One thread's numbering of the words it meets.
#[derive(Default)]
pub struct Words {
    ids: HashMap<Key, u32>,
    /// The words by this thread's numbers, and their facts.
    words: Vec<Key>,
    facts: Vec<Facts>,
    /// The token of each English word met, before stemming: one lookup per word, where
    /// stemming then numbering would take two.
    unstemmed: HashMap<Key, u32>,
}

impl Words {
    /// How many words the thread has met.
    pub fn len(&self) -> u32 {
        self.words.len() as u32
    }

    /// The number of a word the tokeniser gave, stemmed with `stem` when `english`.
    pub fn word(&mut self, word: &str, english: bool, stem: &dyn Fn(&str) -> String) -> u32 {
        if !english {
            return self.intern(word);
        }
        if let Some(&id) = self.unstemmed.get(word) {
            return id;
        }
        let id = self.intern(&stem(word));
        self.unstemmed.insert(word.into(), id);
        id
    }

    pub fn intern(&mut self, word: &str) -> u32 {
        // One hash of the word, and no allocation for a word of up to 24 bytes.
        let next = self.words.len() as u32;
        match self.ids.entry(Key::from(word)) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                self.words.push(e.key().clone());
                e.insert(next);
                self.facts.push(Facts::of(word));
                next
            }
        }
    }
}

/// The guide's numbering, made from the threads' tables. Going through the errors in order,
/// `meet` is told the words each error's thread met there for the first time (the only places
/// a word can be met first in the whole guide) and hands the next number to a word met for
/// the first time; then `split` gives the numbering, for every word of every thread, and the
/// words to `Merged::finish`.
pub struct Merge {
    tables: Vec<Words>,
    numbering: Numbering,
    /// The words in the guide's order, as (thread, its number).
    order: Vec<(u32, u32)>,
}

/// The guide's number of every word of every thread.
pub struct Numbering {
    /// For each thread's word, the first thread that has the same word, and its number there.
    first: Vec<Vec<(u32, u32)>>,
    /// The guide's number of each word of each thread, `u32::MAX` until it is met.
    number: Vec<Vec<u32>>,
    /// The guide's number of each thread's every word (the same word on several threads
    /// included): one look-up per token when the patterns are renumbered.
    id: Vec<Vec<u32>>,
    /// How many words the guide has.
    count: usize,
}

impl Numbering {
    /// How many words the guide has.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The guide's number of word `local` of thread `thread`.
    pub fn id(&self, thread: usize, local: u32) -> u32 {
        self.id[thread][local as usize]
    }
}

/// The threads' words once numbered.
pub struct Merged {
    tables: Vec<Words>,
    order: Vec<(u32, u32)>,
}

impl Merge {
    pub fn new(tables: Vec<Words>) -> Self {
        // The only look-ups by text: the words of each thread after the first, in the tables
        // before it; a large table's words on all cores, a run of them each.
        const RUN: usize = 8192;
        let first = tables
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let runs: Vec<(usize, &[Key])> = t
                    .words
                    .chunks(RUN)
                    .enumerate()
                    .map(|(r, words)| (r * RUN, words))
                    .collect();
                crate::par::map(&runs, k > 0 && runs.len() > 1, |&(start, words)| {
                    words
                        .iter()
                        .enumerate()
                        .map(|(i, w)| {
                            tables[..k]
                                .iter()
                                .enumerate()
                                .find_map(|(j, before)| {
                                    before.ids.get(w.as_str()).map(|&l| (j as u32, l))
                                })
                                .unwrap_or((k as u32, (start + i) as u32))
                        })
                        .collect::<Vec<_>>()
                })
                .concat()
            })
            .collect();
        Merge {
            numbering: Numbering {
                number: tables
                    .iter()
                    .map(|t| vec![u32::MAX; t.words.len()])
                    .collect(),
                first,
                id: Vec::new(),
                count: 0,
            },
            order: Vec::with_capacity(tables.iter().map(|t| t.words.len()).max().unwrap_or(0)),
            tables,
        }
    }

    /// Word `local` of thread `thread` is met: the next number is its, if it has none yet.
    pub fn meet(&mut self, thread: usize, local: u32) {
        let (j, l) = self.numbering.first[thread][local as usize];
        let slot = &mut self.numbering.number[j as usize][l as usize];
        if *slot == u32::MAX {
            *slot = self.order.len() as u32;
            self.order.push((j, l));
        }
    }

    pub fn split(mut self) -> (Numbering, Merged) {
        self.numbering.count = self.order.len();
        let n = &self.numbering;
        self.numbering.id = n
            .first
            .iter()
            .map(|words| {
                words
                    .iter()
                    .map(|&(j, l)| n.number[j as usize][l as usize])
                    .collect()
            })
            .collect();
        (
            self.numbering,
            Merged {
                tables: self.tables,
                order: self.order,
            },
        )
    }
}

impl Merged {
    /// The words in the guide's order, their facts, and each word's number.
    pub fn finish(mut self, numbering: &Numbering) -> (Vec<Key>, Vec<Facts>, HashMap<Key, u32>) {
        let mut words = Vec::with_capacity(self.order.len());
        let mut facts = Vec::with_capacity(self.order.len());
        for &(j, l) in &self.order {
            let table = &mut self.tables[j as usize];
            words.push(std::mem::take(&mut table.words[l as usize]));
            facts.push(table.facts[l as usize]);
        }
        // The first thread's table becomes the guide's: its numbers change in place, and only
        // the words no thread before met are added.
        let mut tables = self.tables.into_iter().enumerate();
        let mut vocab = tables.next().map(|(_, t)| t.ids).unwrap_or_default();
        let number = &numbering.number;
        vocab.retain(|_, id| {
            *id = number[0][*id as usize];
            *id != u32::MAX
        });
        for (k, table) in tables {
            for (word, l) in table.ids {
                let (j, _) = numbering.first[k][l as usize];
                let id = number[k][l as usize];
                if j as usize == k && id != u32::MAX {
                    vocab.insert(word, id);
                }
            }
        }
        (words, facts, vocab)
    }
}
