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
}

static PRE: LazyLock<Pretokenized> = LazyLock::new(|| {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/pretokenized.json")))
        .unwrap_or_default()
});

/// The tokens of `text`, when it is a pattern of the embedded content.
pub fn tokens(text: &str) -> Option<Vec<String>> {
    PRE.tokens.get(text).cloned()
}

/// The identifiers of `text`, when it is a pattern of the embedded content.
pub fn identifiers(text: &str) -> Option<Vec<(String, String)>> {
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
    }
}
