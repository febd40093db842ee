//! Splitting prepared text into tokens: stemmed English words and Chinese character pairs.

use std::sync::LazyLock;

use super::is_cjk;
use super::words::{is_stop_word, unify_words};

static STEMMER: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// The English stem of a word, worked out every time (see `stem` for the remembered one).
pub fn stem_of(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

/// The English stem of a word, remembered (the same words recur across patterns and pastes).
fn stem(word: &str) -> std::rc::Rc<str> {
    use rustc_hash::FxHashMap as HashMap;
    use std::cell::RefCell;
    use std::rc::Rc;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::default());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(s) = cache.get(word) {
            return Rc::clone(s);
        }
        let s: Rc<str> = Rc::from(STEMMER.stem(word).as_ref());
        if cache.len() < 100_000 {
            cache.insert(word.to_owned(), Rc::clone(&s));
        }
        s
    })
}

/// Splits prepared text into tokens: stemmed English words (stop words dropped) and pairs of
/// adjacent Chinese characters. Each token appears once, in order of first appearance.
pub fn tokens(prepared: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A long paste has hundreds of distinct tokens: past a few, look each up in a set.
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    for_each_token(prepared, |t| {
        let new = if out.len() < 16 {
            !out.iter().any(|o| o == t)
        } else {
            if seen.is_empty() {
                seen.extend(out.iter().cloned());
            }
            !seen.contains(t)
        };
        if new {
            if !seen.is_empty() {
                seen.insert(t.to_owned());
            }
            out.push(t.to_owned());
        }
    });
    out
}

/// Calls `f` with every token of prepared text, in order, repeats included (`tokens` without
/// the allocations).
pub fn for_each_token(prepared: &str, mut f: impl FnMut(&str)) {
    for_each_word(
        prepared,
        |word, english| {
            if english { f(&stem(word)) } else { f(word) }
        },
    )
}

/// Calls `f` with what becomes each token of prepared text, in order, repeats included: an
/// English word before its stemming (`true`: its token is `stem_of(word)`), or a Chinese
/// character pair, a token as it is (`false`). The analysis of many patterns remembers each
/// word's token itself (`index::Words`).
pub fn for_each_word(prepared: &str, mut f: impl FnMut(&str, bool)) {
    // English words wait in `run` until a Chinese run (or the end) so that multi-word
    // synonyms can see their neighbours.
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, f: &mut dyn FnMut(&str, bool)| {
        for word in unify_words(run) {
            if word.len() >= 2 && !is_stop_word(word) {
                f(word, true);
            }
        }
        run.clear();
    };
    let mut pair = String::with_capacity(8);
    let mut chars = prepared.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_cjk(c) {
            flush(&mut run, &mut f);
            let mut prev = c;
            let mut single = true;
            while let Some(&(_, n)) = chars.peek() {
                if !is_cjk(n) {
                    break;
                }
                pair.clear();
                pair.push(prev);
                pair.push(n);
                f(&pair, false);
                single = false;
                prev = n;
                chars.next();
            }
            if single {
                pair.clear();
                pair.push(c);
                f(&pair, false);
            }
        } else if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            // `snake_case` names (`invalid_client`, `REQUIRED_FIELD_MISSING`) are one word.
            while let Some(&(at, n)) = chars.peek() {
                let joins = n == '_'
                    && prepared[at + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() && !is_cjk(c));
                if !(n.is_alphanumeric() || joins) || is_cjk(n) {
                    break;
                }
                end = at + n.len_utf8();
                chars.next();
            }
            run.push(prepared[start..end].trim_end_matches('_'));
        }
    }
    flush(&mut run, &mut f);
}

#[cfg(test)]
mod tests {
    use super::super::prepare;
    use super::*;

    #[test]
    fn tokens_are_stemmed_words_and_chinese_pairs() {
        let t = tokens(&prepare(
            "Unable to Login to Dynamics CRM. No roles are assigned to users. 找不到租户",
        ));
        for want in [
            "unabl", "signin", "dynam", "crm", "role", "assign", "user", "找不", "不到", "到租",
            "租户",
        ] {
            assert!(t.contains(&want.to_owned()), "{want} missing from {t:?}");
        }
        assert!(!t.contains(&"to".to_owned()));
        assert_eq!(
            tokens(&prepare("Couldn't sign in")),
            tokens(&prepare("could not log in"))
        );
    }

    #[test]
    fn empty_and_whitespace_give_no_tokens() {
        assert!(tokens(&prepare("")).is_empty());
        assert!(tokens(&prepare(" \n\t \r\n")).is_empty());
    }
}
