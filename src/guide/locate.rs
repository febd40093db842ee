//! Finding where things are in a YAML source, for diagnostics.
//!
//! The YAML library reports positions for syntax and type errors only; a parsed value carries no
//! position. Checks that run on parsed content (duplicate ids, missing references, missing
//! translations) find their position here by scanning the source text around the node's `id:`.

/// The text of one content file, with where each line starts.
#[derive(Debug, Clone)]
pub struct SourceText<'a> {
    text: &'a str,
    /// Byte ranges of the lines (without their line end).
    lines: Vec<(usize, usize)>,
}

/// Lines `[start, end)` (0-based) that belong to one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut lines = Vec::with_capacity(text.len() / 40);
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            lines.push((start, start + content.len()));
            start += line.len();
        }
        SourceText { text, lines }
    }

    fn line(&self, i: usize) -> &str {
        let (a, b) = self.lines[i];
        &self.text[a..b]
    }

    /// The whole text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The spans of the nodes with these ids, in file order. A node's span starts at its
    /// `id:` line and ends where the next node's starts.
    pub fn node_spans(&self, ids: &[&str]) -> Vec<Span> {
        let mut starts = Vec::with_capacity(ids.len());
        let mut from = 0;
        for id in ids {
            let found = (from..self.lines.len()).find(|&i| is_id_line(self.line(i), id));
            match found {
                Some(i) => {
                    starts.push(i);
                    from = i + 1;
                }
                None => starts.push(from.min(self.lines.len().saturating_sub(1))),
            }
        }
        let mut spans = Vec::with_capacity(ids.len());
        for (k, &start) in starts.iter().enumerate() {
            let end = starts
                .get(k + 1)
                .copied()
                .filter(|&e| e > start)
                .unwrap_or(self.lines.len());
            spans.push(Span { start, end });
        }
        spans
    }

    /// 1-based (line, column) of the first `key:` inside the span.
    pub fn key(&self, span: Span, key: &str) -> Option<(usize, usize)> {
        self.scan(span, |line| {
            let (indent, rest) = strip_item(line);
            let after = rest.strip_prefix(key)?;
            after.trim_start().starts_with(':').then_some(indent)
        })
    }

    /// 1-based (line, column) of `value` used as a whole scalar (after `:`, `-`, `[` or `,`),
    /// inside the span, preferring a line that also names `key`.
    pub fn value(&self, span: Span, key: &str, value: &str) -> Option<(usize, usize)> {
        if value.is_empty() {
            return None;
        }
        let with_key = self.scan(span, |line| {
            line.contains(key)
                .then(|| scalar_column(line, value))
                .flatten()
        });
        with_key.or_else(|| self.scan(span, |line| scalar_column(line, value)))
    }

    /// 1-based (line, column) of the line that holds the start of `text` (its first line, or
    /// its first 24 characters), inside the span.
    pub fn text(&self, span: Span, text: &str) -> Option<(usize, usize)> {
        let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
        let probe: String = first.chars().take(24).collect();
        let found = self.scan(span, |line| {
            line.find(&probe).map(|byte| line[..byte].chars().count())
        })?;
        Some(found)
    }

    /// 1-based (line, column) of the first `needle` inside the span at or after the 1-based
    /// position `from` (on the same line, at or after its column).
    pub fn find_from(
        &self,
        span: Span,
        from: (usize, usize),
        needle: &str,
    ) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        let end = span.end.min(self.lines.len());
        let first = from.0.saturating_sub(1).max(span.start);
        (first..end).find_map(|i| {
            let line = self.line(i);
            let skip = if i + 1 == from.0 {
                line.char_indices()
                    .nth(from.1.saturating_sub(1))
                    .map_or(line.len(), |(b, _)| b)
            } else {
                0
            };
            line[skip..]
                .find(needle)
                .map(|b| (i + 1, line[..skip + b].chars().count() + 1))
        })
    }

    fn scan(&self, span: Span, mut f: impl FnMut(&str) -> Option<usize>) -> Option<(usize, usize)> {
        let end = span.end.min(self.lines.len());
        (span.start.min(end)..end).find_map(|i| f(self.line(i)).map(|col0| (i + 1, col0 + 1)))
    }

    /// The 1-based position of the node's `id` value (or its first line).
    pub fn id_position(&self, span: Span, id: &str) -> (usize, usize) {
        let line = Span {
            start: span.start,
            end: span.start + 1,
        };
        self.value(line, "id", id).unwrap_or((span.start + 1, 1))
    }
}

/// Splits a YAML line into the column where its content starts (after indentation and any
/// `- ` sequence markers) and that content.
fn strip_item(line: &str) -> (usize, &str) {
    let mut rest = line;
    let mut col = 0;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        col += rest.len() - trimmed.len();
        if let Some(after) = trimmed.strip_prefix("- ") {
            col += 2;
            rest = after;
        } else {
            return (line[..col].chars().count(), trimmed);
        }
    }
}

fn is_id_line(line: &str, id: &str) -> bool {
    let (_, rest) = strip_item(line);
    let Some(after) = rest.strip_prefix("id:") else {
        return false;
    };
    let v = after.split(" #").next().unwrap_or("").trim();
    let v = v.trim_matches(|c| c == '"' || c == '\'');
    v == id
}

/// 0-based character column of `value` used as a whole scalar on this line.
fn scalar_column(line: &str, value: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = line[from..].find(value) {
        let at = from + pos;
        let before = line[..at].trim_end_matches(['"', '\'']).trim_end();
        let after = line[at + value.len()..].trim_start_matches(['"', '\'']);
        let starts_ok = before.is_empty()
            || before.ends_with(':')
            || before.ends_with('-')
            || before.ends_with('[')
            || before.ends_with('{')
            || before.ends_with(',');
        let ends_ok = after.is_empty()
            || after.starts_with([' ', ',', ']', '}', '#'])
            || after.trim().is_empty();
        if starts_ok && ends_ok {
            return Some(line[..at].chars().count());
        }
        from = at + value.len().max(1);
        if from >= line.len() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "nodes:\n  - id: a\n    kind: question\n    choices:\n      - label: {en: Go}\n        next: b\n  - id: b\n    kind: answer\n    related: [a, c]\n";

    #[test]
    fn spans_follow_id_lines() {
        let s = SourceText::new(SRC);
        let spans = s.node_spans(&["a", "b"]);
        assert_eq!(
            spans,
            vec![Span { start: 1, end: 6 }, Span { start: 6, end: 9 }]
        );
        assert_eq!(s.id_position(spans[1], "b"), (7, 9));
    }

    #[test]
    fn finds_keys_and_values() {
        let s = SourceText::new(SRC);
        let spans = s.node_spans(&["a", "b"]);
        assert_eq!(s.key(spans[0], "choices"), Some((4, 5)));
        assert_eq!(s.value(spans[0], "next", "b"), Some((6, 15)));
        assert_eq!(s.value(spans[1], "related", "c"), Some((9, 18)));
        assert_eq!(s.value(spans[1], "related", "zz"), None);
    }

    #[test]
    fn finds_a_term_from_a_position() {
        let s =
            SourceText::new("nodes:\n  - id: a\n    title: {en: 客户潜在客户 和 客户潜在客户}\n");
        let spans = s.node_spans(&["a"]);
        assert_eq!(s.find_from(spans[0], (1, 1), "客户潜在客户"), Some((3, 17)));
        assert_eq!(
            s.find_from(spans[0], (3, 18), "客户潜在客户"),
            Some((3, 26))
        );
        assert_eq!(s.find_from(spans[0], (3, 27), "客户潜在客户"), None);
        let flow =
            SourceText::new("  - id: a\n    sources: [{url: https://x.org, seen: 2026-12-02}]\n");
        let spans = flow.node_spans(&["a"]);
        assert_eq!(flow.value(spans[0], "seen", "2026-12-02"), Some((2, 42)));
    }

    #[test]
    fn finds_text_by_its_first_line() {
        let s = SourceText::new("nodes:\n  - id: a\n    title:\n      en: Hello there\n");
        let spans = s.node_spans(&["a"]);
        assert_eq!(s.text(spans[0], "Hello there"), Some((4, 11)));
    }
}
