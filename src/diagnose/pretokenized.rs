//! The tokens of the embedded content's patterns, computed at build time by the same
//! normalisation code (see build.rs): splitting every message, phrase and example into tokens
//! would otherwise be most of the start-up time of `leadwiz diagnose`. Texts not found here
//! (content loaded from a folder, or edited since the build) are tokenised at run time.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Deserialize, Default)]
struct Pretokenized {
    tokens: HashMap<String, Vec<String>>,
    identifiers: HashMap<String, Vec<(String, String)>>,
    /// The `sketch` of every text above: a text whose sketch is not here is not looked up
    /// (a large guide loaded from a folder has tens of thousands of texts, none of them here).
    #[serde(skip)]
    sketches: rustc_hash::FxHashSet<u64>,
}

static PRE: LazyLock<Pretokenized> = LazyLock::new(|| {
    let mut pre: Pretokenized =
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/pretokenized.json")))
            .unwrap_or_default();
    let texts = pre.tokens.keys().chain(pre.identifiers.keys());
    pre.sketches = texts.map(|t| sketch(t)).collect();
    pre
});

/// A text's length and first and last eight bytes, mixed: cheaper than hashing it whole.
fn sketch(text: &str) -> u64 {
    let b = text.as_bytes();
    let word = |bytes: &[u8]| {
        let mut w = [0u8; 8];
        w[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(w)
    };
    let head = word(&b[..b.len().min(8)]);
    let tail = word(&b[b.len().saturating_sub(8)..]);
    (b.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ head ^ tail.rotate_left(29)
}

/// The tokens of `text`, when it is a pattern of the embedded content.
pub fn tokens(text: &str) -> Option<Vec<String>> {
    if !PRE.sketches.contains(&sketch(text)) {
        return None;
    }
    PRE.tokens.get(text).cloned()
}

/// The identifiers of `text`, when it is a pattern of the embedded content.
pub fn identifiers(text: &str) -> Option<Vec<(String, String)>> {
    if !PRE.sketches.contains(&sketch(text)) {
        return None;
    }
    PRE.identifiers.get(text).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::normalise;

    #[test]
    fn build_time_tokens_equal_run_time_tokens() {
        assert!(
            PRE.tokens.len() > 50,
            "the embedded patterns are pretokenised"
        );
        for (text, toks) in &PRE.tokens {
            // Found through the sketch.
            assert_eq!(tokens(text).as_ref(), Some(toks), "{text}");
            assert_eq!(
                identifiers(text).as_ref(),
                PRE.identifiers.get(text),
                "{text}"
            );
            assert_eq!(
                toks,
                &normalise::tokens(&normalise::prepare(text)),
                "{text}"
            );
            assert_eq!(
                PRE.identifiers[text],
                normalise::identifiers(text),
                "{text}"
            );
        }
        assert_eq!(tokens("not a pattern of the guide"), None);
        assert_eq!(tokens(""), None);
        assert_eq!(sketch("ab"), sketch("ab"));
        assert_ne!(sketch("ab"), sketch("ab\0"));
    }
}
