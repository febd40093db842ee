//! Type-ahead on a list: letters typed in quick succession move the selection to the next item
//! whose label starts with them, as in a file manager.
//!
//! The rule (the help and the README say the same): on a page, a letter that is not a command
//! there starts a type-ahead at once; `'` makes the next letter start one even when it is a
//! command (`s`, `t`, `q`…); once started, every letter typed within `PAUSE` of the last
//! continues it, commands included. Any other key ends it. Typing one letter again and again
//! ("sss") steps through the items that start with it.

use std::time::{Duration, Instant};

/// How long after a letter the next one still continues the type-ahead.
pub const PAUSE: Duration = Duration::from_secs(1);

/// A type-ahead in progress: the letters typed, and when the last came (`None` right after
/// `'`, which waits for its letter as long as it takes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TypeAhead {
    pub typed: String,
    pub at: Option<Instant>,
}

impl TypeAhead {
    /// Whether a letter pressed at `now` continues this type-ahead.
    pub fn continues(&self, now: Instant) -> bool {
        match self.at {
            None => true,
            Some(at) => now.saturating_duration_since(at) < PAUSE,
        }
    }
}

/// A label as type-ahead compares it: lower case, from its first letter or digit (inline
/// code's backticks, a "▶" or quotes before it do not count).
fn key_of(label: &str) -> String {
    label
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The item to select for `typed`, with `selected` selected now: the first item from the
/// current one on (the next one, for a single letter or the same letter repeated) whose label
/// starts with what was typed, wrapping round; `None` when no item does.
pub fn next_match(labels: &[String], selected: usize, typed: &str) -> Option<usize> {
    let typed = typed.to_lowercase();
    let first = typed.chars().next()?;
    let repeated = typed.chars().all(|c| c == first);
    // "s" and "sss" step on from the current item; "sa" refines it, so the current item may
    // still be the one.
    let (needle, from) = if repeated {
        (first.to_string(), selected + 1)
    } else {
        (typed.clone(), selected)
    };
    let n = labels.len();
    let keys: Vec<String> = labels.iter().map(|l| key_of(l)).collect();
    (0..n)
        .map(|k| (from + k) % n)
        .find(|&k| keys[k].starts_with(&needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn letters_find_the_next_item_and_wrap_round() {
        let l = labels(&[
            "Software as a service (SaaS)",
            "Azure Marketplace",
            "Azure Table",
            "`Email` field",
            "Dynamics 365",
        ]);
        assert_eq!(next_match(&l, 0, "a"), Some(1));
        assert_eq!(next_match(&l, 1, "a"), Some(2), "the same letter steps on");
        assert_eq!(next_match(&l, 2, "a"), Some(1), "and wraps round");
        assert_eq!(
            next_match(&l, 1, "aa"),
            Some(2),
            "a repeated letter steps on"
        );
        assert_eq!(next_match(&l, 1, "azure t"), Some(2));
        assert_eq!(
            next_match(&l, 1, "azure"),
            Some(1),
            "refining keeps the item"
        );
        assert_eq!(
            next_match(&l, 0, "E"),
            Some(3),
            "backticks and case do not count"
        );
        assert_eq!(next_match(&l, 0, "x"), None);
        assert_eq!(next_match(&l, 0, ""), None);
        assert_eq!(next_match(&[], 0, "a"), None);
    }

    #[test]
    fn a_pause_ends_it_but_a_prefix_waits() {
        let now = Instant::now();
        let t = TypeAhead {
            typed: "a".into(),
            at: Some(now),
        };
        assert!(t.continues(now + Duration::from_millis(900)));
        assert!(!t.continues(now + PAUSE));
        assert!(TypeAhead::default().continues(now + Duration::from_secs(60)));
    }
}
