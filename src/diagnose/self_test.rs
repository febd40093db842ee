//! The diagnosis self-test `leadwiz check` runs: every example of every known error must
//! diagnose confidently to its own node. It lives here, above the guide, because it needs the
//! matcher; the guide's loader runs it through `Guide::load_with_checks`.

use crate::guide::diagnostic::{Diagnostic, Position};
use crate::guide::load::Parsed;
use crate::guide::{Guide, Lang, Loaded, Node, NodeKind, ReviewPolicy, Sources};

/// Loads and checks `sources` as `leadwiz check` does: every check of the guide, then the
/// diagnosis self-test, judging the age of reviews by `policy`.
pub fn load_for_check(sources: &Sources, policy: &ReviewPolicy) -> Loaded {
    Guide::load_with_checks(sources, policy, &self_test)
}

/// `load_for_check` with the default review policy (what a reload while editing runs).
pub fn load_and_self_test(sources: &Sources) -> Loaded {
    load_for_check(sources, &ReviewPolicy::default())
}

/// The diagnosis self-test: every example of every known error must diagnose confidently to its
/// own node, and so to no other. Each example is diagnosed as if it were not in the content, so
/// the test shows that the error's message, phrases and other examples recognise it. A failure
/// is an error at the example's line.
pub fn self_test(parsed: &Parsed<'_>) -> Vec<Diagnostic> {
    let nodes: Vec<Node> = parsed.nodes.iter().map(|(n, _)| n.clone()).collect();
    let matcher = super::Matcher::from_nodes(&nodes);
    let mut out = Vec::new();
    for (node, origin) in &parsed.nodes {
        if node.kind != NodeKind::KnownError {
            continue;
        }
        let file = &parsed.files[origin.file];
        for example in &node.examples {
            let d = matcher.diagnose_example(&node.id, example, Lang::En);
            if d.best.as_deref() == Some(node.id.as_str()) {
                continue;
            }
            let got: Vec<String> = d
                .candidates
                .iter()
                .take(3)
                .map(|c| format!("{} {:.2}", c.id, c.score))
                .collect();
            let verdict = match (&d.best, got.is_empty()) {
                (Some(other), _) => format!("it diagnoses confidently to `{other}`"),
                (None, true) => "nothing matches it".to_owned(),
                (None, false) => format!("the diagnosis is not sure ({})", got.join(", ")),
            };
            let (line, col) = file
                .source
                .text(origin.span, example)
                .or_else(|| file.source.key(origin.span, "examples"))
                .unwrap_or((origin.span.start + 1, 1));
            out.push(Diagnostic::error(
                Position::new(&file.path, line, col),
                format!(
                    "self-test: this example of `{}` does not diagnose to it: {verdict}",
                    node.id
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Guide::load` skips the checks for the content compiled into the binary; this is what
    /// makes that safe: the built-in content passes every check, the self-test included, with
    /// no warning either.
    #[test]
    fn embedded_content_passes_every_check() {
        let sources = Sources::embedded();
        assert!(sources.is_embedded());
        let loaded = load_and_self_test(&sources);
        let all: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(all.is_empty(), "{all:#?}");
        assert!(loaded.guide.is_some());
    }

    #[test]
    fn changed_content_is_not_the_embedded_copy() {
        let mut sources = Sources::embedded();
        sources.files[0].1.push_str("\n# changed\n");
        assert!(!sources.is_embedded());
        let mut fewer = Sources::embedded();
        fewer.files.pop();
        assert!(!fewer.is_embedded());
    }
}
