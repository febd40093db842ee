//! Paste-an-error diagnosis: which known error a pasted message is, how sure that is, and why.
//! No UI or async imports.

mod blob;
mod embedded;
mod index;
pub mod normalise;
mod pretokenized;
mod quote;
pub mod score;
mod self_test;
mod vocab;

pub use embedded::Embedded;
pub use self_test::{load_and_self_test, load_for_check, self_test};

use serde::Serialize;

use crate::guide::{Guide, Lang, Node, NodeKind, Text};
use score::{Evidence, Index, PatternKind};

/// How sure the diagnosis is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// One error clearly fits.
    Confident,
    /// Several errors fit about as well: the candidates are shown.
    Ambiguous,
    /// No known error fits.
    None,
}

/// One possible error.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    /// 0..1
    pub score: f64,
    /// Why it matched, as a person reads it.
    pub evidence: Vec<String>,
}

/// The verdict on one paste.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub status: Status,
    /// The matching error, only when `status` is confident.
    pub best: Option<String>,
    pub candidates: Vec<Candidate>,
    /// Whether the paste was longer than `normalise::MAX_INPUT` and only its start was read.
    pub truncated: bool,
}

/// The lowest score of a confident match.
pub const CONFIDENT_FLOOR: f64 = 0.45;
/// How far a confident match must be ahead of the runner-up.
pub const MARGIN: f64 = 0.15;
/// The lowest score shown as a candidate at all.
pub const CANDIDATE_FLOOR: f64 = 0.25;
/// At most this many candidates are returned.
pub const MAX_CANDIDATES: usize = 8;

/// The known errors of a guide, ready to diagnose pastes.
#[derive(Debug, Clone)]
pub struct Matcher {
    index: Index,
    titles: Vec<Text>,
}

impl Matcher {
    pub fn new(guide: &Guide) -> Self {
        Self::from_nodes(guide.nodes())
    }

    /// A matcher over the known-error nodes among `nodes`.
    pub fn from_nodes(nodes: &[Node]) -> Self {
        let known: Vec<&Node> = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::KnownError)
            .collect();
        Matcher {
            index: Index::new(&known),
            titles: crate::par::map(&known, known.len() >= 1000, |n| n.title.clone()),
        }
    }

    /// How many known errors the matcher knows.
    pub fn len(&self) -> usize {
        self.index.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.ids.is_empty()
    }

    /// Diagnoses a paste of any size (only the first `normalise::MAX_INPUT` bytes are read),
    /// with titles and evidence in `lang`.
    pub fn diagnose(&self, input: &str, lang: Lang) -> Diagnosis {
        self.diagnose_without(input, lang, None)
    }

    /// Diagnoses one of error `id`'s own examples as if the content did not list it: whether
    /// the rest of what the content says about the errors recognises it.
    pub fn diagnose_example(&self, id: &str, example: &str, lang: Lang) -> Diagnosis {
        let skip = self
            .index
            .ids
            .iter()
            .position(|i| i == id)
            .and_then(|n| self.index.example_pattern(n, example));
        self.diagnose_without(example, lang, skip)
    }

    fn diagnose_without(&self, input: &str, lang: Lang, skip: Option<u32>) -> Diagnosis {
        let (text, truncated) = normalise::bound(input);
        let scored = self.index.score_without(text, skip);
        let candidates: Vec<Candidate> = scored
            .iter()
            .filter(|s| f64::from(s.score) >= CANDIDATE_FLOOR)
            .take(MAX_CANDIDATES)
            .map(|s| Candidate {
                id: self.index.ids[s.node].clone(),
                title: self.titles[s.node].get(lang).to_owned(),
                score: (f64::from(s.score) * 1000.0).round() / 1000.0,
                evidence: s.evidence.iter().map(|e| describe(e, lang)).collect(),
            })
            .collect();
        let top = scored.first().map(|s| f64::from(s.score)).unwrap_or(0.0);
        let second = scored.get(1).map(|s| f64::from(s.score)).unwrap_or(0.0);
        if !(top >= CONFIDENT_FLOOR && top - second >= MARGIN) {
            let sharing = self.index.sharing(text);
            if !sharing.is_empty() {
                return self.shared_start(text, &scored, &sharing, lang, truncated);
            }
        }
        let status = if top >= CONFIDENT_FLOOR && top - second >= MARGIN {
            Status::Confident
        } else if candidates.is_empty() {
            Status::None
        } else {
            Status::Ambiguous
        };
        let candidates = if status == Status::Confident {
            candidates
        } else {
            // Only the close ones are worth a look when nothing is sure.
            candidates
                .into_iter()
                .filter(|c| c.score >= top * 0.5)
                .collect()
        };
        Diagnosis {
            best: (status == Status::Confident).then(|| candidates[0].id.clone()),
            status,
            candidates,
            truncated,
        }
    }
}

impl Matcher {
    /// The verdict on a paste that is only the start several errors share: not sure, those
    /// errors as candidates, and the quote of the shared start as the evidence.
    fn shared_start(
        &self,
        text: &str,
        scored: &[score::Scored],
        sharing: &[usize],
        lang: Lang,
        truncated: bool,
    ) -> Diagnosis {
        let quote = quote::stretch(text, |w| {
            !normalise::tokens(&normalise::prepare(w)).is_empty()
        })
        .unwrap_or_default();
        let score_of = |n: usize| {
            scored
                .iter()
                .find(|s| s.node == n)
                .map_or(0.0, |s| (f64::from(s.score) * 1000.0).round() / 1000.0)
        };
        let mut candidates: Vec<Candidate> = sharing
            .iter()
            .map(|&n| Candidate {
                id: self.index.ids[n].clone(),
                title: self.titles[n].get(lang).to_owned(),
                score: score_of(n),
                evidence: vec![describe(&Evidence::SharedStart(quote.clone()), lang)],
            })
            .collect();
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        candidates.truncate(MAX_CANDIDATES);
        Diagnosis {
            status: Status::Ambiguous,
            best: None,
            candidates,
            truncated,
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Evidence as a person reads it.
fn describe(e: &Evidence, lang: Lang) -> String {
    match (e, lang) {
        (Evidence::Code(c), Lang::En) => format!("error code {c}"),
        (Evidence::Code(c), Lang::ZhCn) => format!("错误代码 {c}"),
        (Evidence::Identifier(k), Lang::En) => format!("the identifier {k}"),
        (Evidence::Identifier(k), Lang::ZhCn) => format!("标识符 {k}"),
        (Evidence::OtherCode(c), Lang::En) => {
            format!("the paste names {c}, a code of another error")
        }
        (Evidence::OtherCode(c), Lang::ZhCn) => format!("粘贴内容中的错误代码 {c} 属于其他错误"),
        (Evidence::OtherIdentifier(k), Lang::En) => {
            format!("the paste names {k}, which belongs to another error")
        }
        (Evidence::OtherIdentifier(k), Lang::ZhCn) => format!("粘贴内容中的 {k} 属于另一个错误"),
        (
            Evidence::Pattern {
                kind,
                text,
                coverage,
                quote,
                ..
            },
            _,
        ) => {
            let what = match kind {
                PatternKind::Message => lang.pick("the message", "错误消息"),
                PatternKind::Phrase => lang.pick("the phrase", "短语"),
                PatternKind::Example => lang.pick("a known variant", "已知变体"),
            };
            let pct = (coverage * 100.0).round();
            // The paste's own words; the content's pattern only when nothing of the paste can be
            // shown (a fuzzy or synonym match), and then said to be the content's.
            match (quote.is_empty(), pct >= 100.0, lang) {
                (false, true, Lang::En) => format!("\"{quote}\" is {what}"),
                (false, true, Lang::ZhCn) => format!("“{quote}”即{what}"),
                (false, false, Lang::En) => {
                    format!("\"{quote}\": {pct}% of the key words of {what}")
                }
                (false, false, Lang::ZhCn) => format!("“{quote}”：与{what}的关键词吻合 {pct}%"),
                (true, _, Lang::En) => {
                    format!(
                        "{pct}% of the key words of {what} (as leadwiz knows it: \"{}\")",
                        shorten(text, 90)
                    )
                }
                (true, _, Lang::ZhCn) => format!(
                    "与{what}的关键词吻合 {pct}%（leadwiz 所知的写法：“{}”）",
                    shorten(text, 90)
                ),
            }
        }
        (Evidence::SharedStart(quote), Lang::En) => {
            format!("\"{quote}\" is how these errors all start: paste the rest of the message")
        }
        (Evidence::SharedStart(quote), Lang::ZhCn) => {
            format!("“{quote}”是这几个错误共有的开头：请粘贴消息的其余部分")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::Sources;

    fn matcher() -> Matcher {
        let g = Guide::load(&Sources::embedded()).guide.expect("loads");
        Matcher::new(&g)
    }

    #[test]
    fn a_full_message_is_confident() {
        let d = matcher().diagnose(
            "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. This instance may happen if there are no active subscriptions for the tenant.",
            Lang::En,
        );
        assert_eq!(d.status, Status::Confident);
        assert_eq!(d.best.as_deref(), Some("dynamics-aad-tenant-not-found"));
        assert!(d.candidates[0].score > 0.0 && d.candidates[0].score <= 1.0);
        assert!(!d.candidates[0].evidence.is_empty());
    }

    #[test]
    fn each_evidence_line_is_said_once() {
        let m = matcher();
        for lang in Lang::ALL {
            let d = m.diagnose("AADSTS7000215: Invalid client secret provided.", lang);
            let lines = &d.candidates[0].evidence;
            let mut distinct = lines.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), lines.len(), "{lines:?}");
        }
    }

    #[test]
    fn a_shared_prefix_is_not_confident() {
        let d = matcher().diagnose("Could not save the lead to Dynamics CRM.", Lang::En);
        assert_ne!(d.status, Status::Confident, "{d:?}");
        assert!(d.best.is_none());
    }

    #[test]
    fn a_shared_code_is_ambiguous_until_phrases_decide() {
        let m = matcher();
        let d = m.diagnose("AADSTS90002", Lang::En);
        assert_eq!(d.status, Status::Ambiguous, "{d:?}");
        let ids: Vec<&str> = d.candidates.iter().map(|c| c.id.as_str()).collect();
        assert!(
            ids.contains(&"dynamics-aad-tenant-not-found")
                && ids.contains(&"dynamics-aad-invalid-tenant-id")
        );
        let d = m.diagnose("AADSTS90002: Tenant 'x' not found.", Lang::En);
        assert_eq!(
            d.best.as_deref(),
            Some("dynamics-aad-tenant-not-found"),
            "{d:?}"
        );
    }

    #[test]
    fn unrelated_and_empty_text_is_none() {
        let m = matcher();
        for text in [
            "",
            "   \n\t",
            "The weather is nice today",
            "npm ERR! code ENOENT",
        ] {
            let d = m.diagnose(text, Lang::En);
            assert_eq!(d.status, Status::None, "{text}: {d:?}");
            assert!(d.candidates.is_empty() && d.best.is_none());
        }
    }

    #[test]
    fn huge_input_is_truncated() {
        let big = "x ".repeat(100_000);
        let d = matcher().diagnose(&big, Lang::En);
        assert!(d.truncated);
        assert_eq!(d.status, Status::None);
    }
}
