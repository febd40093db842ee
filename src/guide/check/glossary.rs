//! The glossary: terms each language must use and the ones it must not. A text that uses a
//! rejected term gets a warning at the term; the exact error messages, which the guide quotes
//! verbatim, are exempt, and so are quotations of them in other texts.

use rustc_hash::FxHashMap as HashMap;

use super::Checker;
use crate::guide::diagnostic::{Diagnostic, Position};
use crate::guide::model::{GlossaryEntry, NodeKind};

/// At least this many characters around a rejected term must be the same as in one of the
/// error messages for the term to count as part of a quotation of that message.
const QUOTED_CONTEXT: usize = 6;

/// The glossary and the error messages it does not apply to, by language.
pub(super) struct Glossary<'a> {
    entries: Vec<&'a GlossaryEntry>,
    errors: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Checker<'a> {
    /// Checks the glossary rules themselves, and gathers what the per-node check needs.
    pub(super) fn glossary_rules(&mut self, languages: &[&str]) -> Glossary<'a> {
        let parsed = self.parsed;
        let mut entries = Vec::new();
        for (entry, file) in &parsed.glossary {
            let at = self.glossary_pos(*file, &entry.preferred);
            if !languages.contains(&entry.lang.as_str()) {
                self.out.push(Diagnostic::error(
                    at,
                    format!(
                        "glossary entry `{}` is for `{}`, which is not one of the guide's languages",
                        entry.preferred, entry.lang
                    ),
                ));
                continue;
            }
            if entry.preferred.trim().is_empty()
                || entry.rejected.iter().any(|r| r.trim().is_empty())
            {
                self.out.push(Diagnostic::error(
                    at,
                    "a glossary entry has an empty term".to_owned(),
                ));
                continue;
            }
            if let Some(r) = entry.rejected.iter().find(|r| entry.preferred.contains(*r)) {
                self.out.push(Diagnostic::error(
                    at,
                    format!(
                        "glossary entry `{}` rejects `{r}`, which the preferred term itself contains",
                        entry.preferred
                    ),
                ));
                continue;
            }
            entries.push(entry);
        }
        let mut errors: HashMap<&str, Vec<&str>> = HashMap::default();
        for (node, _) in &parsed.nodes {
            if node.kind != NodeKind::KnownError {
                continue;
            }
            if let Some(error) = &node.error {
                for (lang, text) in &error.0 {
                    errors.entry(lang.as_str()).or_default().push(text.as_str());
                }
            }
        }
        Glossary { entries, errors }
    }

    fn glossary_pos(&self, file: usize, term: &str) -> Position {
        let f = &self.parsed.files[file];
        let whole = crate::guide::locate::Span {
            start: 0,
            end: f.source.line_count(),
        };
        let (line, col) = f
            .source
            .value(whole, "preferred", term)
            .or_else(|| f.source.key(whole, "glossary"))
            .unwrap_or((1, 1));
        Position::new(&f.path, line, col)
    }

    /// Warns at every rejected term in the texts of node `i` (not in its exact error message).
    pub(super) fn glossary(&mut self, i: usize, glossary: &Glossary<'_>) {
        if glossary.entries.is_empty() {
            return;
        }
        let node = self.node(i);
        let texts = super::node_texts(node, false);
        let span = self.parsed.nodes[i].1.span;
        for (key, text) in texts {
            for entry in &glossary.entries {
                let Some(value) = text.0.get(&entry.lang) else {
                    continue;
                };
                let quoted = glossary
                    .errors
                    .get(entry.lang.as_str())
                    .map_or(&[][..], Vec::as_slice);
                for term in &entry.rejected {
                    // Locating a text in its file costs a scan of the node's lines: only for
                    // a text that holds the term.
                    if !value.contains(term.as_str()) {
                        continue;
                    }
                    let start = self.at_text(i, value, key);
                    let mut from = (start.line, start.column);
                    for (at, _) in value.match_indices(term.as_str()) {
                        let found = self.file_of(i).source.find_from(span, from, term);
                        if let Some((line, col)) = found {
                            from = (line, col + 1);
                        }
                        if quotes_an_error(value, at, term, quoted) {
                            continue;
                        }
                        let pos = match found {
                            Some((line, col)) => Position::new(&start.file, line, col),
                            None => start.clone(),
                        };
                        let why = entry
                            .why
                            .as_deref()
                            .map(|w| format!(" ({w})"))
                            .unwrap_or_default();
                        self.out.push(Diagnostic::warning(
                            pos,
                            format!(
                                "`{key}` of `{}` uses `{term}`: the glossary has `{}` in {}{why}",
                                node.id, entry.preferred, entry.lang
                            ),
                        ));
                    }
                }
            }
        }
    }
}

/// Whether the occurrence of `term` at byte `at` of `text` lies inside a quotation of one of
/// the error messages: enough characters around it are the same as around the term there.
fn quotes_an_error(text: &str, at: usize, term: &str, errors: &[&str]) -> bool {
    let before = &text[..at];
    let after = &text[at + term.len()..];
    errors.iter().any(|error| {
        error.match_indices(term).any(|(e, _)| {
            let left = before
                .chars()
                .rev()
                .zip(error[..e].chars().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let right = after
                .chars()
                .zip(error[e + term.len()..].chars())
                .take_while(|(a, b)| a == b)
                .count();
            left + right >= QUOTED_CONTEXT
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_of_an_error_is_exempt() {
        let errors = ["无法将潜在顾客保存到 Dynamics CRM。"];
        let quoted = "消息以“无法将潜在顾客保存到”开头";
        let at = quoted.find("潜在顾客").unwrap();
        assert!(quotes_an_error(quoted, at, "潜在顾客", &errors));
        let prose = "在“潜在顾客”部分";
        let at = prose.find("潜在顾客").unwrap();
        assert!(!quotes_an_error(prose, at, "潜在顾客", &errors));
    }
}
